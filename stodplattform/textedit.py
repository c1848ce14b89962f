"""Changing a value in a data file without touching anything else in it.

A YAML library that loads and dumps again keeps comments and order at best, but not the
layout: long one-line entries are wrapped, quotes and spacing change. So the file is only
*read* by ruamel.yaml's composer, which tells where each key and value starts and ends, and
the change is made as a text edit at exactly those characters: a value replaced, or a new
`key: value` put after a given key (`, key: value` inside `{…}`, a line of its own in a
block). Every other byte – comments, order, blank lines, line endings, a byte-order mark –
stays as it was.

What is written goes through `check_and_write`: the new content of every file is loaded
with the rest of the data (`repository.load_data(overrides=…)`, the rules of `stod validera`),
written only if that adds no error, and written as one unit (output.write_files). The caller
holds the data folder's lock (`newdata.locked`) from before it read the files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .dataset import Data
from .loader import Source, decode, read_raw
from .output import write_files
from .paths import display_path
from .problems import FEL, VARNING, Problem, StodError, as_text
from .repository import load_data

BOM = "\ufeff"


@dataclass
class FileText:
    """A data file's text as it is on disk: the text, whether it began with a byte-order mark,
    and the line ending it uses."""

    path: Path
    text: str
    bom: bool
    newline: str

    def content(self, text: str | None = None) -> str:
        """The text to write back, with the byte-order mark it had."""
        return (BOM if self.bom else "") + (self.text if text is None else text)


def refuse_outside(path: Path) -> None:
    """StodError for a data file that leads out of the repository (the folder that holds the
    data folder): a link, or a file in a folder that is a link. `stod validera` does not read
    such a file, so it is neither read here – what it holds would be copied into the data –
    nor written: new lines would land outside. The data folder is the file's grandparent
    (data/stod/2025.yaml), as the path is written, before any link is followed."""
    folder = os.path.realpath(path.parent.parent)
    real = os.path.realpath(path)
    for root in (folder, os.path.dirname(folder)):
        try:
            if os.path.commonpath([real, root]) == root:
                return
        except ValueError:  # another drive on Windows
            continue
    raise StodError(
        f"{display_path(path)} är en länk ut ur datarepot (mappen som har data/), eller ligger i "
        "en mapp som är det, och ändras inte; kopiera in filen i stället"
    )


def read_text(path: Path) -> FileText:
    """A data file read as the loader reads it (a regular file, UTF-8, inside the
    repository), or StodError."""
    refuse_outside(path)
    source = Source(path, display_path(path))
    raw = read_raw(source)
    text = decode(source, raw) if raw is not None else None
    if text is None:
        raise StodError(
            f"{source.display} kan inte ändras: " + "; ".join(p.message for p in source.problems)
        )
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or len(text)] else "\n"
    return FileText(path, text, raw.startswith(b"\xef\xbb\xbf"), newline)


def append_lines(path: Path, lines: list[str], header: str) -> str:
    """The file's content with `lines` added last, as `stod ny`, `stod ny ar` and `stod import`
    add them: a new file starts with `header`; an empty list written as `[]` gives way to the
    lines in its place; the file's byte-order mark and line ending (CRLF from Notepad or
    Excel) are kept, and every other byte stays as it was."""
    refuse_outside(path)
    if not os.path.lexists(path):
        return header + "".join(line + "\n" for line in lines)
    file = read_text(path)
    block = file.newline.join(lines)
    text = file.text
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if body == ["[]"]:  # (a function as replacement: a backslash in a line is no escape)
        return file.content(re.sub(r"(?m)^\[\][ \t]*(?=\r?$)", lambda _: block, text, count=1))
    if text and not text.endswith("\n"):
        text += file.newline
    return file.content(text + block + file.newline)


def compose(file: FileText):
    """The file's node tree (ruamel.yaml), where each node knows its first and last character."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").compose(file.text)
    except YAMLError:
        from .hints import cite, command

        folder = file.path.parent.parent  # every file stod changes is in data/<sort>/
        raise StodError(
            f"{display_path(file.path)} går inte att läsa; rätta felen, se"
            f"{cite(command('validera', folder))}"
        ) from None


def node_at(root, path: tuple):
    """The node at `path` (keys and list indexes), or None."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    node = root
    for step in path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node


class Unsafe(StodError):
    """The edit could not be placed with certainty; nothing is written."""


def set_keys(file: FileText, text: str, mapping, changes: dict[str, str], after=None) -> str:
    """`text` with each key of `changes` set in `mapping` (a ruamel MappingNode of `text`):
    its value replaced where the key is, else added after the key named in `after[key]` (when
    present) or after the last key. Values are YAML text as `yamltext.scalar` writes them."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    if not isinstance(mapping, MappingNode) or not mapping.value:
        raise Unsafe(f"{display_path(file.path)}: posten är inte nycklar och värden")
    after = after or {}
    present = {k.value: (k, v) for k, v in mapping.value}
    edits: list[tuple[int, int, str]] = []  # (start, end, new text)
    for key, value in changes.items():
        if key in present:
            node = present[key][1]
            if not isinstance(node, ScalarNode):
                raise Unsafe(f"{display_path(file.path)}: '{key}' är inte ett enkelt värde")
            start, end = node.start_mark.index, node.end_mark.index
            space = " " if start == end and text[start - 1 : start] == ":" else ""
            edits.append((start, end, space + value))
            continue
        anchor = after.get(key)
        _, last = present[anchor] if anchor in present else mapping.value[-1]
        if mapping.flow_style:
            end = last.end_mark.index
            edits.append((end, end, f", {key}: {value}"))
        else:
            first_key = mapping.value[0][0]
            at = _line_after(text, last.end_mark.index)
            prefix = "" if at == 0 or text[at - 1] == "\n" else file.newline
            indent = " " * first_key.start_mark.column
            edits.append((at, at, f"{prefix}{indent}{key}: {value}{file.newline}"))
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _line_after(text: str, index: int) -> int:
    """Where the line after the one that holds the character before `index` begins (a block
    value such as `|` text ends at the start of the next line already)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def check_edit(file: FileText, new_text: str, path: tuple, expected: dict[str, str]) -> None:
    """The edited text read back: the mapping at `path` holds the expected values (a safety
    net: an edit that did not land where it should is never written)."""
    from ruamel.yaml.nodes import ScalarNode

    node = node_at(compose(FileText(file.path, new_text, file.bom, file.newline)), path)
    found = {k.value: v for k, v in getattr(node, "value", [])} if node is not None else {}
    for key, value in expected.items():
        got = found.get(key)
        if not isinstance(got, ScalarNode) or got.value != value:
            raise Unsafe(
                f"{display_path(file.path)} kunde inte ändras säkert (värdet '{key}' hamnade "
                "inte rätt); ändra filen för hand"
            )


def new_problems(
    folder: Path, texts: dict[Path, str], loaded: Data | None = None
) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings the new content of the files would bring (problems the data
    has already are left out), by the rules of `stod validera`."""
    current = loaded if loaded is not None else load_data(folder)
    before = set(current.problems)
    after = load_data(folder, overrides=texts).problems
    new = [p for p in after if p not in before]
    return [p for p in new if p.severity == FEL], [p for p in new if p.severity == VARNING]


def check_and_write(folder: Path, texts: dict[Path, str], loaded: Data | None = None) -> list:
    """Write the files if their new content adds no error; returns the new warnings."""
    errors, warnings = new_problems(folder, texts, loaded)
    if errors:
        names = ", ".join(display_path(p) for p in texts)
        raise StodError(
            f"{names} skrevs inte; ändringen skulle ge fel:\n" + as_text(errors).rstrip()
        )
    write_files([(path, text.encode("utf-8")) for path, text in texts.items()])
    return warnings
