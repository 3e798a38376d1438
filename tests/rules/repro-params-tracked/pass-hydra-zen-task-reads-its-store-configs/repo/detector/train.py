"""Fine-tunes the detector: `python -m detector.train epochs=300 data=datasets/plates.yaml`."""
from __future__ import annotations

from clearml import Task
from hydra_zen import builds, store, zen
from ultralytics import YOLO


def train(weights: str = "yolo11n.pt", data: str = "data.yaml", epochs: int = 100, imgsz: int = 640,
          batch: int = 16, lr0: float = 0.01) -> str:
    task = Task.init(project_name="plates", task_name="train")
    task.connect({"weights": weights, "epochs": epochs, "imgsz": imgsz, "batch": batch, "lr0": lr0})
    model = YOLO(weights)
    results = model.train(data=data, epochs=epochs, imgsz=imgsz, batch=batch, lr0=lr0)
    return str(results.save_dir)


store(builds(train, populate_full_signature=True), name="train")


def main() -> None:
    store.add_to_hydra_store()
    zen(train).hydra_main(config_name="train", config_path=None, version_base="1.3")


if __name__ == "__main__":
    main()
