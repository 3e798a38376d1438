from pathlib import Path

import pandas as pd

from qa import answer

OUT = Path("evaluation_results")


def run(questions: list[str], batch: int) -> None:
    rows = [{"question": q, "answer": answer(q)} for q in questions]
    OUT.mkdir(exist_ok=True)
    pd.DataFrame(rows).to_csv(OUT / f"batch_{batch}_results.csv", index=False)
