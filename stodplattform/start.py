"""The `stod` program's first step: answer a plain `stod validera` from the cache when nothing
it depends on has changed (`cache.replay`), before Typer, pydantic or any data is loaded;
every other command goes to the command line (`cli`)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    try:
        _main()
    except KeyboardInterrupt:  # Ctrl-C outside a question: end quietly, as the shell expects
        sys.stderr.write("\n")
        raise SystemExit(130) from None


def _main() -> None:
    args = sys.argv[1:]
    options = _options(args)
    if options is None:  # every other command ends the ordinary way
        from .cli import main as cli_main

        cli_main()
        return
    from . import cache

    code = cache.replay(*options)
    if code is None:
        from .cli import main as cli_main

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
