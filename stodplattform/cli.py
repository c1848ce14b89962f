"""The `stod` command: parse arguments, call the core, print, set the exit code.

Heavy libraries (pydantic, pandas, jinja2, matplotlib, pandoc) are imported inside the
commands that need them, so that `stod --help` stays fast.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .cli_sv import Command, Group
from .problems import StodError

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

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Datamappen. Annars miljövariabeln STOD_DATA, annars ./data.",
        show_default=False,
    ),
]


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _say(message: str, style: str = "") -> None:
    """A message to the user on stderr; user text is escaped, never read as markup."""
    from rich.markup import escape

    text = escape(message)
    _console().print(f"[{style}]{text}[/{style}]" if style else text)


def handles_errors(command):
    """A run that cannot go on ends as 'fel: …' and exit 1, never as a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except StodError as e:
            _say(f"fel: {e}", "red")
            raise typer.Exit(1) from None

    return wrapper


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
    from .problems import as_json, as_text, count_summary, has_errors
    from .repository import load_data, resolve_folder

    loaded = load_data(resolve_folder(data))
    problems = loaded.problems
    if format is ProblemFormat.json:
        typer.echo(as_json(problems), nl=False)
    else:
        typer.echo(as_text(problems), nl=False)
    _say(count_summary(len(loaded.sources), problems))
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
PerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="Datumet dokumentet gäller per (ÅÅÅÅ-MM-DD). Standard: i dag. Samma --per ger samma dokument.",
        show_default=False,
    ),
]
SkrivOverOption = Annotated[
    bool,
    typer.Option("--skriv-over", help="Skriv över dokumentet även om det har ändrats för hand."),
]


def _per(value: str | None):
    import datetime as dt

    if value is None:
        return dt.date.today()
    from .fields import Invalid, parse_date

    try:
        return parse_date(value, "--per")
    except Invalid as e:
        raise typer.BadParameter(str(e), param_hint="'--per'") from None


def _load_clean(data_option: Path | None):
    """Data without errors, or the problems printed and exit 1; warnings are shown."""
    from .problems import as_text, has_errors
    from .repository import load_data, resolve_folder

    loaded = load_data(resolve_folder(data_option))
    problems = loaded.problems
    if problems:
        typer.echo(as_text(problems), nl=False, err=True)
    if has_errors(problems):
        errors = sum(p.severity == "fel" for p in problems)
        raise StodError(
            f"data har {errors} fel; rätta dem (se 'stod validera') innan dokumentet kan göras"
        )
    return loaded


def _report_written(result, gaps: list[str]) -> None:
    from .loader import display_path

    for message in gaps:
        _say(f"varning: {message}", "yellow")
    if result.content is not None:
        typer.echo(result.content.decode("utf-8"), nl=False)
        return
    main, *extra = result.written
    more = f" (och {len(extra)} diagram)" if extra else ""
    _say(f"Skrev {display_path(main)}{more}", "green")


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
    from .aggregate import year_summary
    from .documents import default_output, make_document
    from .formats.charts import report_charts
    from .gitinfo import data_version

    when = _per(per)
    loaded = _load_clean(data)
    if ar not in loaded.ar:
        raise StodError(f"ar/{ar}.yaml saknas i {loaded.folder}; skapa året med 'stod ny ar {ar}'")
    summary = year_summary(loaded, ar, when)
    root = loaded.folder.resolve().parent
    out = (
        None
        if ut == "-"
        else Path(ut)
        if ut
        else default_output(root, f"uppfoljning-{ar}", format.value)
    )
    context = {
        "r": summary,
        "plattform": loaded.plattform,
        "version": data_version(loaded.folder),
        "stod_version": __version__,
    }
    result = make_document(
        template="uppfoljning.md.j2",
        context=context,
        charts=lambda folder: report_charts(summary, folder),
        title=f"Uppföljning {ar} – {loaded.plattform.namn}",
        fmt=format.value,
        out=out,
        per=when,
        user_folder=root / "mallar",
        overwrite=skriv_over,
    )
    _report_written(result, summary["luckor"])


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
    from .application import application
    from .documents import default_output, make_document

    when = _per(per)
    year = ar if ar is not None else when.year + 1
    loaded = _load_clean(data)
    if year not in loaded.ar:
        raise StodError(
            f"ar/{year}.yaml saknas i {loaded.folder}; börja året med 'stod ny ar {year}'"
        )
    figures = application(loaded, year, when)
    root = loaded.folder.resolve().parent
    out = (
        None
        if ut == "-"
        else Path(ut)
        if ut
        else default_output(root, f"ansokan-{year}", format.value)
    )
    result = make_document(
        template="ansokan.md.j2",
        context={"a": figures, "plattform": loaded.plattform},
        charts=lambda folder: {},
        title=figures["rubrik"],
        fmt=format.value,
        out=out,
        per=when,
        user_folder=root / "mallar",
        overwrite=skriv_over,
    )
    _report_written(result, figures["varningar"])


ny_app = typer.Typer(
    cls=Group,
    help="Lägg till data: ett nytt verksamhetsår.\n\nExempel: [cyan]stod ny ar 2027[/cyan]",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(ny_app, name="ny")


@ny_app.command("ar", cls=Command)
@handles_errors
def ny_ar(
    ar: Annotated[
        int, typer.Argument(help="Året som ska läggas till, t.ex. 2027.", show_default=False)
    ],
    data: DataOption = None,
) -> None:
    """Börja ett nytt verksamhetsår utifrån det senaste tidigare året.

    Insatser, budgetposter, mål och texter följer med; beviljat belopp, utfall,
    rapporttillfällen och datum töms. Den nya filen är giltig direkt. En befintlig fil
    skrivs aldrig över.

    Exempel: [cyan]stod ny ar 2027[/cyan]
    """
    import datetime as dt

    from .loader import display_path
    from .newyear import start_year
    from .repository import resolve_folder

    path = start_year(resolve_folder(data), ar, dt.date.today())
    _say(f"Skrev {display_path(path)}; fyll i belopp och texter för {ar}", "green")


def main() -> None:
    app()
