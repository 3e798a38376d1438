from pipelines.demand.pipeline import get_pipeline


def test_pipeline_has_the_training_step():
    pipeline = get_pipeline(region="eu-west-1", role="arn:aws:iam::123456789012:role/demo")
    assert [step.name for step in pipeline.steps] == ["TrainDemand"]
