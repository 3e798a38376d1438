from setuptools import find_packages, setup

setup(name="vclip", version="1.0", packages=find_packages(), include_package_data=True,
      package_data={"vclip": ["*.txt.gz"]}, install_requires=["torch", "ftfy", "regex"])
