"""The 28 tests of the ML Test Score (Breck et al., 2017) and the paper's bands."""

from __future__ import annotations

from mlgate.records import dataclass


@dataclass(frozen=True)
class RubricTest:
    id: str
    section: str
    title: str


SECTIONS: dict[str, str] = {
    "data": "Data",
    "model": "Model",
    "infra": "Infra",
    "monitor": "Monitor",
}

_TITLES: dict[str, tuple[str, ...]] = {
    "Data": (
        "Feature expectations are captured in a schema",
        "All features are beneficial",
        "No feature's cost is too much",
        "Features adhere to meta-level requirements",
        "The data pipeline has appropriate privacy controls",
        "New features can be added quickly",
        "All input feature code is tested",
    ),
    "Model": (
        "Model specs are reviewed and submitted",
        "Offline and online metrics correlate",
        "All hyperparameters have been tuned",
        "The impact of model staleness is known",
        "A simpler model is not better",
        "Model quality is sufficient on important data slices",
        "The model is tested for considerations of inclusion",
    ),
    "Infra": (
        "Training is reproducible",
        "Model specs are unit tested",
        "The ML pipeline is integration tested",
        "Model quality is validated before serving",
        "The model is debuggable",
        "Models are canaried before serving",
        "Serving models can be rolled back",
    ),
    "Monitor": (
        "Dependency changes result in notification",
        "Data invariants hold for inputs",
        "Training and serving are not skewed",
        "Models are not too stale",
        "Models are numerically stable",
        "Computing performance has not regressed",
        "Prediction quality has not regressed",
    ),
}

TESTS: tuple[RubricTest, ...] = tuple(
    RubricTest(id=f"{prefix} {i}", section=section, title=title)
    for section, prefix in SECTIONS.items()
    for i, title in enumerate(_TITLES[prefix], start=1)
)
TESTS_BY_ID: dict[str, RubricTest] = {t.id: t for t in TESTS}

# Table V of the paper: (upper bound inclusive, words); the first band is exactly 0.
BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "0: more of a research project than a productionized system"),
    (1.0, "(0,1]: not totally untested, but serious holes in reliability are possible"),
    (2.0, "(1,2]: a first pass at basic productionization"),
    (3.0, "(2,3]: reasonably tested; more may be automated"),
    (5.0, "(3,5]: strong automated testing and monitoring"),
)
TOP_BAND = ">5: exceptional levels of automated testing and monitoring"


def band(score: float) -> str:
    for upper, words in BANDS:
        if score <= upper:
            return words
    return TOP_BAND


def normalise_test_id(text: str) -> str | None:
    """'infra 2', 'Infra2', 'INFRA-2' -> 'Infra 2'; None if it names no test."""
    cleaned = text.strip().replace("-", " ").replace("_", " ")
    for prefix in SECTIONS.values():
        if cleaned.lower().startswith(prefix.lower()):
            rest = cleaned[len(prefix):].strip()
            if rest.isdigit() and f"{prefix} {int(rest)}" in TESTS_BY_ID:
                return f"{prefix} {int(rest)}"
    return None
