"""`stod init` and `stod mallar`: a new data repository, and the built-in templates copied
into one to be changed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from ..problems import StodError
from .common import DataOption, handles_errors, say


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
    from ..paths import display_path, shell_quote

    for line in make(katalog, ar or dt.date.today().year, namn, region, finansiar):
        say(line)
    plattform = display_path(katalog / "data" / "plattform.yaml")
    data = shell_quote(display_path(katalog / "data"))
    say(
        f"Nästa steg: fyll i {plattform} och kör {_command(f'stod validera --data {data}')}",
        "green",
    )
    if shutil.which("stod") is None:
        say(
            "obs: kommandot stod finns inte i PATH, så pre-commit-kroken som kör 'stod validera' "
            "före varje incheckning hittar det inte. Installera stod som program med "
            "'uv tool install .' eller 'pipx install .' i stods mapp (se README, Installera stod "
            "som program).",
            "yellow",
        )


def _command(line: str) -> str:
    """A command in a sentence, marked off so that it can be copied whole: in ' ' unless it
    has quotes of its own (a quoted path), then on a line of its own."""
    return f"'{line}'" if "'" not in line and '"' not in line else f"sedan:\n    {line}"


@handles_errors
def mallar(
    ut: Annotated[
        Path | None,
        typer.Option(
            "--ut",
            "-o",
            help="Mappen att kopiera till. Standard: mallar/ bredvid datamappen.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    skriv_over: Annotated[
        bool,
        typer.Option("--skriv-over", help="Skriv över mallar som redan finns i mappen."),
    ] = False,
) -> None:
    """Kopiera de inbyggda mallarna till mallar/ bredvid datamappen för att ändra dem:
    uppfoljning.md.j2, ansokan.md.j2, kallelse.md.j2, protokoll.md.j2, stil.css,
    referens.docx och webbsidornas mallar i webb/.

    En mall i mallar/ används i stället för den inbyggda med samma namn. Ta bort de
    kopior du inte ändrar: då används de inbyggda, som följer med när stod uppdateras. En
    fil som redan finns skrivs aldrig över utan --skriv-over.

    Exempel: [cyan]stod mallar[/cyan]   [cyan]stod mallar --data norrbotten/data[/cyan]
    """
    from ..paths import display_path, user_templates
    from ..repository import resolve_folder
    from ..templates import copy_builtin

    if ut is not None and str(ut) == "-":
        raise StodError("mallarna kan inte skrivas till terminalen; ange --ut MAPP")
    target = ut if ut is not None else user_templates(resolve_folder(data))
    for path in copy_builtin(target, skriv_over):
        say(f"Skrev {display_path(path)}", "green")
