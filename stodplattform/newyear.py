"""`stod ny ar`: next year's file, started from the latest earlier year the way a project
leader would (efforts, posts, goals and prose carried over; grants, outcomes and dates
cleared; the reports to the funder proposed on the same day and month a year later, not yet
handed in), and the participants still active at the end of the year before carried into
next year's participants file with the same pseudonyms. Both files are checked together and
written together, or neither."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import model
from .loader import load
from .newdata import locked
from .paths import display_path
from .problems import StodError, as_text
from .repository import YEAR_RE, load_data
from .svtext import in_words
from .textedit import append_lines, check_and_write
from .yamltext import dump, inline


@dataclass
class Started:
    """What `stod ny ar` wrote, and what it did beyond the year's file."""

    path: Path  # ar/ÅR.yaml
    year: int
    previous: int  # the year it was started from
    deltagare: int  # participants still active, carried into deltagare/ÅR.yaml
    deltagare_path: Path
    rapporter: int  # report deadlines proposed
    texter: int  # texts copied from the year before

    def told(self) -> list[str]:
        """One or two lines for the user, in Swedish."""
        people = (
            f"{_count(self.deltagare)} pågående deltagare från "
            f"{self.year - 1} {'är förd' if self.deltagare == 1 else 'är förda'} över till "
            f"{display_path(self.deltagare_path)}"
            if self.deltagare
            else f"inga pågående deltagare från {self.year - 1} att föra över"
        )
        deadlines = (
            f"{_count(self.rapporter, neuter=True)} rapportdatum "
            f"{'är föreslaget' if self.rapporter == 1 else 'är föreslagna'} (samma dag och "
            f"månad som i ar/{self.previous}.yaml; stäm av dem mot beslutet)"
            if self.rapporter
            else f"inga rapportdatum att föreslå (ar/{self.previous}.yaml har inga)"
        )
        lines = [f"Utöver filen: {people}, och {deadlines}."]
        if self.texter:
            check = (
                "stod validera varnar för varje text som är oförändrad"
                if self.previous == self.year - 1  # validera compares with the year before
                else f"stod validera jämför bara med ar/{self.year - 1}.yaml, så gå igenom alla"
            )
            lines.append(
                f"Texterna är kopierade från ar/{self.previous}.yaml och måste skrivas om för "
                f"{self.year}; {check}."
            )
        return lines


def _count(n: int, neuter: bool = False) -> str:
    return in_words(n, neuter) or str(n)


def start_year(folder: Path, year: int, today: dt.date) -> Started:
    with locked(folder):  # two at once: one writes the year, the other is told it exists
        return _start_year(folder, year, today)


def _start_year(folder: Path, year: int, today: dt.date) -> Started:
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
    data = load_data(folder)
    texts = {}
    people = continuing(data, year)
    if people:
        texts[folder / "deltagare" / f"{year}.yaml"] = _participants(folder, year, people)
    header = _header(earlier[-1], today, len(people), year)
    values = carried_over(previous, year)
    texts = {target: header + dump(values), **texts}
    check_and_write(folder, texts, data)
    return Started(
        target,
        year,
        earlier[-1],
        len(people),
        folder / "deltagare" / f"{year}.yaml",
        len(values.get("rapporter", [])),
        len(values.get("texter", {})),
    )


def _header(previous: int, today: dt.date, carried: int = 0, year: int | None = None) -> str:
    people = (
        f"# {carried} pågående deltagare från {year - 1} står nu också i deltagare/{year}.yaml.\n"
        if carried
        else ""
    )
    return (
        f"# Påbörjad med 'stod ny ar' {today.isoformat()} utifrån ar/{previous}.yaml.\n"
        "# Se över belopp, budgetposter, mål och texter; beviljat och utfall fylls i under\n"
        "# året. Rapportdatumen är förslag: samma dag som förra året, ett år senare.\n" + people
    )


def continuing(data, year: int) -> list:
    """The participants of the year before who had not ended, and are not yet in `year`."""
    entry = data.deltagare.get(year - 1)
    if entry is None:
        return []
    already = {d.id for _, d in data.deltagare.get(year, (None, []))[1]}
    return [
        d for _, d in entry[1] if not model.is_partial(d) and d.slut is None and d.id not in already
    ]


def _participants(folder: Path, year: int, people: list) -> str:
    """Next year's participants file with the continuing participants added, as they stood."""
    from .andra import deltagare_header

    fields = [f for f in model.Deltagare.model_fields if f not in ("slut", "utfall")]
    lines = ["- " + inline({f: getattr(d, f) for f in fields}) for d in people]
    target = folder / "deltagare" / f"{year}.yaml"
    return append_lines(target, lines, deltagare_header(year))


def _shifted(day: dt.date, years: int) -> dt.date:
    """The same day and month `years` later (29 February: the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


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
    if previous.rapporter:
        out["rapporter"] = [
            # the day its figures are as of moves with it (the period's end, for protection)
            {"typ": r.typ, "senast": _shifted(r.senast, year - previous.ar)}
            | ({"per": _shifted(r.per, year - previous.ar)} if r.per else {})
            for r in previous.rapporter
        ]
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
