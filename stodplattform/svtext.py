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
    """['a', 'b', 'c'] → 'a, b och c'; with an 'och' inside an item the last joins with 'samt'
    ('bokföring, HR och personalfrågor samt administration'), never two 'och' in a row."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    last = " samt " if any(" och " in f" {i} " for i in items) else " och "
    return ", ".join(items[:-1]) + last + items[-1]


def mid_sentence(name: str) -> str:
    """A name as it stands inside a sentence: 'Stödplattform för sociala företag' →
    'stödplattform för sociala företag'. An acronym or a name with a capital inside its first
    word ('HR-stöd', 'VBU-kurser', 'McKinsey') is left as it is."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and any(ch.isupper() for ch in first[1:]):
        return name
    return name[:1].lower() + name[1:]


TAL_ORD = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
           "tolv"]  # fmt: skip


def in_words(value: int, neuter: bool = False) -> str | None:
    """0–12 in words, as running text writes them ('tre'; 1 is 'en', or 'ett' for a neuter
    noun: 'ett mål'); None for any other number."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        return None
    return "ett" if value == 1 and neuter else TAL_ORD[value]
