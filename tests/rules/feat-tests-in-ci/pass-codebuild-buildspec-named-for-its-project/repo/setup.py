from setuptools import find_packages, setup

setup(
    name="demand-pipelines",
    version="0.1.0",
    packages=find_packages(),
    install_requires=["sagemaker==2.219.0", "boto3==1.34.100"],
    entry_points={"console_scripts": ["run-pipeline=pipelines.run_pipeline:main"]},
)
