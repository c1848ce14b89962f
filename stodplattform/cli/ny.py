"""`stod ny …`: add data from the command line, with questions for what is missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ..problems import StodError
from .common import DataOption, handles_errors, say
from .questions import Questions
from .swedish import Command, Group

ny_app = typer.Typer(
    cls=Group,
    help=(
        "Lägg till data: ett nytt verksamhetsår, ett företag, ett möte, en rad i stödloggen "
        "eller en deltagare.\n\nExempel: [cyan]stod ny ar 2027[/cyan]   "
        "[cyan]stod ny stod --foretag luddes-hundcenter --timmar 2[/cyan]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


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

    from ..newyear import start_year
    from ..paths import display_path
    from ..repository import resolve_folder

    started = start_year(resolve_folder(data), ar, dt.date.today())
    say(f"Skrev {display_path(started.path)}; fyll i belopp och texter för {ar}", "green")
    for line in started.told():
        say(line)


def _folder(data: Path | None) -> Path:
    from ..repository import resolve_folder

    return resolve_folder(data)


def _talking(*required) -> Questions:
    """Questions for what the options did not give: asked only when a required value is
    missing (a run with all its options asks nothing, as in a script)."""
    return Questions(talking=any(value is None for value in required))


def _loaded(folder: Path, q: Questions):
    """The data, for the lists to choose from; only read when questions are asked."""
    if not q.talking:
        return None
    from ..repository import load_data

    return load_data(folder)


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def _date(q: Questions, value: str | None) -> str:
    """--datum, or asked (today in brackets), or today; as ISO text."""
    from ..fields import parse_date

    return q.value(value, "Datum", parse_date, option="--datum", default=_today()).isoformat()


def _codes(vocabulary: dict):
    from ..fields import code_parser

    return code_parser(vocabulary)


def _kommun(loaded):
    """A municipality as text; one of the platform's written another way gets its spelling."""
    from ..fields import parse_text
    from ..suggest import fold

    known = list(loaded.plattform.kommuner) if loaded is not None and loaded.plattform else []

    def parse(value: str, name: str) -> str:
        text = parse_text(value, name).strip()
        return next((k for k in known if fold(k) == fold(text)), text)

    return parse, known


@ny_app.command("foretag", cls=Command)
@handles_errors
def ny_foretag(
    namn: Annotated[str | None, typer.Option(help="Företagets namn.")] = None,
    kommun: Annotated[str | None, typer.Option(help="Kommunen.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="aktiv, under_etablering, vilande eller avvecklad. Standard: aktiv.",
            show_default=False,
        ),
    ] = None,
    verksamhet: Annotated[str | None, typer.Option(help="Vad företaget gör.")] = None,
    associationsform: Annotated[str | None, typer.Option(help="T.ex. ekonomisk_forening.")] = None,
    startar: Annotated[str | None, typer.Option(help="Året företaget startade.")] = None,
    behov: Annotated[
        str | None,
        typer.Option(
            help="Företagets behov av stöd, med komma emellan, t.ex. radgivning,mentorer."
        ),
    ] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="Filnamnet (id). Standard: ur namnet.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Lägg till ett socialt företag (en ny fil i foretag/).

    Utan --namn eller --kommun frågar stod efter allt som behövs, en fråga i taget.

    Exempel: [cyan]stod ny foretag --namn "Cykelverkstan" --kommun Ludvika --verksamhet "Cykelreparationer"[/cyan]
    """
    from .. import vocab
    from ..fields import parse_id, parse_text, parse_year
    from ..newdata import add_foretag
    from ..paths import display_path

    folder = _folder(data)
    q = _talking(namn, kommun)
    loaded = _loaded(folder, q)
    in_kommun, known = _kommun(loaded)
    where = f"Kommun ({', '.join(known)})" if 0 < len(known) <= 8 else "Kommun"
    values = {
        "id": q.value(id, "Id", parse_id, option="--id", required=False) if id else None,
        "namn": q.value(namn, "Namn", parse_text, option="--namn"),
        "kommun": q.value(kommun, where, in_kommun, option="--kommun"),
        "verksamhet": q.value(verksamhet, "Verksamhet", parse_text, option="--verksamhet", required=False),
        "associationsform": q.value(
            associationsform, "Associationsform", _codes(vocab.ASSOCIATIONSFORMER),
            option="--associationsform", required=False, choices=vocab.ASSOCIATIONSFORMER,
        ),
        "status": q.value(
            status, "Status", _codes(vocab.FORETAGSSTATUS), option="--status", default="aktiv",
            choices=vocab.FORETAGSSTATUS,
        ),
        "startar": q.value(startar, "Startår", parse_year, option="--startar", required=False),
        "behov": q.many(behov, "Behov", vocab.BEHOV, option="--behov", parse=_codes(vocab.BEHOV)),
    }  # fmt: skip
    path = add_foretag(folder, values)
    say(f"Skrev {display_path(path)}", "green")


@ny_app.command("mote", cls=Command)
@handles_errors
def ny_mote(
    rubrik: Annotated[str | None, typer.Option(help="Mötets rubrik.")] = None,
    datum: Annotated[str | None, typer.Option(help="ÅÅÅÅ-MM-DD. Standard: i dag.")] = None,
    typ: Annotated[
        str | None, typer.Option(help="T.ex. plattformsmote, fokusdag, studiebesok.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="genomfort, planerat eller installt. Standard: genomfort.", show_default=False
        ),
    ] = None,
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

    Utan --typ eller --rubrik frågar stod efter allt som behövs, en fråga i taget.

    Exempel: [cyan]stod ny mote --datum 2026-12-09 --typ plattformsmote --rubrik "Årets sista möte" --status planerat[/cyan]
    """

    from .. import vocab
    from ..fields import parse_integer, parse_text
    from ..newdata import add_mote, enterprise_choices, party_choices
    from ..paths import display_path

    folder = _folder(data)
    q = _talking(typ, rubrik)
    loaded = _loaded(folder, q)
    day = _date(q, datum)
    coming = "planerat" if day > _today() else "genomfort"
    values = {
        "datum": day,
        "typ": q.value(typ, "Typ", _codes(vocab.MOTESTYPER), option="--typ", choices=vocab.MOTESTYPER),
        "rubrik": q.value(rubrik, "Rubrik", parse_text, option="--rubrik"),
        "status": q.value(
            status, "Status", _codes(vocab.MOTESSTATUS), option="--status",
            default=coming if q.talking else "genomfort", choices=vocab.MOTESSTATUS,
        ),
        "plats": q.value(plats, "Plats", parse_text, option="--plats", required=False),
        "foretag": q.many(foretag, "Berörda företag", enterprise_choices(loaded) if loaded else {}, option="--foretag"),
        "narvaro": q.many(narvaro, "Närvarande parter", party_choices(loaded) if loaded else {}, option="--narvaro"),
        "antal_deltagare": q.value(antal, "Antal deltagare", parse_integer, option="--antal", required=False),
        "namn": namn,
    }  # fmt: skip
    if values["status"] == "genomfort":
        values.pop("status")
    path = add_mote(folder, values)
    say(f"Skrev {display_path(path)}", "green")


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

    Det som saknas frågar stod efter, en fråga i taget: företaget och området väljs ur en
    lista (med nummer, id eller namn).

    Exempel: [cyan]stod ny stod --foretag luddes-hundcenter --omrade bokforing --timmar 2 --datum 2025-03-04 "Genomgång av kassaflöde"[/cyan]
    """

    from .. import vocab
    from ..fields import parse_hours, parse_id, parse_text
    from ..newdata import add_stod, effort_choices, enterprise_choices
    from ..paths import display_path

    folder = _folder(data)
    q = _talking(foretag, omrade, timmar)
    loaded = _loaded(folder, q)
    day = _date(q, datum)
    efforts = effort_choices(loaded, int(day[:4])) if loaded else {}
    values = {
        "datum": day,
        "foretag": q.value(foretag, "Företag", parse_id, option="--foretag", choices=enterprise_choices(loaded) if loaded else None),
        "omrade": q.value(omrade, "Område", _codes(vocab.OMRADEN), option="--omrade", choices=vocab.OMRADEN),
        "timmar": q.value(timmar, "Timmar", parse_hours, option="--timmar"),
        "beskrivning": q.value(beskrivning, "Vad stödet gällde", parse_text, option="beskrivning", required=False) if beskrivning is None else beskrivning,
        "insats": q.value(
            insats, "Insats", parse_id, option="--insats", required=False,
            choices=efforts if len(efforts) > 1 else None, shown=next(iter(efforts), None),
        ) if insats is not None or len(efforts) > 1 else None,
    }  # fmt: skip
    path = add_stod(folder, values)
    say(f"Lade till stöd till {values['foretag']} i {display_path(path)}", "green")


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
    till personen förvaras utanför stod. Det som saknas frågar stod efter, en fråga i taget.

    Exempel: [cyan]stod ny deltagare --insats industrisparet --start 2026-11 --kon kvinna --aldersgrupp 30-49[/cyan]
    """
    from .. import vocab
    from ..fields import parse_id, parse_month
    from ..newdata import add_deltagare, effort_choices, enterprise_choices, party_choices
    from ..paths import display_path

    folder = _folder(data)
    if prefix is not None and not re.fullmatch(r"[A-Z]{2,4}", prefix):
        raise StodError(f"--prefix ska vara 2–4 versaler (A–Z), fick '{prefix}'")
    q = _talking(insats, start, kon)
    loaded = _loaded(folder, q)
    month = q.value(
        start,
        "Startmånad (ÅÅÅÅ-MM)",
        parse_month,
        option="--start",
        default=_today()[:7] if q.talking else None,
    )
    values = {
        "insats": q.value(insats, "Insats", parse_id, option="--insats", choices=effort_choices(loaded, int(month[:4])) if loaded else None),
        "start": month,
        "kon": q.value(kon, "Kön", _codes(vocab.KON), option="--kon", choices=vocab.KON),
        "aldersgrupp": q.value(aldersgrupp, "Åldersgrupp", _codes(vocab.ALDERSGRUPPER), option="--aldersgrupp", required=False, choices=vocab.ALDERSGRUPPER),
        "remitterad_av": q.value(remitterad_av, "Remitterad av", parse_id, option="--remitterad-av", required=False, choices=party_choices(loaded) if loaded else None),
        "forsorjning_fore": q.value(forsorjning_fore, "Försörjning före", _codes(vocab.FORSORJNING), option="--forsorjning-fore", required=False, choices=vocab.FORSORJNING),
        "foretag": q.value(foretag, "Företag", parse_id, option="--foretag", required=False, choices=enterprise_choices(loaded) if loaded else None),
    }  # fmt: skip
    path, ident = add_deltagare(folder, values, prefix)
    say(f"Lade till {ident} i {display_path(path)}", "green")
