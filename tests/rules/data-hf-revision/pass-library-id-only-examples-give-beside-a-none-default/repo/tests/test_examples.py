import yaml


def test_example_config_names_a_model() -> None:
    with open("examples/train_lora/llama3_lora_sft.yaml") as fh:
        assert yaml.safe_load(fh)["model_name_or_path"]
