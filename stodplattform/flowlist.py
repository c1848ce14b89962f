"""The quick road for list files written one entry a line, as `stod ny` and the examples do:

    - {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3, beskrivning: Bokslut}

Such a file is turned into JSON with a handful of string replacements and read by the json
module's C parser, many times faster than walking YAML events in Python, and with a fraction of
the memory of a tree of located nodes. The road is taken only when every line lies in a strict
subset of YAML whose meaning is certain: entries at the margin between blank lines and
comments; keys and values that start with a letter, digit, '_' or '(', end with no space and
hold no colon, comma, bracket, brace, '#', '"' or backslash; no null values, no key twice, no
comment after an entry, no tabs, carriage returns or odd characters. Anything else goes the
ordinary way (`loader.load`), which also explains what is wrong.

The result equals `yamltree.to_plain` of the YAML tree, and with each entry's line the
positions (`positions.Entries`) equal the tree's (tests/test_flowlist.py holds them side by side).
"""

from __future__ import annotations

import itertools
import json
import re
from array import array

# A blank line or a comment on a line of its own.
_QUIET = re.compile(r" *(?:#.*)?")
# A key or value that starts with a letter, digit, '_' or '(' (not with one of YAML's
# indicators, a space or nothing at all) and does not end with a space.
_WORD = re.compile(r"[\w(](?:.*[^ ])?")
_NULLS = frozenset({"null", "Null", "NULL"})


def read(text: str) -> tuple[list[dict[str, str]], array] | None:
    """The entries as dicts of text and the line of each, or None when the file is not in the
    one-line form."""
    if text[:1] not in "-# \n" or "- {" not in text:  # e.g. 'datum: …' on the first line
        return None
    # Python's printable characters are a subset of YAML's, without tabs, carriage returns,
    # YAML's other line breaks or a byte-order mark: anything else goes the ordinary way.
    if not text.replace("\n", " ").isprintable():
        return None
    lines = text.split("\n")
    starts = list(map(str.startswith, lines, itertools.repeat("- {")))
    entries = list(itertools.compress(lines, starts))
    if len(entries) < len(lines) and not all(
        _QUIET.fullmatch(line) for line in lines if not line.startswith("- {")
    ):
        return None
    body = "\n".join(entries)
    pairs = body.count(": ")
    if (
        body.count("{") != len(entries)  # one '{' a line, the one after '- '
        or body.count("}") != len(entries)
        or body.count("}\n") != len(entries) - 1  # and one '}', the last character
        or not body.endswith("}")
        or body.count(":") != pairs  # every ':' and ',' is a separator, followed by a space
        or body.count(",") != body.count(", ")
        or any(c in body for c in '[]#"\\')
    ):
        return None
    # '- {a: b, c: d}' a line → '[{"a": "b", "c": "d"}, …]'
    body = body.replace(": ", '": "').replace(", ", '", "').replace("}\n- {", '"}, {"')
    body = f'[{{"{body[3:-1]}"}}]'
    try:
        found = json.loads(body)
    except ValueError:  # separators out of order, e.g. '- {a, b: c}'
        return None
    if sum(map(len, found)) != pairs:  # a key twice in one entry: let YAML name the lines
        return None
    words = set(itertools.chain.from_iterable(map(dict.values, found)))
    words.update(itertools.chain.from_iterable(found))
    if words & _NULLS or not all(map(_WORD.fullmatch, words)):
        return None
    return found, array("I", itertools.compress(itertools.count(1), starts))
