"""The `stod` command: parse arguments, call the core, print, set the exit code.

Heavy libraries (pydantic, pandas, jinja2, matplotlib, pandoc) are imported inside the
commands that need them, so that `stod --help` stays fast.
"""

from __future__ import annotations

import functools
import re
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


def _ask(value, label: str, parser, *, option: str, default=None, choices=None, required=True):
    """A value from its option (or its default), or asked for; checked with the data format's
    own rules. A bad value given as an option stops the run; a bad answer to a question is
    explained and asked again. With nothing to read (a script without the option), the run
    stops and names the option to give."""
    from .fields import Invalid

    if value is None and not required:
        return None
    if value is None and default is not None:
        value = default
    given = value is not None
    hint = f" ({', '.join(choices)})" if choices and len(choices) <= 16 else ""
    name = option.lstrip("-").replace("-", "_")
    for _ in range(5):
        if value is None:
            try:
                value = typer.prompt(f"{label}{hint}", err=True)
            except typer.Abort:
                raise StodError(f"{label.lower()} saknas; ange {option}") from None
        try:
            return parser(str(value), name)
        except Invalid as e:
            if given:
                raise StodError(str(e)) from None
            _say(f"fel: {e}", "red")
            value = None
    raise StodError(f"inget giltigt värde för {option}")


def _codes(vocabulary: dict):
    from .fields import code_parser

    return code_parser(vocabulary)


def _id_list(text: str | None) -> list[str]:
    from .fields import parse_id

    return [parse_id(x.strip(), "id") for x in (text or "").split(",") if x.strip()]


def _folder(data: Path | None) -> Path:
    from .repository import resolve_folder

    return resolve_folder(data)


@ny_app.command("foretag", cls=Command)
@handles_errors
def ny_foretag(
    namn: Annotated[str | None, typer.Option(help="Företagets namn.")] = None,
    kommun: Annotated[str | None, typer.Option(help="Kommunen.")] = None,
    status: Annotated[
        str, typer.Option(help="aktiv, under_etablering, vilande eller avvecklad.")
    ] = "aktiv",
    verksamhet: Annotated[str | None, typer.Option(help="Vad företaget gör.")] = None,
    associationsform: Annotated[str | None, typer.Option(help="T.ex. ekonomisk_forening.")] = None,
    startar: Annotated[str | None, typer.Option(help="Året företaget startade.")] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="Filnamnet (id). Standard: ur namnet.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Lägg till ett socialt företag (en ny fil i foretag/).

    Exempel: [cyan]stod ny foretag --namn "Cykelverkstan" --kommun Ludvika --verksamhet "Cykelreparationer"[/cyan]
    """
    from . import vocab
    from .fields import parse_id, parse_text, parse_year
    from .loader import display_path
    from .newdata import add_foretag

    folder = _folder(data)
    values = {
        "id": _ask(id, "Id", parse_id, option="--id", required=False),
        "namn": _ask(namn, "Namn", parse_text, option="--namn"),
        "kommun": _ask(kommun, "Kommun", parse_text, option="--kommun"),
        "verksamhet": _ask(verksamhet, "Verksamhet", parse_text, option="--verksamhet", required=False),
        "associationsform": _ask(
            associationsform, "Associationsform", _codes(vocab.ASSOCIATIONSFORMER),
            option="--associationsform", required=False,
        ),
        "status": _ask(status, "Status", _codes(vocab.FORETAGSSTATUS), option="--status"),
        "startar": _ask(startar, "Startår", parse_year, option="--startar", required=False),
    }  # fmt: skip
    path = add_foretag(folder, values)
    _say(f"Skrev {display_path(path)}", "green")


@ny_app.command("mote", cls=Command)
@handles_errors
def ny_mote(
    rubrik: Annotated[str | None, typer.Option(help="Mötets rubrik.")] = None,
    datum: Annotated[str | None, typer.Option(help="ÅÅÅÅ-MM-DD. Standard: i dag.")] = None,
    typ: Annotated[
        str | None, typer.Option(help="T.ex. plattformsmote, fokusdag, studiebesok.")
    ] = None,
    status: Annotated[str, typer.Option(help="genomfort, planerat eller installt.")] = "genomfort",
    plats: Annotated[str | None, typer.Option(help="Var mötet hölls.")] = None,
    narvaro: Annotated[
        str | None, typer.Option(help="Närvarande parter (id), med komma emellan.")
    ] = None,
    foretag: Annotated[
        str | None, typer.Option(help="Berörda företag (id), med komma emellan.")
    ] = None,
    antal: Annotated[str | None, typer.Option(help="Antal deltagare (vid evenemang).")] = None,
    namn: Annotated[
        str | None, typer.Option(help="Kort namn i filnamnet. Standard: typen.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Lägg till ett möte eller en aktivitet (en ny fil i moten/).

    Exempel: [cyan]stod ny mote --datum 2026-12-09 --typ plattformsmote --rubrik "Årets sista möte" --status planerat[/cyan]
    """
    import datetime as dt

    from . import vocab
    from .fields import parse_date, parse_integer, parse_text
    from .loader import display_path
    from .newdata import add_mote

    folder = _folder(data)
    values = {
        "datum": _ask(datum, "Datum", parse_date, option="--datum", default=dt.date.today().isoformat()).isoformat(),
        "typ": _ask(typ, "Typ", _codes(vocab.MOTESTYPER), option="--typ", choices=list(vocab.MOTESTYPER)),
        "rubrik": _ask(rubrik, "Rubrik", parse_text, option="--rubrik"),
        "status": _ask(status, "Status", _codes(vocab.MOTESSTATUS), option="--status"),
        "plats": _ask(plats, "Plats", parse_text, option="--plats", required=False),
        "foretag": _id_list(foretag),
        "narvaro": _id_list(narvaro),
        "antal_deltagare": _ask(antal, "Antal", parse_integer, option="--antal", required=False),
        "namn": namn,
    }  # fmt: skip
    if values["status"] == "genomfort":
        values.pop("status")
    path = add_mote(folder, values)
    _say(f"Skrev {display_path(path)}", "green")


@ny_app.command("stod", cls=Command)
@handles_errors
def ny_stod(
    beskrivning: Annotated[
        str | None, typer.Argument(help="Vad stödet gällde.", show_default=False)
    ] = None,
    foretag: Annotated[
        str | None, typer.Option(help="Företagets id, t.ex. luddes-hundcenter.")
    ] = None,
    omrade: Annotated[
        str | None, typer.Option(help="Stödområde, t.ex. bokforing eller hr.")
    ] = None,
    timmar: Annotated[str | None, typer.Option(help="Timmar, i steg om 0.25.")] = None,
    datum: Annotated[str | None, typer.Option(help="ÅÅÅÅ-MM-DD. Standard: i dag.")] = None,
    insats: Annotated[
        str | None, typer.Option(help="Insatsens id. Standard: årets första.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Lägg till en rad i årets stödlogg (stod/ÅÅÅÅ.yaml); filen i övrigt lämnas orörd.

    Exempel: [cyan]stod ny stod --foretag luddes-hundcenter --omrade bokforing --timmar 2 --datum 2025-03-04 "Genomgång av kassaflöde"[/cyan]
    """
    import datetime as dt

    from . import vocab
    from .fields import parse_date, parse_hours, parse_id
    from .loader import display_path
    from .newdata import add_stod

    folder = _folder(data)
    values = {
        "datum": _ask(datum, "Datum", parse_date, option="--datum", default=dt.date.today().isoformat()).isoformat(),
        "foretag": _ask(foretag, "Företag (id)", parse_id, option="--foretag"),
        "omrade": _ask(omrade, "Område", _codes(vocab.OMRADEN), option="--omrade", choices=list(vocab.OMRADEN)),
        "timmar": _ask(timmar, "Timmar", parse_hours, option="--timmar"),
        "beskrivning": beskrivning,
        "insats": _ask(insats, "Insats", parse_id, option="--insats", required=False),
    }  # fmt: skip
    path = add_stod(folder, values)
    _say(f"Lade till stöd till {values['foretag']} i {display_path(path)}", "green")


@ny_app.command("deltagare", cls=Command)
@handles_errors
def ny_deltagare(
    insats: Annotated[str | None, typer.Option(help="Insatsens id, t.ex. industrisparet.")] = None,
    start: Annotated[str | None, typer.Option(help="Startmånad, ÅÅÅÅ-MM.")] = None,
    kon: Annotated[str | None, typer.Option(help="kvinna, man eller annat.")] = None,
    aldersgrupp: Annotated[
        str | None, typer.Option(help="16-24, 25-29, 30-49, 50-64 eller 65+.")
    ] = None,
    remitterad_av: Annotated[str | None, typer.Option(help="Parten som remitterade (id).")] = None,
    forsorjning_fore: Annotated[str | None, typer.Option(help="T.ex. forsorjningsstod.")] = None,
    foretag: Annotated[
        str | None, typer.Option(help="Företaget där deltagaren finns (id).")
    ] = None,
    prefix: Annotated[str | None, typer.Option(help="Pseudonymens bokstäver, t.ex. IS.")] = None,
    data: DataOption = None,
) -> None:
    """Lägg till en deltagare med nästa lediga pseudonym (deltagare/ÅÅÅÅ.yaml).

    Inga namn eller personnummer: deltagaren får en pseudonym som IS-2026-11, och nyckeln
    till personen förvaras utanför stod.

    Exempel: [cyan]stod ny deltagare --insats industrisparet --start 2026-11 --kon kvinna --aldersgrupp 30-49[/cyan]
    """
    from . import vocab
    from .fields import parse_id, parse_month
    from .loader import display_path
    from .newdata import add_deltagare

    folder = _folder(data)
    if prefix is not None and not re.fullmatch(r"[A-Z]{2,4}", prefix):
        raise StodError(f"--prefix ska vara 2–4 versaler (A–Z), fick '{prefix}'")
    values = {
        "insats": _ask(insats, "Insats (id)", parse_id, option="--insats"),
        "start": _ask(start, "Startmånad (ÅÅÅÅ-MM)", parse_month, option="--start"),
        "kon": _ask(kon, "Kön", _codes(vocab.KON), option="--kon", choices=list(vocab.KON)),
        "aldersgrupp": _ask(aldersgrupp, "Åldersgrupp", _codes(vocab.ALDERSGRUPPER), option="--aldersgrupp", required=False),
        "remitterad_av": _ask(remitterad_av, "Remitterad av", parse_id, option="--remitterad-av", required=False),
        "forsorjning_fore": _ask(forsorjning_fore, "Försörjning före", _codes(vocab.FORSORJNING), option="--forsorjning-fore", required=False),
        "foretag": _ask(foretag, "Företag", parse_id, option="--foretag", required=False),
    }  # fmt: skip
    path, ident = add_deltagare(folder, values, prefix)
    _say(f"Lade till {ident} i {display_path(path)}", "green")


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

    from .init import init as make
    from .loader import display_path

    for line in make(katalog, ar or dt.date.today().year, namn, region, finansiar):
        _say(line)
    data = display_path(katalog / "data")
    _say(f"Nästa steg: fyll i {data}/plattform.yaml och kör 'stod validera --data {data}'", "green")


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

    from .overview import render as show_overview
    from .problems import has_errors
    from .repository import load_data, resolve_folder

    when = _per(per)
    year = ar or when.year
    loaded = load_data(resolve_folder(data))
    problems = loaded.problems
    if has_errors(problems):
        errors = sum(p.severity == "fel" for p in problems)
        raise StodError(f"data har {errors} fel; kör 'stod validera' och rätta dem först")
    if year not in loaded.ar:
        raise StodError(f"ar/{year}.yaml saknas; börja året med 'stod ny ar {year}'")
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
    from .export import write_csv, write_xlsx
    from .loader import display_path

    when = _per(per)
    loaded = _load_clean(data)
    if ar not in loaded.ar:
        raise StodError(f"ar/{ar}.yaml saknas; börja året med 'stod ny ar {ar}'")
    root = loaded.folder.resolve().parent
    if format is ExportFormat.xlsx:
        out = ut or root / "ut" / f"export-{ar}.xlsx"
        written = write_xlsx(loaded, ar, when, out, skriv_over)
    else:
        out = ut or root / "ut" / f"export-{ar}"
        written = write_csv(loaded, ar, when, out, skriv_over)
    files = "" if len(written) == 1 else f" ({len(written)} filer)"
    _say(f"Skrev {display_path(out)}{files}", "green")


def main() -> None:
    app()
