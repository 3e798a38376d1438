from zenml import get_step_context, step


@step
def promote_if_better(accuracy: float, stage: str = "production") -> bool:
    print(f"accuracy {accuracy:.3f}")
    model = get_step_context().model
    model.set_stage(stage, force=True)
    return True
