"""A sheet's headers and cells as people write them, turned into the data format's fields and
values: "Företag" → foretag, "Luddes Hundcenter" → luddes-hundcenter, "Bokföring" → bokforing,
"2,5" → 2.5, an Excel date → 2025-01-14.

Only what a person means without doubt is turned: a name that fits two enterprises, a date
like 3/4/2025 (March or April?) or a word that is no label is an error with a hint. The
rules of the data format (hours in quarters, a date within the year, …) are left to
`stod validera`, which the importer runs on the new lines.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from . import vocab
from .dataset import Data
from .fields import ID_RE, PSEUDONYM_RE
from .suggest import did_you_mean
from .svtext import MANADER


class Invalid(ValueError):
    """A cell that can't be read as its column's value; the message is Swedish."""


def key(text) -> str:
    """Text compared as people mean it: lower case, without accents or punctuation
    ('Odlå på ängen!' and 'odla-pa-angen' are both 'odla_pa_angen')."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# What people call the columns (as `key` writes them), beside the fields' own names.
ALIASES = {
    "dag": "datum",
    "foretagets_namn": "foretag",
    "foretagsnamn": "foretag",
    "stodomrade": "omrade",
    "tid": "timmar",
    "antal_timmar": "timmar",
    "tim": "timmar",
    "vad": "beskrivning",
    "anteckning": "beskrivning",
    "anteckningar": "beskrivning",
    "kommentar": "beskrivning",
    "notering": "beskrivning",
    "pseudonym": "id",
    "deltagare": "id",
    "deltagar_id": "id",
    "startmanad": "start",
    "slutmanad": "slut",
    "alder": "aldersgrupp",
    "remittent": "remitterad_av",
    "remitterande_part": "remitterad_av",
    "remitterad": "remitterad_av",
    "forsorjning": "forsorjning_fore",
    "forsorjning_innan": "forsorjning_fore",
}


def header_field(header: str, fields: list[str]) -> str | None:
    """The field a column header names ('Timmar (h)', 'Företag:', 'Insats id'), or None."""
    name = key(re.sub(r"\(.*?\)", " ", header))
    for candidate in (name, re.sub(r"_id$", "", name)):
        candidate = ALIASES.get(candidate, candidate)
        if candidate in fields:
            return candidate
    return None


def convert(kind: str, name: str, value, data: Data, year: int | None):
    """The cell's value as the field's YAML text (None: nothing)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    sensitive = kind == "deltagare"
    if name == "datum":
        return _date(value)
    if name in ("start", "slut"):
        return _month(value)
    if name == "timmar":
        return _hours(value)
    if name == "foretag":
        return _foretag(value, data, sensitive)
    if name == "insats":
        return _insats(value, data, year, sensitive)
    if name == "remitterad_av":
        return _party(value, data, sensitive)
    if name == "id":
        return _pseudonym(value)
    codes = {
        "omrade": vocab.OMRADEN,
        "kon": vocab.KON,
        "aldersgrupp": vocab.ALDERSGRUPPER,
        "forsorjning_fore": vocab.FORSORJNING,
        "utfall": vocab.DELTAGARUTFALL,
    }.get(name)
    if codes is not None:
        return _code(value, codes, sensitive)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n")  # beskrivning: text as written


def _text(value) -> str:
    if isinstance(value, bool):
        raise Invalid("cellen är ett sanningsvärde (SANT/FALSKT), inte text")
    return str(value)


# -- dates, months, hours -------------------------------------------------------------------------


def _excel_serial(number: float) -> str:
    guess = dt.date(1899, 12, 30) + dt.timedelta(days=int(number))
    return (
        f"cellen är talet {number:g}, inte ett datum (Excel skulle visa det som "
        f"{guess.isoformat()}); formatera kolumnen som datum eller skriv ÅÅÅÅ-MM-DD"
    )


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


def _date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Invalid(_excel_serial(value))
    text = _text(value)
    m = _ISO.fullmatch(text)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _DMY.fullmatch(text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if a == b or (a > 12 and b <= 12):
            return f"{y:04d}-{b:02d}-{a:02d}"  # day first, as in Sweden
        if b > 12 and a <= 12:
            return f"{y:04d}-{a:02d}-{b:02d}"  # month first, as in the USA
        if a <= 12 and b <= 12:
            raise Invalid(
                f"'{text}' kan vara både {a} {MANADER[b - 1]} och {b} {MANADER[a - 1]}; "
                f"skriv datumet som ÅÅÅÅ-MM-DD ({y}-{b:02d}-{a:02d} eller {y}-{a:02d}-{b:02d})"
            )
    return text  # the rules say what is wrong with it


_MONTH_NAMES = {key(name): i for i, name in enumerate(MANADER, start=1)}


def _month(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Invalid(_excel_serial(value).replace("ÅÅÅÅ-MM-DD", "ÅÅÅÅ-MM"))
    text = _text(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    m = re.fullmatch(r"([^\W\d]+)\s+(\d{4})", text)
    if m and key(m[1]) in _MONTH_NAMES:
        return f"{int(m[2]):04d}-{_MONTH_NAMES[key(m[1])]:02d}"
    raise Invalid("ska vara en månad som ÅÅÅÅ-MM (t.ex. 2025-03) eller ett datum i Excel")


def _hours(value) -> str:
    if isinstance(value, bool):
        raise Invalid("ska vara ett antal timmar, t.ex. 2,5")
    if isinstance(value, (int, float)):
        number = Decimal(repr(round(float(value), 6)))
    else:
        text = re.sub(r"(?i)\s*(h|tim|timmar|timme|t)\.?$", "", str(value).strip())
        text = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise Invalid(f"'Timmar' ska vara ett tal som 2,5, fick '{value}'")
        number = Decimal(text)
    text = format(number.normalize(), "f")
    return text


# -- names and labels to ids and codes --------------------------------------------------------------


def _lookup(value, choices: dict[str, list[str]], what: str, candidates: list[str], echo: bool):
    """The one id whose id, name or label `value` is; an error naming the near ones."""
    found = choices.get(key(value), [])
    if len(set(found)) == 1:
        return found[0]
    shown = f" '{value}'" if echo else ""
    if found:
        raise Invalid(f"{what}{shown} passar flera: {', '.join(sorted(set(found)))}; ange id")
    hint = did_you_mean(str(value), candidates, listing=False)
    if not hint and len(candidates) <= 16:
        hint = "; det finns " + ", ".join(f"'{c}'" for c in candidates)
    raise Invalid(f"{what}{shown} finns inte{hint}")


def _foretag(value, data: Data, sensitive: bool) -> str:
    choices: dict[str, list[str]] = {}
    for ident in sorted(data.foretag_ids):
        choices.setdefault(key(ident), []).append(ident)
    for ident, (_, foretag) in sorted(data.foretag.items()):
        choices.setdefault(key(foretag.namn), []).append(ident)
    named = {i: f.namn for i, (_, f) in data.foretag.items()}
    names = [named.get(i, i) for i in sorted(data.foretag_ids)]
    return _lookup(_text(value), choices, "företaget", names, not sensitive)


def _insats(value, data: Data, year: int | None, sensitive: bool) -> str:
    if year is None:
        return _text(value)  # the row's date is wrong: told already
    entry = data.ar.get(year)
    if entry is None:  # no year file to look in: an id, and the rules tell the rest
        text = _text(value)
        if ID_RE.fullmatch(text):
            return text
        raise Invalid(
            f"insatsen anges med sitt id (som industrisparet); ar/{year}.yaml finns inte, så "
            "namnet kan inte slås upp"
        )
    choices: dict[str, list[str]] = {}
    names = []
    for insats in entry[1].insatser:
        for label in (insats.id, insats.namn, insats.kortnamn):
            if label:
                choices.setdefault(key(label), []).append(insats.id)
        names.append(insats.id)
    return _lookup(_text(value), choices, f"insatsen (i ar/{year}.yaml)", names, not sensitive)


def _party(value, data: Data, sensitive: bool) -> str:
    choices: dict[str, list[str]] = {}
    for part in data.parter.values():
        for label in (part.id, part.organisation, f"{part.organisation} {part.roll}"):
            choices.setdefault(key(label), []).append(part.id)
    return _lookup(_text(value), choices, "parten", list(data.parter), not sensitive)


def _code(value, vocabulary: dict[str, str], sensitive: bool) -> str:
    choices: dict[str, list[str]] = {}
    for code, label in vocabulary.items():
        for text in (code, label):
            choices.setdefault(key(text), []).append(code)
    text = _text(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    found = choices.get(key(text)) or choices.get(key(re.sub(r"\s*år$", "", text)))
    if found:
        return found[0]
    if sensitive:
        raise Invalid("värdet är inget av " + ", ".join(vocabulary))
    hint = did_you_mean(text, list(vocabulary))
    raise Invalid(f"'{text}' är inget giltigt värde{hint}")


def _pseudonym(value) -> str:
    text = _text(value).strip().upper()
    if PSEUDONYM_RE.fullmatch(text):
        return text
    raise Invalid(
        "ska vara en pseudonym som IS-2025-01 (2–4 versaler, år, löpnummer), aldrig ett namn "
        "eller personnummer; lämna cellen tom så får deltagaren nästa lediga pseudonym"
    )
