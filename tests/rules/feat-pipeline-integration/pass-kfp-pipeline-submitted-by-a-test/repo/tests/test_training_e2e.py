from pipelines.fraud.training import fraud_training
from tests.helpers.runner import run_to_completion


def test_training_pipeline_runs_on_a_sample(tmp_path):
    job = run_to_completion(fraud_training, tmp_path, table="payments.sample_1pct")
    assert job.state.name == "PIPELINE_STATE_SUCCEEDED"
