"""Swedish text rules that documents, messages and sort orders share.

A leaf: it imports nothing of stod's."""

from __future__ import annotations

MANADER = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip

_SV_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03", "é": "e", "ü": "y"})


def sv_key(text: str) -> str:
    """Swedish alphabetical order: … x, y, z, å, ä, ö."""
    return text.lower().translate(_SV_ORDER)


def swedish_list(items: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b och c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]
