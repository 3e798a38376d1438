"""Check tasks for pyinvoke."""

from invoke.context import Context
from invoke.tasks import task


@task
def format(ctx: Context) -> None:
    """Check the formats with ruff."""
    ctx.run("poetry run ruff format --check src/ tests/")


@task
def coverage(ctx: Context) -> None:
    """Run the tests with a coverage floor."""
    ctx.run("poetry run pytest --cov=src/ --cov-fail-under=80 tests/")


@task(pre=[format, coverage], default=True)
def all(_: Context) -> None:
    """Run all check tasks."""
