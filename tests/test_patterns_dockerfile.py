"""What mlgate calls a Dockerfile: one answer for every rule and fact (mlgate.patterns.is_dockerfile)."""

from __future__ import annotations

import pytest

from mlgate.patterns import is_dockerfile


@pytest.mark.parametrize("path", ["Dockerfile", "api/dockerfile", "docker/Dockerfile.gpu", "Dockerfile-serve",
                                  "serve.Dockerfile", "Containerfile", "build/containerfile.cpu", "Dockerfile_dev"])
def test_dockerfiles(path: str) -> None:
    assert is_dockerfile(path)


@pytest.mark.parametrize("path", ["Dockerfile.dockerignore", ".dockerignore", "docs/dockerfiles.md",
                                  "scripts/build_dockerfile.py", "docker-compose.yml", "Dockerfiles/README"])
def test_not_dockerfiles(path: str) -> None:
    assert not is_dockerfile(path)
