from setuptools import find_packages, setup

setup(
    name="gridrl",
    version="0.3.0",
    packages=find_packages(exclude=["tests"]),
    install_requires=["torch>=2.1,<3", "numpy>=1.24", "pandas>=2.0"],
    extras_require={"tests": ["pytest"]},
)
