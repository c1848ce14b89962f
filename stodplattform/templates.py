"""stod's built-in templates copied out for a user to change (`stod mallar`).

A copy in the data repository's mallar/ goes before the built-in one of the same name, file
by file (`render`, `formats.pandoc`); what the templates may do is in docs/mallar.md."""

from __future__ import annotations

import os
from pathlib import Path

from .output import write_files
from .paths import builtin_templates, display_path
from .problems import StodError
from .svtext import swedish_list

# the files a user may put in mallar/ to change a document, in the order they are written;
# the web pages' templates are in a folder of their own ('/' between the parts)
NAMES = (
    "uppfoljning.md.j2",
    "ansokan.md.j2",
    "kallelse.md.j2",
    "protokoll.md.j2",
    "stil.css",
    "referens.docx",
    "webb/sida.html.j2",
    "webb/index.html.j2",
    "webb/foretag.html.j2",
    "webb/stil.css",
)


def copy_builtin(target: Path, overwrite: bool = False) -> list[Path]:
    """Copy the built-in templates into the folder `target` (made when missing) and return
    the files written, all or nothing. Without `overwrite`, a file already there stops the
    copy before anything is written, with a StodError naming every such file."""
    builtin = builtin_templates()
    files = [
        (target.joinpath(*name.split("/")), builtin.joinpath(*name.split("/")).read_bytes())
        for name in NAMES
    ]
    existing = [path for path, _ in files if os.path.lexists(path)]
    if existing and not overwrite:
        shown = swedish_list([display_path(path) for path in existing])
        them = "den av den inbyggda" if len(existing) == 1 else "de av de inbyggda"
        raise StodError(
            f"{shown} finns redan; inget skrevs. Med --skriv-over ersätts {them}, "
            "eller välj en annan mapp med --ut"
        )
    write_files(files)
    return [path for path, _ in files]
