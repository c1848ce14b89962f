"""Field types: text from the loader in, typed values out, Swedish messages on the way.

Each parser takes the stripped text and the field's name and raises `Invalid` with a message
the user can act on. `field_type` wraps a parser for pydantic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from .suggest import did_you_mean, fold
from .svtext import MANADER

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
PSEUDONYM_RE = re.compile(r"[A-Z]{2,4}-\d{4}-\d{2,3}")
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
SPACES = " \u00a0\u202f\u2009"


class Invalid(ValueError):
    pass


def field_type(python_type: type, parser: Callable[[str, str], Any], shared: bool = False):
    """An Annotated type whose values go through `parser` (text → value).

    With `shared`, the parser remembers its recent answers: the same text gives the same
    object, so that 200 000 entries hold a few hundred dates, ids and codes rather than a
    million copies, are quicker to check and to cache (pickle writes a shared object once)."""
    if shared:
        parser = functools.lru_cache(maxsize=8192)(parser)

    def before(value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or "värdet"
        if type(value) is str:  # the common case first
            try:
                return parser(value, name)
            except Invalid as e:
                raise _error(str(e)) from None
        if value is None:
            raise _error(f"'{name}' saknar värde")
        if isinstance(value, dict):
            raise _error(f"'{name}' ska vara ett enkelt värde, inte nycklar och värden")
        if isinstance(value, list):
            raise _error(f"'{name}' ska vara ett enkelt värde, inte en lista")
        if not isinstance(value, str):  # already typed (tests, `stod ny`)
            value = str(value).lower() if isinstance(value, bool) else str(value)
        try:
            return parser(value, name)
        except Invalid as e:
            raise _error(str(e)) from None

    return Annotated[python_type, BeforeValidator(before)]


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError("stod", "{msg}", {"msg": message})


def parse_text(value: str, name: str) -> str:
    if not value.strip():
        raise Invalid(f"'{name}' är tomt")
    return value


def parse_id(value: str, name: str) -> str:
    v = value.strip()
    if ID_RE.fullmatch(v):
        return v
    suggestion = re.sub(r"[^a-z0-9-]+", "-", fold(v).replace("_", "-")).strip("-")
    hint = f"; skriv t.ex. '{suggestion}'" if suggestion and ID_RE.fullmatch(suggestion) else ""
    raise Invalid(
        f"'{name}' ska vara en kod med små bokstäver a–z, siffror och bindestreck, "
        f"fick '{value}'{hint}"
    )


def parse_pseudonym(value: str, name: str) -> str:
    v = value.strip()
    if PSEUDONYM_RE.fullmatch(v):
        return v
    raise Invalid(
        f"'{name}' ska vara en pseudonym som 'IS-2025-01' (2–4 versaler, år, löpnummer), "
        f"fick '{value}'"
    )


# No amount or count in a platform's data comes near a thousand billion; a longer number is a
# slip (two numbers run together) and would break the charts and the Swedish number format.
MAX_DIGITS = 12
MAX_HOUR_DIGITS = 6  # hours: under a million


def parse_integer(value: str, name: str) -> int:
    v = value.strip()
    if re.fullmatch(r"\d+", v):
        if len(v.lstrip("0")) > MAX_DIGITS:
            raise Invalid(
                f"'{name}' är orimligt stort ({len(v.lstrip('0'))} siffror); "
                f"högst {MAX_DIGITS} siffror – står två tal ihop?"
            )
        return int(v)
    if re.fullmatch(r"-\d+", v):
        raise Invalid(f"'{name}' får inte vara negativt, fick {v}")
    compact = v
    for ch in SPACES:
        compact = compact.replace(ch, "")
    stripped = re.sub(r"(?i)\s*(kr|kronor|sek|:-)$", "", compact)
    if re.fullmatch(r"\d+", stripped) and stripped != v:
        raise Invalid(
            f"'{name}' ska skrivas med bara siffror, utan mellanslag och 'kr': {stripped}"
        )
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", stripped):
        raise Invalid(f"'{name}' ska skrivas utan tusentalspunkter: {stripped.replace('.', '')}")
    if re.fullmatch(r"\d+[.,]\d+", stripped):
        raise Invalid(f"'{name}' ska vara ett heltal (hela kronor eller antal), fick '{value}'")
    raise Invalid(f"'{name}' ska vara ett heltal, fick '{value}'")


_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse_hours(value: str, name: str) -> float:
    v = value.strip()
    if _DECIMAL_COMMA.fullmatch(v):
        raise Invalid(f"'{name}' ska skrivas med decimalpunkt: {v.replace(',', '.')}")
    number = float(v) if _NUMBER.fullmatch(v) else None
    if number is None or number <= 0:
        raise Invalid(f"'{name}' måste vara ett tal större än 0, fick '{value}'")
    if number >= 10**MAX_HOUR_DIGITS:
        raise Invalid(f"'{name}' är orimligt stort ({v}); står två tal ihop?")
    if (number * 4) != int(number * 4):
        raise Invalid(f"'{name}' anges i steg om kvarts timme (0.25), fick {v}")
    return number


def parse_year(value: str, name: str) -> int:
    v = value.strip()
    if re.fullmatch(r"\d{4}", v) and 1900 <= int(v) <= 2100:
        return int(v)
    raise Invalid(f"'{name}' ska vara ett årtal som 2025, fick '{value}'")


def parse_date(value: str, name: str) -> dt.date:
    v = value.strip()
    m = DATE_RE.fullmatch(v)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if 1 <= month <= 12 and 1 <= day <= 28:
            return dt.date(year, month, day)
        if not 1 <= month <= 12:
            raise Invalid(f"'{name}' har månad {month:02d}, som inte finns: '{v}'")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise Invalid(
                f"'{name}' är ett datum som inte finns: '{v}' "
                f"({MANADER[month - 1]} {year} har {last} dagar)"
            )
        return dt.date(year, month, day)
    hint = _date_hint(v)
    raise Invalid(
        f"'{name}' ska vara ett datum som ÅÅÅÅ-MM-DD (t.ex. 2025-03-14), fick '{v}'{hint}"
    )


def _date_hint(v: str) -> str:
    if re.fullmatch(r"\d{5}", v) and 20000 <= int(v) <= 80000:
        guess = dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
        return f"; det ser ut som ett datum från Excel, menade du {guess.isoformat()}?"
    m = re.fullmatch(r"(\d{4})[./ ](\d{1,2})[./ ](\d{1,2})", v) or re.fullmatch(
        r"(\d{4})-(\d{1,2})-(\d{1,2})", v
    )
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return f"; menade du {y:04d}-{mo:02d}-{d:02d}?"
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./ ](\d{4})", v)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return f"; menade du {y:04d}-{mo:02d}-{d:02d}?"
    if re.fullmatch(r"\d{8}", v):
        return f"; menade du {v[:4]}-{v[4:6]}-{v[6:]}?"
    return ""


def parse_month(value: str, name: str) -> str:
    v = value.strip()
    m = MONTH_RE.fullmatch(v)
    if m and 1 <= int(m.group(2)) <= 12:
        return v
    if DATE_RE.fullmatch(v):
        raise Invalid(f"'{name}' anges som månad utan dag: {v[:7]}")
    raise Invalid(f"'{name}' ska vara en månad som ÅÅÅÅ-MM (t.ex. 2025-03), fick '{v}'")


def parse_bool(value: str, name: str) -> bool:
    v = value.strip()
    if v == "true":
        return True
    if v == "false":
        return False
    guess = {"ja": "true", "yes": "true", "sant": "true", "nej": "false", "no": "false"}.get(
        v.lower(), "true eller false"
    )
    raise Invalid(f"'{name}' ska vara true eller false, fick '{v}'; skriv {guess}")


def code_parser(vocabulary: dict[str, str]) -> Callable[[str, str], str]:
    def parse(value: str, name: str) -> str:
        v = value.strip()
        if v in vocabulary:
            return v
        raise Invalid(
            f"'{v}' är inget giltigt värde för '{name}'{did_you_mean(v, list(vocabulary))}"
        )

    return parse


Text = field_type(str, parse_text)
Id = field_type(str, parse_id, shared=True)
Pseudonym = field_type(str, parse_pseudonym)
Heltal = field_type(int, parse_integer)
Timmar = field_type(float, parse_hours, shared=True)
Ar = field_type(int, parse_year)
Datum = field_type(dt.date, parse_date, shared=True)
Manad = field_type(str, parse_month, shared=True)
Bool = field_type(bool, parse_bool)


def Kod(vocabulary: dict[str, str]):  # noqa: N802 - reads as a type in the models
    return field_type(str, code_parser(vocabulary), shared=True)
