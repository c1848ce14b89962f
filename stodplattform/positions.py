"""Where each value of a file stood, kept when the file's tree and text are let go.

A check across files may find a problem in a file read long before (a support row naming a
company whose file is gone) and must point at its line and column; the file is not read again
for that. What is kept is plain JSON, made once when the file is read and stored beside its
values in the parse cache, so that a file taken from the cache is located too. It stays as
bytes until a problem needs it: most files never have one.

Two shapes:

- a file read the ordinary way: its tree without the text. A value is `[line, col]`, a
  mapping `[line, col, {key: [key's line, key's col, value]}]`, a list `[line, col, [item, …]]`.
- a list file read the quick way (flowlist): each entry's line, the keys of each entry and the
  lengths of its values. An entry's line is exactly `- {key: value, key: value}`, so a column
  follows from the lengths before it. A few bytes an entry, where the tree would be hundreds.

Both answer `locate(path)` as `yamltree.locate` does for the tree: the deepest value along a
path of keys and indexes, `'[key]'` meaning the key itself.
"""

from __future__ import annotations

import itertools
import json
from array import array

from .yamltree import Mapping, Node, Scalar, Sequence


def of_tree(root: Node | None) -> bytes:
    return json.dumps({"tree": _tree(root)}, separators=(",", ":")).encode()


def _tree(node):
    kind = type(node)
    if kind is Scalar:
        return [node.line, node.col]
    if kind is Mapping:
        items = {
            name: [key.line, key.col, _tree(value)] for name, (key, value) in node.items.items()
        }
        return [node.line, node.col, items]
    if kind is Sequence:
        return [node.line, node.col, [_tree(item) for item in node.items]]
    return None


class Entries:
    """The positions of a list file read the quick way."""

    __slots__ = ("lines", "keys", "shapes", "lengths", "starts")

    def __init__(self, lines: array, keys: list[tuple[str, ...]], shapes: array, lengths: array):
        self.lines = lines  # each entry's line
        self.keys = keys  # the entries' keys in order, each different order once
        self.shapes = shapes  # which of `keys` each entry has; empty when there is one
        self.lengths = lengths  # the length of every value, entry after entry
        self.starts = None  # where each entry's lengths begin, made when first needed

    @classmethod
    def of(cls, lines: array, entries: list[dict[str, str]]) -> Entries:
        orders: dict[tuple[str, ...], int] = {}
        shapes = array("I", [orders.setdefault(tuple(entry), len(orders)) for entry in entries])
        lengths = _lengths(itertools.chain.from_iterable(map(len, e.values()) for e in entries))
        return cls(lines, list(orders), shapes if len(orders) > 1 else array("I"), lengths)

    def to_json(self) -> bytes:
        content = {
            "lines": self.lines.tolist(),
            "keys": self.keys,
            "shapes": self.shapes.tolist(),
            "lengths": self.lengths.tolist(),
        }
        return json.dumps(content, separators=(",", ":")).encode()

    def locate(self, path: tuple) -> tuple[int, int]:
        lines = self.lines
        if not path or not isinstance(path[0], int) or not 0 <= path[0] < len(lines):
            return lines[0], 1  # the list itself, at its first '-'
        i = path[0]
        keys = self.keys[self.shapes[i]] if self.shapes else self.keys[0]
        step = path[1] if len(path) > 1 else None
        name = step if isinstance(step, str) else str(step)
        if step is None or name not in keys:
            return lines[i], 3  # the entry, at its '{'
        if self.starts is None:
            sizes = (len(self.keys[s]) for s in self.shapes) if self.shapes else None
            if sizes is None:
                size = len(keys)
                self.starts = range(0, size * len(lines), size)
            else:
                self.starts = array("I", itertools.accumulate(sizes, initial=0))
        start, j = self.starts[i], keys.index(name)
        col = 4 + sum(map(len, keys[:j])) + sum(self.lengths[start : start + j]) + 4 * j
        return lines[i], col if path[2:3] == ("[key]",) else col + len(name) + 2


def _lengths(lengths) -> array:
    """A byte a value when every value is shorter than 256 characters, as they mostly are."""
    lengths = list(lengths)
    try:
        return array("B", lengths)
    except OverflowError:
        return array("I", lengths)


class Tree:
    """The positions of a file read the ordinary way, as decoded from JSON."""

    __slots__ = ("root",)

    def __init__(self, root):
        self.root = root

    def locate(self, path: tuple) -> tuple[int, int] | None:
        node, key = self.root, None
        try:
            for step in path:
                if step == "[key]" and key is not None:
                    return key
                children = node[2] if len(node) > 2 else None
                if type(children) is dict:
                    name = step if isinstance(step, str) else str(step)
                    if name in children:
                        line, col, node = children[name]
                        key = _place(line, col)
                        continue
                elif type(children) is list and isinstance(step, int) and 0 <= step < len(children):
                    node, key = children[step], None
                    continue
                break
            return _place(node[0], node[1])
        except (TypeError, ValueError, LookupError):  # not in the shape of_tree writes
            return None


def _place(line, col) -> tuple[int, int] | None:
    return (
        (line, col) if type(line) is int and type(col) is int and line >= 1 and col >= 1 else None
    )


def decode(kept: bytes) -> Tree | Entries | None:
    """What `of_tree` or `Entries.to_json` wrote, or None when it is not that (a damaged
    cache: the problems then stand at the file's first line)."""
    try:
        content = json.loads(kept)
        if "tree" in content:
            return Tree(content["tree"])
        lines, shapes = array("I", content["lines"]), array("I", content["shapes"])
        keys = [tuple(k) for k in content["keys"]]
        lengths = _lengths(content["lengths"])
    except (ValueError, TypeError, LookupError, OverflowError, RecursionError):
        return None
    sizes = [len(k) for k in keys]
    if not (
        lines
        and min(lines) >= 1
        and all(type(name) is str for k in keys for name in k)
        and (len(shapes) == len(lines) if shapes else len(keys) == 1)
        and all(s < len(keys) for s in shapes)
        and len(lengths) == (sum(sizes[s] for s in shapes) if shapes else sizes[0] * len(lines))
    ):
        return None
    return Entries(lines, keys, shapes, lengths)
