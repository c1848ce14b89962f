"""Personal data: identity numbers are refused anywhere, small counts of people are masked."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

MASK = "färre än 5"
SMALLEST_SHOWN = 5

# 10 or 12 digits with an optional separator before the last four: '-' or '+', or what Word
# and other programs put there instead (an en dash, a minus sign, '/', '.', ':', '·'), with any
# spacing around it (spaces of every width, a line break: a value wrapped across lines), or
# only spacing; the date's pairs may stand apart by a space ('1912 12 12'). Invisible
# characters (soft hyphen, zero-width space, direction marks, combining accents) are looked
# through, and full-width digits read as digits. Never inside a longer number. Dates and
# amounts never look like this; phone numbers sometimes do (the check digit and the date weed
# most of them out; a mobile number written without separators can be caught).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_PAIR = "[ \u00a0]?"
_SEPARATOR = f"\\s{{0,40}}(?:[-+/.:_\u00b7{_DASHES}]{{1,2}}\\s{{0,40}})?"
_ID_RE = re.compile(
    rf"(?<![\d])((?:18|19|20){_PAIR})?(\d{{2}}){_PAIR}(\d{{2}}){_PAIR}(\d{{2}})"
    rf"({_SEPARATOR})(\d{{4}})(?![\d])"
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")  # one character for one
# Format characters and combining marks: invisible, or drawn on the character before.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
    "\ufe00-\ufe0f\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _date_ok(yymmdd: str, century: str | None) -> bool:
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if dd > 60:  # samordningsnummer: day + 60
        dd -= 60
    if not 1 <= mm <= 12 or dd < 1:
        return False
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    return any(dd <= calendar.monthrange(y, mm)[1] for y in years)


_CANDIDATE = re.compile(r"\d\d ?\d\d ?\d\d")


def find_identity_numbers(text: str) -> Iterable[tuple[int, int, str]]:
    """(offset, length, masked form) of each personnummer or samordningsnummer in `text`."""
    kept = None  # where each character of the searched text stood, when some were left out
    if _INVISIBLE.search(text):
        kept = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
        text = "".join(text[i] for i in kept)
    if not _CANDIDATE.search(text):  # a cheap scan first: most files have no 6-digit run
        return
    text = text.translate(_FULL_WIDTH)  # same length: the offsets hold
    for m in _ID_RE.finditer(text):
        century, yy, mm, dd, sep, last = m.groups()
        century = century.strip() if century else None
        yymmdd = yy + mm + dd
        if not _date_ok(yymmdd, century) or not luhn_ok(yymmdd + last):
            continue
        shown = "+" if "+" in sep else "-"
        start, end = (kept[m.start()], kept[m.end() - 1] + 1) if kept else (m.start(), m.end())
        yield start, end - start, f"{century or ''}{yymmdd}{shown}****"


def mask_identity_numbers(text: str) -> str:
    """`text` with every personnummer or samordningsnummer in it masked (19121212-****)."""
    found = list(find_identity_numbers(text))
    for offset, length, masked in reversed(found):
        text = text[:offset] + masked + text[offset + length :]
    return text


def identity_number_message(masked: str) -> str:
    return (
        f"ett personnummer eller samordningsnummer ({masked}) får inte finnas i data; "
        "ta bort det (deltagare anges bara med pseudonym som 'IS-2025-01')"
    )


def orgnr_problem(value: str) -> str | None:
    """What is wrong with an organisationsnummer, or None."""
    v = value.strip()
    m = re.fullmatch(r"(\d{6})-?(\d{4})", v)
    if not m:
        return f"'orgnr' ska skrivas som NNNNNN-NNNN (t.ex. 802000-0000), fick '{v}'"
    digits = m.group(1) + m.group(2)
    if int(digits[2:4]) < 20:
        return (
            "'orgnr' ser ut som ett personnummer (en enskild firma); sådana får inte lagras, "
            "ta bort det"
        )
    if not luhn_ok(digits):
        return f"'orgnr' {v} har fel kontrollsiffra; kontrollera numret"
    return None
