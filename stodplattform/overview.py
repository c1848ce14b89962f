"""`stod oversikt`: where the year stands, in the terminal (Rich; plain text when piped)."""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import malstatus
from .aggregate import rapporttyp, year_summary
from .dataset import Data
from .render import datum, kr, procent, tal, timmar
from .svtext import MANADER
from .trend import budget_cells


def deadlines(data: Data, per: dt.date) -> tuple[list[dict], list[dict]]:
    """Reporting deadlines not yet met, from every year's file: (overdue, coming)."""
    overdue, coming = [], []
    for year, (_, arsfil) in sorted(data.ar.items()):
        for r in arsfil.rapporter:
            if r.inlamnad is not None and r.inlamnad <= per:  # handed in by then
                continue
            row = {"ar": year, "typ": rapporttyp(r.typ), "senast": r.senast}
            (overdue if r.senast < per else coming).append(row)
    return overdue, sorted(coming, key=lambda r: r["senast"])


def pace(summary: dict, goal: dict, per: dt.date, year: int) -> str:
    """'12 av 20, i fas för 15 till och med september' – against a pro-rata pace."""
    value, target = goal["utfall"], goal["malvarde"]
    if value is None:
        return "inget utfall angivet"
    if isinstance(value, str):  # a count of people printed as "färre än 5" or "dolt"
        said = f"utfall {value}, målvärde {tal(target)}"
        if summary["aret_slut"] or goal["status"] != malstatus.PAGAR:
            return f"{said} – {goal['status']}"
        return f"{said} – pågår"
    shown = timmar(value) if isinstance(value, float) else tal(value)
    if summary["aret_slut"] or goal["status"] == malstatus.UPPNATT:
        return f"{shown} av {tal(target)} – {goal['status']}"
    if goal["matt_kod"] == "manuellt":
        return f"{shown} av {tal(target)} (anges för hand)"
    start = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - start).days + 1
    elapsed = max(0, min(days, (per - start).days + 1))
    expected = round(target * elapsed / days)
    month = MANADER[min(per, dt.date(year, 12, 31)).month - 1]
    verdict = "i fas" if value >= expected else "efter takten"
    return f"{shown} av {tal(target)}, {verdict} (takten är {tal(expected)} till och med {month})"


def years(aren: dict):
    """The years side by side (trend.py), as the report's table has them; compact, so that it
    fits in 80 characters: a year not over is marked with a star and explained under."""
    if len(aren["rader"]) < 2:
        return Text("Åren i följd: datan har bara det här året.", "dim")
    open_years = [r for r in aren["rader"] if r["hittills"]]
    table = Table(
        box=box.SIMPLE_HEAD,
        title="Åren i följd",
        title_justify="left",
        caption="; ".join(f"*{r['ar']} hittills, till och med {datum(r['period_slut'])}"
                          for r in open_years) or None,
        caption_justify="left",
    )  # fmt: skip
    for name in ("År", "Timmar", "Företag", "Deltagare", "Arbete,\nstudier", "Beviljat",
                 "Utfall"):  # fmt: skip
        table.add_column(name, justify="left" if name == "År" else "right", no_wrap=True)
    for row in aren["rader"]:
        granted, actual = budget_cells(row)
        table.add_row(
            f"{row['ar']}*" if row["hittills"] else str(row["ar"]),
            timmar(row["stodtimmar"]),
            tal(row["foretag_med_stod"]),
            tal(row["deltagare"]),  # as the year's report prints it: never added up
            tal(row["arbete_studier"]),
            kr(granted) if isinstance(granted, int) else granted,
            kr(actual) if isinstance(actual, int) else actual,
        )
    return table


def render(data: Data, year: int, per: dt.date, warnings: int, console: Console) -> None:
    s = year_summary(data, year, per)
    head = Text.assemble(
        (f"{data.plattform.namn}\n", "bold"),
        f"Verksamhetsåret {year}, läget {datum(per)}",
        ("" if s["aret_slut"] else " (året pågår)", "dim"),
    )
    console.print(Panel(head, box=box.ROUNDED, expand=False))

    overdue, coming = deadlines(data, per)
    rows = Table(box=box.SIMPLE_HEAD, title="Rapportering till finansiären", title_justify="left")
    rows.add_column("Rapport")
    rows.add_column("Senast")
    rows.add_column("Läge")
    for r in overdue:
        rows.add_row(
            f"{escape(r['typ'])} ({r['ar']})", r["senast"].isoformat(), Text("försenad", "bold red")
        )
    for r in coming[:3]:
        days = (r["senast"] - per).days
        rows.add_row(f"{escape(r['typ'])} ({r['ar']})", r["senast"].isoformat(), f"om {days} dagar")
    console.print(rows if rows.row_count else Text("Inga rapporter att lämna.", "dim"))

    moten = s["moten"]
    meetings = Text(
        f"Möten och aktiviteter – genomförda: {len(moten['genomforda'])}, "
        f"planerade: {len(moten['planerade'])}, inställda: {len(moten['installda'])}."
    )
    planned = Table(box=None, show_header=False, padding=(0, 2))
    for m in moten["planerade"][:5]:
        planned.add_row(m["datum"].isoformat(), escape(m["typ"]), escape(m["rubrik"]))
    console.print(Group(meetings, planned) if planned.row_count else meetings)

    actions = Table(box=box.SIMPLE_HEAD, title="Öppna åtgärder", title_justify="left")
    actions.add_column("Åtgärd")
    actions.add_column("Ansvarig", max_width=24)
    actions.add_column("Senast", no_wrap=True)
    for a in s["atgarder"]:
        when = a["senast"].isoformat() if a["senast"] else "–"
        actions.add_row(
            escape(a["vad"]),
            escape(a["ansvarig"]),
            Text(f"{when} försenad", "bold red") if a["forsenad"] else when,
        )
    console.print(actions if actions.row_count else Text("Inga öppna åtgärder.", "dim"))

    support = Table(box=box.SIMPLE_HEAD, title="Stödtimmar per företag", title_justify="left")
    support.add_column("Företag")
    support.add_column("Timmar", justify="right")
    support.add_column("Tillfällen", justify="right")
    for f in s["stod"]["per_foretag"]:
        support.add_row(escape(f["foretag"]), timmar(f["totalt"]), tal(f["poster"]))
    if support.row_count:
        support.add_row(
            "Totalt", timmar(s["stod"]["totalt"]), tal(s["stod"]["poster"]), style="bold"
        )
    console.print(support if support.row_count else Text("Inget stöd registrerat ännu.", "dim"))

    budget = Table(box=box.SIMPLE_HEAD, title="Budget", title_justify="left")
    budget.add_column("Insats")
    budget.add_column("Sökt", justify="right")
    budget.add_column("Beviljat", justify="right")
    budget.add_column("Utfall i årsfilen", justify="right")
    budget.add_column("Andel", justify="right")
    for b in s["budget"]:  # the share of the grant, as the report measures (budget.py)
        used = sum(p["utfall"] or 0 for p in b["poster"])
        reported = any(p["utfall"] is not None for p in b["poster"])
        over = b["beslutat"] and used > b["beviljat"]
        budget.add_row(
            escape(b["kortnamn"][:1].upper() + b["kortnamn"][1:]),  # short: the table fits
            kr(b["sokt"]),
            kr(b["beviljat"]) if b["beslutat"] else "ej beslutat",
            Text(kr(used), "bold red") if over else kr(used) if reported else "inget utfall",
            procent(used / b["budget"], 0) if reported and b["beslutat"] and b["budget"] else "–",
        )
    console.print(budget)
    console.print(years(s["aren"]))

    goals = Table(box=box.SIMPLE_HEAD, title="Mål", title_justify="left")
    goals.add_column("Mål", ratio=3)
    goals.add_column("Läge", ratio=2)
    for g in s["mal"]:
        goals.add_row(escape(g["beskrivning"]), pace(s, g, per, year))
    console.print(goals if goals.row_count else Text("Inga mål angivna.", "dim"))

    if warnings:
        from .hints import cite, command

        line = cite(command("validera", data.folder))
        end = "" if "\n" in line else "."  # a command on a line of its own: nothing after it
        noun = "varning" if warnings == 1 else "varningar"
        console.print(Text(f"Data: {warnings} {noun} – se{line}{end}", "yellow"))
    else:
        console.print(Text("Data: inga problem.", "green"))
