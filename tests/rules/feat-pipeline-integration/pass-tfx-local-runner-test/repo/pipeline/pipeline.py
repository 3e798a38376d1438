from tfx import v1 as tfx


def create_pipeline(root: str, data: str) -> tfx.dsl.Pipeline:
    gen = tfx.components.CsvExampleGen(input_base=data)
    stats = tfx.components.StatisticsGen(examples=gen.outputs["examples"])
    return tfx.dsl.Pipeline(pipeline_name="churn", pipeline_root=root, components=[gen, stats])
