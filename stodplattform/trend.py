"""`r.aren`: the years side by side – support hours, enterprises supported, participants and
those who went to work or studies, grant and outcome – for every year in the data up to the
report's year, so that the funder sees the trend and not one year.

Each year's figures are that year's own report's figures, made by the same functions with the
same definitions: the hours and enterprises as `r.stod` counts them (rows up to `per`), the
participants as deltagare.py protects them for that year's report (a number, "färre än 5" or
"dolt", printed as they are and never added up across years), and the budget as
`r.sammanfattning` sums it (budget.py). The report's own year is taken from its summary, so
the row is the first page's figures to the digit.

A later year than the report's is never shown. A year not over as of `per` is marked
`hittills`. A year with a year file but no support log or participants file has None there
(printed "–"); a year with a support log but no year file has no budget.
"""

from __future__ import annotations

import datetime as dt

from .budget import budget, budget_sammanfattning
from .dataset import Data
from .deltagare import deltagare

KEYS = ("stodtimmar", "foretag_med_stod", "deltagare", "arbete_studier", "beviljat", "utfall")


def aren(data: Data, year: int, per: dt.date, current: dict | None = None) -> dict:
    """The years up to `year` as of `per`, oldest first. `current` is `year`'s own summary
    (aggregate.year_summary), whose figures its row takes as they are."""
    years = sorted(y for y in {*data.ar, *data.stod, *data.deltagare, year} if y <= year)
    rows = [_row(data, y, per, current if y == year else None) for y in years]
    printed = [r[k] for r in rows for k in ("deltagare", "arbete_studier")]
    return {
        "rader": rows,
        # the chart: two years or more with hours (its upper panel), or with a grant or an
        # outcome (the lower); never a chart of one bar
        "kan_ritas": _drawable(rows, "stodtimmar") or _drawable(rows, "beviljat", "utfall"),
        "hittills": any(r["hittills"] for r in rows),
        "farre_an_5": any(isinstance(v, str) and v != "dolt" for v in printed),
        "dolda": "dolt" in printed,
        "delvis_beslutat": [r for r in rows if r["ej_beslutat"] and r["beviljat"] is not None],
    }


def _drawable(rows: list[dict], *keys: str) -> bool:
    return sum(any(isinstance(r[k], int | float) for k in keys) for r in rows) >= 2


def _row(data: Data, year: int, per: dt.date, summary: dict | None) -> dict:
    end = min(dt.date(year, 12, 31), per)
    over = per >= dt.date(year, 12, 31)
    row = {"ar": year, "hittills": not over, "period_slut": end, **dict.fromkeys(KEYS)}
    row |= {"har_budget": year in data.ar, "sokt": None, "ej_beslutat": []}
    if year in data.stod:
        hours, enterprises = _stod(data, year, per) if summary is None else (
            summary["sammanfattning"]["stodtimmar"], summary["sammanfattning"]["foretag_med_stod"]
        )  # fmt: skip
        row |= {"stodtimmar": hours, "foretag_med_stod": enterprises}
    if year in data.deltagare:
        if summary is None:
            goals = data.ar[year][1].mal if year in data.ar else ()
            people = deltagare(data, year, f"{end.year:04d}-{end.month:02d}", goals, over)
        else:
            people = summary["deltagare"]
        row |= {
            "deltagare": people["totalt"]["aktiva"],
            "arbete_studier": people["totalt"]["arbete_studier"],
        }
    if year in data.ar:
        if summary is None:
            figures = budget_sammanfattning(budget(data, data.ar[year][1], set()))
        else:
            figures = summary["sammanfattning"]
        row |= {key: figures[key] for key in ("sokt", "beviljat", "ej_beslutat", "utfall")}
    return row


def _stod(data: Data, year: int, per: dt.date) -> tuple[float, int]:
    """Hours and enterprises of the year's support log up to `per`, as `r.stod` counts them
    (aggregate.stod_frame: rows dated up to `per`)."""
    rows = [p for _, p in data.stod[year][1] if p.datum <= per]
    return float(sum(p.timmar for p in rows)), len({p.foretag for p in rows})


def budget_cells(row: dict) -> tuple[int | str, int | str]:
    """A row's grant and outcome as the overview and the export print them: an amount, or
    "ej beslutat" / "ej avslutat", or "–" for a year without a year file."""
    if not row["har_budget"]:
        return "–", "–"
    granted = "ej beslutat" if row["beviljat"] is None else row["beviljat"]
    if row["beviljat"] is not None and row["ej_beslutat"]:  # some efforts without a decision
        from .render import kr

        granted = f"{kr(row['beviljat'])} (delvis)"
    return granted, "ej avslutat" if row["utfall"] is None else row["utfall"]
