from setuptools import find_packages, setup

setup(name="minilm-toolkit", version="1.2.0", packages=find_packages())
