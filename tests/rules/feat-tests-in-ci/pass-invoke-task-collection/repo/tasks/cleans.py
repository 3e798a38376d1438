from invoke.context import Context
from invoke.tasks import task


@task
def cache(ctx: Context) -> None:
    ctx.run("rm -rf .pytest_cache/")
