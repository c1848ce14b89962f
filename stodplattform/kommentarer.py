"""The report's own words: the summary and analysis (`texter.uppfoljning`, in `r.texter`) and
the comments on goals (`r.mal[].kommentar`); what is missing goes in the report's `luckor`.

A goal not reached when the year is over needs a comment. `stod validera` does not ask for
it: most goals are counted from the support log, the meetings and the participants only when
the report is made, and before the year is over a goal can still be reached. (A budget post
that deviates is different: its outcome is in the year file, so `validera` warns about it.)
"""

from __future__ import annotations

from . import malstatus
from .svtext import mid_sentence

# Statuses that need no comment; "dolt" (a status hidden to protect small counts) neither.
KLARA = (malstatus.UPPNATT, malstatus.PAGAR, "dolt")


def mal_kommentarer(arsfil, rows: list[dict], over: bool, luckor) -> None:
    """Add to each goal row of `r.mal` its effort's short name (`insats_namn`: which effort a
    figure such as the support hours covers), its `kommentar`, and `kommentar_saknas` when the
    year is over, the goal not reached and no comment given. A status hidden to protect small
    counts ("dolt") is never marked: the mark would tell that the goal was not reached."""
    goals = {g.id: g for g in arsfil.mal}
    efforts = {i.id: i.kortnamn or mid_sentence(i.namn) for i in arsfil.insatser}
    for row in rows:
        goal = goals.get(row["id"])
        if goal is None:
            continue
        row["insats_namn"] = efforts.get(goal.insats) if goal.insats else None
        row["kommentar"] = goal.kommentar
        row["kommentar_saknas"] = over and row["status"] not in KLARA and not goal.kommentar
        if row["kommentar_saknas"]:
            luckor.add(
                f"kommentar saknas: målet '{goal.id}' nåddes inte under {arsfil.ar}; skriv "
                f"varför i 'kommentar' på målet i ar/{arsfil.ar}.yaml"
            )


def texter(arsfil, luckor) -> dict:
    """`r.texter`: the report's own summary and analysis, and the file to write it in."""
    text = arsfil.texter.uppfoljning
    if not text:
        luckor.add(
            f"texter.uppfoljning saknas i ar/{arsfil.ar}.yaml: rapporten har ingen egen "
            "sammanfattning och analys"
        )
    return {"uppfoljning": text, "fil": f"ar/{arsfil.ar}.yaml"}
