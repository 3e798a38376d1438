#!/usr/bin/env python3
import os

import setuptools

pwd = os.path.dirname(__file__)

dev_status = {
    "0.3": "Development Status :: 3 - Alpha",
    "1.0": "Development Status :: 5 - Production/Stable",
}


def requirements(fname):
    return [line.strip() for line in open(os.path.join(pwd, fname))]


with open(os.path.join(pwd, "VERSION")) as f:
    version = f.read().strip()
    majorminor = version.rsplit(".", 1)[0]

setup_kwargs = {
    "name": "wideboard-tab",
    "version": version,
    "description": "Wide and deep models for tabular data with text and images",
    "install_requires": requirements("requirements.txt"),
    "python_requires": ">=3.8",
    "classifiers": [
        dev_status[majorminor],
        "License :: OSI Approved :: MIT License",
        "Programming Language :: Python",
    ],
    "packages": setuptools.find_packages(exclude=["tests"]),
}

if __name__ == "__main__":
    setuptools.setup(**setup_kwargs)
