"""What mlgate calls a Dockerfile or a requirements file: one answer for every rule, fact and hook
(mlgate.patterns)."""

from __future__ import annotations

import pytest

from mlgate.patterns import is_dockerfile, is_docs_dependencies, is_requirements_file


@pytest.mark.parametrize("path", ["Dockerfile", "api/dockerfile", "docker/Dockerfile.gpu", "Dockerfile-serve",
                                  "serve.Dockerfile", "Containerfile", "build/containerfile.cpu", "Dockerfile_dev"])
def test_dockerfiles(path: str) -> None:
    assert is_dockerfile(path)


@pytest.mark.parametrize("path", ["Dockerfile.dockerignore", ".dockerignore", "docs/dockerfiles.md",
                                  "scripts/build_dockerfile.py", "docker-compose.yml", "Dockerfiles/README"])
def test_not_dockerfiles(path: str) -> None:
    assert not is_dockerfile(path)


@pytest.mark.parametrize(("path", "wanted"), [
    ("requirements.txt", True), ("svc/requirements-dev.txt", True), ("test_requirements.txt", True),
    ("dev-requirements.txt", True), ("constraints.txt", True), ("requirements/base.txt", True),
    ("requirements", True), ("serving/requirements", True), ("docs/requirements", True),
    ("requirements.in", False), ("requirements.md", False), ("requirements_check.py", False),
    ("docs/requirements.md", False), ("notes.txt", False),
    ("requirements/README.md", False),
])
def test_requirements_files(path: str, wanted: bool) -> None:
    assert is_requirements_file(path) is wanted


@pytest.mark.parametrize(("path", "wanted"), [
    ("docs/requirements.txt", True), ("docs-requirements.txt", True), ("requirements-docs.txt", True),
    ("requirements_doc.txt", True), ("requirements/docs.txt", True), ("requirements-mkdocs.txt", True),
    ("docs/environment.yml", True), ("docs/samples/xgboost/requirements.txt", True),
    ("requirements.txt", False), ("requirements/doctests.txt", False), ("requirements-dev.txt", False),
    ("environment.yml", False), ("docker/requirements.txt", False), ("docs.txt", False),
    ("requirements", False), ("docs/requirements", True),
])
def test_docs_dependencies(path: str, wanted: bool) -> None:
    """A documentation build's requirements are not the project's dependencies (one answer for the model
    and repro-deps-pinned)."""
    assert is_docs_dependencies(path) is wanted
