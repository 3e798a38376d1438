from setuptools import setup

setup(name="sepkit", version="0.2.0", packages=["sepkit"], install_requires=["torch>=2.0", "torchaudio>=2.0"])
