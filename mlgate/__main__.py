from mlgate.cli import run

run()
