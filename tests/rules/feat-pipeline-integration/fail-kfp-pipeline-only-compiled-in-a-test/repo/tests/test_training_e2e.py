from kfp import compiler

from pipelines.fraud.training import fraud_training


def test_training_pipeline_compiles(tmp_path):
    compiler.Compiler().compile(pipeline_func=fraud_training, package_path=str(tmp_path / "p.json"))
    assert (tmp_path / "p.json").stat().st_size > 0
