import sys

import yaml


def main() -> None:
    with open(sys.argv[2]) as fh:
        options = yaml.safe_load(fh)
    print(f"training {options['base_model']} with rank {options['lora_r']}")
