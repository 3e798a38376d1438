from fastapi import FastAPI
from pydantic import BaseModel

from runner import run_tests

app = FastAPI()


class Submission(BaseModel):
    program: str
    tests: str
    timeout: float = 1.0


@app.post("/run")
def run(submission: Submission) -> dict:
    return {"passed": run_tests(submission.program, submission.tests, submission.timeout)}
