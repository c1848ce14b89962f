"""Problems in the data are values: collected from every check, sorted, printed one a line
(`report`, the one way `stod validera` shows them, whether run or replayed from the cache)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from .privacy import mask_identity_numbers

FEL = "fel"
VARNING = "varning"


class StodError(Exception):
    """A run that cannot go on (no data folder, broken template); the message is Swedish."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str
    message: str

    def __post_init__(self) -> None:
        # A message may quote what the user wrote; an identity number in it is never echoed.
        object.__setattr__(self, "message", mask_identity_numbers(self.message))
        object.__setattr__(self, "path", mask_identity_numbers(self.path))

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.severity != FEL, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "fil": self.path,
            "rad": self.line,
            "kolumn": self.col,
            "niva": self.severity,
            "meddelande": self.message,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == FEL for p in problems)


def as_text(problems: list[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def as_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2) + "\n"


def count_summary(files: int, problems: list[Problem]) -> str:
    errors = sum(p.severity == FEL for p in problems)
    warnings = len(problems) - errors
    filer = "fil" if files == 1 else "filer"
    fel = "inga fel" if errors == 0 else ("1 fel" if errors == 1 else f"{errors} fel")
    varn = (
        "inga varningar"
        if warnings == 0
        else ("1 varning" if warnings == 1 else f"{warnings} varningar")
    )
    return f"Kontrollerade {files} {filer}: {fel}, {varn}."


def report(problems: list[Problem], files: int, fmt: str = "text", strikt: bool = False) -> int:
    """What `stod validera` shows: the problems on stdout (`fmt` text, one a line, or json),
    the count on stderr; returns the exit code: 1 with an error (or with --strikt, any
    problem), else 0. The ordinary run and the answer replayed from the cache both end here,
    so their output is the same to the byte. A closed pipe (`stod validera | head`) is exit 1.
    """
    try:
        sys.stdout.write(as_json(problems) if fmt == "json" else as_text(problems))
        sys.stdout.flush()
        sys.stderr.write(count_summary(files, problems) + "\n")
        sys.stderr.flush()
    except BrokenPipeError:
        return 1
    return 1 if has_errors(problems) or (strikt and problems) else 0
