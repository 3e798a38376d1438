import wandb


def fetch() -> str:
    run = wandb.init(project="churn", job_type="serve")
    model = run.use_artifact("acme-ml/churn/churn-classifier:v12", type="model")
    encoder = run.use_artifact("acme-ml/churn/churn-encoder-model:production")
    dataset = run.use_artifact("acme-ml/churn/churn-train:latest", type="dataset")
    dataset.download("data/reference")
    encoder.download("artifacts/encoder")
    return model.download("artifacts/model")
