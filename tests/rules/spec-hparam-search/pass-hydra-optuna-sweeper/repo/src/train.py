import hydra
import lightning as L
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../configs", config_name="train")
def main(cfg: DictConfig) -> float:
    model = hydra.utils.instantiate(cfg.model)
    trainer = L.Trainer(max_epochs=cfg.trainer.max_epochs)
    trainer.fit(model)
    return trainer.callback_metrics["val/auc"].item()


if __name__ == "__main__":
    main()
