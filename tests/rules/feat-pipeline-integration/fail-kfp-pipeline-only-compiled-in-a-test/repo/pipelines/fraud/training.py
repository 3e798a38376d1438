from kfp import dsl


@dsl.component(base_image="python:3.11")
def extract(table: str, rows: dsl.Output[dsl.Dataset]) -> None:
    import pandas as pd

    pd.read_gbq(f"SELECT * FROM {table}").to_csv(rows.path, index=False)


@dsl.component(base_image="python:3.11", packages_to_install=["scikit-learn==1.4.2"])
def train(rows: dsl.Input[dsl.Dataset], model: dsl.Output[dsl.Model]) -> None:
    import joblib
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    df = pd.read_csv(rows.path)
    clf = LogisticRegression(max_iter=500).fit(df.drop(columns="is_fraud"), df["is_fraud"])
    joblib.dump(clf, model.path + ".joblib")


@dsl.pipeline(name="fraud-training")
def fraud_training(table: str = "payments.daily"):
    rows = extract(table=table)
    train(rows=rows.outputs["rows"])
