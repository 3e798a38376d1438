from importlib.resources import files

from huggingface_hub import HfApi, ModelCard, ModelCardData


class HubMixin:
    def save_pretrained(self, directory, card_kwargs=None):
        self._save(directory)
        self.render_card(**(card_kwargs or {})).save(f"{directory}/README.md")

    def render_card(self, **context):
        template = files("armkit.templates").joinpath("modelcard_template.md").read_text("utf-8")
        data = ModelCardData(license="apache-2.0", library_name="armkit")
        return ModelCard.from_template(data, template_str=template, **context)

    def push_to_hub(self, repo_id, card_kwargs=None):
        self.save_pretrained("/tmp/armkit-push", card_kwargs)
        HfApi().upload_folder(repo_id=repo_id, folder_path="/tmp/armkit-push")
