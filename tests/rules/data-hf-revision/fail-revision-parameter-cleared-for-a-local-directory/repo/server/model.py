import logging
import os
from typing import Optional

from huggingface_hub import snapshot_download

logger = logging.getLogger(__name__)


def fetch_model(model_id: str, revision: Optional[str] = None) -> str:
    if os.path.isdir(model_id) and revision is not None:
        logger.warning("revision %s ignored for the local model at %s", revision, model_id)
        revision = None
    return snapshot_download(model_id, revision=revision, ignore_patterns="*.bin")


def fetch_tokenizer(tokenizer_id: str, revision: Optional[str] = None) -> str:
    revision = None
    return snapshot_download(tokenizer_id, revision=revision, allow_patterns="tokenizer*")
