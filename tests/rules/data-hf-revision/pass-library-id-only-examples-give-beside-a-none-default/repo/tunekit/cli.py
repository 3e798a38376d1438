import sys

import yaml

from tunekit.hparams import ModelArguments
from tunekit.workflow import check_model_support


def main() -> None:
    with open(sys.argv[2]) as fh:
        options = yaml.safe_load(fh)
    args = ModelArguments(**{k: v for k, v in options.items() if k in ("model_name_or_path", "trust_remote_code")})
    print(check_model_support(args))
