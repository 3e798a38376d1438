from tfx import v1 as tfx

TRAIN_MODULE_FILE = "src/trainer/runner.py"


def create_pipeline(name: str, root: str, data_root: str, steps: int) -> tfx.dsl.Pipeline:
    example_gen = tfx.components.CsvExampleGen(input_base=data_root)
    trainer = tfx.components.Trainer(
        module_file=TRAIN_MODULE_FILE,
        examples=example_gen.outputs["examples"],
        train_args=tfx.proto.TrainArgs(num_steps=steps),
        eval_args=tfx.proto.EvalArgs(num_steps=5),
    )
    return tfx.dsl.Pipeline(pipeline_name=name, pipeline_root=root, components=[example_gen, trainer])
