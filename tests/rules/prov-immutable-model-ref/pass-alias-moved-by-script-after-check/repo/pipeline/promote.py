"""Nightly: promote the newest version when its validation AUC is at least the champion's."""
import sys

from mlflow import MlflowClient

client = MlflowClient()
latest = max(client.search_model_versions("name='churn-clf'"), key=lambda v: int(v.version))
champion = client.get_model_version_by_alias("churn-clf", "champion")
new_auc = client.get_run(latest.run_id).data.metrics["val_auc"]
old_auc = client.get_run(champion.run_id).data.metrics["val_auc"]
if new_auc < old_auc:
    sys.exit(f"version {latest.version} ({new_auc:.3f}) is worse than the champion ({old_auc:.3f})")
client.set_registered_model_alias("churn-clf", "champion", latest.version)
