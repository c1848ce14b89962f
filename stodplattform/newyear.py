"""`stod ny ar`: next year's file, started from the latest earlier year the way a project
leader would (efforts, posts, goals and prose carried over; grants, outcomes, deadlines and
dates cleared)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import model
from .loader import load
from .newdata import commit, locked
from .problems import StodError, as_text
from .repository import YEAR_RE
from .yamltext import dump


def start_year(folder: Path, year: int, today: dt.date) -> Path:
    with locked(folder):  # two at once: one writes the year, the other is told it exists
        return _start_year(folder, year, today)


def _start_year(folder: Path, year: int, today: dt.date) -> Path:
    target = folder / "ar" / f"{year}.yaml"
    if target.exists():
        raise StodError(f"ar/{year}.yaml finns redan; stod skriver inte över den")
    earlier = sorted(
        int(p.stem)
        for p in (folder / "ar").glob("*.yaml")
        if YEAR_RE.fullmatch(p.stem) and int(p.stem) < year
    )
    if not earlier:
        raise StodError(
            f"det finns inget år före {year} i ar/ att utgå från; skapa ar/{year}.yaml för hand "
            "(se docs/dataformat.md)"
        )
    source = load(folder / "ar" / f"{earlier[-1]}.yaml")
    previous = model.validate(source, model.Verksamhetsar) if source.root is not None else None
    if previous is None:
        raise StodError(
            f"ar/{earlier[-1]}.yaml har fel och kan inte användas som förlaga:\n"
            + as_text(source.problems).rstrip()
        )
    text = _header(earlier[-1], today) + dump(carried_over(previous, year))
    commit(folder, target, text)
    return target


def _header(previous: int, today: dt.date) -> str:
    return (
        f"# Påbörjad med 'stod ny ar' {today.isoformat()} utifrån ar/{previous}.yaml.\n"
        "# Se över belopp, budgetposter, mål och texter; beviljat, utfall och rapportdatum\n"
        "# fylls i under året.\n"
    )


def carried_over(previous: model.Verksamhetsar, year: int) -> dict:
    out: dict = {"ar": year}
    if previous.rubrik:
        out["rubrik"] = previous.rubrik
    out["insatser"] = []
    for insats in previous.insatser:
        entry: dict = {"id": insats.id, "namn": insats.namn}
        if insats.kortnamn:
            entry["kortnamn"] = insats.kortnamn
        entry["sokt"] = insats.sokt
        entry["budget"] = [{"post": p.post, "belopp": p.belopp} for p in insats.budget]
        if insats.medfinansiering:
            entry["medfinansiering"] = [
                {
                    k: v
                    for k, v in m.model_dump(exclude={"extra"}).items()
                    if v is not None and not (k == "timmar" and m.typ != "tid")
                }
                for m in insats.medfinansiering
            ]
        out["insatser"].append(entry)
    if previous.mal:
        out["mal"] = []
        for mal in previous.mal:
            goal = {"id": mal.id, "beskrivning": mal.beskrivning}
            if mal.insats:
                goal["insats"] = mal.insats
            goal.update({"matt": mal.matt, "malvarde": mal.malvarde})
            out["mal"].append(goal)
    texter = {k: v for k, v in previous.texter.model_dump(exclude={"extra"}).items() if v}
    if texter:
        out["texter"] = texter
    return _plain(out)


def _plain(value):
    """Numbers as the data format writes them: 120.0 hours → 120."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
