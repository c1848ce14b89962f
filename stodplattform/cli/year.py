"""`stod oversikt` and `stod export`: the year's figures in the terminal and for Excel."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..problems import StodError
from .common import (
    DataOption,
    PerOption,
    SkrivOverOption,
    handles_errors,
    load_clean,
    per_date,
    require_year,
    say,
)


@handles_errors
def oversikt(
    ar: Annotated[
        int | None, typer.Argument(help="Året. Standard: året för --per.", show_default=False)
    ] = None,
    data: DataOption = None,
    per: PerOption = None,
) -> None:
    """Visa årets läge i terminalen: rapporter att lämna, möten, öppna åtgärder,
    stödtimmar per företag, budgeten hittills och målen mot takten för datumet.

    Exempel: [cyan]stod oversikt --per 2025-09-30[/cyan]
    """
    import shutil

    from rich.console import Console

    from ..problems import has_errors
    from ..repository import load_data, resolve_folder

    when = per_date(per)
    year = ar or when.year
    folder = resolve_folder(data)
    loaded = load_data(folder)
    problems = loaded.problems
    if has_errors(problems):
        from ..hints import cite, command

        errors = sum(p.severity == "fel" for p in problems)
        raise StodError(
            f"data har {errors} fel; rätta dem först, se{cite(command('validera', folder))}"
        )
    require_year(loaded, year)
    loaded.narrow(year)
    from ..overview import render as show_overview  # pandas after the data

    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 100))
    console = Console(width=width, highlight=False)
    show_overview(loaded, year, when, len(problems), console)


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


@handles_errors
def export(
    ar: Annotated[int, typer.Argument(help="Året, t.ex. 2025.", show_default=False)],
    data: DataOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="xlsx (en arbetsbok) eller csv (en fil per tabell i en mapp)."
        ),
    ] = ExportFormat.xlsx,
    ut: Annotated[
        Path | None,
        typer.Option(
            "--ut",
            "-o",
            help="Filen (xlsx) eller mappen (csv). Standard: ut/export-<ÅR>.",
            show_default=False,
        ),
    ] = None,
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Exportera årets tabeller till Excel: stödlogg, stöd per företag och område, möten,
    budget mot utfall, mål och deltagare (sammanräknade och maskerade, aldrig per person).

    CSV skrivs som svenskt Excel läser det: semikolon mellan fälten, decimalkomma och UTF-8.

    Exempel: [cyan]stod export 2025 --format xlsx[/cyan]
    """
    from ..output import default_folder
    from ..paths import display_path

    if ut is not None and str(ut) == "-":
        raise StodError("en export kan inte skrivas till terminalen; ange --ut FIL eller MAPP")
    when = per_date(per)
    loaded = load_clean(data)
    require_year(loaded, ar)
    loaded.narrow(ar)
    from ..export import write_csv, write_xlsx  # pandas after the data

    if format is ExportFormat.xlsx:
        out = ut or default_folder(loaded.folder) / f"export-{ar}.xlsx"
        written = write_xlsx(loaded, ar, when, out, skriv_over)
    else:
        out = ut or default_folder(loaded.folder) / f"export-{ar}"
        written = write_csv(loaded, ar, when, out, skriv_over)
    files = "" if len(written) == 1 else f" ({len(written)} filer)"
    say(f"Skrev {display_path(out)}{files}", "green")
