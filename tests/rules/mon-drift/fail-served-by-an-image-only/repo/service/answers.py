from transformers import pipeline

engine = pipeline("question-answering", model="deepset/roberta-base-squad2",
                  revision="b6bd8ae9e2a6e6ba2a4f8a5e7b3e9c2ea2b5d3f1")
