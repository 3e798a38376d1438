import os

from setuptools import find_packages, setup

setup(
    name="vision_clip",
    version="1.0",
    packages=find_packages(exclude=["tests*"]),
    install_requires=[
        line.strip()
        for line in open(os.path.join(os.path.dirname(__file__), "requirements.txt"))
        if line.strip() and not line.startswith("#")
    ],
)
