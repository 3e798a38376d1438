import os

from setuptools import find_packages, setup

here = os.path.dirname(__file__)
with open(os.path.join(here, "requirements.txt")) as f:
    requirements = [line.strip() for line in f if line.strip() and not line.startswith("#")]

setup(
    name="code-bench",
    version="1.0",
    packages=find_packages(),
    install_requires=requirements,
    entry_points={"console_scripts": ["evaluate_completions = codebench.evaluate:main"]},
)
