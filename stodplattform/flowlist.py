"""The quick road for list files written one entry a line, as `stod ny` and the examples do:

    - {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3, beskrivning: Bokslut}

Such a file is turned into JSON with a handful of string replacements and read by the json
module's C parser, many times faster than walking YAML events in Python, and with a fraction of
the memory of a tree of located nodes. The road is taken only when every line lies in a strict
subset of YAML whose meaning is certain: plain keys, plain values without quotes, colons,
commas, brackets or '#', no null values, no duplicate keys, no comment after an entry, no tabs,
carriage returns or odd characters. Anything else goes the ordinary way (`loader.load`).

The result equals `loader.to_plain` of the YAML tree (tests/test_flowlist.py holds the two side
by side). Positions are not kept: when a file has a problem to point at, the source parses the
file again the ordinary way (see `Source.root`).
"""

from __future__ import annotations

import json
import re

_KEY = r"[a-z][a-z_]*"
# A value starts with a letter, a digit, '_' or '(' and ends with anything of the middle but a
# space (YAML drops trailing spaces); in between, letters, digits, spaces and safe punctuation.
_MIDDLE = r"[\w .\-/()+=?!;%&*@'’´§€$–—“”…]"
_LAST = r"[\w.\-/()+=?!;%&*@'’´§€$–—“”…]"
_VALUE = rf"[\w(](?:{_MIDDLE}*{_LAST})?"
_ENTRY = rf"- \{{{_KEY}: {_VALUE}(?:, {_KEY}: {_VALUE})*\}}"
_QUIET = r" *(?:#[^\n]*)?"  # a blank line or a comment on a line of its own
_FILE = re.compile(rf"(?:(?:{_ENTRY}|{_QUIET})\n)*(?:{_ENTRY}|{_QUIET})")
# Tabs, carriage returns, YAML's other line breaks, a byte-order mark and characters the YAML
# reader refuses: any of them sends the file the ordinary way, which explains them.
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_NULL = re.compile(r": (?:null|Null|NULL)[,}]")


def read(text: str) -> list[dict[str, str]] | None:
    """The entries as dicts of text, or None when the file is not in the one-line form."""
    if "- {" not in text or _ODD.search(text) or _NULL.search(text):
        return None
    if _FILE.fullmatch(text) is None:
        return None
    body = "\n".join(line for line in text.split("\n") if line.startswith("- {"))
    pairs = body.count(": ")  # values hold no ':', so one per key
    body = (
        body.replace("- {", '{"')
        .replace(": ", '": "')
        .replace(", ", '", "')
        .replace("}", '"}')
        .replace("\n", ",")
    )
    entries = json.loads(f"[{body}]")
    if sum(map(len, entries)) != pairs:  # a key twice in one entry: let YAML name the lines
        return None
    return entries
