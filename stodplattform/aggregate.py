"""The year's figures (the template's `r`), computed once with pandas for the report, the
application, the overview and the export; each key of `r` is made by the function of its name.

Everything here is plain values: numbers, dates, codes and names. Participants come in as
counts already masked (deltagare.py), never as rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from . import malstatus, vocab
from .atgarder import open_actions
from .behov import behov
from .budget import budget, budget_sammanfattning, stod_per_insats
from .dataset import Data
from .deltagare import MATT, deltagare
from .kommentarer import mal_kommentarer, texter
from .narvaro import antal_moten, foretagsnarvaro, narvaro, narvaro_underlag
from .privacy import MASK, SMALLEST_SHOWN
from .problems import StodError
from .render import tal
from .rojande import HIDDEN
from .svtext import in_words, sv_key
from .trend import aren


@dataclass
class Period:
    year: int
    per: dt.date

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
class Luckor:
    """What the document had to show as missing (`r.luckor`); printed as warnings with it."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)


def year_summary(data: Data, year: int, per: dt.date) -> dict:
    """All figures of the follow-up report for `year`, as of `per`."""
    if per < dt.date(year, 1, 1):
        raise StodError(
            f"--per {per.isoformat()} ligger före året {year}; ange en dag under {year} "
            "eller senare (utan --per gäller dagens datum)"
        )
    period = Period(year, per)
    luckor = Luckor()
    arsfil = data.ar[year][1]
    frame = stod_frame(data, year, period)
    r = {
        "ar": year,
        "per": per,
        "period_slut": period.end,
        "aret_slut": period.over,
        # the application this report follows up: its title and the day it was signed
        "ansokan": {"rubrik": data.application_title(year), "datum": arsfil.ansokningsdatum},
        "sammanfattning": {},  # below, from the others
        "moten": moten(data, period),
        "stod": stod(data, frame),
        "foretag": foretag(data, year),
        "lonebidrag": lonebidrag(data, year),
        "deltagare": deltagare(data, year, period.end_month, arsfil.mal, period.over),
        "budget": budget(data, arsfil, luckor),
    }
    r["mal"] = mal(data, arsfil, period, frame, r["moten"], luckor, r["deltagare"])
    mal_kommentarer(arsfil, r["mal"], period.over, luckor)
    r["stod"]["per_insats"] = stod_per_insats(arsfil, frame)
    r["texter"] = texter(arsfil, luckor)
    for m in r["moten"]["planerade"]:
        if m["ej_antecknat"]:
            luckor.add(
                f"mötet {m['datum'].isoformat()} ({m['rubrik']}) står som planerat fast dagen "
                "har passerat; skriv status: genomfort eller installt i mötets fil"
            )
    r["atgarder"] = open_actions(data, period.per, period.per)
    r["rapporter"] = rapporter(arsfil, period)
    r["behov"] = behov(data, year, frame)
    r["sammanfattning"] = sammanfattning(r)
    r["aren"] = aren(data, year, per, r)
    if not period.over:
        luckor.add(f"året {year} är inte slut per {per.isoformat()}; siffrorna gäller hittills")
    r["luckor"] = luckor.items
    return r


def sammanfattning(r: dict) -> dict:
    """`r.sammanfattning`: the key figures of the report's first page, from its other figures."""
    budgets = r["budget"]
    return {
        "moten_genomforda": len(r["moten"]["genomforda"]),
        "moten_planerade": len(r["moten"]["planerade"]),
        "moten_installda": len(r["moten"]["installda"]),
        "stodtimmar": r["stod"]["totalt"],
        "stodposter": r["stod"]["poster"],
        "foretag_med_stod": len(r["stod"]["per_foretag"]),
        "deltagare_aktiva": r["deltagare"]["totalt"]["aktiva"],
        # reached as printed: a goal whose status word is hidden ("dolt") is neither reached
        # nor not reached here, or the count would give the word away
        "mal_uppnadda": sum(1 for m in r["mal"] if m["status"] == malstatus.UPPNATT),
        "mal_dolda": sum(1 for m in r["mal"] if m["status"] == HIDDEN),
        "mal_totalt": len(r["mal"]),
        "stodtimmar_per_insats": r["stod"]["per_insats"],
        **budget_sammanfattning(budgets),
    }


def moten(data: Data, period: Period) -> dict:
    """`r.moten`: the year's meetings, held, planned and cancelled, and the attendance."""
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
            # a day that has passed and the meeting still only planned: not yet recorded
            row["ej_antecknat"] = mote.datum <= period.per
            planned.append(row)
        else:
            held.append(row)
    per_typ = pd.Series([m["typkod"] for m in held], dtype="object").value_counts()
    by_type = [
        {
            "typ": label if per_typ[code] == 1 else vocab.MOTESTYPER_PLURAL[code].capitalize(),
            "antal": int(per_typ[code]),
            # in running text: "fem plattformsmöten", "ett seminarium", "14 utbildningar"
            "fras": antal_moten(int(per_typ[code]), code),
        }
        for code, label in vocab.MOTESTYPER.items()
        if per_typ.get(code, 0)
    ]
    return {
        "genomforda": held,
        "planerade": planned,
        "installda": cancelled,
        "per_typ": by_type,
        "narvaro": narvaro(data, period),
        "narvaro_underlag": narvaro_underlag(data, period),
        "foretagsnarvaro": foretagsnarvaro(data, period),
    }


def plattformsmoten(moten: dict) -> int:
    """Held platform and steering-group meetings (the measure `plattformsmoten`)."""
    return sum(1 for m in moten["genomforda"] if m["typkod"] in vocab.MOTESTYPER_PLATTFORM)


def stod_frame(data: Data, year: int, period: Period) -> pd.DataFrame:
    """The year's support rows up to `per`, each with its effort (the first when not given)."""
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


def stod(data: Data, frame: pd.DataFrame) -> dict:
    """`r.stod`: hours per enterprise and area."""
    if frame.empty:
        return {"per_foretag": [], "omraden": [], "omradeskoder": [], "per_omrade": [],
                "totalt": 0.0, "poster": 0}  # fmt: skip
    names = {f: data.foretag[f][1].namn if f in data.foretag else f for f in frame["foretag"]}
    pivot = frame.pivot_table(
        index="foretag", columns="omrade", values="timmar", aggfunc="sum", fill_value=0.0
    )
    areas = [a for a in vocab.OMRADEN if a in pivot.columns]
    per_area = frame.groupby("omrade")["timmar"].sum()
    per_foretag = []
    for f in sorted(pivot.index, key=lambda f: sv_key(names[f])):
        row = pivot.loc[f]
        largest = sorted((a for a in areas if row.get(a, 0.0) > 0), key=lambda a: (-row[a], a))
        per_foretag.append(
            {
                "foretag": names[f],
                "storsta": [
                    {"omrade": vocab.OMRADEN[a], "timmar": float(row[a])} for a in largest[:3]
                ],
                "timmar": [float(row.get(a, 0.0)) for a in areas],
                "totalt": float(row.sum()),
                "poster": int((frame["foretag"] == f).sum()),
            }
        )
    return {
        "omraden": [vocab.OMRADEN[a] for a in areas],
        "omradeskoder": areas,  # the same order: a chart's colour follows the code
        "per_foretag": per_foretag,
        "per_omrade": [
            {"omrade": vocab.OMRADEN[a], "timmar": float(per_area[a])}
            for a in sorted(per_area.index, key=lambda a: (-per_area[a], a))
        ],
        "kolumnsummor": [float(per_area.get(a, 0.0)) for a in areas],
        "totalt": float(frame["timmar"].sum()),
        "poster": len(frame),
    }


# The key figures shown per enterprise. Employees with wage subsidy (`lonebidrag`) are not
# among them: in an enterprise of two or five employees the count points out whose working
# capacity is reduced. They are summed over the enterprises instead (`lonebidrag`).
NYCKELTAL = [
    ("anstallda", "Anställda"),
    ("arbetstranande", "I arbetsträning"),
    ("omsattning", "Omsättning"),
]


def foretag(data: Data, year: int) -> list[dict]:
    """`r.foretag`: every enterprise with its key figures against the year before."""
    rows = []
    for _, f in sorted(data.foretag.values(), key=lambda sf: sv_key(sf[1].namn)):
        now = f.nyckeltal.get(year)
        before = f.nyckeltal.get(year - 1)
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
                "namn": f.namn,
                "kommun": f.kommun,
                "status": vocab.FORETAGSSTATUS[f.status],
                "verksamhet": f.verksamhet,
                "har_nyckeltal": now is not None,
                "nyckeltal": figures,
            }
        )
    return rows


def lonebidrag(data: Data, year: int) -> dict | None:
    """`r.lonebidrag`: employees with wage subsidy summed over the enterprises that give the
    figure for `year` (`foretag`: how many), with the same sum the year before when every one
    of them gave it then too; a sum of 1–4 is printed as "färre än 5", and then no change.
    None when no enterprise gives the figure."""
    given = [
        f.nyckeltal[year]
        for _, f in data.foretag.values()
        if year in f.nyckeltal and f.nyckeltal[year].lonebidrag is not None
    ]
    if not given:
        return None
    total = sum(n.lonebidrag for n in given)
    before = [
        f.nyckeltal.get(year - 1)
        for _, f in data.foretag.values()
        if year in f.nyckeltal and f.nyckeltal[year].lonebidrag is not None
    ]
    earlier = (
        sum(n.lonebidrag for n in before)
        if all(n is not None and n.lonebidrag is not None for n in before)
        else None
    )
    small = 0 < total < SMALLEST_SHOWN or (earlier is not None and 0 < earlier < SMALLEST_SHOWN)
    return {
        "antal": MASK if 0 < total < SMALLEST_SHOWN else total,
        "forandring": None if earlier is None or small else total - earlier,
        "foretag": len(given),
    }


def mal(data: Data, arsfil, period: Period, frame: pd.DataFrame, moten: dict, luckor: Luckor,
        people: dict):  # fmt: skip
    """`r.mal`: each goal's outcome, its share of the target and its status. The goals counted
    in participants come as deltagare.py printed them (a number, "färre än 5" or "dolt"), and
    their share only when the number is printed."""
    rows = []
    for goal in arsfil.mal:
        if goal.matt in MATT:
            value, status = people["mal"][goal.id]["utfall"], people["mal"][goal.id]["status"]
        else:
            value = mal_utfall(goal, period, frame, moten)
            if value is not None and goal.matt != "stodtimmar":
                value = int(value)
            status = malstatus.status(value, goal.malvarde, period.over)
        if status == malstatus.EJ_REDOVISAT:
            luckor.add(f"målet '{goal.id}' saknar utfall i ar/{arsfil.ar}.yaml")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        rows.append(
            {
                "id": goal.id,
                "beskrivning": goal.beskrivning,
                "matt": vocab.MATT[goal.matt],
                "matt_kod": goal.matt,
                "insats": goal.insats,
                "malvarde": goal.malvarde,
                "utfall": value,
                "andel": value / goal.malvarde if number and goal.malvarde else None,
                "status": status,
            }
        )
    return rows


def mal_utfall(goal, period: Period, frame: pd.DataFrame, moten: dict) -> float | None:
    """The outcome of a goal not counted in participants (SPEC 1.4 `matt`), as of the period's
    end."""
    matt = goal.matt
    if matt == "manuellt":
        return goal.utfall
    if matt == "moten":
        return len(moten["genomforda"])
    if matt == "plattformsmoten":
        return plattformsmoten(moten)
    rows = frame[frame["insats"] == goal.insats] if goal.insats else frame
    return float(rows["timmar"].sum()) if matt == "stodtimmar" else int(rows["foretag"].nunique())


def rapporter(arsfil, period: Period) -> list[dict]:
    """`r.rapporter`: the year's reporting deadlines and how each was met, as of `per` (a
    report handed in later was not yet handed in then)."""
    rows = []
    for rapport in arsfil.rapporter:
        handed_in = (
            rapport.inlamnad if rapport.inlamnad and rapport.inlamnad <= period.per else None
        )
        if handed_in is not None:
            late = (rapport.inlamnad - rapport.senast).days
            days = "en dag" if late == 1 else f"{in_words(late) or tal(late)} dagar"
            status = "inlämnad i tid" if late <= 0 else f"inlämnad {days} sent"
        elif rapport.senast < period.per:
            status = "försenad"
        else:
            status = "kommande"
        rows.append(
            {"typ": rapporttyp(rapport.typ), "senast": rapport.senast, "inlamnad": handed_in,
             "status": status}
        )  # fmt: skip
    return rows


def rapporttyp(typ: str) -> str:
    """A report's type as documents show it: a code (SPEC §5) by its label, other text as is."""
    return vocab.RAPPORTTYPER.get(typ.strip().lower(), typ)
