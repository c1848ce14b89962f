"""`stod kallelse`, `stod protokoll` and `stod webb`: the documents of one meeting (assembled
in `stodplattform.motesdokument`) and the platform's public web pages (`stodplattform.webb`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import (
    DataOption,
    PerOption,
    SkrivOverOption,
    handles_errors,
    load_clean,
    per_date,
    say,
)
from .documents import DocFormat, FormatOption, _write

DatumArgument = Annotated[
    str,
    typer.Argument(
        help="Mötets datum (ÅÅÅÅ-MM-DD), eller mötesfilens namn när dagen har två möten.",
        show_default=False,
    ),
]


def _ut_option(document: str):
    return Annotated[
        str | None,
        typer.Option(
            "--ut",
            "-o",
            help=f"Filen att skriva. '-' skriver till terminalen. Standard: ut/{document}-<DATUM>.<format>.",
            show_default=False,
        ),
    ]


KallelseUt = _ut_option("kallelse")
ProtokollUt = _ut_option("protokoll")


@handles_errors
def kallelse(
    datum: DatumArgument,
    data: DataOption = None,
    format: FormatOption = DocFormat.md,
    ut: KallelseUt = None,
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör kallelsen till ett planerat möte ur data.

    Kallelsen har de kallade parterna (kallade i mötesfilen, annars alla), dag, tid, plats
    och dagordning, de öppna åtgärder som ska vara klara till mötet med vem som ansvarar,
    och besluten från förra mötet av samma slag.

    Exempel: [cyan]stod kallelse 2026-12-09 --format docx[/cyan]
    """
    from .. import motesdokument

    when = per_date(per)
    loaded = load_clean(data)
    _write(motesdokument.kallelse(loaded, datum, when), format, ut, skriv_over)


@handles_errors
def protokoll(
    datum: DatumArgument,
    data: DataOption = None,
    format: FormatOption = DocFormat.md,
    ut: ProtokollUt = None,
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör protokollet från ett genomfört möte ur data.

    Protokollet har de närvarande parterna och företagen, dagordningen, besluten (numrerade
    §), åtgärderna med ansvarig och datum, och nästa möte. Mötesfilen måste ha närvaro
    (narvaro) och beslut (beslut) antecknade.

    Exempel: [cyan]stod protokoll 2025-11-12 --format docx[/cyan]
    """
    from .. import motesdokument

    when = per_date(per)
    loaded = load_clean(data)
    _write(motesdokument.protokoll(loaded, datum, when), format, ut, skriv_over)


@handles_errors
def webb(
    data: DataOption = None,
    ut: Annotated[
        Path | None,
        typer.Option(
            "--ut",
            "-o",
            help="Mappen att skriva sidorna i. Standard: ut/webb/ bredvid datamappen.",
            show_default=False,
        ),
    ] = None,
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör plattformens publika webbsidor som vanliga filer: index.html, en sida per
    företag och en stilmall.

    Sidorna visar plattformen och dess parter, de företag som visas publikt (status aktiv
    eller under etablering, om inte publik: false) med beskrivning och kontakt, kommande
    fokusdagar, seminarier och mässor, och hur man når plattformen. Deltagare, stödtimmar,
    budget och interna möten kommer aldrig med. Sidorna fungerar utan JavaScript, direkt
    från mappen eller på vilket webbhotell som helst.

    Exempel: [cyan]stod webb --ut publikt[/cyan]
    """
    from ..output import default_folder
    from ..paths import display_path
    from ..webb import write_site

    if ut is not None and str(ut) == "-":
        from ..problems import StodError

        raise StodError("webbsidorna kan inte skrivas till terminalen; ange --ut MAPP")
    when = per_date(per)
    loaded = load_clean(data)
    target = ut if ut is not None else default_folder(loaded.folder) / "webb"
    result = write_site(loaded, target, when, skriv_over)
    for message in result.warnings:
        say(f"varning: {message}", "yellow")
    for path in result.removed:
        say(f"Tog bort {display_path(path)} (företaget visas inte längre)")
    pages = len(result.written) - 1
    say(f"Skrev {display_path(target)}/ ({pages} sidor och en stilmall)", "green")
