"""Every implemented rule, by id. A catalogue id that is not here reports `unknown` ("not yet analysed").

Each area's module (``mlgate/rules/<area>.py``, with a ``RULES`` dict) is imported when one of its
rules is first looked up, so a pre-commit hook that runs two rules does not pay for importing all of
them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

from mlgate.rules.base import RuleFn

AREA_MODULES = ("spec", "data", "prov", "feat", "rollout", "repro", "mon", "meta")


class _Rules(MutableMapping[str, RuleFn]):
    def __init__(self) -> None:
        self._rules: dict[str, RuleFn] = {}
        self._loaded: set[str] = set()

    def _load(self, area: str) -> None:
        if area in self._loaded or area not in AREA_MODULES:
            return
        self._loaded.add(area)
        name = f"mlgate.rules.{area}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return  # an area with no rules built yet
        for rule_id, fn in module.RULES.items():
            self._rules.setdefault(rule_id, fn)

    def _load_for(self, rule_id: str) -> None:
        self._load(rule_id.split("-", 1)[0])

    def __getitem__(self, rule_id: str) -> RuleFn:
        self._load_for(rule_id)
        return self._rules[rule_id]

    def __setitem__(self, rule_id: str, fn: RuleFn) -> None:
        self._load_for(rule_id)
        self._rules[rule_id] = fn

    def __delitem__(self, rule_id: str) -> None:
        self._load_for(rule_id)
        del self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        if not isinstance(rule_id, str):
            return False
        self._load_for(rule_id)
        return rule_id in self._rules

    def __iter__(self) -> Iterator[str]:
        for area in AREA_MODULES:
            self._load(area)
        return iter(dict(self._rules))

    def __len__(self) -> int:
        return sum(1 for _ in self)


ALL_RULES: MutableMapping[str, RuleFn] = _Rules()
