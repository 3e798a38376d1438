"""Read back the episode logs an agent's Monitor wrote."""
import glob
import os

import pandas as pd


def load_episode_logs(log_dir: str) -> pd.DataFrame:
    frames = [pd.read_csv(path, skiprows=1) for path in glob.glob(os.path.join(log_dir, "*.monitor.csv"))]
    return pd.concat(frames, ignore_index=True)
