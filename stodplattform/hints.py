"""Commands that stod suggests in its messages ("börja året med 'stod ny ar 2027'"), written
so that they work when pasted: with `--data FOLDER` when the command would not find this data
folder by itself (the user gave --data, or the folder is not the one STOD_DATA or ./data
names), the folder quoted for the user's shell. A leaf module: imports only paths."""

from __future__ import annotations

import os
from pathlib import Path

from .paths import display_path, folder_of, shell_quote


def command(args: str, folder: Path | None = None) -> str:
    """'stod ARGS', with `--data FOLDER` when `folder` is not the data folder of a run without
    --data. Words in `args` that come from the user are quoted by the caller (shell_quote)."""
    line = f"stod {args}"
    if folder is None or _same(Path(folder), folder_of(None)):
        return line
    return f"{line} --data {shell_quote(display_path(Path(folder)))}"


def cite(line: str) -> str:
    """A command at the end of a sentence, with the space or colon before it, marked off so
    that it can be copied whole: " 'stod …'", or, when it has quotes of its own (a quoted
    folder), ":" and the command on a line of its own."""
    if "'" in line or '"' in line:
        return f":\n    {line}"
    return f" '{line}'"


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
