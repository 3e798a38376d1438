import argparse

from transformers import AutoModelForSequenceClassification, AutoTokenizer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--revision", default="5546055f03398095e385d7dc625e636cc8910bf2")
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased", revision=args.revision)
    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", revision=args.revision)
    print(tokenizer, model, args.epochs)


if __name__ == "__main__":
    main()
