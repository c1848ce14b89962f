"""The figures of next year's application: the year's efforts and budget, the steering group,
the supported enterprises, and last year's results (from the same aggregation as the report)."""

from __future__ import annotations

import datetime as dt

from .aggregate import plattformsmoten, year_summary
from .dataset import Data
from .svtext import sv_key

TEXTER = [
    ("bakgrund", "Bakgrund"),
    ("mal_och_syfte", "Mål och syfte"),
    ("genomforande", "Genomförande"),
    ("resultat", "Resultat och effekt"),
    ("tidsram", "Tidsram och budget"),
]


def application(data: Data, year: int, per: dt.date) -> dict:
    source, arsfil = data.ar[year]
    plattform = data.plattform
    luckor: list[str] = []
    texter = {}
    for key, label in TEXTER:
        text = getattr(arsfil.texter, key)
        texter[key] = text.strip() if text else None
        if not text:
            luckor.append(f"{source.display}: texter.{key} saknas ({label}); markerat i ansökan")
    insatser = [
        {
            "id": i.id,
            "namn": i.namn,
            "kortnamn": i.kortnamn or i.namn,
            "sokt": i.sokt,
            "budget": [{"post": p.post, "belopp": p.belopp} for p in i.budget],
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
        "rubrik": f"{arsfil.rubrik or plattform.namn} {year}",
        "fil": source.display,
        "texter": texter,
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
        "foregaende": _foregaende(previous) if previous else None,
        "luckor": luckor,
    }


def _foregaende(summary: dict) -> dict:
    """`a.foregaende`: last year's results, from the report's figures."""
    s = summary["sammanfattning"]
    return {
        "ar": summary["ar"],
        "hittills": not summary["aret_slut"],
        "till": summary["period_slut"],
        "moten": s["moten_genomforda"],
        "plattformsmoten": plattformsmoten(summary["moten"]),
        "stodtimmar": s["stodtimmar"],
        "foretag_med_stod": s["foretag_med_stod"],
        "omraden": [o["omrade"].lower() for o in summary["stod"]["per_omrade"][:3]],
        "deltagare": summary["deltagare"]["totalt"]["aktiva"],
        "arbete_studier": summary["deltagare"]["totalt"]["arbete_studier"],
        "mal_uppnadda": s["mal_uppnadda"],
        "mal_totalt": s["mal_totalt"],
    }
