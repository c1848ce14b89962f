"""A goal's status word from its outcome and target, and what the word says of the outcome.

The words are defined in the report (mallar/uppfoljning.md.j2) as they are here: reached at
the target, partly reached from half of it, not reached below half; while the year runs, a
goal not yet reached is under way."""

from __future__ import annotations

import math

UPPNATT = "uppnått"
DELVIS = "delvis uppnått"
EJ_UPPNATT = "ej uppnått"
PAGAR = "pågår"
EJ_REDOVISAT = "ej redovisat"


def half(target: int) -> int:
    """The least outcome that counts as partly reached."""
    return math.ceil(target / 2)


def status(value: float | None, target: int, over: bool) -> str:
    if value is None:
        return EJ_REDOVISAT
    if value >= target:
        return UPPNATT
    if not over:
        return PAGAR
    return DELVIS if value >= half(target) and value > 0 else EJ_UPPNATT


def outcome_range(word: str, target: int) -> tuple[float, float]:
    """The outcomes a reader knows the goal has from its status word alone."""
    if word == UPPNATT:
        return target, math.inf
    if word == DELVIS:
        return max(1, half(target)), target - 1
    if word == EJ_UPPNATT:
        return 0, max(half(target), 1) - 1
    if word == PAGAR:
        return 0, target - 1
    return 0, math.inf
