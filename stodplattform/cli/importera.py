"""`stod import stod|deltagare FIL`: rows from Excel or CSV into the year's files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import DataOption, handles_errors, say
from .swedish import Command, Group

import_app = typer.Typer(
    cls=Group,
    help=(
        "Läs in rader från Excel (xlsx) eller CSV: stöd till företagen eller deltagare. "
        "Varje rad kontrolleras som i 'stod validera', och alla rader läggs till eller ingen.\n\n"
        "Exempel: [cyan]stod import stod tidrapport.xlsx --torrkor[/cyan]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

FileArgument = Annotated[
    Path,
    typer.Argument(help="Excel-arbetsboken (.xlsx) eller CSV-filen.", show_default=False),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--blad", help="Bladet i arbetsboken. Standard: det första.", show_default=False),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--torrkor", help="Visa vad som skulle läggas till, men skriv inget."),
]


def _report(result, dry_run: bool) -> None:
    from ..paths import display_path

    for problem in result.problems:  # as `stod validera` prints them: plain text
        typer.echo(str(problem), err=True)
    if result.errors:
        n = len(result.errors)
        say(
            f"fel: inget lades till; rätta {'felet' if n == 1 else f'de {n} felen'} och kör igen",
            "red",
        )
        raise typer.Exit(1)
    if dry_run:
        for path, rows in result.added.items():
            typer.echo(f"# {display_path(path)}: {len(rows)} nya rader")
            for number, line in rows:
                typer.echo(f"{line}  # rad {number}")
    for why, numbers in _grouped(result.skipped).items():
        rader = "rad" if len(numbers) == 1 else "rader"
        say(f"Hoppar över {len(numbers)} {rader} ({_ranges(numbers)}): {why}")
    if result.count == 0:
        say("Inget nytt att lägga till.", "green")
        return
    if len(result.added) == 1:
        files = display_path(next(iter(result.added)))
    else:
        files = ", ".join(f"{display_path(p)} ({len(r)})" for p, r in result.added.items())
    rader = "rad" if result.count == 1 else "rader"
    if dry_run:
        say(
            f"Torrkörning: {result.count} {rader} skulle läggas till i {files}; inget skrevs.",
            "green",
        )
    else:
        say(f"Lade till {result.count} {rader} i {files}.", "green")


def _grouped(skipped: list[tuple[int, str]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for number, why in skipped:
        grouped.setdefault(why, []).append(number)
    return grouped


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] → 'rad 2–4, 7'."""
    parts, start = [], None
    numbers = sorted(numbers)
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return "rad " + ", ".join(parts)


@import_app.command("stod", cls=Command)
@handles_errors
def import_stod(
    fil: FileArgument,
    blad: SheetOption = None,
    torrkor: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Läs in stöd till företagen från Excel eller CSV till stod/ÅÅÅÅ.yaml.

    Kolumnerna heter som fälten: Datum, Företag, Område, Timmar och gärna Beskrivning och
    Insats. Företag anges med namn eller id, område med namn eller kod, timmar med
    decimalkomma eller punkt. Rader som redan finns i loggen hoppas över, så det som
    'stod export' skrev kan läsas in igen utan dubbletter.

    Exempel: [cyan]stod import stod tidrapport.xlsx[/cyan]
    """
    from ..importer import import_rows
    from ..kalkylblad import read_sheet
    from ..repository import resolve_folder

    folder = resolve_folder(data)
    sheet = read_sheet(fil, blad, prefer="Stödlogg")
    _report(import_rows(folder, "stod", sheet, dry_run=torrkor), torrkor)


@import_app.command("deltagare", cls=Command)
@handles_errors
def import_deltagare(
    fil: FileArgument,
    blad: SheetOption = None,
    ar: Annotated[
        int | None,
        typer.Option("--ar", help="Årets fil deltagarna läggs i. Standard: startmånadens år."),
    ] = None,
    prefix: Annotated[
        str | None,
        typer.Option("--prefix", help="Pseudonymens bokstäver för rader utan pseudonym, t.ex. IS."),
    ] = None,
    torrkor: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Läs in deltagare från Excel eller CSV till deltagare/ÅÅÅÅ.yaml.

    Bara pseudonymer, månader och koder: kolumnerna Id (pseudonym), Insats, Start, Slut,
    Kön, Åldersgrupp, Remitterad av, Försörjning före, Företag och Utfall. En rad utan
    pseudonym får nästa lediga. En kolumn med namn eller personnummer stoppar inläsningen,
    och inget meddelande visar vad en cell innehöll.

    Exempel: [cyan]stod import deltagare deltagare-2026.xlsx --ar 2026[/cyan]
    """
    import re

    from ..importer import import_rows
    from ..kalkylblad import read_sheet
    from ..problems import StodError
    from ..repository import resolve_folder

    if prefix is not None and not re.fullmatch(r"[A-Z]{2,4}", prefix):
        raise StodError(f"--prefix ska vara 2–4 versaler (A–Z), fick '{prefix}'")
    folder = resolve_folder(data)
    sheet = read_sheet(fil, blad)
    result = import_rows(folder, "deltagare", sheet, dry_run=torrkor, year=ar, prefix=prefix)
    _report(result, torrkor)
