"""The figures per effort (`r.budget`, the budget lines of `r.sammanfattning`, and the hours
per effort in `r.stod.per_insats`): what was applied for, granted and spent.

Deviations are measured against what was granted, never against what was applied for: a post
against its revised amount (`reviderat`) when given, else against its amount; an effort's sum
against `beviljat` once there is a decision (avvikelse.py holds the rules, shared with
`stod validera`). An effort granted less than it applied for, with no post revised, gets a
row for the part of the cut that is not spread on the posts, so that the table adds up.
"""

from __future__ import annotations

from . import vocab
from .avvikelse import (
    avvikelse,
    insats_budget,
    kommentar_kravs,
    ofordelat,
    post_budget,
    procent_text,
    reviderad,
    stangd,
)
from .dataset import Data
from .svtext import mid_sentence


def kortnamn(insats) -> str:
    return insats.kortnamn or mid_sentence(insats.namn)


def budget(data: Data, arsfil, luckor) -> list[dict]:
    """`r.budget`: per effort, applied for, granted, the posts against their budget and the
    outcome, the comments and the co-financing."""
    tables = []
    for insats in arsfil.insatser:
        closed = stangd(insats)
        posts = [_post(p, insats, arsfil, closed, luckor) for p in insats.budget]
        utfall = sum(p.utfall for p in insats.budget) if closed else None
        basis = insats_budget(insats)
        if not closed:
            luckor.add(
                f"budgetåret är inte avslutat: '{insats.id}' saknar utfall i ar/{arsfil.ar}.yaml"
            )
        over = (
            utfall - insats.beviljat
            if utfall is not None and insats.beviljat is not None and utfall > insats.beviljat
            else None
        )
        unspread = ofordelat(insats)
        tables.append(
            {
                "id": insats.id,
                "namn": insats.namn,
                "kortnamn": kortnamn(insats),
                "sokt": insats.sokt,
                "beviljat": insats.beviljat,
                "beslutat": insats.beviljat is not None,
                "reviderad": reviderad(insats),
                "budget": basis,
                "ofordelat": unspread,
                "ofordelat_avvikelse": -unspread if closed and unspread else None,
                "poster": posts,
                "kommentarer": [p for p in posts if p["kommentar"] or p["kommentar_saknas"]],
                "utfall": utfall,
                "stangd": closed,
                **avvikelse(utfall, basis),
                "over_beviljat": over,
                "medfinansiering": medfinansiering(data, insats),
            }
        )
    return tables


def _post(p, insats, arsfil, closed: bool, luckor) -> dict:
    planned = post_budget(p)
    row = {
        "post": p.post,
        "belopp": p.belopp,
        "reviderat": p.reviderat,
        "budget": planned,
        "utfall": p.utfall,
        **avvikelse(p.utfall, planned),
        "kommentar": p.kommentar,
        "kommentar_saknas": kommentar_kravs(p, closed) and not p.kommentar,
    }
    if row["kommentar_saknas"]:
        share = row["avvikelse_andel"]
        how = f"avviker {procent_text(share)}" if share is not None else "har utfall"
        luckor.add(
            f"kommentar saknas: posten '{p.post}' i '{insats.id}' {how} mot budgeten; skriv "
            f"varför i 'kommentar' på posten i ar/{arsfil.ar}.yaml"
        )
    return row


def medfinansiering(data: Data, insats) -> list[dict]:
    """An effort's co-financing: who, what kind (in words), the amount or the hours, and why."""
    parter = data.parter
    return [
        {
            "part": parter[m.part].organisation if m.part in parter else m.part,
            "typ": vocab.MEDFINANSIERINGSTYPER[m.typ],
            "belopp": m.belopp,
            "timmar": m.timmar,
            "beskrivning": m.beskrivning,
        }
        for m in insats.medfinansiering
    ]


def budget_sammanfattning(budgets: list[dict]) -> dict:
    """The budget lines of `r.sammanfattning`: applied for; granted (None: no decision for
    any effort, `ej_beslutat` names those without one); the outcome once every effort is
    closed, and its deviation from the grant once every effort is decided."""
    decided = [b for b in budgets if b["beslutat"]]
    closed = all(b["stangd"] for b in budgets)
    utfall = sum(b["utfall"] for b in budgets) if closed else None
    beviljat = sum(b["beviljat"] for b in decided) if decided else None
    against = beviljat if len(decided) == len(budgets) else None
    deviation = avvikelse(utfall, against) if against is not None else avvikelse(None, None)
    return {
        "sokt": sum(b["sokt"] for b in budgets),
        "beviljat": beviljat,
        "ej_beslutat": [b["kortnamn"] for b in budgets if not b["beslutat"]],
        "utfall": utfall,
        "budget_avvikelse": deviation["avvikelse"],
        "budget_avvikelse_andel": deviation["avvikelse_andel"],
        "over_beviljat": [b["kortnamn"] for b in budgets if b["over_beviljat"] is not None],
    }


def stod_per_insats(arsfil, frame) -> list[dict]:
    """`r.stod.per_insats`: the support hours per effort (a row without `insats` belongs to the
    year's first effort), for the efforts that have any."""
    if frame.empty:
        return []
    hours = frame.groupby("insats")["timmar"].sum()
    return [
        {"id": i.id, "namn": i.namn, "kortnamn": kortnamn(i), "timmar": float(hours[i.id])}
        for i in arsfil.insatser
        if hours.get(i.id, 0.0) > 0
    ]


def budget_rows(budgets: list[dict]) -> list[dict]:
    """The budget sheet as the report has it (budget.py): per post what was applied for, its
    budget (revised where given), outcome and deviation, and the comment; an effort granted
    less than its posts gets a row for the difference, so that its sum is the grant."""
    rows = []
    for b in budgets:
        for p in b["poster"]:
            comment = p["kommentar"] or ("Kommentar saknas" if p["kommentar_saknas"] else "")
            rows.append(
                {"Insats": b["namn"], "Post": p["post"], "Sökt": p["belopp"], "Budget": p["budget"],
                 "Utfall": p["utfall"], "Avvikelse": p["avvikelse"],
                 "Avvikelse (%)": p["avvikelse_andel"], "Kommentar": comment}
            )  # fmt: skip
        if b["ofordelat"]:
            rows.append(
                {"Insats": b["namn"], "Post": "Skillnad mot det beviljade, inte fördelad på posterna",
                 "Sökt": None, "Budget": b["ofordelat"], "Utfall": None,
                 "Avvikelse": b["ofordelat_avvikelse"], "Avvikelse (%)": None, "Kommentar": ""}
            )  # fmt: skip
    return rows
