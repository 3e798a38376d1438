from pathlib import Path

from loader.env import pip_requirements

DATA = Path(__file__).parent / "data"


def test_reads_pip_section():
    assert pip_requirements(str(DATA / "conda.yaml")) == ["scikit-learn", "cloudpickle>=2.0"]


def test_no_pip_section():
    assert pip_requirements(str(DATA / "bad_env" / "environment.yml")) == []
