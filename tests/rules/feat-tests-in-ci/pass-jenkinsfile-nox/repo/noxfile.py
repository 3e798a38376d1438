import nox


@nox.session(python="3.11")
def tests(session):
    session.install("-r", "requirements.txt", "pytest")
    session.run("pytest", "-q")
