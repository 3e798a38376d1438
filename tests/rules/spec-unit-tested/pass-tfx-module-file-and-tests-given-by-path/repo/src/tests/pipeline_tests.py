from tfx.orchestration.local.local_dag_runner import LocalDagRunner

from src.pipeline import training_pipeline


def test_pipeline_trains_on_a_sample(tmp_path):
    pipeline = training_pipeline.create_pipeline("churn-test", str(tmp_path / "root"), "tests/data", steps=2)
    LocalDagRunner().run(pipeline)
    assert (tmp_path / "root" / "Trainer").exists()
