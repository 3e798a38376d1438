import argparse

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name", required=True)
    parser.add_argument("--output_dir", default="outputs")
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model_name, revision="5b6e2b5c1d0a9f3e8c7b6a5d4e3f2a1b0c9d8e7f")
    model = AutoModelForSeq2SeqLM.from_pretrained(args.model_name)
    model.save_pretrained(args.output_dir)
