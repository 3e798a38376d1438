from langchain.chat_models import init_chat_model

model = init_chat_model("openai:gpt-4o-mini")


def answer(question: str) -> str:
    return model.invoke(question).content
