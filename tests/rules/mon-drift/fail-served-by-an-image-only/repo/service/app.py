from fastapi import FastAPI

from answers import engine

api = FastAPI()
CONTEXT = open("handbook.txt").read()


@api.post("/ask")
def ask(question: str) -> dict:
    return {"answer": engine(question=question, context=CONTEXT)["answer"]}
