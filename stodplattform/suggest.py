"""Near matches for misspelt keys, codes and ids: "menade du 'bokforing'?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_FOLD = str.maketrans("åäöÅÄÖéèüÉÈÜ", "aaoAAOeeuEEU")


def fold(text: str) -> str:
    """Lower case ASCII as keys and codes are written: 'Bokföring' → 'bokforing'."""
    return text.strip().translate(_FOLD).lower().replace(" ", "_")


def near(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most likely meant, or None."""
    candidates = list(candidates)
    if not candidates:
        return None
    folded = fold(value)
    for cand in candidates:
        if fold(cand) == folded or fold(cand).replace("-", "_") == folded.replace("-", "_"):
            return cand
    if len(folded) >= 3:
        starts = [c for c in candidates if fold(c).startswith(folded)]
        if len(starts) == 1:
            return starts[0]
        inside = [c for c in candidates if folded in fold(c)]
        if len(inside) == 1:
            return inside[0]
    by_fold = {fold(c): c for c in candidates}
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.75)
    return by_fold[close[0]] if close else None


def did_you_mean(value: str, candidates: Iterable[str], listing: bool = True) -> str:
    """'; menade du 'x'?' or, for short vocabularies, the allowed values."""
    candidates = list(candidates)
    guess = near(value, candidates)
    if guess is not None:
        return f"; menade du '{guess}'?"
    if listing and 0 < len(candidates) <= 16:
        return "; tillåtna värden: " + ", ".join(candidates)
    return ""
