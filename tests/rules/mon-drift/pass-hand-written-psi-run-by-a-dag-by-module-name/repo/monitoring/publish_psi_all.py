import argparse
import sys

import pandas as pd

from monitoring.psi import psi

FEATURES = ["tenure_months", "monthly_charges", "support_calls"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--current", required=True)
    parser.add_argument("--threshold", type=float, default=0.2)
    args = parser.parse_args()
    reference, current = pd.read_parquet(args.reference), pd.read_parquet(args.current)
    scores = {f: psi(reference[f], current[f]) for f in FEATURES}
    print(scores)
    return 1 if max(scores.values()) > args.threshold else 0


if __name__ == "__main__":
    sys.exit(main())
