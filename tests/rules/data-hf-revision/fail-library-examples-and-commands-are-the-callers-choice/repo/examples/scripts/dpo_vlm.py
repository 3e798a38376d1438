from transformers import AutoModelForVision2Seq, HfArgumentParser

from rlkit.model_config import ModelConfig

if __name__ == "__main__":
    (model_args,) = HfArgumentParser(ModelConfig).parse_args_into_dataclasses()
    model = AutoModelForVision2Seq.from_pretrained("HuggingFaceM4/idefics2-8b", revision=model_args.model_revision)
