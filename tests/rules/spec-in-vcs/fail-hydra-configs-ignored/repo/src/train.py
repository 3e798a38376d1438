import hydra
import lightning as L
from omegaconf import DictConfig

from src.model import ChurnModule


@hydra.main(version_base="1.3", config_path="../configs", config_name="train")
def main(cfg: DictConfig) -> None:
    model = ChurnModule(lr=cfg.model.lr, hidden=cfg.model.hidden)
    trainer = L.Trainer(max_epochs=cfg.trainer.max_epochs)
    trainer.fit(model)


if __name__ == "__main__":
    main()
