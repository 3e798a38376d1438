def answer(question: str) -> str:
    return question.upper()
