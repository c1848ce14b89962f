"""`stod ny …`: add data from the command line, with questions for what is missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ..problems import StodError
from .common import DataOption, handles_errors, say
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

    path = start_year(resolve_folder(data), ar, dt.date.today())
    say(f"Skrev {display_path(path)}; fyll i belopp och texter för {ar}", "green")


def _ask(value, label: str, parser, *, option: str, default=None, choices=None, required=True):
    """A value from its option (or its default), or asked for; checked with the data format's
    own rules. A bad value given as an option stops the run; a bad answer to a question is
    explained and asked again. With nothing to read (a script without the option), the run
    stops and names the option to give."""
    from ..fields import Invalid

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
            say(f"fel: {e}", "red")
            value = None
    raise StodError(f"inget giltigt värde för {option}")


def _date(value: str | None) -> str:
    """--datum, or today; as ISO text."""
    import datetime as dt

    from ..fields import parse_date

    return _ask(
        value, "Datum", parse_date, option="--datum", default=dt.date.today().isoformat()
    ).isoformat()


def _codes(vocabulary: dict):
    from ..fields import code_parser

    return code_parser(vocabulary)


def _id_list(text: str | None) -> list[str]:
    from ..fields import parse_id

    return [parse_id(x.strip(), "id") for x in (text or "").split(",") if x.strip()]


def _folder(data: Path | None) -> Path:
    from ..repository import resolve_folder

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
    from .. import vocab
    from ..fields import parse_id, parse_text, parse_year
    from ..newdata import add_foretag
    from ..paths import display_path

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
    say(f"Skrev {display_path(path)}", "green")


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

    from .. import vocab
    from ..fields import parse_integer, parse_text
    from ..newdata import add_mote
    from ..paths import display_path

    folder = _folder(data)
    values = {
        "datum": _date(datum),
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

    Exempel: [cyan]stod ny stod --foretag luddes-hundcenter --omrade bokforing --timmar 2 --datum 2025-03-04 "Genomgång av kassaflöde"[/cyan]
    """

    from .. import vocab
    from ..fields import parse_hours, parse_id
    from ..newdata import add_stod
    from ..paths import display_path

    folder = _folder(data)
    values = {
        "datum": _date(datum),
        "foretag": _ask(foretag, "Företag (id)", parse_id, option="--foretag"),
        "omrade": _ask(omrade, "Område", _codes(vocab.OMRADEN), option="--omrade", choices=list(vocab.OMRADEN)),
        "timmar": _ask(timmar, "Timmar", parse_hours, option="--timmar"),
        "beskrivning": beskrivning,
        "insats": _ask(insats, "Insats", parse_id, option="--insats", required=False),
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
    till personen förvaras utanför stod.

    Exempel: [cyan]stod ny deltagare --insats industrisparet --start 2026-11 --kon kvinna --aldersgrupp 30-49[/cyan]
    """
    from .. import vocab
    from ..fields import parse_id, parse_month
    from ..newdata import add_deltagare
    from ..paths import display_path

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
    say(f"Lade till {ident} i {display_path(path)}", "green")
