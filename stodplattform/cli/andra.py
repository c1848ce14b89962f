"""`stod avsluta`, `stod klar` and `stod inlamnad`: change one value without editing YAML."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import DataOption, handles_errors, say


def _done(result) -> None:
    for problem in result.warnings:
        say(str(problem), "yellow")
    say(result.message, "green")


def _choose(error) -> None:
    """More than one fits: the question on stderr, the options on stdout, exit 2."""
    say(str(error), "yellow")
    for line in error.options:
        typer.echo(line)
    raise typer.Exit(2)


@handles_errors
def avsluta(
    id: Annotated[
        str, typer.Argument(help="Deltagarens pseudonym, t.ex. IS-2025-04.", show_default=False)
    ],
    slut: Annotated[
        str, typer.Option("--slut", help="Månaden insatsen slutade, ÅÅÅÅ-MM.", show_default=False)
    ],
    utfall: Annotated[
        str,
        typer.Option(
            "--utfall",
            help="arbete, studier, arbetssokande, fortsatt_annan_insats, ohalsa, annat eller okand.",
            show_default=False,
        ),
    ],
    data: DataOption = None,
) -> None:
    """Avsluta en deltagares insats: sätter slut och utfall i deltagarfilen för året.

    Resten av filen lämnas orörd, tecken för tecken. En deltagare som fortsatte in i ett
    nytt år och slutade där läggs till i det årets fil med samma pseudonym.

    Exempel: [cyan]stod avsluta IS-2025-04 --slut 2025-11 --utfall arbete[/cyan]
    """
    from ..andra import avsluta as run
    from ..repository import resolve_folder

    _done(run(resolve_folder(data), id, slut, utfall))


@handles_errors
def klar(
    datum: Annotated[str, typer.Argument(help="Mötets datum, ÅÅÅÅ-MM-DD.", show_default=False)],
    nr: Annotated[
        int | None,
        typer.Argument(
            help="Vilken öppen åtgärd (1, 2, …) när mötet har flera.", show_default=False
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Markera en åtgärd från ett möte som klar (status: klar i mötesfilen).

    Har mötet flera öppna åtgärder listas de, och du anger numret. Resten av filen lämnas
    orörd.

    Exempel: [cyan]stod klar 2025-11-12 2[/cyan]
    """
    from ..andra import Choice
    from ..andra import klar as run
    from ..repository import resolve_folder

    try:
        _done(run(resolve_folder(data), datum, nr))
    except Choice as e:
        _choose(e)


@handles_errors
def inlamnad(
    ar: Annotated[int, typer.Argument(help="Året, t.ex. 2025.", show_default=False)],
    typ: Annotated[
        str,
        typer.Argument(
            help="Rapporten som den heter under 'rapporter', t.ex. \"Tertialrapport 1\".",
            show_default=False,
        ),
    ],
    datum: Annotated[
        str | None,
        typer.Option("--datum", help="Dagen den lämnades in, ÅÅÅÅ-MM-DD. Standard: i dag."),
    ] = None,
    senast: Annotated[
        str | None,
        typer.Option("--senast", help="Rapportens sista dag, när flera rapporter har samma namn."),
    ] = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="Dagen rapportens siffror gäller, ÅÅÅÅ-MM-DD (den --per rapporten gjordes med), "
            "när det inte är dess sista dag.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Anteckna att en rapport till finansiären är inlämnad (inlamnad i ar/ÅR.yaml).

    Namnet jämförs utan hänsyn till stora och små bokstäver; passar det flera rapporter
    listas de. Med --per skrivs också dagen rapportens siffror gäller (per), så att
    deltagarskyddet vet vilka tal finansiären redan har. Resten av filen lämnas orörd.

    Exempel: [cyan]stod inlamnad 2025 "Tertialrapport 2" --datum 2025-09-03 --per 2025-08-31[/cyan]
    """
    from ..andra import Choice
    from ..andra import inlamnad as run
    from ..repository import resolve_folder

    try:
        _done(run(resolve_folder(data), ar, typ, datum, senast, per))
    except Choice as e:
        _choose(e)
