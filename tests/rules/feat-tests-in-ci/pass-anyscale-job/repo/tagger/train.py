import argparse
import os

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from tagger.features import add_clean_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    df = add_clean_text(pd.read_csv(os.environ.get("TAGGER_DATA", "data/projects.csv")))
    if args.sample:
        df = df.sample(args.sample, random_state=0)
    model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=200 * args.epochs))
    model.fit(df["clean"], df["tag"])


if __name__ == "__main__":
    main()
