from zenml import get_step_context, step
from zenml.client import Client
from zenml.logger import get_logger

logger = get_logger(__name__)


@step
def promote_if_better(accuracy: float, stage: str = "production") -> bool:
    promoted = False
    if accuracy < 0.85:
        logger.info("accuracy %.3f is below the floor: not promoting", accuracy)
    else:
        candidate = get_step_context().model
        try:
            serving = Client().get_model_version(candidate.name, stage)
            serving_accuracy = float(serving.get_artifact("classifier").run_metadata["test_accuracy"])
            if accuracy > serving_accuracy:
                candidate.set_stage(stage, force=True)
                promoted = True
        except KeyError:
            candidate.set_stage(stage, force=True)
            promoted = True
    return promoted
