from setuptools import find_packages, setup

PKG_NAME = "servekit"

setup(
    # name=PKG_NAME,
    name="servekit-sdk",
    version="0.4.1",
    description="Deploy models as prediction servers",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    install_requires=[
        "numpy",
        "requests>=2.25",
        "pydantic<2",
        "kubernetes",
    ],
)
