"""Strict YAML: a tree of text values that remember their file, line and column.

`yaml.safe_load` guesses types (`NO` → False, `017` → 15), lets a duplicate key silently win
and forgets where every value came from. Here the C parser's events are turned into our own
nodes: every scalar stays text (the schema decides what it is), and duplicate keys, anchors,
aliases, tags and extra documents are refused with a location.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import flowlist
from .paths import display_path
from .problems import FEL, Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 40  # levels of nesting; the data format needs six, notes under `extra` a few more
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CONTENT = re.compile(r"(?m)^[ \t]*[^\s#]")  # a line that is neither blank nor a comment


class Node:
    __slots__ = ("line", "col")

    def __init__(self, line: int, col: int):
        self.line = line
        self.col = col


class Scalar(Node):
    __slots__ = ("text", "plain", "end_line", "end_col")

    def __init__(self, text: str, plain: bool, line: int, col: int, end_line: int, end_col: int):
        self.line = line  # set here, not through Node.__init__: millions of these are made
        self.col = col
        self.text = text
        self.plain = plain
        self.end_line = end_line
        self.end_col = end_col

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULLS


class Mapping(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, col: int):
        super().__init__(line, col)
        self.items: dict[str, tuple[Scalar, Node]] = {}


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, col: int):
        super().__init__(line, col)
        self.items: list[Node] = []


def kind_of(node: Node | None) -> str:
    if isinstance(node, Mapping):
        return "nycklar och värden"
    if isinstance(node, Sequence):
        return "en lista"
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return "inget värde"
    return "ett enkelt värde"


@dataclass
class Source:
    """One data file: where it is, how it is shown in messages, and its parsed tree.

    Once a file is validated its tree and text are released (`release`); a later check that
    must point at a line gets the tree again by parsing the file anew."""

    path: Path
    display: str
    text: str | None = None
    tree: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    released: bool = False
    plain: list | None = None  # the values from the quick road (flowlist), without positions

    @property
    def root(self) -> Node | None:
        if self.tree is None and (self.released or self.plain is not None):
            again = load(self.path, self.text, quick=False)  # the text until it is released
            self.tree = again.root
        return self.tree

    @root.setter
    def root(self, node: Node | None) -> None:
        self.tree = node

    @property
    def parsed(self) -> bool:
        """Whether the file could be read at all (a tree, or values from the quick road)."""
        return self.plain is not None or self.tree is not None or self.released

    def values(self):
        """The file's content as dicts, lists and text for the schema."""
        return self.plain if self.plain is not None else to_plain(self.root)

    def release(self) -> None:
        if self.tree is not None or self.plain is not None:
            self.tree, self.text, self.plain, self.released = None, None, None, True

    def problem(self, severity: str, message: str, at: tuple = (), node: Node | None = None):
        if node is None:
            node = locate(self.root, at)
        line, col = (node.line, node.col) if node is not None else (1, 1)
        self.problems.append(Problem(self.display, line, col, severity, message))

    def fel(self, message: str, at: tuple = (), node: Node | None = None):
        self.problem(FEL, message, at, node)

    def varning(self, message: str, at: tuple = (), node: Node | None = None):
        self.problem("varning", message, at, node)


def load(path: Path, text: str | None = None, quick: bool = True) -> Source:
    """Read and parse one file (or `text` as if it were that file's content); problems go
    into `source.problems`, never raise. With `quick`, a list file in the one-line form is
    read by `flowlist` and its tree is only made if a problem needs a position."""
    source = Source(path, display_path(path))
    if text is None:
        raw = read_raw(source)
        text = None if raw is None else decode(source, raw)
    parse(source, text, quick)
    return source


def parse(source: Source, text: str | None, quick: bool = True) -> None:
    """Parse `text` into the source: values from the quick road, or a located tree."""
    source.text = text
    if text is not None:
        if quick and (entries := flowlist.read(text)) is not None:
            source.plain = entries
        else:
            source.root = _parse(source)


_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_O_READ |= getattr(os, "O_NOCTTY", 0)


def read_raw(source: Source) -> bytes | None:
    """The file's bytes, or None with a problem. Only a regular file is read: a FIFO, a
    device or a folder is refused before a byte is taken (opened without blocking, then
    checked), and a file over MAX_BYTES is refused without reading it."""
    path = source.path
    try:
        fd = os.open(path, _O_READ)
    except OSError as e:
        source.fel("filen " + unreadable(e, path))
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "en mapp" if stat.S_ISDIR(info.st_mode) else "ingen vanlig fil"
            source.fel(f"filen läses inte: den är {what} (t.ex. en enhet eller en namngiven pipe)")
            return None
        if info.st_size > MAX_BYTES:
            source.fel(
                f"filen är för stor ({info.st_size // (1024 * 1024)} MB); dela upp den i flera filer"
            )
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as e:
        source.fel("filen " + unreadable(e, path))
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # grew while being read
        source.fel(f"filen är för stor (över {MAX_BYTES // (1024 * 1024)} MB); dela upp den")
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


def _parse(source: Source) -> Node | None:
    text = source.text
    assert text is not None
    if not _CONTENT.search(text):
        is_list = source.path.parent.name in ("stod", "deltagare")
        source.fel(
            "filen är tom; " + ("skriv [] för en tom lista" if is_list else "skriv in uppgifterna")
        )
        return None
    builder = _Builder(source)
    parser = yaml.CSafeLoader(text)  # the C parser's events, without PyYAML's generator
    try:
        if not builder.run(parser.get_event):
            return None
    except yaml.YAMLError as e:
        line, col, message = explain_yaml_error(e, text)
        source.problems.append(Problem(source.display, line, col, FEL, message))
        return None
    finally:
        parser.dispose()
    return builder.root


class _Builder:
    """Turns parser events into nodes, refusing what the data format does not allow."""

    def __init__(self, source: Source):
        self.source = source
        self.stack: list[Node] = []
        self.pending_key: list[Scalar | None] = []
        self.root: Node | None = None
        self.documents = 0

    def run(self, next_event) -> bool:
        """Feed every event; the common case (a plain value inside a mapping or list) inline."""
        scalar_event, stack, keys = yaml.ScalarEvent, self.stack, self.pending_key
        while (event := next_event()) is not None:
            if type(event) is scalar_event and stack and not event.anchor and not event.tag:
                m1, m2 = event.start_mark, event.end_mark
                node = Scalar(
                    event.value,
                    not event.style,
                    m1.line + 1,
                    m1.column + 1,
                    m2.line + 1,
                    m2.column + 1,
                )
                parent = stack[-1]
                if type(parent) is Sequence:
                    parent.items.append(node)
                    continue
                key = keys[-1]
                if key is None:
                    keys[-1] = node
                    continue
                keys[-1] = None
                if key.text in parent.items:
                    self._duplicate(parent, key)
                elif not (node.plain and not node.text and self._split_number(parent, key)):
                    parent.items[key.text] = (key, node)
                continue
            if not self.feed(event):
                return False
        return True

    def feed(self, event) -> bool:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor or event.tag:
                return self._refuse(event)
            m1, m2 = event.start_mark, event.end_mark
            node = Scalar(
                event.value,
                event.style in ("", None),
                m1.line + 1,
                m1.column + 1,
                m2.line + 1,
                m2.column + 1,
            )
            return self._add(node)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor or (event.tag and not event.implicit):
                return self._refuse(event)
            m = event.start_mark
            if len(self.stack) >= MAX_DEPTH:
                self.source.fel(
                    f"filen är nästlad i mer än {MAX_DEPTH} nivåer (listor och mappningar i "
                    "varandra); så djupt går inget i stods dataformat",
                    node=Node(m.line + 1, m.column + 1),
                )
                return False
            node = (
                Mapping(m.line + 1, m.column + 1)
                if kind is yaml.MappingStartEvent
                else Sequence(m.line + 1, m.column + 1)
            )
            if not self._add(node):
                return False
            self.stack.append(node)
            self.pending_key.append(None)
            return True
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
            self.pending_key.pop()
            return True
        if kind is yaml.AliasEvent:
            return self._refuse(event)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                m = event.start_mark
                self.source.fel(
                    "filen innehåller mer än ett YAML-dokument (---); en fil ska ha ett",
                    node=Node(m.line + 1, m.column + 1),
                )
                return False
        return True

    def _refuse(self, event) -> bool:
        m = event.start_mark
        at = Node(m.line + 1, m.column + 1)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.source.fel(
                f"ankare och alias (&{event.anchor}, *{event.anchor}) används inte i stod; "
                "skriv ut värdet på varje ställe",
                node=at,
            )
        else:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.source.fel(
                f"taggar som '{tag}' används inte i stod; "
                "skriv värdet utan tagg (sätt texten inom citattecken om det behövs)",
                node=at,
            )
        return False

    def _add(self, node: Node) -> bool:
        if not self.stack:
            self.root = node
            return True
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return True
        assert isinstance(parent, Mapping)
        key = self.pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                self.source.fel(
                    "en nyckel måste vara ett enkelt ord (t.ex. namn:), inte en lista eller "
                    "mappning",
                    node=node,
                )
                return False
            self.pending_key[-1] = node
            return True
        self.pending_key[-1] = None
        if key.text in parent.items:
            self._duplicate(parent, key)
            return True
        parent.items[key.text] = (key, node)
        return True

    def _split_number(self, parent: Mapping, key: Scalar) -> bool:
        """`{timmar: 2,5}`: the comma of a decimal (or thousands) number splits the value in
        a one-line mapping, and YAML reads `timmar: 2` and a key `5` without a value. An error
        with the fix, and the stray key left out: never read as 2 without a word."""
        if not key.plain or not key.text.isdigit() or not parent.items:
            return False
        name, value = next(reversed(parent.items.values()))
        if not (
            type(value) is Scalar
            and value.plain
            and value.text.isdigit()
            and value.end_line == key.line
            and 0 < key.col - value.end_col <= 2
        ):
            return False
        whole, part = value.text, key.text
        if name.text == "timmar" or len(part) != 3:
            fix = f"skriv {whole}.{part} med decimalpunkt"
        else:
            fix = f"skriv {whole}{part} utan tusentalsavgränsare"
        self.source.fel(
            f"'{name.text}: {whole},{part}': kommat delar talet i två värden; {fix}",
            node=value,
        )
        return True

    def _duplicate(self, parent: Mapping, key: Scalar) -> None:
        first = parent.items[key.text][0]
        self.source.fel(
            f"nyckeln '{key.text}' finns två gånger (rad {first.line} och rad {key.line}); "
            "ta bort eller slå ihop den ena",
            node=key,
        )


_TAB = "tabbtecken i indraget; använd mellanslag för indrag, inte tabb"
_YAML_HINTS = [
    ("tab character", _TAB),
    (
        "mapping values are not allowed",
        "ett kolon följt av mellanslag (': ') inne i en text; sätt texten inom citattecken",
    ),
    (
        "could not find expected ':'",
        "en rad saknar ':' efter nyckeln, eller en text fortsätter på nästa rad utan citattecken",
    ),
    (
        "did not find expected key",
        "indraget stämmer inte: raden står inte i linje med nycklarna ovanför",
    ),
    (
        "did not find expected '-' indicator",
        "indraget stämmer inte: raden står inte i linje med listans '-'",
    ),
    ("block sequence entries are not allowed", "ett '-' står på fel ställe eller med fel indrag"),
    ("did not find expected ',' or ']'", "en lista inom [ ] stängs inte med ]"),
    ("did not find expected ',' or '}'", "en mappning inom { } stängs inte med }"),
    ("found unexpected end of stream", "ett citattecken stängs aldrig"),
    (
        "found unknown escape character",
        "okänt tecken efter \\ i text inom dubbla citattecken; använd enkla citattecken",
    ),
    ("did not find expected node content", "ett värde saknas eller har fel indrag"),
    ("found undefined alias", "ankare och alias (*namn) används inte i stod"),
    ("did not find expected alphabetic or numeric character", "ankare och alias används inte"),
    ("found duplicate anchor", "ankare och alias används inte i stod"),
    ("expected a single document", "filen innehåller mer än ett YAML-dokument (---)"),
    ("did not find expected <document start>", "oväntat innehåll efter dokumentets slut"),
]


def explain_yaml_error(error: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and a Swedish explanation of what the parser stumbled on."""
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line = before.count("\n") + 1
        col = error.position - (before.rfind("\n") + 1) + 1
        char = error.character if isinstance(error.character, int) else ord(str(error.character))
        return line, col, f"YAML-fel: otillåtet styrtecken U+{char:04X} i texten; ta bort det"
    problem = str(getattr(error, "problem", None) or error)
    mark = getattr(error, "problem_mark", None)
    if "could not find expected ':'" in problem and getattr(error, "context_mark", None):
        mark = error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "cannot start any token" in problem and mark is not None:
        char = text[mark.index] if mark.index < len(text) else ""
        if char == "\t":
            return line, col, f"YAML-fel: {_TAB}"
        return (
            line,
            col,
            (f"YAML-fel: ett värde kan inte börja med '{char}'; sätt texten inom citattecken"),
        )
    for needle, message in _YAML_HINTS:
        if needle in problem:
            return line, col, f"YAML-fel: {message}"
    return (
        line,
        col,
        (f"YAML-fel: filen går inte att läsa ({problem}); kontrollera indrag och citattecken"),
    )


def to_plain(node: Node | None):
    """The tree as dicts, lists, strings and None for the schema. A key with no value stays,
    as None: the schema takes it as absent when the key is known, and as an unknown key (a
    typo, or the stray half of `timmar: 2,5`) when it is not."""
    kind = type(node)
    if kind is Scalar:
        return None if node.plain and node.text in NULLS else node.text
    if kind is Mapping:
        out = {}
        for key, (_, value) in node.items.items():
            if type(value) is Scalar:
                out[key] = None if value.plain and value.text in NULLS else value.text
            else:
                out[key] = to_plain(value)
        return out
    if kind is Sequence:
        return [to_plain(item) for item in node.items]
    return None


def locate(root: Node | None, path: tuple) -> Node | None:
    """The deepest node along `path` (keys and indexes); '[key]' means the key itself."""
    node = root
    key_node: Node | None = None
    for step in path:
        if step == "[key]" and key_node is not None:
            return key_node
        if isinstance(node, Mapping) and isinstance(step, str) and step in node.items:
            key_node, node = node.items[step]
        elif isinstance(node, Mapping) and not isinstance(step, str) and str(step) in node.items:
            key_node, node = node.items[str(step)]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            key_node, node = None, node.items[step]
        else:
            break
    return node
