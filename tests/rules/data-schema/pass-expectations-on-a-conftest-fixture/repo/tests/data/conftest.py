import great_expectations as ge
import pandas as pd
import pytest


def pytest_addoption(parser):
    parser.addoption("--dataset-loc", action="store", default="data/tickets.csv")


@pytest.fixture(scope="module")
def df(request):
    return ge.dataset.PandasDataset(pd.read_csv(request.config.getoption("--dataset-loc")))
