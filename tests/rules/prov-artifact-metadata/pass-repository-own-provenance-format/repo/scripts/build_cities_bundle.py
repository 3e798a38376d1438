"""Builds artefacts/geocode/cities_bundle.csv from the GeoNames dump and writes its provenance record."""
import json
import sys

import pandas as pd


def main(raw: str, out: str) -> None:
    df = pd.read_csv(raw, sep="\t", header=None, usecols=[1, 8, 4, 5], names=["city", "lat", "lon", "country"])
    df.to_csv(out, index=False)
    with open(out + ".provenance.json", "w") as fh:
        json.dump({"dataset_id": "cities_bundle", "output": {"path": out, "row_count": len(df)}}, fh, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
