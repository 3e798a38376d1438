"""Regenerate what is derived from the catalogue's YAML: mlgate/catalog/compiled.json (what mlgate
loads), docs/rules.md and the README's rule table.

    python scripts/gen_docs.py          # write them
    python scripts/gen_docs.py --check  # exit 1 when they are stale (tests/test_docs.py runs this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mlgate.catalog import COMPILED, compile_catalog, load_catalog
from mlgate.render.catalog import rules_markdown, rules_table

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
EXAMPLE_START, EXAMPLE_END = "<!-- example:start -->", "<!-- example:end -->"
EXAMPLE_LINES = 16


def example_output() -> str:
    """The first lines of `mlgate check examples/churn-model`, as a user sees them."""
    from mlgate.analysis import analyse
    from mlgate.config import load_config
    from mlgate.render.text import render

    root = ROOT / "examples" / "churn-model"
    report = analyse(str(root), load_config(root))
    lines = render(report, base="examples/churn-model/").splitlines()[:EXAMPLE_LINES]
    return "```text\n" + "\n".join(line.rstrip() for line in lines) + "\n...\n```\n"


def expected() -> dict[Path, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    catalog = load_catalog(from_yaml=True)
    block = f"{START}\n{rules_table(catalog)}{END}"
    new_readme = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, readme, flags=re.S)
    example = f"{EXAMPLE_START}\n{example_output()}{EXAMPLE_END}"
    new_readme = re.sub(re.escape(EXAMPLE_START) + r".*?" + re.escape(EXAMPLE_END), lambda _m: example, new_readme,
                        flags=re.S)
    return {ROOT / "mlgate" / "catalog" / COMPILED: compile_catalog(),
            ROOT / "docs" / "rules.md": rules_markdown(catalog), ROOT / "README.md": new_readme}


def main(argv: list[str]) -> int:
    stale = [p for p, text in expected().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)} (run python scripts/gen_docs.py)")
        return 1 if stale else 0
    for p, text in expected().items():
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
