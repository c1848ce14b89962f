"""A data file read: its bytes checked (a regular file, not too big, UTF-8), then its values
and where each stood, by the quick road for one-line list files (flowlist) or as a located
YAML tree (yamltree). Problems are filed in the file's `Source`, never raised.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import flowlist, positions
from .paths import MAX_DATA_BYTES, OPEN_NO_WAIT, display_path
from .problems import FEL, Problem
from .yamltree import Mapping, Node, Scalar, Sequence, locate, parse_tree, to_plain


@dataclass
class Source:
    """One data file: where it is, how it is shown in messages, its values and their places.

    Once a file is validated its tree, text and values are released (`release`); what stays
    is `where`, the positions (module `positions`), so that a later check can still point at
    a line and column without reading the file again."""

    path: Path
    display: str
    text: str | None = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    released: bool = False
    plain: list | None = None  # the values from the quick road or the cache
    where: object = None  # positions: JSON bytes until a problem needs them, then decoded

    @property
    def parsed(self) -> bool:
        """Whether the file could be read at all (a tree, or values from the quick road)."""
        return self.plain is not None or self.root is not None or self.released

    def values(self):
        """The file's content as dicts, lists and text for the schema."""
        return self.plain if self.plain is not None else to_plain(self.root)

    def positions(self) -> bytes | None:
        """The positions as JSON, for the parse cache (made from the tree once)."""
        if self.where is None and self.root is not None:
            self.where = positions.of_tree(self.root)
        if isinstance(self.where, positions.Entries):
            return self.where.to_json()
        return self.where if isinstance(self.where, bytes) else None

    def release(self) -> None:
        if self.root is not None or self.plain is not None:
            if self.root is not None and self.where is None:
                self.where = positions.of_tree(self.root)
            self.root, self.text, self.plain, self.released = None, None, None, True

    def locate(self, at: tuple) -> tuple[int, int]:
        """Line and column of the value at `at` (keys and indexes; see `yamltree.locate`)."""
        if self.root is not None:
            node = locate(self.root, at)
            return (node.line, node.col) if node is not None else (1, 1)
        if isinstance(self.where, bytes):
            self.where = positions.decode(self.where)
        if self.where is not None:
            return self.where.locate(at) or (1, 1)
        return 1, 1

    def kind_at(self, at: tuple) -> str:
        """What the value at `at` is, in words: from the tree while there is one."""
        if self.root is not None:
            return kind_of(locate(self.root, at))
        return kind_of(value_at(self.plain, at))

    def problem(self, severity: str, message: str, at: tuple = (), node: Node | None = None):
        line, col = (node.line, node.col) if node is not None else self.locate(at)
        self.problems.append(Problem(self.display, line, col, severity, message))

    def fel(self, message: str, at: tuple = (), node: Node | None = None):
        self.problem(FEL, message, at, node)

    def varning(self, message: str, at: tuple = (), node: Node | None = None):
        self.problem("varning", message, at, node)


def load(path: Path, text: str | None = None, quick: bool = True) -> Source:
    """Read and parse one file (or `text` as if it were that file's content); problems go
    into `source.problems`, never raise. With `quick`, a list file in the one-line form is
    read by `flowlist`, without a tree."""
    source = Source(path, display_path(path))
    if text is None:
        raw = read_raw(source)
        text = None if raw is None else decode(source, raw)
    parse(source, text, quick)
    return source


def parse(source: Source, text: str | None, quick: bool = True) -> None:
    """Parse `text` into the source: values and positions from the quick road, or a tree."""
    source.text = text
    if text is not None:
        if quick and (read := flowlist.read(text)) is not None:
            source.plain, lines = read
            source.where = positions.Entries.of(lines, source.plain)
        else:
            source.root = parse_tree(source, text)


def read_raw(source: Source) -> bytes | None:
    """The file's bytes, or None with a problem. Only a regular file is read: a FIFO, a
    device or a folder is refused before a byte is taken (opened without blocking, then
    checked), and a file over MAX_DATA_BYTES is refused without reading it."""
    path = source.path
    try:
        fd = os.open(path, OPEN_NO_WAIT)
    except OSError as e:
        source.fel("filen " + unreadable(e, path))
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "en mapp" if stat.S_ISDIR(info.st_mode) else "ingen vanlig fil"
            source.fel(f"filen läses inte: den är {what} (t.ex. en enhet eller en namngiven pipe)")
            return None
        if info.st_size > MAX_DATA_BYTES:
            source.fel(
                f"filen är för stor ({info.st_size // (1024 * 1024)} MB); dela upp den i flera filer"
            )
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_DATA_BYTES + 1)
    except OSError as e:
        source.fel("filen " + unreadable(e, path))
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_DATA_BYTES:  # grew while being read
        source.fel(f"filen är för stor (över {MAX_DATA_BYTES // (1024 * 1024)} MB); dela upp den")
        return None
    return raw


def unreadable(error: OSError, path: Path) -> str:
    """Why a file or folder could not be read, in Swedish."""
    if error.errno == errno.ELOOP:
        return "kan inte läsas: länken leder runt i en slinga (en symbolisk länk till sig själv)"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "kan inte läsas: länken leder till en fil som inte finns"
    if error.errno == errno.ENOENT:
        return "kan inte läsas: den finns inte längre"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "kan inte läsas: behörighet saknas"
    if error.errno == errno.EISDIR:
        return "kan inte läsas: det är en mapp"
    return f"kan inte läsas ({error.strerror or error})"


def decode(source: Source, raw: bytes) -> str | None:
    """The bytes as text, or None with a problem (UTF-16, not UTF-8, NUL characters)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        source.fel("filen är sparad som UTF-16; spara om den med kodningen UTF-8")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        bad = raw[e.start : e.start + 1].hex().upper()
        hint = (
            " (troligen Latin-1/Windows-1252, t.ex. å, ä eller ö)" if raw[e.start] >= 0x80 else ""
        )
        source.problems.append(
            Problem(
                source.display,
                line,
                col,
                FEL,
                f"filen är inte sparad som UTF-8: byte 0x{bad} går inte att läsa{hint}; "
                "spara om filen med kodningen UTF-8",
            )
        )
        return None
    if "\x00" in text:
        source.fel("filen innehåller NUL-tecken och ser inte ut att vara en textfil")
        return None
    return text


def kind_of(value) -> str:
    """What a value (a node of the tree, or a plain value) is, in words, for a message."""
    if isinstance(value, (dict, Mapping)):
        return "nycklar och värden"
    if isinstance(value, (list, Sequence)):
        return "en lista"
    if value is None or (isinstance(value, Scalar) and value.is_null):
        return "inget värde"
    return "ett enkelt värde"


def value_at(values, path: tuple):
    """The deepest value along `path` in the file's values, as `yamltree.locate` in the tree."""
    value, key = values, None
    for step in path:
        name = step if isinstance(step, str) else str(step)
        if step == "[key]" and key is not None:
            return key
        if isinstance(value, dict) and name in value:
            key, value = name, value[name]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            key, value = None, value[step]
        else:
            break
    return value
