"""`stod rapport` and `stod ansokan`: the documents to the funder (assembled in
`stodplattform.documents`)."""

from __future__ import annotations

from enum import StrEnum
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
    report_written,
    require_year,
)


class DocFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"


FormatOption = Annotated[
    DocFormat,
    typer.Option(
        "--format", "-f", help="md (Markdown), html (en fristående webbsida) eller docx (Word)."
    ),
]
UtOption = Annotated[
    str | None,
    typer.Option(
        "--ut",
        "-o",
        help="Filen att skriva. '-' skriver till terminalen. Standard: ut/<dokument>-<ÅR>.<format>.",
        show_default=False,
    ),
]

AnsokanPerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="Datumet siffrorna gäller per (ÅÅÅÅ-MM-DD). Standard: ansökningsdatum i ar/ÅR.yaml "
        "om det är satt och passerat, annars i dag. Samma --per ger samma dokument.",
        show_default=False,
    ),
]


def _write(document, fmt: DocFormat, ut: str | None, skriv_over: bool) -> None:
    """Write the document to --ut (default ut/<dokument>.<format>, '-' for stdout)."""
    from .. import documents

    out = Path(ut) if ut not in (None, "-") else None
    result = documents.write(document, fmt.value, out, stdout=ut == "-", overwrite=skriv_over)
    report_written(result, document.luckor)


@handles_errors
def rapport(
    ar: Annotated[
        int, typer.Argument(help="Året som rapporten gäller, t.ex. 2025.", show_default=False)
    ],
    data: DataOption = None,
    format: FormatOption = DocFormat.md,
    ut: UtOption = None,
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör årets uppföljningsrapport till finansiären ur data.

    Rapporten har nyckeltal, möten med närvaro, stöd per företag och område, företagens
    nyckeltal, deltagare (små antal maskerade), budget mot utfall, mål, öppna åtgärder
    och rapporttillfällen. Markdown får diagrammen i en mapp bredvid; HTML och Word har
    dem inbakade.

    Exempel: [cyan]stod rapport 2025 --format docx --per 2026-02-15[/cyan]
    """
    from .. import documents

    when = per_date(per)
    loaded = load_clean(data)
    require_year(loaded, ar)
    _write(documents.rapport(loaded, ar, when), format, ut, skriv_over)


@handles_errors
def ansokan(
    ar: Annotated[
        int | None,
        typer.Argument(
            help="Året som ansökan gäller. Standard: året efter --per.", show_default=False
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = DocFormat.md,
    ut: UtOption = None,
    per: AnsokanPerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör ett utkast till ansökan för ett verksamhetsår ur data.

    Texterna kommer från ar/ÅR.yaml (texter); siffrorna fylls i ur data: förra årets
    resultat, styrgruppen, de företag som stöttas, budgeten per insats och det sökta
    beloppet. Texter som saknas eller är kvar från förra året markeras i dokumentet och
    nämns i en varning. Utan --per gäller siffrorna per ansökningsdatum i ar/ÅR.yaml.

    Exempel: [cyan]stod ansokan 2026 --per 2025-11-20 --format docx[/cyan]
    """
    from .. import documents

    when = per_date(per)
    year = ar if ar is not None else when.year + 1
    loaded = load_clean(data)
    require_year(loaded, year)
    _write(documents.ansokan(loaded, year, when if per else None), format, ut, skriv_over)
