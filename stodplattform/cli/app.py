"""The `stod` command: the Typer app and its commands, in the order `stod --help` lists them.

A command is a function in one of the modules beside this one: it parses its options, calls
the core, prints and sets the exit code. Heavy libraries (pydantic, pandas, jinja2,
matplotlib, pandoc) are imported inside the commands that need them, so that `stod --help`
stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .andra import avsluta, inlamnad, klar
from .documents import ansokan, rapport
from .importera import import_app
from .moten import kallelse, protokoll, webb
from .ny import ny_app
from .repo import init, mallar
from .swedish import Command, Group
from .validera import validera
from .year import export, oversikt

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
    add_completion=True,  # --install-completion, --show-completion (Swedish help: swedish.py)
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stod {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Visa versionen."),
    ] = False,
) -> None:
    """stod – data, uppföljning och ansökan för stödplattformar för sociala företag."""


for command in (validera, rapport, ansokan, init, oversikt, export, mallar):
    app.command(cls=Command)(command)
for command in (kallelse, protokoll, webb):
    app.command(cls=Command)(command)
app.add_typer(ny_app, name="ny")
for command in (avsluta, klar, inlamnad):
    app.command(cls=Command)(command)
app.add_typer(import_app, name="import")


def main() -> None:
    app()
