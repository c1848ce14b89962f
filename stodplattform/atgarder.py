"""The open actions from the meetings (`atgarder` with status `oppen`), as the report and the
notice list them: who does what by when, from which meeting, and whether it is overdue."""

from __future__ import annotations

import datetime as dt

from .dataset import Data


def open_actions(
    data: Data, held_by: dt.date, per: dt.date, due_by: dt.date | None = None
) -> list[dict]:
    """Open actions from the meetings held on or before `held_by`, overdue when their date is
    before `per`; with `due_by`, only those due by then or without a date. Soonest first."""
    rows = []
    for _, mote in data.moten:
        if mote.datum > held_by:
            continue
        for atgard in mote.atgarder:
            if atgard.status != "oppen":
                continue
            if due_by is not None and atgard.senast is not None and atgard.senast > due_by:
                continue
            rows.append(
                {
                    "vad": atgard.vad,
                    "ansvarig": data.part_name(atgard.ansvarig),
                    "senast": atgard.senast,
                    "forsenad": atgard.senast is not None and atgard.senast < per,
                    "mote": mote.datum,
                }
            )
    rows.sort(key=lambda r: (r["senast"] or dt.date.max, r["mote"]))
    return rows
