import argparse
import os

import joblib
from azureml.core import Dataset
from azureml.core.run import Run
from sklearn.linear_model import Ridge


def main():
    parser = argparse.ArgumentParser("train")
    parser.add_argument("--dataset_name", required=True)
    parser.add_argument("--dataset_version", default="latest")
    parser.add_argument("--alpha", type=float, default=0.5)
    args = parser.parse_args()

    run = Run.get_context()
    dataset_version = args.dataset_version
    dataset = Dataset.get_by_name(run.experiment.workspace, args.dataset_name, dataset_version)
    run.input_datasets["training_data"] = dataset
    run.parent.tag("dataset_id", value=dataset.id)

    df = dataset.to_pandas_dataframe()
    model = Ridge(alpha=args.alpha).fit(df.drop(columns=["y"]), df["y"])
    os.makedirs("outputs", exist_ok=True)
    joblib.dump(model, "outputs/model.pkl")
    run.complete()


if __name__ == "__main__":
    main()
