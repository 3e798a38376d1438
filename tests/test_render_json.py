"""The JSON report's encoder writes what ``json.dumps(value, indent=2, ensure_ascii=False)`` writes, byte for byte
(mlgate.render.json.dumps: the report's text must not change with the encoder)."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgate.render.json import dumps


class _Text(str, enum.Enum):
    A = "a\u00e9"


class _Number(enum.IntEnum):
    B = 2


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from([_Text.A, _Number.B]))
keys = st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.lists(inner, max_size=4).map(tuple), st.lists(st.text(max_size=6), max_size=4),
    st.dictionaries(keys, inner, max_size=5)), max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_same_text_as_the_standard_encoder(value: Any) -> None:
    assert dumps(value) == _standard(value)


def test_report_shapes() -> None:
    report = {"rules": [{"id": "x", "rubric": ["Data 1"], "findings": [], "evidence": ["a\nb", "\"q\""],
                         "summary": None, "automated": True, "score": 0.5, "nested": {"a": {}, "b": [[]]}}],
              "inventory": {"kind": "application", "components": [{"path": "ü.py", "line": 3}]}}
    assert dumps(report) == _standard(report)
    for value in ([], {}, "", 0, -0.0, float("nan"), float("inf"), -float("inf"), 10**40, ("a", "b"), [1, ["x"]]):
        assert dumps(value) == _standard(value)


@pytest.mark.parametrize("value", [{(1,): 2}, [object()], {"a": {1, 2}}, b"bytes"])
def test_refuses_what_the_standard_encoder_refuses(value: Any) -> None:
    with pytest.raises(TypeError):
        _standard(value)
    with pytest.raises(TypeError):
        dumps(value)


def test_a_large_report_is_written_in_chunks_with_the_same_text() -> None:
    # 5,000 findings are tens of thousands of pieces: given to the writer a chunk at a time (the CLI writes
    # them to the report's file as they come), never one piece or the whole text at once
    from mlgate.render.json import dump

    report = {"rules": [{"id": f"r{i}", "findings": [{"path": f"src/m{j}.py", "line": j, "message": "é"}
                                                     for j in range(50)]} for i in range(100)]}
    chunks: list[str] = []
    dump(report, chunks.append)
    assert "".join(chunks) == _standard(report) == dumps(report)
    assert 10 < len(chunks) < 200
