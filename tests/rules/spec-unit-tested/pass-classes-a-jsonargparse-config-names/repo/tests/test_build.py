import lightning as L

from build import from_config


def test_one_training_step_runs():
    model, data = from_config("configs/segmenter.yaml")
    L.Trainer(max_steps=2, logger=False, enable_checkpointing=False).fit(model, data)
