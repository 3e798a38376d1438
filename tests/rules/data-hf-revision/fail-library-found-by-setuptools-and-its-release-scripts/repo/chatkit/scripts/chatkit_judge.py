from transformers import AutoModelForSequenceClassification


def main():
    judge = AutoModelForSequenceClassification.from_pretrained("acme/reward-judge-v2")
    print(judge.config.num_labels)
