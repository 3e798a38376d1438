import hydra
import lightning as L
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../configs", config_name="train.yaml")
def main(cfg: DictConfig) -> None:
    if cfg.get("seed"):
        L.seed_everything(cfg.seed, workers=True)
    model = hydra.utils.instantiate(cfg.model)
    trainer = L.Trainer(max_epochs=10)
    trainer.fit(model)


if __name__ == "__main__":
    main()
