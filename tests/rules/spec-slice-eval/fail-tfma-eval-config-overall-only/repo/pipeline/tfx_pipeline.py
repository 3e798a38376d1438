"""TFX pipeline for the fraud classifier."""

import tensorflow_model_analysis as tfma
from tfx.v1.components import CsvExampleGen, Evaluator, Pusher, Trainer
from tfx.v1.dsl import Pipeline
from tfx.v1.proto import PushDestination


def create_pipeline(root: str, data: str, serving_dir: str) -> Pipeline:
    examples = CsvExampleGen(input_base=data)
    trainer = Trainer(module_file="pipeline/model.py", examples=examples.outputs["examples"])
    eval_config = tfma.EvalConfig(
        model_specs=[tfma.ModelSpec(label_key="is_fraud")],
        slicing_specs=[tfma.SlicingSpec()],
        metrics_specs=[tfma.MetricsSpec(metrics=[
            tfma.MetricConfig(class_name="AUC", threshold=tfma.MetricThreshold(
                value_threshold=tfma.GenericValueThreshold(lower_bound={"value": 0.8}))),
        ])],
    )
    evaluator = Evaluator(examples=examples.outputs["examples"], model=trainer.outputs["model"],
                          eval_config=eval_config)
    pusher = Pusher(model=trainer.outputs["model"], model_blessing=evaluator.outputs["blessing"],
                    push_destination=PushDestination(filesystem=PushDestination.Filesystem(base_directory=serving_dir)))
    return Pipeline(pipeline_name="fraud", pipeline_root=root, components=[examples, trainer, evaluator, pusher])
