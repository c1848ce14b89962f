"""A data folder read and checked: `Data`, what the checks, the figures and the documents use.

Made by `repository.load_data`; it sits below both the reading and the checks, so that
neither needs the other to name it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .cache import ParseCache
from .loader import Source
from .problems import Problem, sort_problems


@dataclass
class Data:
    folder: Path
    sources: list[Source] = field(default_factory=list)
    plattform: model.Plattform | None = None
    plattform_source: Source | None = None
    foretag: dict[str, tuple[Source, model.Foretag]] = field(default_factory=dict)
    foretag_ids: set[str] = field(default_factory=set)  # every file, valid or not
    moten: list[tuple[Source, model.Mote]] = field(default_factory=list)
    ar: dict[int, tuple[Source, model.Verksamhetsar]] = field(default_factory=dict)
    ar_files: set[int] = field(default_factory=set)
    stod: dict[int, tuple[Source, list[tuple[int, model.Stodpost]]]] = field(default_factory=dict)
    deltagare: dict[int, tuple[Source, list[tuple[int, model.Deltagare]]]] = field(
        default_factory=dict
    )
    extra_problems: list[Problem] = field(default_factory=list)
    overrides: dict[Path, str] = field(default_factory=dict)
    cache: ParseCache | None = None
    roots: tuple[str, ...] = ()  # the data folder and its repository, resolved
    outside: set[Path] = field(default_factory=set)  # links out of the repository
    # figures computed once per run and asked for again (deltagare.py: one year's protected
    # counts, needed by its own report, the next year's and the years table)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def problems(self) -> list[Problem]:
        found = list(self.extra_problems)
        for source in self.sources:
            found.extend(source.problems)
        return sort_problems(found)

    def narrow(self, year: int) -> None:
        """Let go of what the figures for `year` (aggregate.year_summary) do not use, before
        pandas and the document's libraries are loaded: later years' support and participant
        rows (earlier years' stay for the years side by side, trend.py), and other years'
        meetings that have no open action. A national data folder holds hundreds of
        thousands. Companies and year files stay."""
        self.stod = {y: entry for y, entry in self.stod.items() if y <= year}
        self.deltagare = {y: entry for y, entry in self.deltagare.items() if y <= year}
        self.moten = [
            (source, mote)
            for source, mote in self.moten
            if mote.datum.year == year or any(a.status == "oppen" for a in mote.atgarder)
        ]

    @property
    def parter(self) -> dict[str, model.Part]:
        return {p.id: p for p in self.plattform.parter} if self.plattform else {}

    def application_title(self, year: int) -> str:
        """The title of the year's application: its `rubrik` (else the platform's name) and
        the year, as the application prints it and the report cites it."""
        arsfil = self.ar[year][1]
        return f"{arsfil.rubrik or self.plattform.namn} {year}"

    def part_name(self, party_id: str) -> str:
        """A party as documents name it: its organisation, with the role when the
        organisation has more than one party ('Ludvika kommun, Chef Arbetsmarknadsenheten')."""
        parter = self.parter
        part = parter.get(party_id)
        if part is None:
            return party_id
        same = sum(p.organisation == part.organisation for p in parter.values())
        return part.organisation if same == 1 else f"{part.organisation}, {part.roll}"
