from pathlib import Path

from huggingface_hub import snapshot_download


def download_meetings(target_dir: str = ".", mic: str = "sdm") -> Path:
    """Download the far-field meeting recordings of one microphone setup into ``target_dir``."""
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    patterns = ["meta/*.json"]
    if mic == "sdm":
        patterns.append("audio/*/sc_*")
    snapshot_download(
        repo_id="meetlab/far-field-meetings",
        repo_type="dataset",
        local_dir=target,
        allow_patterns=patterns,
    )
    return target


def warm_cache() -> None:
    """Fetch the transcripts once so that the doctests do not time out."""
    snapshot_download(repo_id="meetlab/meeting-transcripts", repo_type="dataset")


def prepare_meetings(corpus_dir: Path) -> list[dict[str, str]]:
    return [{"path": str(p)} for p in sorted((corpus_dir / "audio").rglob("*.wav"))]
