"""The `stod` command: parse arguments, call the core, print, set the exit code.

Heavy libraries (pydantic, pandas, jinja2, matplotlib, pandoc) are imported inside the
commands that need them, so that `stod --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..problems import StodError
from .common import (
    DataOption,
    PerOption,
    SkrivOverOption,
    handles_errors,
    load_clean,
    per_date,
    report_written,
    require_year,
    say,
)
from .ny import ny_app
from .swedish import Command, Group

app = typer.Typer(
    name="stod",
    cls=Group,
    help=(
        "[bold]stod[/bold] – data, uppföljning och ansökan för en stödplattform för sociala "
        "företag.\n\nPlattformens uppgifter ligger som YAML-filer i en datamapp (data/). "
        "stod kontrollerar dem och gör årets uppföljningsrapport och ansökan ur dem.\n\n"
        "Exempel: [cyan]stod validera[/cyan]   [cyan]stod rapport 2025[/cyan]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stod {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Visa versionen."),
    ] = False,
) -> None:
    """stod – data, uppföljning och ansökan för stödplattformar för sociala företag."""


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(cls=Command)
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
    from ..problems import as_json, as_text, count_summary, has_errors
    from ..repository import load_data, resolve_folder

    folder = resolve_folder(data)
    before = cache.snapshot(folder)  # before reading: a change while reading is not missed
    loaded = load_data(folder)
    problems = loaded.problems
    cache.keep(folder, before, len(loaded.sources), problems)
    if format is ProblemFormat.json:
        typer.echo(as_json(problems), nl=False)
    else:
        typer.echo(as_text(problems), nl=False)
    say(count_summary(len(loaded.sources), problems))
    if has_errors(problems) or (strikt and problems):
        raise typer.Exit(1)


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


def _document(loaded, when, stem: str, fmt: DocFormat, ut: str | None, skriv_over: bool, *,
              template: str, context: dict, charts, title: str, warnings: list[str]) -> None:  # fmt: skip
    """Render a document template to --ut (default ut/<stem>.<format>, '-' for stdout)."""
    from ..documents import default_output, make_document

    root = loaded.folder.resolve().parent
    out = None if ut == "-" else Path(ut) if ut else default_output(root, stem, fmt.value)
    result = make_document(
        template=template,
        context=context,
        charts=charts,
        title=title,
        fmt=fmt.value,
        out=out,
        per=when,
        user_folder=root / "mallar",
        overwrite=skriv_over,
    )
    report_written(result, warnings)


@app.command(cls=Command)
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
    when = per_date(per)
    loaded = load_clean(data)
    require_year(loaded, ar)
    loaded.narrow(ar)
    from ..aggregate import year_summary  # pandas and matplotlib after the data is narrowed
    from ..formats.charts import report_charts
    from ..gitinfo import data_version

    summary = year_summary(loaded, ar, when)
    context = {
        "r": summary,
        "plattform": loaded.plattform,
        "version": data_version(loaded.folder),
        "stod_version": __version__,
    }
    _document(
        loaded, when, f"uppfoljning-{ar}", format, ut, skriv_over,
        template="uppfoljning.md.j2",
        context=context,
        charts=lambda folder: report_charts(summary, folder),
        title=f"Uppföljning {ar} – {loaded.plattform.namn}",
        warnings=summary["luckor"],
    )  # fmt: skip


@app.command(cls=Command)
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
    per: PerOption = None,
    skriv_over: SkrivOverOption = False,
) -> None:
    """Gör ett utkast till ansökan för ett verksamhetsår ur data.

    Texterna kommer från ar/ÅR.yaml (texter); siffrorna fylls i ur data: förra årets
    resultat, styrgruppen, de företag som stöttas, budgeten per insats och det sökta
    beloppet. Texter som saknas markeras i dokumentet och nämns i en varning.

    Exempel: [cyan]stod ansokan 2026 --per 2025-11-20 --format docx[/cyan]
    """
    when = per_date(per)
    year = ar if ar is not None else when.year + 1
    loaded = load_clean(data)
    require_year(loaded, year)
    loaded.narrow(year - 1)  # the application's figures are last year's
    from ..application import application  # pandas after the data: the peaks do not add up

    figures = application(loaded, year, when)
    _document(
        loaded, when, f"ansokan-{year}", format, ut, skriv_over,
        template="ansokan.md.j2",
        context={"a": figures, "plattform": loaded.plattform},
        charts=lambda folder: {},
        title=figures["rubrik"],
        warnings=figures["varningar"],
    )  # fmt: skip


@app.command(cls=Command)
@handles_errors
def init(
    katalog: Annotated[
        Path, typer.Argument(help="Mappen där datarepot ska skapas.", show_default=False)
    ],
    namn: Annotated[str | None, typer.Option(help="Plattformens namn.")] = None,
    region: Annotated[str | None, typer.Option(help="Regionen, t.ex. Norrbotten.")] = None,
    finansiar: Annotated[str | None, typer.Option(help="Samordningsförbundets namn.")] = None,
    ar: Annotated[
        int | None, typer.Option("--ar", help="Första verksamhetsåret. Standard: i år.")
    ] = None,
) -> None:
    """Skapa ett nytt datarepo för en plattform: data/ med mappar, plattform.yaml och årets
    fil att fylla i, .gitignore, en pre-commit-inställning som kör stod validera, och git.

    Det nya repot är giltigt direkt; det som återstår att fylla i står som FYLL I och
    visas som varningar av stod validera.

    Exempel: [cyan]stod init norrbotten --region Norrbotten --finansiar "Samordningsförbundet Norrbotten"[/cyan]
    """
    import datetime as dt

    from ..init import init as make
    from ..paths import display_path

    for line in make(katalog, ar or dt.date.today().year, namn, region, finansiar):
        say(line)
    data = display_path(katalog / "data")
    say(f"Nästa steg: fyll i {data}/plattform.yaml och kör 'stod validera --data {data}'", "green")


@app.command(cls=Command)
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
    import shutil as sh

    from rich.console import Console

    from ..problems import has_errors
    from ..repository import load_data, resolve_folder

    when = per_date(per)
    year = ar or when.year
    loaded = load_data(resolve_folder(data))
    problems = loaded.problems
    if has_errors(problems):
        errors = sum(p.severity == "fel" for p in problems)
        raise StodError(f"data har {errors} fel; kör 'stod validera' och rätta dem först")
    require_year(loaded, year)
    loaded.narrow(year)
    from ..overview import render as show_overview  # pandas after the data

    width = max(60, min(sh.get_terminal_size((100, 24)).columns, 100))
    console = Console(width=width, highlight=False)
    show_overview(loaded, year, when, len(problems), console)


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


@app.command(cls=Command)
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
    from ..paths import display_path

    if ut is not None and str(ut) == "-":
        raise StodError("en export kan inte skrivas till terminalen; ange --ut FIL eller MAPP")
    when = per_date(per)
    loaded = load_clean(data)
    require_year(loaded, ar)
    loaded.narrow(ar)
    from ..export import write_csv, write_xlsx  # pandas after the data

    root = loaded.folder.resolve().parent
    if format is ExportFormat.xlsx:
        out = ut or root / "ut" / f"export-{ar}.xlsx"
        written = write_xlsx(loaded, ar, when, out, skriv_over)
    else:
        out = ut or root / "ut" / f"export-{ar}"
        written = write_csv(loaded, ar, when, out, skriv_over)
    files = "" if len(written) == 1 else f" ({len(written)} filer)"
    say(f"Skrev {display_path(out)}{files}", "green")


app.add_typer(ny_app, name="ny")


def main() -> None:
    app()
