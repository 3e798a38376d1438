from trl import SFTConfig, SFTTrainer, TrlParser

if __name__ == "__main__":
    (args,) = TrlParser((SFTConfig,)).parse_args_and_config()
    SFTTrainer(model="Qwen/Qwen2.5-0.5B", args=args).train()
