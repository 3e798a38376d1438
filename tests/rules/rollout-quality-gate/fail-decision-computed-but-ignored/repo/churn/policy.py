"""When a retrained churn model may replace the one in production."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    gain: float


def judge(*, candidate_auc: float, champion_auc: float, min_gain: float) -> Verdict:
    gain = candidate_auc - champion_auc
    accepted = gain >= min_gain
    return Verdict(accepted=accepted, gain=gain)
