import hydra
import numpy as np


@hydra.main(config_path="cfgs", config_name="config", version_base=None)
def main(cfg):
    rng = np.random.default_rng(cfg.seed)
    print(rng.normal(size=3))


if __name__ == "__main__":
    main()
