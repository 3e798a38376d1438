import tensorflow_model_analysis as tfma
from tfx import v1 as tfx
from tfx.dsl.experimental import latest_blessed_model_resolver
from tfx.types import Channel, standard_artifacts


def create_pipeline(name: str, root: str, data_root: str) -> tfx.dsl.Pipeline:
    example_gen = tfx.components.CsvExampleGen(input_base=data_root)
    trainer = tfx.components.Trainer(
        module_file="pipeline/model.py",
        examples=example_gen.outputs["examples"],
        train_args=tfx.proto.TrainArgs(num_steps=200),
        eval_args=tfx.proto.EvalArgs(num_steps=20),
    )
    baseline_model_resolver = tfx.dsl.Resolver(
        strategy_class=latest_blessed_model_resolver.LatestBlessedModelResolver,
        model=Channel(type=standard_artifacts.Model),
        model_blessing=Channel(type=standard_artifacts.ModelBlessing),
    ).with_id("BaselineModelResolver")
    eval_config = tfma.EvalConfig(
        model_specs=[tfma.ModelSpec(label_key="churned")],
        slicing_specs=[tfma.SlicingSpec(), tfma.SlicingSpec(feature_keys=["region"])],
        metrics_specs=[
            tfma.MetricsSpec(metrics=[
                tfma.MetricConfig(
                    class_name="AUC",
                    threshold=tfma.MetricThreshold(
                        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": 0.75}),
                        change_threshold=tfma.GenericChangeThreshold(
                            direction=tfma.MetricDirection.HIGHER_IS_BETTER,
                            absolute={"value": -1e-10},
                        ),
                    ),
                ),
            ])
        ],
    )
    evaluator = tfx.components.Evaluator(
        examples=example_gen.outputs["examples"],
        model=trainer.outputs["model"],
        baseline_model=baseline_model_resolver.outputs["model"],
        eval_config=eval_config,
    )
    pusher = tfx.components.Pusher(
        model=trainer.outputs["model"],
        model_blessing=evaluator.outputs["blessing"],
        push_destination=tfx.proto.PushDestination(
            filesystem=tfx.proto.PushDestination.Filesystem(base_directory="gs://acme-models/churn")),
    )
    return tfx.dsl.Pipeline(pipeline_name=name, pipeline_root=root,
                            components=[example_gen, trainer, baseline_model_resolver, evaluator, pusher])
