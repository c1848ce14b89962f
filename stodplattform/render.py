"""Templates: a sandboxed Jinja environment, the user's mallar/ before the built-in ones, and
filters that write numbers and dates the Swedish way.

A template may come from anyone (a data repository from e-mail), so it gets plain data only
(`plain`), is read only as a regular file inside its folder (`_Loader`), and runs in a
sandbox that keeps every value, the output, the time and the memory within limits
(`_Sandbox`, `_limits`): a runaway template ends in a Swedish error naming its line."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import numbers
import os
import re
import signal
import stat
import string
import sys
import threading
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Macro, Namespace
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from .paths import builtin_templates
from .privacy import MASK
from .problems import StodError

BUILTIN = builtin_templates()
LOCALE = "sv_SE"
NBSP = "\u00a0"

# Limits for templates. Generous for any real report (the national one renders far below
# them), small enough that a hostile template ends in an error within seconds.
MAX_TEMPLATE_BYTES = 1_000_000  # one template file
MAX_TEXT = 5_000_000  # characters in one text a template builds
MAX_ITEMS = 1_000_000  # items in one list a template builds
MAX_INT_BITS = 4096  # an integer a template builds (about 1 200 digits)
MAX_WIDTH = 1000  # a width or precision in a format ('%5d', '{:>8}')
MAX_DECIMALS = 10
MAX_OUTPUT = 20_000_000  # characters of rendered Markdown
TIME_LIMIT = 60.0  # seconds (where the system can interrupt: POSIX, main thread)
MEMORY_HEADROOM = 2 << 30  # bytes more than the process holds (Linux)


class TemplateLimit(jinja2.exceptions.SecurityError):
    """A template went beyond a limit or reached for something it may not; the message is
    Swedish and shown to the user with the template's file and line."""


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
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise _too_long()
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return Markup(md_escape(value))
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
    decimals = _decimals(decimals)
    number = format_decimal(value * 100, format="#,##0." + "0" * decimals, locale=LOCALE)
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
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
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


# -- the sandbox ------------------------------------------------------------------------------

_STR_REFUSED = frozenset({"translate", "maketrans"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _too_long() -> TemplateLimit:
    return TemplateLimit(f"texten blir för lång (högst {MAX_TEXT:_} tecken)".replace("_", " "))


def _checked(value):
    """`value`, if it is within the limits for one value a template builds."""
    if isinstance(value, str | bytes) and len(value) > MAX_TEXT:
        raise _too_long()
    if isinstance(value, list | tuple | dict) and len(value) > MAX_ITEMS:
        raise TemplateLimit(f"listan blir för lång (högst {MAX_ITEMS:_} delar)".replace("_", " "))
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit("talet blir för stort")
    return value


def _width(number) -> None:
    if isinstance(number, int) and number > MAX_WIDTH:
        raise TemplateLimit(f"bredden {number} är för stor (högst {MAX_WIDTH})")


def _check_percent(fmt: str) -> None:
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise TemplateLimit("'*' som bredd i '%'-formatering går inte i en mall")
            if part:
                _width(int(part))


def _check_format(fmt: str) -> None:
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError as e:
        raise TemplateLimit(f"formateringen går inte att läsa: {e}") from None
    for _, _, spec, _ in parsed:
        if spec and "{" in spec:
            raise TemplateLimit("nästlade fält i formatering går inte i en mall")
        for digits in re.findall(r"\d+", spec or ""):
            _width(int(digits))


def _sized(value) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else len(str(value))


def _guarded_str_method(obj, name: str, method):
    """A str or bytes method that can make a text far longer than its input, checked first."""

    def guarded(*args, **kwargs):
        if name in ("center", "ljust", "rjust", "zfill"):
            width = args[0] if args else kwargs.get("width", 0)
            if isinstance(width, int) and width > MAX_TEXT:
                raise _too_long()
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            if (
                isinstance(size, int)
                and obj.count("\t" if isinstance(obj, str) else b"\t") * size > MAX_TEXT
            ):
                raise _too_long()
        elif name == "join" and args:
            items = list(args[0]) if not isinstance(args[0], list | tuple) else args[0]
            if len(items) > MAX_ITEMS or sum(map(_sized, items)) + len(obj) * len(items) > MAX_TEXT:
                raise _too_long()
            args = (items, *args[1:])
        elif name == "replace" and len(args) >= 2:
            old, new = args[0], args[1]
            count = args[2] if len(args) > 2 else kwargs.get("count", -1)
            found = obj.count(old) if old else len(obj) + 1
            if isinstance(count, int) and count >= 0:
                found = min(found, count)
            if len(obj) + found * (len(new) - len(old)) > MAX_TEXT:
                raise _too_long()
        elif name in ("format", "format_map"):
            _check_format(str(obj))
        return _checked(method(*args, **kwargs))

    return guarded


class _Namespace(Namespace):
    """`namespace()` whose attributes keep within the limits (a text doubled in a loop)."""

    def __setitem__(self, name, value):
        super().__setitem__(name, _checked(value))


_SEQUENCES = (str, bytes, list, tuple)


def _check_binop(operator: str, left, right) -> None:
    """Refuse `left <operator> right` before Python builds a result past the limits."""
    both_int = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            limit = MAX_ITEMS if isinstance(seq, list | tuple) else MAX_TEXT
            if isinstance(seq, _SEQUENCES) and isinstance(n, int) and len(seq) * n > limit:
                raise _too_long()
        if both_int and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimit("talet blir för stort")
    elif operator == "**":
        if both_int and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
            raise TemplateLimit("talet blir för stort")
    elif operator == "+":
        sequences = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
        if sequences and len(left) + len(right) > MAX_TEXT:
            raise _too_long()
    elif operator == "%" and isinstance(left, str):
        _check_percent(left)


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+", "//"])

    def call_binop(self, context, operator, left, right):
        _check_binop(operator, left, right)
        try:
            return _checked(super().call_binop(context, operator, left, right))
        except OverflowError:
            raise TemplateLimit("talet blir för stort") from None

    def getattr(self, obj, attribute):
        if isinstance(obj, str | bytes) and isinstance(attribute, str):
            if attribute in _STR_REFUSED:
                raise TemplateLimit(f"'{attribute}' går inte att använda i en mall")
            if attribute in (
                "center", "ljust", "rjust", "zfill", "expandtabs", "join", "replace",
                "format", "format_map",
            ):  # fmt: skip
                method = super().getattr(obj, attribute)
                return _guarded_str_method(obj, attribute, method)
        return super().getattr(obj, attribute)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own names)
        if isinstance(__obj, Macro):
            for value in (*args, *kwargs.values()):
                _checked(value)
        return _checked(super().call(__context, __obj, *args, **kwargs))


def _range(*args):
    try:
        return jinja2.sandbox.safe_range(*args)
    except OverflowError:
        limit = f"{jinja2.sandbox.MAX_RANGE:_}".replace("_", " ")
        raise TemplateLimit(f"range() ger för många tal (högst {limit})") from None


# Jinja's own filters that can make a text or list far larger than what they get.


@jinja2.pass_eval_context
def _filter_join(eval_ctx, value, d="", attribute=None):
    items = list(value)
    if len(items) > MAX_ITEMS or sum(map(_sized, items)) + len(str(d)) * len(items) > MAX_TEXT:
        raise _too_long()
    return JINJA_FILTERS["join"](eval_ctx, items, d, attribute)


@jinja2.pass_eval_context
def _filter_replace(eval_ctx, s, old, new, count=None):
    text, old, new = str(s), str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_TEXT:
        raise _too_long()
    return JINJA_FILTERS["replace"](eval_ctx, s, old, new, count)


def _filter_center(value, width=80):
    if isinstance(width, int) and width > MAX_TEXT:
        raise _too_long()
    return JINJA_FILTERS["center"](value, width)


def _filter_indent(s, width=4, first=False, blank=False):
    text = str(s)
    step = width if isinstance(width, int) else len(str(width))
    if len(text) + (text.count("\n") + 1) * step > MAX_TEXT:
        raise _too_long()
    return JINJA_FILTERS["indent"](s, width, first, blank)


def _filter_format(value, *args, **kwargs):
    _check_percent(str(value))
    return _checked(JINJA_FILTERS["format"](value, *args, **kwargs))


@jinja2.pass_environment
def _filter_wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None,
                     break_on_hyphens=True):  # fmt: skip
    text = str(s)
    lines = len(text) // max(int(width), 1) + text.count("\n") + 1
    if len(text) + lines * len(wrapstring or "\n") > MAX_TEXT:
        raise _too_long()
    return JINJA_FILTERS["wordwrap"](
        environment, s, width, break_long_words, wrapstring, break_on_hyphens
    )


def _filter_batch(value, linecount, fill_with=None):
    if isinstance(linecount, int) and linecount > MAX_ITEMS:
        raise TemplateLimit(f"för många delar (högst {MAX_ITEMS:_})".replace("_", " "))
    return JINJA_FILTERS["batch"](value, linecount, fill_with)


@jinja2.pass_context
def _filter_slice(context, value, slices, fill_with=None):
    if isinstance(slices, int) and slices > MAX_ITEMS:
        raise TemplateLimit(f"för många delar (högst {MAX_ITEMS:_})".replace("_", " "))
    return JINJA_FILTERS["slice"](context, value, slices, fill_with)


@jinja2.pass_eval_context
def _filter_tojson(eval_ctx, value, indent=None):
    _width(indent)
    return JINJA_FILTERS["tojson"](eval_ctx, value, indent)


GUARDED_FILTERS = {
    "join": _filter_join,
    "replace": _filter_replace,
    "center": _filter_center,
    "indent": _filter_indent,
    "format": _filter_format,
    "wordwrap": _filter_wordwrap,
    "batch": _filter_batch,
    "slice": _filter_slice,
    "tojson": _filter_tojson,
}


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt a template that runs longer than `seconds` (where a timer signal can: POSIX,
    main thread); elsewhere the other limits still hold."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise TemplateLimit(f"mallen tar för lång tid (mer än {seconds:g} sekunder)")

    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's timer runs: leave it
        yield
        return
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit(headroom: int):
    """At most `headroom` more bytes of memory while a template runs (Linux): a template that
    asks for more gets MemoryError at once rather than filling the machine's memory."""
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError):
        yield
        return
    limit = used + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def environment(user_folder: Path | None) -> jinja2.Environment:
    loaders = []
    if user_folder is not None and user_folder.is_dir():
        check_user_folder(user_folder)
        loaders.append(_Loader(user_folder))
    loaders.append(_Loader(BUILTIN, trusted=True))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(GUARDED_FILTERS)
    env.filters.update(FILTERS)
    env.tests["maskerad"] = maskerad
    env.globals.pop("lipsum", None)  # lipsum(10**9) would write text without end
    env.globals["range"] = _range
    env.globals["namespace"] = _Namespace
    return env


def render(template_name: str, context: dict, user_folder: Path | None) -> str:
    """The template rendered; a broken template stops the run with its file and line.

    Every render goes through here: the context becomes plain data first (`plain`)."""
    data = plain(context)
    env = environment(user_folder)
    try:
        template = env.get_template(template_name)
        with _memory_limit(MEMORY_HEADROOM), _time_limit(TIME_LIMIT):
            text = _generate(template, data)
    except jinja2.TemplateSyntaxError as e:
        where = _template_path(env, e.name or template_name, user_folder)
        raise StodError(f"{where}:{e.lineno}: mallen går inte att läsa: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise StodError(f"mallen '{e.name}' finns inte") from None
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
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def _located(env, error: Exception, template_name: str, user_folder, message: str) -> StodError:
    """'<template file>:<line>: fel i mallen: <message>' (no line where none is known)."""
    line, name = _template_line(error, template_name)
    where = _template_path(env, name, user_folder)
    return StodError(f"{where}{f':{line}' if line else ''}: fel i mallen: {message}")


def _generate(template: jinja2.Template, data: dict) -> str:
    """The rendered text, stopped once it grows past MAX_OUTPUT characters."""
    parts = []
    size = 0
    for part in template.generate(**data):
        size += len(part)
        if size > MAX_OUTPUT:
            limit = f"{MAX_OUTPUT // 1_000_000}"
            raise TemplateLimit(f"dokumentet blir för stort (mer än {limit} miljoner tecken)")
        parts.append(part)
    return "".join(parts)


def _template_path(env, name: str, user_folder: Path | None) -> str:
    from .paths import display_path

    if user_folder is not None and (user_folder / name).is_file():
        return display_path(user_folder / name)
    return f"(inbyggd mall) {name}"


def _template_line(error: Exception, fallback: str) -> tuple[int, str]:
    """The template line from the traceback Jinja rewrote to point into the template."""
    tb = error.__traceback__
    found = (0, fallback)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (tb.tb_lineno, Path(filename).name)
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
    m = re.search(r"'(.+?)' is undefined", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    m = re.search(r"has no attribute '(.+?)'", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    return text
