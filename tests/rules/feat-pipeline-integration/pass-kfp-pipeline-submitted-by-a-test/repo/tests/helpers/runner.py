from google.cloud import aiplatform
from kfp import compiler


def run_to_completion(pipeline_func, tmp_path, **params):
    """Compile the pipeline, run it on Vertex AI against the test project and wait for the result."""
    template = str(tmp_path / "pipeline.json")
    compiler.Compiler().compile(pipeline_func=pipeline_func, package_path=template)
    job = aiplatform.PipelineJob(display_name="e2e", template_path=template, parameter_values=params)
    job.submit()
    job.wait()
    return job
