"""Needs against support (`r.behov`): per enterprise its stated needs (`behov` in
foretag/<id>.yaml) and the hours of the year's support in the areas that meet each need
(vocab.BEHOV_OMRADEN), the method of the Norrbotten pre-study's needs inventory.

Enterprises and hours are not about people: nothing here is masked."""

from __future__ import annotations

import pandas as pd

from . import vocab
from .dataset import Data
from .svtext import sv_key

SHOWN = ("aktiv", "under_etablering")  # a dormant or wound-up enterprise's needs are not open


def behov(data: Data, year: int, frame: pd.DataFrame) -> dict:
    """`r.behov`: the needs inventory for `year` from `frame` (aggregate.stod_frame: the
    year's support rows up to the report's date)."""
    hours = _hours(frame)
    rows: list[dict] = []
    without_support: dict[str, list[str]] = {}  # need code: enterprises
    without_needs: list[str] = []
    codes: list[str] = []
    for stem, (_, foretag) in sorted(data.foretag.items(), key=lambda e: sv_key(e[1][1].namn)):
        given = hours.get(stem, {})
        if foretag.status not in SHOWN and not given:
            continue
        needs = list(dict.fromkeys(foretag.behov))  # a need written twice counts once
        if not needs:
            if given:
                without_needs.append(foretag.namn)
            continue
        matching = {a for code in needs for a in vocab.BEHOV_OMRADEN[code]}
        per_need = []
        for code in needs:
            areas = vocab.BEHOV_OMRADEN[code]
            timmar = round(sum(given.get(a, 0.0) for a in areas), 2)
            per_need.append(
                {
                    "kod": code,
                    "behov": vocab.BEHOV[code],
                    "omraden": [vocab.OMRADEN[a] for a in areas],
                    "timmar": timmar,
                }
            )
            if timmar == 0:
                without_support.setdefault(code, []).append(foretag.namn)
            if code not in codes:
                codes.append(code)
        total = round(sum(given.values()), 2)
        met = round(sum(t for a, t in given.items() if a in matching), 2)
        rows.append(
            {
                "foretag": foretag.namn,
                "behov": per_need,
                "timmar_behov": met,  # each hour once, also when it meets two needs
                "timmar_ovrigt": round(total - met, 2),
                "timmar_totalt": total,
            }
        )
    return {
        "ar": year,
        "foretag": rows,
        "utan_stod": [
            {"behov": vocab.BEHOV[code], "foretag": without_support[code]}
            for code in vocab.BEHOV
            if code in without_support
        ],
        "utan_behov": without_needs,
        "koppling": [
            {
                "behov": vocab.BEHOV[code],
                "omraden": [vocab.OMRADEN[a] for a in vocab.BEHOV_OMRADEN[code]],
            }
            for code in vocab.BEHOV
            if code in codes
        ],
    }


def _hours(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """{enterprise id: {area code: hours}} of the year's support rows."""
    if frame.empty:
        return {}
    sums = frame.groupby(["foretag", "omrade"])["timmar"].sum()
    found: dict[str, dict[str, float]] = {}
    for (foretag, omrade), timmar in sums.items():
        found.setdefault(foretag, {})[omrade] = float(timmar)
    return found
