import argparse
import json
import os

import joblib
from azureml.core import Dataset
from azureml.core.run import Run
from sklearn.linear_model import Ridge


def main():
    parser = argparse.ArgumentParser("train")
    parser.add_argument("--model_name", default="model.pkl")
    parser.add_argument("--dataset_name")
    args = parser.parse_args()

    run = Run.get_context()
    with open("parameters.json") as f:
        train_args = json.load(f)["training"]
    for name, value in train_args.items():
        run.log(name, value)
        run.parent.log(name, value)

    df = Dataset.get_by_name(run.experiment.workspace, args.dataset_name).to_pandas_dataframe()
    model = Ridge(**train_args)
    model.fit(df.drop(columns=["y"]), df["y"])
    os.makedirs("outputs", exist_ok=True)
    joblib.dump(model, os.path.join("outputs", args.model_name))
    run.complete()


if __name__ == "__main__":
    main()
