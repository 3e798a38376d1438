import nox

nox.options.sessions = ["lint", "tests"]


@nox.session
def lint(session):
    session.install("ruff")
    session.run("ruff", "check", ".")


@nox.session(python=["3.10", "3.11"])
def tests(session):
    session.install("-e", ".", "pytest")
    session.run("pytest", "-m", "not gpu", *session.posargs)
