# mlgate in a container, for CI systems and people who run it that way (the GitHub Action itself is a
# composite action, action.yml, which installs the package instead of building this image on every run):
#   docker build -t mlgate . && docker run --rm -v "$PWD:/repo" -w /repo mlgate check .
#
# The base image is pinned by digest so that every build of a given mlgate release gets the same
# interpreter and system libraries. The digest is the multi-architecture index of python:3.12-slim;
# to move it forward: `docker buildx imagetools inspect python:3.12-slim` and replace it here.
FROM python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# git: mlgate reads tracked files and the base commit through git (GitPython needs the binary).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*

# The runner mounts the checkout at /github/workspace owned by another user. `mlgate action` lets git
# read that one directory (safe.directory on its own command lines), never any other: no
# `safe.directory '*'` here, which would let git use a repository planted anywhere.

WORKDIR /opt/mlgate
COPY . .
RUN pip install ".[action]" && mlgate --version

ENTRYPOINT ["mlgate"]
CMD ["action"]
