"""`stod validera`: every problem in the data folder, one a line."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .common import DataOption, handles_errors


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"


@handles_errors
def validera(
    data: DataOption = None,
    strikt: Annotated[
        bool, typer.Option("--strikt", help="Låt varningar ge felstatus (exit 1) också.")
    ] = False,
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format", help="text (en rad per problem) eller json (för editorer och CI)."
        ),
    ] = ProblemFormat.text,
) -> None:
    """Kontrollera alla filer i datamappen och visa alla problem på en gång.

    Varje problem skrivs som [italic]fil:rad:kolumn: fel|varning: meddelande[/italic],
    sorterat efter fil och rad. Utan fel avslutas kommandot med 0, med fel med 1.
    Varningar ger felstatus bara med --strikt.

    Exempel: [cyan]stod validera --data data[/cyan]
    """
    from .. import cache
    from ..problems import report
    from ..repository import load_data, resolve_folder

    folder = resolve_folder(data)
    before = cache.snapshot(folder)  # before reading: a change while reading is not missed
    loaded = load_data(folder)
    cache.keep(folder, before, len(loaded.sources), loaded.problems)
    code = report(loaded.problems, len(loaded.sources), format.value, strikt)
    if code:
        raise typer.Exit(code)
