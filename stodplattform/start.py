"""The `stod` program's first step: answer `stod validera` from the last run when nothing in the
data folder has changed, before Typer, pydantic or any data is loaded.

After each `stod validera`, the answer (its problems and how many files it read) is kept in
`.stod-cache/validera.pickle` with a key made of: the tool's version and code, the data folder,
the working folder (the paths in the messages are relative to it), today's date (some warnings
depend on it) and every entry of the data folder and its subfolders with size and modification
time. The next `stod validera` with the same key prints the same answer again; any difference,
an unreadable file or a flag this step does not know sends the run the ordinary way. An answer
is not kept while a file is younger than two seconds, since a file changed again within the
same clock tick would look unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

from . import cache

ANSWER = "validera.pickle"


def main() -> None:
    args = sys.argv[1:]
    code = replay(args)
    if code is not None:
        _leave(code)
    from .cli import main as cli_main

    if _options(args) is None:  # every other command ends the ordinary way
        cli_main()
        return
    try:
        cli_main()
    except SystemExit as e:
        code = e.code
    _leave(code)


def _leave(code) -> None:
    """End `stod validera` without taking the interpreter apart object by object: after a
    big data folder that takes longer than the run's last step, and the system frees the
    memory at once. Output is flushed first; nothing else is left open by then."""
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. a closed pipe
        code = code or 1
    os._exit(code)


def _options(args: list[str]) -> tuple[str | None, bool, str] | None:
    """--data, --strikt and --format of a plain `validera`, or None for anything else."""
    if not args or args[0] != "validera":
        return None
    data, strikt, fmt = None, False, "text"
    rest = iter(args[1:])
    for arg in rest:
        name, eq, value = arg.partition("=")
        if name in ("--data", "--format") and not eq:
            value = next(rest, None)
            if value is None:
                return None
        if name == "--data":
            data = value
        elif name == "--format" and value in ("text", "json"):
            fmt = value
        elif arg == "--strikt":
            strikt = True
        else:
            return None
    return data, strikt, fmt


def today() -> dt.date:
    return dt.date.today()


def folder_of(option: str | Path | None) -> Path:
    """The data folder: --data, else $STOD_DATA, else ./data (`repository.resolve_folder`
    checks that it exists)."""
    if option is not None:
        return Path(option)
    return Path(os.environ["STOD_DATA"]) if os.environ.get("STOD_DATA") else Path("data")


def snapshot(folder: Path) -> tuple[str, float] | None:
    """A digest of everything the answer depends on, and the newest modification time."""
    digest = hashlib.blake2b(digest_size=20)
    newest = 0.0
    try:
        where = (cache.code_key(), str(folder.resolve()), os.getcwd(), today().isoformat())
        digest.update("\0".join(where).encode("utf-8", "surrogateescape"))
        folders = [(folder, "")]
        while folders:
            current, prefix = folders.pop()
            for entry in sorted(os.scandir(current), key=lambda e: e.name):
                stat = entry.stat(follow_symlinks=True)
                directory = entry.is_dir()
                name = prefix + entry.name
                line = f"{name}\0{directory}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                digest.update(line.encode("utf-8", "surrogateescape"))
                newest = max(newest, stat.st_mtime)
                if directory and not prefix:  # the kinds' folders, one level down
                    folders.append((Path(entry.path), name + "/"))
    except OSError:
        return None
    return digest.hexdigest(), newest


def _answer_path(folder: Path) -> Path:
    return folder.parent / cache.FOLDER / ANSWER


def replay(args: list[str]) -> int | None:
    """Print the kept answer and return the exit code, or None to run the ordinary way."""
    options = _options(args)
    if options is None or not cache.enabled():
        return None
    data, strikt, fmt = options
    folder = folder_of(data)
    try:
        with open(_answer_path(folder), "rb") as handle:
            stored = pickle.load(handle)
        key, files, found = stored["nyckel"], stored["filer"], stored["problem"]
    except Exception:  # missing, unreadable or foreign: the ordinary way
        return None
    now = snapshot(folder) if folder.is_dir() else None
    if now is None or now[0] != key:
        return None
    from .problems import Problem, as_json, as_text, count_summary, has_errors

    problems = [Problem(*p) for p in found]
    try:
        sys.stdout.write(as_json(problems) if fmt == "json" else as_text(problems))
        sys.stdout.flush()
        sys.stderr.write(count_summary(files, problems) + "\n")
    except BrokenPipeError:  # e.g. `stod validera | head`: as the ordinary way, exit 1
        return 1
    return 1 if has_errors(problems) or (strikt and problems) else 0


def keep(folder: Path, before: tuple[str, float] | None, files: int, problems: list) -> None:
    """Keep the answer of a run that began with the snapshot `before`."""
    if before is None or not cache.enabled():
        return
    if time.time() - before[1] < cache.SETTLED:
        return
    from .output import atomic_write

    found = [(p.path, p.line, p.col, p.severity, p.message) for p in problems]
    content = pickle.dumps({"nyckel": before[0], "filer": files, "problem": found})
    with contextlib.suppress(OSError):  # not kept: only a slower next run
        atomic_write(_answer_path(folder), content)
