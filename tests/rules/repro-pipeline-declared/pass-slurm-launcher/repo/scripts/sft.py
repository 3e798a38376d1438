from transformers import set_seed
from trl import SFTConfig, SFTTrainer, ModelConfig, ScriptArguments, TrlParser


def main(script_args, training_args, model_args):
    set_seed(training_args.seed)
    trainer = SFTTrainer(model=model_args.model_name_or_path, args=training_args)
    trainer.train()


if __name__ == "__main__":
    parser = TrlParser((ScriptArguments, SFTConfig, ModelConfig))
    main(*parser.parse_args_and_config())
