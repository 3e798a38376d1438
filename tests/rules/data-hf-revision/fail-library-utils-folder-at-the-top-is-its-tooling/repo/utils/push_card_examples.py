"""Push the example cards of the documentation to the Hub (run by a maintainer before a release)."""
from huggingface_hub import HfApi, hf_hub_download


def main() -> None:
    template = hf_hub_download("hubkit/card-template", "TEMPLATE.md")
    HfApi().upload_file(path_or_fileobj=template, path_in_repo="README.md", repo_id="hubkit/card-example")


if __name__ == "__main__":
    main()
