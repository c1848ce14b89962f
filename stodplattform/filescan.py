"""The checks that need only one file's own text: identity numbers anywhere in it, and
'FYLL I' left from `stod init`. They run as the file is read, before its text and tree are
released, and file their problems in its source; a file taken from the parse cache keeps
what they found (only warnings: a file with errors is not kept)."""

from __future__ import annotations

import bisect
import re

from . import privacy
from .problems import FEL, Problem
from .yamltree import Mapping, Scalar, Sequence


def scan_file(source) -> None:
    """The checks that need only the file's own text: run as it is read, before its tree and
    text are released."""
    _identity_numbers(source)
    _placeholders(source)


def _identity_numbers(source) -> None:
    """Identity numbers in the file name, in the text as written, and in the values as YAML
    reads them: a quoted escape (`"121212\\x2D1212"`) or a value folded across lines holds one
    that the raw text does not show."""
    for _, _, masked in privacy.find_identity_numbers(source.path.name):
        source.problems.append(
            Problem(
                source.display, 1, 1, FEL,
                f"filnamnet innehåller ett personnummer eller samordningsnummer ({masked}); "
                "döp om filen",
            )
        )  # fmt: skip
    if source.text is None:
        return
    skip = _orgnr_span(source)
    found_lines: set[int] = set()
    line_starts = None
    for offset, _, masked in privacy.find_identity_numbers(source.text):
        line_starts = line_starts or _line_starts(source.text)
        line, col = _position(line_starts, offset)
        if skip and skip[0] <= (line, col) <= skip[1]:
            continue
        found_lines.add(line)
        source.problems.append(
            Problem(source.display, line, col, FEL, privacy.identity_number_message(masked))
        )
    # The quick road (flowlist) keeps no tree: its values are the text as written, no quotes,
    # no escapes, one line each, so the scan above has seen them.
    for node in _rewritten_scalars(source.root):
        if skip and skip[0] == (node.line, node.col):
            continue
        if found_lines.intersection(range(node.line, node.end_line + 1)):
            continue
        for _, _, masked in privacy.find_identity_numbers(node.text):
            source.problems.append(
                Problem(source.display, node.line, node.col, FEL,
                        privacy.identity_number_message(masked))
            )  # fmt: skip
            break


def _rewritten_scalars(node):
    """Keys and values whose text YAML has rewritten: quoted (escapes) or over several lines."""
    if isinstance(node, Scalar):
        if not node.plain or node.end_line > node.line:
            yield node
    elif isinstance(node, Mapping):
        for key, value in node.items.values():
            yield from _rewritten_scalars(key)
            yield from _rewritten_scalars(value)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _rewritten_scalars(item)


def _orgnr_span(source) -> tuple | None:
    if source.path.parent.name != "foretag" or not isinstance(source.root, Mapping):
        return None
    entry = source.root.items.get("orgnr")
    if entry and isinstance(entry[1], Scalar):
        node = entry[1]
        return (node.line, node.col), (node.end_line, node.end_col)
    return None


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(line_starts, offset) - 1
    return index + 1, offset - line_starts[index] + 1


def _placeholders(source) -> None:
    """'FYLL I' left from `stod init`: to fill in, not an error."""
    if source.text is not None and "FYLL I" in source.text:
        for path, text in _texts(source.values(), ()):
            if "FYLL I" in text:
                key = ".".join(str(p) for p in path if isinstance(p, str)) or "uppgiften"
                source.varning(f"fyll i '{key}' (det står FYLL I)", path)


def _texts(value, path: tuple):
    """Every text value with its path of keys and indexes."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
