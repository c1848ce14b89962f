"""The year's participants as counts, masked before any template sees them: the report's
`r.deltagare` and the goals measured in participants.

No row of a participant leaves this module. A count from 1 to 4 is shown as "färre än 5"
(privacy.mask_count), and so is one more count wherever a masked one would follow from the
others (a total minus the shown parts)."""

from __future__ import annotations

import pandas as pd

from . import vocab
from .dataset import Data
from .privacy import MASK, mask_count, mask_counts

MATT = ("deltagare", "avslut_arbete_studier")  # the goal measures counted in participants
_COUNTS = ("aktiva", "startade", "avslutade", "pagaende", "arbete_studier")


def people(data: Data, year: int) -> list:
    """The year's participants (`deltagare/ÅR.yaml`), an empty list when there is no file."""
    entry = data.deltagare.get(year)
    return [d for _, d in entry[1]] if entry else []


def deltagare(data: Data, year: int, last: str) -> dict:
    """Counts per effort and in total for `year` up to the month `last` ('ÅÅÅÅ-MM')."""
    frame = pd.DataFrame(
        [(d.insats, d.start, d.slut, d.kon, d.utfall) for d in people(data, year)],
        columns=["insats", "start", "slut", "kon", "utfall"],
    )
    first = f"{year}-01"
    if not frame.empty:
        frame = frame[frame["start"] <= last]
        frame.loc[frame["slut"] > last, ["slut", "utfall"]] = None
    insats_names = {i.id: i.namn for i in data.ar[year][1].insatser} if year in data.ar else {}
    per_insats = []
    for insats_id in sorted(set(frame["insats"])) if not frame.empty else []:
        part = frame[frame["insats"] == insats_id]
        per_insats.append(
            {"insats": insats_names.get(insats_id, insats_id), **_counts(part, first, last)}
        )
    totalt = _counts(frame, first, last)
    if len(per_insats) > 1:  # one effort's count must not follow from the total minus the others
        for key in _COUNTS:
            raw = {i: row.pop(f"_{key}") for i, row in enumerate(per_insats)}
            shown = mask_counts(raw, total=totalt[f"_{key}"])
            for i, row in enumerate(per_insats):
                row[key] = shown[i]
    for row in [*per_insats, totalt]:
        for key in [k for k in row if k.startswith("_")]:
            del row[key]
    return {"per_insats": per_insats, "totalt": totalt}


def _counts(frame: pd.DataFrame, first: str, last: str) -> dict:
    """The masked counts of `frame`'s participants, and the raw ones as `_<key>` for masking
    across efforts (removed before anyone sees them)."""
    if frame.empty:
        zero = dict.fromkeys(_COUNTS, 0)
        return {**zero, **{f"_{k}": 0 for k in zero}, "utfall": [], "kon": []}
    active = frame[(frame["slut"].isna()) | (frame["slut"] >= first)]
    started = active[active["start"] >= first]
    ended = active[active["slut"].notna() & (active["slut"] <= last)]
    outcome_counts = {code: int((ended["utfall"] == code).sum()) for code in vocab.DELTAGARUTFALL}
    outcome_shown = mask_counts(outcome_counts, total=len(ended))
    work = sum(outcome_counts[c] for c in vocab.UTFALL_ARBETE_STUDIER)
    pair = [outcome_shown[c] for c in vocab.UTFALL_ARBETE_STUDIER]
    if mask_count(work) != MASK and pair.count(MASK) == 1:  # work − the shown one = the masked
        for code in vocab.UTFALL_ARBETE_STUDIER:
            if outcome_counts[code]:
                outcome_shown[code] = MASK
    gender_counts = {code: int((active["kon"] == code).sum()) for code in vocab.KON}
    gender_shown = mask_counts(gender_counts, total=len(active))
    raw = {
        "aktiva": len(active),
        "startade": len(started),
        "avslutade": len(ended),
        "pagaende": len(active) - len(ended),
        "arbete_studier": work,
    }
    split = mask_counts({"avslutade": raw["avslutade"], "pagaende": raw["pagaende"]}, len(active))
    return {
        **{f"_{k}": v for k, v in raw.items()},
        "aktiva": mask_count(len(active)),
        "startade": mask_count(len(started)),
        "avslutade": split["avslutade"],
        "pagaende": split["pagaende"],
        "utfall": [
            {"utfall": vocab.DELTAGARUTFALL[c], "antal": outcome_shown[c]}
            for c in vocab.DELTAGARUTFALL
            if outcome_counts[c]
        ],
        "kon": [
            {"kon": vocab.KON[c], "antal": gender_shown[c]} for c in vocab.KON if gender_counts[c]
        ],
        "arbete_studier": mask_count(work),
    }


def mal_antal(matt: str, insats: str | None, people: list, year: int, last: str) -> int:
    """A goal's outcome in participants (`matt` in MATT) of `insats` (None: all), up to the
    month `last`, unmasked: the goal's status is set from it before it is masked."""
    first = f"{year}-01"
    chosen = [
        d
        for d in people
        if (insats is None or d.insats == insats)
        and d.start <= last
        and (d.slut is None or d.slut >= first)
    ]
    if matt == "deltagare":
        return len(chosen)
    return sum(
        1
        for d in chosen
        if d.slut is not None and d.slut <= last and d.utfall in vocab.UTFALL_ARBETE_STUDIER
    )
