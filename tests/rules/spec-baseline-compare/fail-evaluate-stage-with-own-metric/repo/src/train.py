from pathlib import Path

from fastai.vision.all import SegmentationDataLoaders, get_image_files, resnet18, unet_learner


def main() -> None:
    files = get_image_files(Path("data") / "train")
    dls = SegmentationDataLoaders.from_label_func(Path("data"), files, lambda f: f.with_suffix(".png"), bs=8)
    learn = unet_learner(dls, resnet18)
    learn.fine_tune(3)
    learn.export(Path("models") / "model.pkl")


if __name__ == "__main__":
    main()
