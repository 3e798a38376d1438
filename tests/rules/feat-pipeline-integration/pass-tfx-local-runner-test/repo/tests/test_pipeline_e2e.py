from tfx.orchestration.local.local_dag_runner import LocalDagRunner

from pipeline.pipeline import create_pipeline


def test_pipeline_runs_on_sample(tmp_path):
    LocalDagRunner().run(create_pipeline(str(tmp_path), "tests/data/sample"))
    assert any(tmp_path.iterdir())
