import argparse

import transformers

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="facebook/opt-350m")
parser.add_argument("--prompt", default="List three colours.")
args = parser.parse_args()


def main():
    generator = transformers.pipeline("text-generation", model=args.model)
    print(generator(args.prompt, max_new_tokens=32)[0]["generated_text"])


if __name__ == "__main__":
    main()
