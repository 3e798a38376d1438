import pandas as pd

from pipeline.logs import stage_logger
from pipeline.settings import ROOT

log = stage_logger("featurize")


def main() -> None:
    loans = pd.read_csv(ROOT / "data/raw/loans.csv")
    loans["debt_ratio"] = loans["debt"] / loans["income"].clip(lower=1)
    loans.to_parquet(ROOT / "data/features.parquet")
    log.info("wrote %d rows", len(loans))


if __name__ == "__main__":
    main()
