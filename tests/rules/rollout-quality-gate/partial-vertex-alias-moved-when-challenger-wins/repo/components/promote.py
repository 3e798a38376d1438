from kfp import dsl


@dsl.component(base_image="python:3.11", packages_to_install=["google-cloud-aiplatform==1.49.0"])
def promote_if_better(challenger_resource: str, parent_model: str, metric: str) -> bool:
    """Point the `default` alias of the parent model at the challenger when its error is lower."""
    from google.cloud import aiplatform
    from google.cloud.aiplatform.models import ModelRegistry

    champion = aiplatform.Model(parent_model + "@default")
    challenger = aiplatform.Model(challenger_resource)
    metrics_champion = champion.get_model_evaluation().metrics
    metrics_challenger = challenger.get_model_evaluation().metrics
    champion_error = metrics_champion[metric]
    challenger_error = metrics_challenger[metric]
    challenger_wins = challenger_error < champion_error
    if challenger_wins:
        ModelRegistry(model=champion).add_version_aliases(["default"], challenger.version_id)
    return challenger_wins
