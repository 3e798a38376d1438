import io
import json
import os
import uuid

import boto3
import pandas as pd


def score(features: pd.DataFrame, endpoint: str) -> pd.DataFrame:
    runtime = boto3.client("sagemaker-runtime")
    rows = []
    for record in features.to_dict(orient="records"):
        inference_id = str(uuid.uuid4())
        body = {"inputs": {"dataframe_split": {"columns": list(record), "data": [list(record.values())]}}}
        resp = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json",
                                       Body=json.dumps(body).encode(), InferenceId=inference_id)
        prediction = json.loads(resp["Body"].read())["predictions"][0]
        rows.append({**record, "inference_id": inference_id, "prediction": prediction})
    return pd.DataFrame(rows)


def main() -> None:
    features = pd.read_parquet(os.environ["FEATURES_URI"])
    scored = score(features, os.environ["SM_ENDPOINT"])
    buf = io.BytesIO()
    scored.to_parquet(buf, index=False)
    boto3.client("s3").put_object(Bucket=os.environ["BUCKET"], Key=f"predictions/{uuid.uuid4()}.parquet",
                                  Body=buf.getvalue())


if __name__ == "__main__":
    main()
