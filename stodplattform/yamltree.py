"""Strict YAML: text → a tree of text values that remember their line and column.

`yaml.safe_load` guesses types (`NO` → False, `017` → 15), lets a duplicate key silently win
and forgets where every value came from. Here the C parser's events are turned into our own
nodes: every scalar stays text (the schema decides what it is), and duplicate keys, anchors,
aliases, tags and extra documents are refused with a location.
"""

from __future__ import annotations

import re

import yaml

from .problems import FEL, Problem
from .yaml_errors import explain_yaml_error

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


def parse_tree(source, text: str) -> Node | None:
    """The located tree of `text`, or None with the problems filed in `source` (a
    `loader.Source`: its path, how it is shown, and where its problems go)."""
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

    def __init__(self, source):
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
