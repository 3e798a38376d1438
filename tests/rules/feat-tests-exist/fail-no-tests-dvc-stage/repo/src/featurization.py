import sys

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer


def build_matrix(texts: pd.Series, max_features: int):
    vectorizer = TfidfVectorizer(max_features=max_features, ngram_range=(1, 2))
    return vectorizer.fit_transform(texts), vectorizer


def main() -> None:
    df = pd.read_csv(sys.argv[1] + "/train.tsv", sep="\t")
    build_matrix(df["text"], 100)


if __name__ == "__main__":
    main()
