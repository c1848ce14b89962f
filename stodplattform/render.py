"""Templates: a Jinja environment, the user's mallar/ before the built-in ones, and filters
that write numbers and dates the Swedish way.

A template may come from anyone (a data repository from e-mail), so it gets plain data only
(`plain`), is read only as a regular file inside its folder (`_Loader`), and runs in the
sandbox (sandbox.py) that keeps every value, the output, the time and the memory within
limits: a runaway template ends in a Swedish error naming its line."""

from __future__ import annotations

import datetime as dt
import enum
import numbers
import os
import re
import stat
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup
from pydantic import BaseModel

from . import sandbox
from .paths import OPEN_NO_WAIT, builtin_templates
from .privacy import MASK
from .problems import StodError
from .sandbox import MAX_TEXT, TemplateLimit, too_long

BUILTIN = builtin_templates()
LOCALE = "sv_SE"
NBSP = "\u00a0"
MAX_TEMPLATE_BYTES = 1_000_000  # one template file
MAX_DECIMALS = 10


# -- plain data -------------------------------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None), dt.date, Markup)
_MAX_DEPTH = 100


def plain(value, where: str = "context", _depth: int = 0):
    """`value` as plain data: dict, list, str, int, float, bool, None, date and Markup.

    Templates see nothing else: no object with methods that reach Python (a pydantic model's
    `parse_raw` unpickles, `parse_file` reads any file). Models become dicts of their fields,
    named tuples dicts, tuples lists; anything else is a bug in stod and stops the run."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if _depth > _MAX_DEPTH:
        raise StodError(f"internt fel i stod: {where} är för djupt nästlat för en mall")
    below = _depth + 1
    if isinstance(value, Markup):
        return Markup(str.__str__(value))
    if isinstance(value, enum.Enum):
        return plain(value.value, where, below)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dict):
        return {_key(k, where): plain(v, f"{where}.{k}", below) for k, v in value.items()}
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {k: plain(getattr(value, k), f"{where}.{k}", below) for k in fields}
    if isinstance(value, tuple) and hasattr(type(value), "_fields"):
        return {
            k: plain(v, f"{where}.{k}", below) for k, v in zip(value._fields, value, strict=True)
        }
    if isinstance(value, list | tuple):
        return [plain(v, f"{where}[{i}]", below) for i, v in enumerate(value)]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise StodError(
        f"internt fel i stod: {where} är av typen {kind.__module__}.{kind.__qualname__}, "
        "som en mall inte får se (bara enkla värden, listor och tabeller)"
    )


def _key(key, where: str):
    if type(key) in (str, int):
        return key
    if isinstance(key, str | int) and not isinstance(key, bool):
        return plain(key, where)
    raise StodError(f"internt fel i stod: {where} har nyckeln {key!r}, som inte är text eller tal")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~^$])")


def md_escape(value) -> str:
    """Text from the data, safe inside Markdown (tables, emphasis, raw HTML)."""
    text = str(value).replace("\r\n", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text)


def _finalize(value):
    """Every `{{ … }}`: None prints as nothing, text from the data is escaped for Markdown."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise too_long()
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(md_escape(value))
    return value


def _finalize_html(value):
    """Every `{{ … }}` in a web page: None prints as nothing; autoescape makes text safe."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise too_long()
    return value


def tal(value, decimals: int = 0) -> str:
    """380000 → '380 000'; 12.5 → '12,5'; masked counts pass through."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    decimals = _decimals(decimals)
    if decimals == 0 and float(value).is_integer():
        return format_decimal(int(value), format="#,##0", locale=LOCALE)
    pattern = "#,##0." + "0" * max(decimals, 1) if decimals else "#,##0.##"
    return format_decimal(value, format=pattern, locale=LOCALE)


def _decimals(decimals) -> int:
    if not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise TemplateLimit(f"antalet decimaler ska vara ett heltal från 0 till {MAX_DECIMALS}")
    return decimals


def kr(value) -> str:
    return "–" if value is None else f"{tal(value)}{NBSP}kr"


def kronor(value) -> str:
    return f"{tal(value)}{NBSP}kronor"


def timmar(value) -> str:
    """Hours with up to two decimals: 130 → '130', 8.5 → '8,5', 1.25 → '1,25'."""
    return tal(value)


def procent(value, decimals: int = 1) -> str:
    """0.125 → '12,5 %'."""
    if value is None:
        return "–"
    from decimal import ROUND_HALF_UP, Decimal

    decimals = _decimals(decimals)
    # half up, as people round by hand: 8 500 of 40 000 is 21,3 %, not 21,2 % (the float
    # 0.2125 is a hair under, and Babel rounds a half to even)
    share = Decimal(repr(value)) * 100
    share = share.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    number = format_decimal(share, format="#,##0." + "0" * decimals, locale=LOCALE)
    return f"{number}{NBSP}%"


def andring(value, unit: str = "") -> str:
    """A signed change: '+12', '−3' (with a real minus sign), '±0'."""
    if value is None:
        return "–"
    if value == 0:
        return "±0" + (f"{NBSP}{unit}" if unit else "")
    sign = "+" if value > 0 else "−"
    return f"{sign}{tal(abs(value))}" + (f"{NBSP}{unit}" if unit else "")


def andring_procent(value) -> str:
    if value is None:
        return "–"
    text = procent(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def datum(value) -> str:
    """2026-01-23 → '23 januari 2026'."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="d MMMM y", locale=LOCALE)


def datum_utan_ar(value) -> str:
    """2025-10-15 → '15 oktober'."""
    return "–" if value is None else format_date(value, format="d MMMM", locale=LOCALE)


def kort_datum(value) -> str:
    return "–" if value is None else value.isoformat()


def lista(items) -> str:
    """['A', 'B', 'C'] → 'A, B och C'."""
    from .svtext import swedish_list

    return swedish_list([str(i) for i in items])


def ord_(value, form: str = "en") -> str:
    """A whole number from 0 to 12 in words in running text: 3 → 'tre', 1 → 'en' (with
    `ord("ett")` for a neuter noun: 'ett mål'); other numbers and masked counts as `tal`."""
    from .svtext import in_words

    if value == MASK:  # in running text: "färre än fem av dem"
        return "färre än fem"
    number = value
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    return in_words(number, neuter=form == "ett") or tal(value)


def versal(text) -> str:
    """The first letter a capital, the rest as written ('samordnaren' → 'Samordnaren'; 'HR'
    stays 'HR', unlike `capitalize`)."""
    text = "" if text is None else str(text)
    return text[:1].upper() + text[1:]


def gemen(text) -> str:
    """A name or phrase as it stands inside a sentence: the first letter small ('Lokal för
    praktik' → 'lokal för praktik'), an acronym as written ('HR-stöd', 'VBU')."""
    from .svtext import mid_sentence

    return mid_sentence("" if text is None else str(text))


def prosa(text) -> Markup:
    """The user's own prose, kept as the Markdown they wrote (pandoc drops raw HTML)."""
    return Markup(str(text).strip()) if text else Markup("")


def maskerad(value) -> bool:
    return value == MASK


FILTERS = {
    "tal": tal,
    "kr": kr,
    "kronor": kronor,
    "timmar": timmar,
    "procent": procent,
    "andring": andring,
    "andring_procent": andring_procent,
    "datum": datum,
    "kort_datum": kort_datum,
    "datum_utan_ar": datum_utan_ar,
    "md": md_escape,
    "lista": lista,
    "ord": ord_,
    "versal": versal,
    "gemen": gemen,
    "prosa": prosa,
}


# -- template files ---------------------------------------------------------------------------


def regular_file_inside(path: Path, folder: Path, limit: int = MAX_TEMPLATE_BYTES) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes whose real place (after
    every link) is inside `folder`; otherwise a Swedish error naming the file."""
    from .paths import display_path

    shown = display_path(path)
    try:
        real = Path(os.path.realpath(path))
        base = Path(os.path.realpath(folder))
    except (OSError, ValueError) as e:  # a link loop on some systems
        raise StodError(f"{shown}: filen går inte att läsa ({e.strerror or e})") from None
    if real != base and base not in real.parents:
        raise StodError(
            f"{shown}: filen är en länk som leder ut ur mappen {display_path(folder)}; "
            "lägg filen själv i mappen"
        )
    try:
        fd = os.open(real, OPEN_NO_WAIT)
    except OSError as e:
        raise StodError(f"{shown}: filen går inte att läsa ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise StodError(f"{shown}: är ingen vanlig fil utan en mapp, ett rör eller en enhet")
        if info.st_size > limit:
            raise StodError(
                f"{shown}: filen är för stor ({info.st_size // 1000} kB; högst {limit // 1000} kB)"
            )
        data = f.read(limit + 1)
    if len(data) > limit:
        raise StodError(f"{shown}: filen är för stor (högst {limit // 1000} kB)")
    return data


def user_file(user_folder: Path | None, name: str) -> Path | None:
    """The user's own `mallar/<name>` if there is one (a name, no folders); None if not."""
    if user_folder is None or not user_folder.is_dir():
        return None
    path = user_folder / name
    return path if os.path.lexists(path) else None


def check_user_folder(user_folder: Path) -> None:
    """mallar/ itself must lie in the data repository (beside data/), not be a link out."""
    from .paths import display_path

    root = Path(os.path.realpath(user_folder.parent))
    real = Path(os.path.realpath(user_folder))
    if root not in real.parents:
        raise StodError(
            f"{display_path(user_folder)}: mappen är en länk som leder ut ur datarepot; "
            "lägg mallarna i mappen själv"
        )


class _Loader(jinja2.BaseLoader):
    """Templates from one folder: regular files inside it, no links out, no '..'."""

    def __init__(self, folder: Path, trusted: bool = False):
        self.folder = folder
        self.trusted = trusted  # stod's own templates, wherever the package put them

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        path = self.folder.joinpath(*pieces)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        data = path.read_bytes() if self.trusted else regular_file_inside(path, self.folder)
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            from .paths import display_path

            raise StodError(f"{display_path(path)}: mallen är inte sparad som UTF-8") from None
        return source, str(path), lambda: False

    def list_templates(self):
        return sorted(p.name for p in self.folder.glob("*.j2"))


def environment(user_folder: Path | None, html: bool = False) -> jinja2.Environment:
    """The sandboxed environment for Markdown templates, or with `html` for web pages: every
    value HTML-escaped, and `prosa` the user's Markdown made safe HTML (webbtext)."""
    loaders = []
    if user_folder is not None and user_folder.is_dir():
        check_user_folder(user_folder)
        loaders.append(_Loader(user_folder))
    loaders.append(_Loader(BUILTIN, trusted=True))
    env = sandbox.Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True if html else jinja2.select_autoescape(["html", "htm", "xml"]),
        finalize=_finalize_html if html else _finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    if html:
        from .webbtext import markdown_html

        env.filters["prosa"] = markdown_html
    env.tests["maskerad"] = maskerad
    return env


def render(template_name: str, context: dict, user_folder: Path | None, html: bool = False) -> str:
    """The template rendered; a broken template stops the run with its file and line.

    Every render goes through here: the context becomes plain data first (`plain`). With
    `html` the template writes HTML (the web pages), escaped as such."""
    data = plain(context)
    env = environment(user_folder, html)
    try:
        template = env.get_template(template_name)
        text = sandbox.generate(template, data)
    except jinja2.TemplateSyntaxError as e:
        where = _template_path(env, e.name or template_name, user_folder)
        raise StodError(f"{where}:{e.lineno}: mallen går inte att läsa: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise StodError(f"mallen '{e.name}' finns inte") from None
    except SyntaxError as e:  # Python's own limits on the code Jinja makes of the template
        message = f"mallen går inte att läsa: den är för djupt nästlad ({e.msg})"
        raise StodError(f"{_template_path(env, template_name, user_folder)}: {message}") from None
    except RecursionError as e:
        message = "den anropar sig själv utan slut (för djup rekursion)"
        raise _located(env, e, template_name, user_folder, message) from None
    except MemoryError as e:
        message = "den behöver för mycket minne"
        raise _located(env, e, template_name, user_folder, message) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
        AttributeError,
    ) as e:
        raise _located(env, e, template_name, user_folder, _explain(e)) from None
    except StodError:  # already said in Swedish (a template file refused, a limit)
        raise
    except Exception as e:  # anything else a user's template can provoke: never a traceback
        message = f"oväntat fel ({type(e).__name__})"
        raise _located(env, e, template_name, user_folder, message) from None
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def _located(env, error: Exception, template_name: str, user_folder, message: str) -> StodError:
    """'<template file>:<line>: fel i mallen: <message>' (no line where none is known)."""
    line, name = _template_line(error, template_name, user_folder)
    where = _template_path(env, name, user_folder)
    return StodError(f"{where}{f':{line}' if line else ''}: fel i mallen: {message}")


def _template_path(env, name: str, user_folder: Path | None) -> str:
    from .paths import display_path

    if user_folder is not None and (user_folder / name).is_file():
        return display_path(user_folder / name)
    return f"(inbyggd mall) {name}"


def _template_line(error: Exception, fallback: str, user_folder: Path | None = None):
    """The template line from the traceback Jinja rewrote to point into the template, and the
    template's path under mallar/ (the user's or stod's own), 'webb/foretag.html.j2', as a
    user finds it and as `_template_path` looks it up."""
    roots = [os.path.abspath(f) for f in (user_folder, BUILTIN) if f is not None]
    tb = error.__traceback__
    found = (0, fallback)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            path = os.path.abspath(filename)
            under = [os.path.relpath(path, r) for r in roots if path.startswith(r + os.sep)]
            name = Path(under[0]).as_posix() if under else Path(filename).name
            found = (tb.tb_lineno, name)
        tb = tb.tb_next
    return found


def _explain(error: Exception) -> str:
    if isinstance(error, TemplateLimit):
        return str(error)
    text = str(error)
    m = re.search(r"access to attribute '(.+?)' of '(.+?)' object is unsafe", text)
    if m:
        return f"'{m.group(1)}' går inte att nå från en mall (mallar kan bara läsa uppgifterna)"
    if "is not safely callable" in text:
        return "det går inte att anropa från en mall"
    if isinstance(error, ZeroDivisionError):
        return "division med noll"
    if isinstance(error, ArithmeticError):
        return "ett tal går inte att räkna med eller skriva ut (för stort?)"
    m = re.search(r"'(.+?)' is undefined", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    m = re.search(r"has no attribute '(.+?)'", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    return text
