import tensorflow_model_analysis as tfma
from tfx import v1 as tfx

ACCURACY_FLOOR = 0.8


def create_pipeline(name: str, root: str, data_root: str) -> tfx.dsl.Pipeline:
    example_gen = tfx.components.CsvExampleGen(input_base=data_root)
    trainer = tfx.components.Trainer(
        module_file="pipeline/model.py",
        examples=example_gen.outputs["examples"],
        train_args=tfx.proto.TrainArgs(num_steps=200),
        eval_args=tfx.proto.EvalArgs(num_steps=20),
    )
    eval_config = tfma.EvalConfig(
        model_specs=[tfma.ModelSpec(label_key="churned")],
        slicing_specs=[tfma.SlicingSpec()],
        metrics_specs=[
            tfma.MetricsSpec(metrics=[
                tfma.MetricConfig(
                    class_name="BinaryAccuracy",
                    threshold=tfma.MetricThreshold(
                        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": ACCURACY_FLOOR})),
                ),
            ])
        ],
    )
    evaluator = tfx.components.Evaluator(
        examples=example_gen.outputs["examples"],
        model=trainer.outputs["model"],
        eval_config=eval_config,
    )
    pusher = tfx.components.Pusher(
        model=trainer.outputs["model"],
        model_blessing=evaluator.outputs["blessing"],
        push_destination=tfx.proto.PushDestination(
            filesystem=tfx.proto.PushDestination.Filesystem(base_directory="gs://acme-models/churn")),
    )
    return tfx.dsl.Pipeline(pipeline_name=name, pipeline_root=root,
                            components=[example_gen, trainer, evaluator, pusher])
