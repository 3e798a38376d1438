"""Every implemented rule, by id. A catalogue id that is not here reports `unknown` ("not yet analysed")."""

from __future__ import annotations

from mlgate.rules import feat, mon, repro, rollout, spec
from mlgate.rules.base import RuleFn

ALL_RULES: dict[str, RuleFn] = {
    **spec.RULES,
    **feat.RULES,
    **repro.RULES,
    **rollout.RULES,
    **mon.RULES,
}
