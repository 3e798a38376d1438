import argparse
import importlib
import json


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--module-name", required=True)
    parser.add_argument("--role-arn", required=True)
    parser.add_argument("--kwargs", default="{}")
    args = parser.parse_args()
    module = importlib.import_module(args.module_name)
    pipeline = module.get_pipeline(**json.loads(args.kwargs))
    pipeline.upsert(role_arn=args.role_arn)
    pipeline.start()


if __name__ == "__main__":
    main()
