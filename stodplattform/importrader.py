"""The rows of an import: a row of the sheet on its way into the data, the line it becomes
(and where each field stands in it), and a problem told at its row and column of the sheet
(`tidrapport.xlsx:Blad1:12:C: fel: …`) rather than at the line of the YAML file it would be."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .kalkylblad import Sheet
from .privacy import mask_identity_numbers
from .problems import FEL, Problem


@dataclass(frozen=True)
class Finding:
    """A problem at a cell of the sheet (or a row, or the file)."""

    where: str
    row: int | None
    column: str
    severity: str
    message: str

    def __str__(self) -> str:
        place = self.where
        if self.row is not None:
            place += f":{self.row}" + (f":{self.column}" if self.column else "")
        return mask_identity_numbers(f"{place}: {self.severity}: {self.message}")

    def sort_key(self) -> tuple:
        return (self.row or 0, self.column.rjust(3), self.severity != FEL, self.message)


@dataclass
class Row:
    number: int
    values: dict[str, str] = field(default_factory=dict)  # field → value as YAML text
    columns: dict[str, str] = field(default_factory=dict)  # field → the sheet's column
    year: int | None = None


@dataclass
class Result:
    added: dict[Path, list[tuple[int, str]]] = field(default_factory=dict)  # file → rows, lines
    skipped: list[tuple[int, str]] = field(default_factory=list)  # row, why
    problems: list = field(default_factory=list)  # Finding or Problem (elsewhere in the data)
    written: bool = False

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == FEL]

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.added.values())


@dataclass
class Line:
    row: Row
    text: str
    spans: list[tuple[int, int, str]]  # (first, last column of the line, field), 1-based


def line_of(row: Row, fields: list[str]) -> Line:
    """The row as `stod ny` writes an entry: `- {key: value, …}`, and where each field is."""
    from .yamltext import inline, scalar

    ordered = {f: row.values[f] for f in fields if f in row.values}
    text = "- " + inline(ordered)
    spans, col = [], 4  # after '- {'
    for name, value in ordered.items():
        width = len(f"{name}: {scalar(value)}")
        spans.append((col, col + width - 1, name))
        col += width + 2
    return Line(row, text, spans)


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def first_line(text: str, lines: list[Line]) -> int:
    """The line number (as the YAML parser counts) of the first appended line."""
    text = text.lstrip("\ufeff")
    block_start = text.rfind(lines[0].text + ("\r\n" if "\r\n" in text else "\n"))
    if block_start < 0:
        block_start = text.rfind(lines[0].text)
    return len(_BREAK.findall(text, 0, block_start)) + 1


def at_row(problem: Problem, sheet: Sheet, where: dict):
    """A problem on an appended line told at its row and column of the sheet; any other as it
    is (a problem the new rows bring to another file)."""
    found = where.get(problem.path)
    if found is None:
        return problem
    first, lines = found
    index = problem.line - first
    if not 0 <= index < len(lines):
        return problem
    line = lines[index]
    column = ""
    for start, end, name in line.spans:
        if start <= problem.col <= end:
            column = line.row.columns.get(name, "")
    return Finding(sheet.label, line.row.number, column, problem.severity, problem.message)
