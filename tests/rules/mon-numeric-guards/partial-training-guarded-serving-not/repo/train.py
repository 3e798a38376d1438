import lightning as L

from model import Net

if __name__ == "__main__":
    trainer = L.Trainer(max_epochs=20, detect_anomaly=True)
    trainer.fit(Net())
