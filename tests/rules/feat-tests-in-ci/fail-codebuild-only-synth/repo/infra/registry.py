import boto3


def latest_approved(group: str) -> str:
    client = boto3.client("sagemaker")
    packages = client.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved",
                                          SortBy="CreationTime", SortOrder="Descending")
    return packages["ModelPackageSummaryList"][0]["ModelPackageArn"]
