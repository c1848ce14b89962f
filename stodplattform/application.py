"""The figures of next year's application: the year's efforts and budget, the steering group,
the supported enterprises, and last year's results (from the same aggregation as the report):
its goals reached and not, its grant, outcome and co-financing."""

from __future__ import annotations

import datetime as dt

from .aggregate import plattformsmoten, year_summary
from .budget import medfinansiering
from .dataset import Data
from .gammal_text import pending, stale_texts
from .rojande import HIDDEN
from .svtext import mid_sentence, sv_key

TEXTER = [
    ("bakgrund", "Bakgrund"),
    ("mal_och_syfte", "Mål och syfte"),
    ("genomforande", "Genomförande"),
    ("resultat", "Resultat och effekt"),
    ("tidsram", "Tidsram och budget"),
]
UPPNATT = "uppnått"


def application(data: Data, year: int, per: dt.date) -> dict:
    source, arsfil = data.ar[year]
    plattform = data.plattform
    luckor: list[str] = []
    texter = {}
    previous_file = data.ar[year - 1][1] if year - 1 in data.ar else None
    gamla = stale_texts(arsfil, previous_file)
    shown = pending(arsfil, dt.date.today())
    for key, label in TEXTER:
        text = getattr(arsfil.texter, key)
        texter[key] = text.strip() if text else None
        if not text:
            luckor.append(f"{source.display}: texter.{key} saknas ({label}); markerat i ansökan")
        elif key in gamla and not shown:  # `validera` has warned already
            luckor.append(
                f"{source.display}: texter.{key} {gamla[key].beskrivning()}; se över texten "
                "(markerad i ansökan)"
            )
    insatser = [
        {
            "id": i.id,
            "namn": i.namn,
            "kortnamn": i.kortnamn or mid_sentence(i.namn),
            "sokt": i.sokt,
            "budget": [{"post": p.post, "belopp": p.belopp} for p in i.budget],
            "medfinansiering": medfinansiering(data, i),
        }
        for i in arsfil.insatser
    ]
    foretag = sorted((f for _, f in data.foretag.values()), key=lambda f: sv_key(f.namn))
    previous = None
    if year - 1 in data.ar:
        previous = year_summary(data, year - 1, per)
    else:
        luckor.append(f"ar/{year - 1}.yaml saknas; ansökan får inget om förra årets resultat")
    return {
        "ar": year,
        "rubrik": data.application_title(year),
        "fil": source.display,
        "texter": texter,
        "gamla": {key: why.markering() for key, why in gamla.items()},
        "stodresurs": plattform.stodresurs or "stödresursen",
        "insatser": insatser,
        "totalt": sum(i["sokt"] for i in insatser),
        "mal": [m.beskrivning for m in arsfil.mal],
        "styrgrupp": [
            {
                "organisation": p.organisation,
                "roll": p.roll,
                "namn": p.namn,
                "sammankallande": p.sammankallande,
                "adjungerad": p.adjungerad,
            }
            for p in plattform.parter
        ],
        "foretag_aktiva": [f.namn for f in foretag if f.status == "aktiv"],
        "foretag_under_etablering": [f.namn for f in foretag if f.status == "under_etablering"],
        "datum": arsfil.ansokningsdatum or per,
        "foregaende": _foregaende(previous, _kortnamn(previous_file)) if previous else None,
        "luckor": luckor,
    }


def _gemen(label: str) -> str:
    """A label inside a sentence: 'Sälj och marknadsföring' → 'sälj och marknadsföring', but
    'HR och personalfrågor' stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _foregaende(summary: dict, kortnamn: dict[str, str]) -> dict:
    """`a.foregaende`: last year's results, from the report's figures; `kortnamn` names each
    effort in running text."""
    s = summary["sammanfattning"]
    over = summary["aret_slut"]
    return {
        "ar": summary["ar"],
        "hittills": not over,
        "till": summary["period_slut"],
        "moten": s["moten_genomforda"],
        "plattformsmoten": plattformsmoten(summary["moten"]),
        "stodtimmar": s["stodtimmar"],
        "stodtimmar_per_insats": s["stodtimmar_per_insats"],  # [{kortnamn, timmar}]
        "foretag_med_stod": s["foretag_med_stod"],
        "omraden": [_gemen(o["omrade"]) for o in summary["stod"]["per_omrade"][:3]],
        "deltagare": summary["deltagare"]["totalt"]["aktiva"],
        "arbete_studier": summary["deltagare"]["totalt"]["arbete_studier"],
        "mal_uppnadda": s["mal_uppnadda"],
        "mal_dolda": s["mal_dolda"],
        "mal_totalt": s["mal_totalt"],
        "mal": [_mal(m) for m in summary["mal"]],
        "budget": _budget(summary["budget"], over, kortnamn),
    }


def _mal(goal: dict) -> dict:
    """A goal of last year as the report has it. The outcome of a goal counted in people is
    printed as the report prints it ("färre än 5"), never computed with."""
    return {
        "beskrivning": goal["beskrivning"],
        "malvarde": goal["malvarde"],
        "utfall": goal["utfall"],
        "timmar": goal["matt_kod"] == "stodtimmar",
        "insats": goal.get("insats_namn"),  # which effort the figure covers, when one
        "status": goal["status"],
        "uppnatt": goal["status"] == UPPNATT,
        # the status word hidden to protect the participants: in neither list
        "dold": goal["status"] == HIDDEN,
    }


def _kortnamn(arsfil) -> dict[str, str]:
    return {i.id: i.kortnamn or mid_sentence(i.namn) for i in arsfil.insatser} if arsfil else {}


def _budget(tables: list[dict], over: bool, kortnamn: dict[str, str]) -> dict:
    """Last year's grant per effort: applied for, granted (None: not decided), the outcome
    when the year is over and every post has one, and the co-financing."""
    rows = []
    for b in tables:
        rows.append(
            {
                "namn": b["namn"],
                "kortnamn": kortnamn.get(b["id"], b["namn"]),
                "sokt": b["sokt"],
                "beviljat": b["beviljat"],
                "utfall": b["utfall"] if over and b["stangd"] else None,
                "medfinansiering": b["medfinansiering"],
            }
        )
    decided = all(r["beviljat"] is not None for r in rows)
    closed = all(r["utfall"] is not None for r in rows)
    return {
        "insatser": rows,
        "sokt": sum(r["sokt"] for r in rows),
        "beviljat": sum(r["beviljat"] for r in rows) if decided else None,
        "utfall": sum(r["utfall"] for r in rows) if closed else None,
        "avslutat": closed,
        "medfinansiering": [
            {**m, "insats": r["kortnamn"]} for r in rows for m in r["medfinansiering"]
        ],
    }
