"""Pipeline step: register the new model only when it beats the one in production."""
from azureml.core import Model, Run

run = Run.get_context()
production = Model(run.experiment.workspace, name="diabetes-ridge")
production_model_mse = float(production.tags.get("mse", "inf"))
new_model_mse = float(run.parent.get_metrics()["mse"])

if new_model_mse < production_model_mse:
    print("the new model is better: it will be registered")
else:
    print("the new model is not better than production: stopping before registration")
    run.parent.cancel()
