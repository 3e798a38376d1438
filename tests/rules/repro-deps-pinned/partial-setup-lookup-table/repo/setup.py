import re

from setuptools import find_packages, setup

# every dependency with its version requirement, in one place
_deps = [
    "accelerate>=1.0.0",
    "datasets>=3.0.0",
    "pytest",
    "torch>=2.4.0",
    "transformers==4.46.3",
    "trl>=0.12.0",
]

deps = {b: a for a, b in (re.findall(r"^(([^!=<>~ \[\]]+)(?:\[[^\]]+\])?(?:[!=<>~ ].*)?$)", x)[0] for x in _deps)}


def deps_list(*pkgs):
    return [deps[pkg] for pkg in pkgs]


extras = {"tests": deps_list("pytest")}

install_requires = [
    deps["accelerate"],
    deps["datasets"],
    deps["torch"],
    deps["transformers"],
    deps["trl"],
]

setup(
    name="tune-recipes",
    version="0.1.0.dev0",
    package_dir={"": "src"},
    packages=find_packages("src"),
    extras_require=extras,
    install_requires=install_requires,
)
