import argparse

from datasets import load_dataset
from distilabel.models import vLLM
from distilabel.pipeline import Pipeline
from distilabel.steps.tasks import TextGeneration


def build_pipeline(model: str) -> Pipeline:
    with Pipeline(name="reasoning-traces") as pipeline:
        TextGeneration(llm=vLLM(model=model), input_batch_size=64)
    return pipeline


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hf-dataset", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--hf-output-dataset")
    args = parser.parse_args()

    prompts = load_dataset(args.hf_dataset, split="train")
    distiset = build_pipeline(args.model).run(dataset=prompts, use_cache=False)
    if args.hf_output_dataset:
        distiset.push_to_hub(args.hf_output_dataset, private=True)
