"""Where things are: the data folder, the repository around it (mallar/, ut/), stod's own
templates, and how a path is shown.

A leaf: it imports nothing of stod's, so that the entry point, the cache, the loader and the
commands can all find the data folder and show a path by one rule."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# The data folder's kinds of file, one folder each (plattform.yaml stands beside them).
KINDS = ("foretag", "moten", "ar", "stod", "deltagare")
# A data file larger than this is refused whatever it holds.
MAX_DATA_BYTES = 20 * 1024 * 1024
# Opening a file that may turn out not to be a regular one (a FIFO, a device): without
# waiting for a writer, and without making it the controlling terminal.
OPEN_NO_WAIT = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def folder_of(option: str | Path | None) -> Path:
    """The data folder: --data, else $STOD_DATA, else ./data (`repository.resolve_folder`
    checks that it exists); one rule for the kept answer and the ordinary run."""
    if option is not None:
        return Path(option)
    return Path(os.environ["STOD_DATA"]) if os.environ.get("STOD_DATA") else Path("data")


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the working folder."""
    text = str(path)
    if not os.path.isabs(text) and ".." not in path.parts and text not in (".", ""):
        return text  # already relative and plain (the common case, thousands of times)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return text


def shell_quote(text: str | Path, windows: bool | None = None) -> str:
    """A path (or any word) as it can be pasted into the user's shell in a suggested command:
    as it is when plain, else quoted — with double quotes on Windows (PowerShell and cmd;
    single quotes in PowerShell when it has $ or `, which it would read inside double
    quotes), as the POSIX shells want it elsewhere."""
    import shlex

    text = str(text)
    if windows is None:
        windows = os.name == "nt"
    if not windows:
        return shlex.quote(text)
    if text and all(c.isalnum() or c in "-_.:\\/+" for c in text):
        return text
    if "$" in text or "`" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def repository_of(data_folder: Path) -> Path:
    """The data repository: the folder the data folder is in (with mallar/ and ut/)."""
    return data_folder.resolve().parent


def user_templates(data_folder: Path) -> Path:
    """The user's own templates: mallar/ beside the data folder."""
    return repository_of(data_folder) / "mallar"


def output_folder(data_folder: Path) -> Path:
    """Where documents and exports go unless --ut says otherwise: ut/ beside the data folder."""
    return repository_of(data_folder) / "ut"


def builtin_templates() -> Path:
    """The folder of stod's built-in templates. In an installed wheel they are inside the
    package (stodplattform/mallar/); in the source tree, and so in an editable install, they
    are mallar/ at the top of the project, beside the package."""
    inside = PACKAGE / "mallar"
    return inside if inside.is_dir() else PACKAGE.parent / "mallar"
