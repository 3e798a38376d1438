from transformers import AutoConfig

from tunekit.hparams import ModelArguments


def check_model_support(model_args: ModelArguments) -> str:
    config = AutoConfig.from_pretrained(model_args.model_name_or_path, trust_remote_code=model_args.trust_remote_code)
    return config.model_type
