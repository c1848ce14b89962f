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


def main() -> None:
    app()
