import lightning as L

from churn.model import ChurnModule

L.seed_everything(42, workers=True)
trainer = L.Trainer(accelerator="gpu", devices=1, deterministic=True, max_epochs=10)
trainer.fit(ChurnModule())
