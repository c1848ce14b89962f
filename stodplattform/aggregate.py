"""The year's figures, computed once (pandas) for the report, the application and the overview.

Everything here is plain values: numbers, dates, codes and names. Counts of people are masked
here, before any template sees them (privacy.mask_counts); nothing below returns participant
rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from . import vocab
from .dataset import Data
from .deltagare import MATT, deltagare, mal_utfall, people
from .privacy import mask_count
from .svtext import sv_key


@dataclass
class Period:
    year: int
    per: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return min(dt.date(self.year, 12, 31), self.per)

    @property
    def over(self) -> bool:
        return self.per >= dt.date(self.year, 12, 31)

    @property
    def end_month(self) -> str:
        return f"{self.end.year:04d}-{self.end.month:02d}"


@dataclass
class Gaps:
    """What the document had to show as missing; the CLI prints these as warnings."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)


def year_summary(data: Data, year: int, per: dt.date) -> dict:
    """All figures of the follow-up report for `year`, as of `per`."""
    period = Period(year, per)
    gaps = Gaps()
    arsfil = data.ar[year][1]
    stod = support_frame(data, year, period)
    moten = meetings(data, period)
    participants = deltagare(data, year, period.end_month)
    budget = budget_tables(data, arsfil, gaps)
    mal = goals(data, arsfil, period, stod, moten, gaps)
    summary = {
        "moten_genomforda": len(moten["genomforda"]),
        "moten_planerade": len(moten["planerade"]),
        "stodtimmar": float(stod["timmar"].sum()) if len(stod) else 0.0,
        "stodposter": len(stod),
        "foretag_med_stod": int(stod["foretag"].nunique()) if len(stod) else 0,
        "deltagare_aktiva": participants["totalt"]["aktiva"],
        "mal_uppnadda": sum(1 for m in mal if m["status"] == "uppnått"),
        "mal_totalt": len(mal),
        "sokt": sum(i["sokt"] for i in budget),
        "beviljat": sum(i["beviljat"] or 0 for i in budget),
        "utfall": sum(i["utfall"] or 0 for i in budget)
        if all(i["stangd"] for i in budget)
        else None,
    }
    if not period.over:
        gaps.add(f"året {year} är inte slut per {per.isoformat()}; siffrorna gäller hittills")
    return {
        "ar": year,
        "per": per,
        "period_slut": period.end,
        "aret_slut": period.over,
        "sammanfattning": summary,
        "moten": moten,
        "stod": support_tables(data, stod),
        "foretag": enterprise_figures(data, year),
        "deltagare": participants,
        "budget": budget,
        "mal": mal,
        "atgarder": actions(data, period),
        "rapporter": reports(arsfil, period),
        "luckor": gaps.items,
    }


# -- meetings ---------------------------------------------------------------------------------


def meetings(data: Data, period: Period) -> dict:
    parter = data.parter
    held, planned, cancelled = [], [], []
    for _, mote in data.moten:
        if mote.datum.year != period.year:
            continue
        row = {
            "datum": mote.datum,
            "typ": vocab.MOTESTYPER[mote.typ],
            "typkod": mote.typ,
            "rubrik": mote.rubrik,
            "plats": mote.plats,
            "narvaro": [parter[p].organisation + ", " + parter[p].roll for p in mote.narvaro],
            "antal_narvarande": len(mote.narvaro),
            "antal_deltagare": mote.antal_deltagare,
            "foretag": [data.foretag[f][1].namn for f in mote.foretag if f in data.foretag],
        }
        if mote.status == "installt":
            cancelled.append(row)
        elif mote.status == "planerat" or mote.datum > period.per:
            planned.append(row)
        else:
            held.append(row)
    per_typ = pd.Series([m["typkod"] for m in held], dtype="object").value_counts()
    by_type = [
        {
            "typ": label if per_typ[code] == 1 else vocab.MOTESTYPER_PLURAL[code].capitalize(),
            "antal": int(per_typ[code]),
        }
        for code, label in vocab.MOTESTYPER.items()
        if per_typ.get(code, 0)
    ]
    return {
        "genomforda": held,
        "planerade": planned,
        "installda": cancelled,
        "per_typ": by_type,
        "narvaro": attendance(data, period),
    }


def platform_meetings(moten: dict) -> int:
    """Held platform and steering-group meetings (the measure `plattformsmoten`)."""
    return sum(1 for m in moten["genomforda"] if m["typkod"] in vocab.MOTESTYPER_PLATTFORM)


def attendance(data: Data, period: Period) -> list[dict]:
    """Per party: held meetings of the year with recorded attendance, and how many it attended."""
    recorded = [
        m
        for _, m in data.moten
        if m.datum.year == period.year
        and m.status == "genomfort"
        and m.datum <= period.per
        and m.narvaro
    ]
    if not recorded or data.plattform is None:
        return []
    frame = pd.DataFrame(
        [(m.datum, p) for m in recorded for p in m.narvaro], columns=["datum", "part"]
    )
    counts = frame.groupby("part")["datum"].nunique()
    rows = []
    for part in data.plattform.parter:
        attended = int(counts.get(part.id, 0))
        rows.append(
            {
                "part": f"{part.organisation}, {part.roll}",
                "narvarande": attended,
                "moten": len(recorded),
                "andel": attended / len(recorded),
            }
        )
    return rows


# -- support ----------------------------------------------------------------------------------


def support_frame(data: Data, year: int, period: Period) -> pd.DataFrame:
    columns = ["datum", "foretag", "omrade", "timmar", "insats", "beskrivning"]
    entry = data.stod.get(year)
    if entry is None:
        return pd.DataFrame(columns=columns)
    default = data.ar[year][1].insatser[0].id if year in data.ar else None
    rows = [
        (p.datum, p.foretag, p.omrade, p.timmar, p.insats or default, p.beskrivning or "")
        for _, p in entry[1]
        if p.datum <= period.per
    ]
    return pd.DataFrame(rows, columns=columns)


def support_tables(data: Data, stod: pd.DataFrame) -> dict:
    if stod.empty:
        return {"per_foretag": [], "omraden": [], "per_omrade": [], "totalt": 0.0, "poster": 0}
    names = {f: data.foretag[f][1].namn if f in data.foretag else f for f in stod["foretag"]}
    pivot = stod.pivot_table(
        index="foretag", columns="omrade", values="timmar", aggfunc="sum", fill_value=0.0
    )
    areas = [a for a in vocab.OMRADEN if a in pivot.columns]
    per_area = stod.groupby("omrade")["timmar"].sum()
    per_foretag = []
    for foretag in sorted(pivot.index, key=lambda f: sv_key(names[f])):
        row = pivot.loc[foretag]
        largest = sorted((a for a in areas if row.get(a, 0.0) > 0), key=lambda a: (-row[a], a))
        per_foretag.append(
            {
                "foretag": names[foretag],
                "storsta": [
                    {"omrade": vocab.OMRADEN[a], "timmar": float(row[a])} for a in largest[:3]
                ],
                "timmar": [float(row.get(a, 0.0)) for a in areas],
                "totalt": float(row.sum()),
                "poster": int((stod["foretag"] == foretag).sum()),
            }
        )
    return {
        "omraden": [vocab.OMRADEN[a] for a in areas],
        "per_foretag": per_foretag,
        "per_omrade": [
            {"omrade": vocab.OMRADEN[a], "timmar": float(per_area[a])}
            for a in sorted(per_area.index, key=lambda a: (-per_area[a], a))
        ],
        "kolumnsummor": [float(per_area.get(a, 0.0)) for a in areas],
        "totalt": float(stod["timmar"].sum()),
        "poster": len(stod),
    }


# -- enterprises ------------------------------------------------------------------------------

NYCKELTAL = [
    ("anstallda", "Anställda"),
    ("arbetstranande", "I arbetsträning"),
    ("lonebidrag", "Med lönebidrag"),
    ("omsattning", "Omsättning"),
]


def enterprise_figures(data: Data, year: int) -> list[dict]:
    rows = []
    for _, foretag in sorted(data.foretag.values(), key=lambda sf: sv_key(sf[1].namn)):
        now = foretag.nyckeltal.get(year)
        before = foretag.nyckeltal.get(year - 1)
        figures = []
        for key, label in NYCKELTAL:
            a = getattr(now, key) if now else None
            b = getattr(before, key) if before else None
            change = a - b if a is not None and b is not None else None
            share = change / b if change is not None and b else None
            figures.append(
                {"nyckel": key, "namn": label, "ar": a, "foregaende": b, "forandring": change,
                 "forandring_andel": share}
            )  # fmt: skip
        rows.append(
            {
                "namn": foretag.namn,
                "kommun": foretag.kommun,
                "status": vocab.FORETAGSSTATUS[foretag.status],
                "verksamhet": foretag.verksamhet,
                "har_nyckeltal": now is not None,
                "nyckeltal": figures,
            }
        )
    return rows


# -- budget -----------------------------------------------------------------------------------


def budget_tables(data: Data, arsfil, gaps: Gaps) -> list[dict]:
    parter = data.parter
    tables = []
    for insats in arsfil.insatser:
        closed = all(p.utfall is not None for p in insats.budget)
        posts = []
        for p in insats.budget:
            deviation = p.utfall - p.belopp if p.utfall is not None else None
            posts.append(
                {
                    "post": p.post,
                    "belopp": p.belopp,
                    "utfall": p.utfall,
                    "avvikelse": deviation,
                    "avvikelse_andel": deviation / p.belopp
                    if deviation is not None and p.belopp
                    else None,
                }
            )
        utfall = sum(p.utfall for p in insats.budget) if closed else None
        if not closed:
            gaps.add(
                f"budgetåret är inte avslutat: '{insats.id}' saknar utfall i ar/{arsfil.ar}.yaml"
            )
        tables.append(
            {
                "id": insats.id,
                "namn": insats.namn,
                "sokt": insats.sokt,
                "beviljat": insats.beviljat,
                "poster": posts,
                "utfall": utfall,
                "stangd": closed,
                "avvikelse": utfall - insats.sokt if utfall is not None else None,
                "avvikelse_andel": (utfall - insats.sokt) / insats.sokt
                if utfall is not None and insats.sokt
                else None,
                "medfinansiering": [
                    {
                        "part": parter[m.part].organisation if m.part in parter else m.part,
                        "typ": vocab.MEDFINANSIERINGSTYPER[m.typ],
                        "belopp": m.belopp,
                        "timmar": m.timmar,
                        "beskrivning": m.beskrivning,
                    }
                    for m in insats.medfinansiering
                ],
            }
        )
    return tables


# -- goals ------------------------------------------------------------------------------------


def goals(data: Data, arsfil, period: Period, stod: pd.DataFrame, moten: dict, gaps: Gaps):
    persons = people(data, period.year)
    rows = []
    for mal in arsfil.mal:
        value = measure(mal, period, stod, moten, persons)
        if value is not None and mal.matt != "stodtimmar":
            value = int(value)
        masked = mal.matt in MATT
        if value is None:
            status = "ej redovisat"
            gaps.add(f"målet '{mal.id}' saknar utfall i ar/{arsfil.ar}.yaml")
        elif value >= mal.malvarde:
            status = "uppnått"
        elif not period.over:
            status = "pågår"
        elif value > 0:
            status = "delvis"
        else:
            status = "ej uppnått"
        rows.append(
            {
                "id": mal.id,
                "beskrivning": mal.beskrivning,
                "matt": vocab.MATT[mal.matt],
                "matt_kod": mal.matt,
                "malvarde": mal.malvarde,
                "utfall": (mask_count(int(value)) if masked else value)
                if value is not None
                else None,
                "status": status,
            }
        )
    return rows


def measure(mal, period: Period, stod, moten: dict, persons: list) -> float | None:
    """The outcome of one goal's measure (SPEC 1.4 `matt`), as of the period's end."""
    matt = mal.matt
    if matt == "manuellt":
        return mal.utfall
    if matt == "moten":
        return len(moten["genomforda"])
    if matt == "plattformsmoten":
        return platform_meetings(moten)
    if matt in ("stodtimmar", "foretag_med_stod"):
        rows = stod[stod["insats"] == mal.insats] if mal.insats else stod
        return (
            float(rows["timmar"].sum()) if matt == "stodtimmar" else int(rows["foretag"].nunique())
        )
    return mal_utfall(matt, mal.insats, persons, period.year, period.end_month)


# -- actions and reporting deadlines ----------------------------------------------------------


def actions(data: Data, period: Period) -> list[dict]:
    """Open actions from meetings held up to `per`; overdue when past their date."""
    parter = data.parter
    rows = []
    for _, mote in data.moten:
        if mote.datum > period.per:
            continue
        for atgard in mote.atgarder:
            if atgard.status != "oppen":
                continue
            rows.append(
                {
                    "vad": atgard.vad,
                    "ansvarig": parter[atgard.ansvarig].organisation
                    if atgard.ansvarig in parter
                    else atgard.ansvarig,
                    "senast": atgard.senast,
                    "forsenad": atgard.senast is not None and atgard.senast < period.per,
                    "mote": mote.datum,
                }
            )
    rows.sort(key=lambda r: (r["senast"] or dt.date.max, r["mote"]))
    return rows


def reports(arsfil, period: Period) -> list[dict]:
    rows = []
    for rapport in arsfil.rapporter:
        if rapport.inlamnad is not None:
            late = (rapport.inlamnad - rapport.senast).days
            status = "inlämnad i tid" if late <= 0 else f"inlämnad {late} dagar sent"
        elif rapport.senast < period.per:
            status = "försenad"
        else:
            status = "kommande"
        rows.append(
            {"typ": rapport.typ, "senast": rapport.senast, "inlamnad": rapport.inlamnad,
             "status": status}
        )  # fmt: skip
    return rows
