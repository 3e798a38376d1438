from unittest import mock

from infra.registry import latest_approved


def test_latest_approved_takes_the_newest():
    client = mock.Mock()
    client.list_model_packages.return_value = {"ModelPackageSummaryList": [{"ModelPackageArn": "arn:new"}]}
    with mock.patch("boto3.client", return_value=client):
        assert latest_approved("churn") == "arn:new"
