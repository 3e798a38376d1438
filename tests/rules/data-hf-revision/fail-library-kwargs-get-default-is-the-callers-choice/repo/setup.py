from setuptools import find_packages, setup

setup(
    name="asrkit",
    version="1.2.0",
    packages=find_packages(),
    install_requires=["torch>=2.0", "transformers>=4.38"],
    classifiers=["Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"],
)
