"""The sandbox a template runs in: a template may come from anyone (a data repository from
e-mail), so every value it builds, its output, its time and its memory stay within limits, and
a runaway template ends in a Swedish error (`TemplateLimit`) instead of filling the machine.

Jinja's own sandbox already keeps templates away from Python's insides; what it lets through
is growth: `'x' * 10**10`, `'%0999999999d' % 1`, `'x'.center(10**9)`, `7 ** 10**8`. Those
are checked here before Python builds the result (`Sandbox`, the guarded methods and filters),
and what is built anyway is checked after (`checked`); the time and memory limits catch
whatever slips past both (`generate`)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import string
import sys
import threading

import jinja2
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Macro, Namespace
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Generous for any real report (the national one renders far below them), small enough that a
# hostile template ends in an error within seconds.
MAX_TEXT = 5_000_000  # characters in one text a template builds
MAX_ITEMS = 1_000_000  # items in one list a template builds
MAX_INT_BITS = 4096  # an integer a template builds (about 1 200 digits)
MAX_WIDTH = 1000  # a width or precision in a format ('%5d', '{:>8}')
MAX_OUTPUT = 20_000_000  # characters of rendered Markdown
TIME_LIMIT = 60.0  # seconds (where the system can interrupt: POSIX, main thread)
MEMORY_HEADROOM = 2 << 30  # bytes more than the process holds (Linux)


class TemplateLimit(jinja2.exceptions.SecurityError):
    """A template went beyond a limit or reached for something it may not; the message is
    Swedish and shown to the user with the template's file and line."""


def _spaced(number: int) -> str:
    return f"{number:_}".replace("_", " ")


def too_long() -> TemplateLimit:
    return TemplateLimit(f"texten blir för lång (högst {_spaced(MAX_TEXT)} tecken)")


def _too_large() -> TemplateLimit:
    return TemplateLimit("talet blir för stort")


def checked(value):
    """`value`, if it is within the limits for one value a template builds."""
    if isinstance(value, str | bytes) and len(value) > MAX_TEXT:
        raise too_long()
    if isinstance(value, list | tuple | dict) and len(value) > MAX_ITEMS:
        raise TemplateLimit(f"listan blir för lång (högst {_spaced(MAX_ITEMS)} delar)")
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        raise _too_large()
    return value


# -- checks before Python builds a text ------------------------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


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


def _check_padding(width) -> None:
    """`center`, `ljust`, `rjust`, `zfill` to `width`: a text at least that long."""
    if isinstance(width, int) and width > MAX_TEXT:
        raise too_long()


def _sized(value) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else len(str(value))


def _check_join(separator, items) -> list | tuple:
    """The items of `separator.join(items)` (the method and the filter), as a list that can
    be read again, if the joined text stays within the limits."""
    items = items if isinstance(items, list | tuple) else list(items)
    size = sum(map(_sized, items)) + len(separator) * len(items)
    if len(items) > MAX_ITEMS or size > MAX_TEXT:
        raise too_long()
    return items


def _check_replace(text, old, new, count) -> None:
    """`text.replace(old, new, count)` (the method and the filter) within the limits."""
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_TEXT:
        raise too_long()


# -- the environment -------------------------------------------------------------------------

_STR_REFUSED = frozenset({"translate", "maketrans"})
_STR_GUARDED = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "join", "replace", "format", "format_map"}
)
_SEQUENCES = (str, bytes, list, tuple)


def _guarded_str_method(obj, name: str, method):
    """A str or bytes method that can make a text far longer than its input, checked first."""

    def guarded(*args, **kwargs):
        if name in ("center", "ljust", "rjust", "zfill"):
            _check_padding(args[0] if args else kwargs.get("width", 0))
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            tabs = obj.count("\t" if isinstance(obj, str) else b"\t")
            if isinstance(size, int) and tabs * size > MAX_TEXT:
                raise too_long()
        elif name == "join" and args:
            args = (_check_join(obj, args[0]), *args[1:])
        elif name == "replace" and len(args) >= 2:
            count = args[2] if len(args) > 2 else kwargs.get("count", -1)
            _check_replace(obj, args[0], args[1], count)
        elif name in ("format", "format_map"):
            _check_format(str(obj))
        return checked(method(*args, **kwargs))

    return guarded


def _check_binop(operator: str, left, right) -> None:
    """Refuse `left <operator> right` before Python builds a result past the limits (what
    it builds within them is checked after, in `Sandbox.call_binop`)."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            limit = MAX_ITEMS if isinstance(seq, list | tuple) else MAX_TEXT
            if isinstance(seq, _SEQUENCES) and isinstance(n, int) and len(seq) * n > limit:
                raise too_long()
    elif operator == "**":
        both_int = isinstance(left, int) and isinstance(right, int)
        if both_int and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
            raise _too_large()
    elif operator == "%" and isinstance(left, str):
        _check_percent(left)


class _Namespace(Namespace):
    """`namespace()` whose attributes keep within the limits (a text doubled in a loop)."""

    def __setitem__(self, name, value):
        super().__setitem__(name, checked(value))


def _range(*args):
    try:
        return jinja2.sandbox.safe_range(*args)
    except OverflowError:
        limit = _spaced(jinja2.sandbox.MAX_RANGE)
        raise TemplateLimit(f"range() ger för många tal (högst {limit})") from None


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with every way to grow a value checked: operators, string
    methods, macro calls, `namespace()`, `range()` and Jinja's own filters."""

    # '+' and '//' for the check after (`checked`) and a Swedish message on overflow
    intercepted_binops = frozenset(["*", "**", "%", "+", "//"])

    def __init__(self, **options):
        super().__init__(**options)
        self.filters.update(GUARDED_FILTERS)
        self.globals.pop("lipsum", None)  # lipsum(10**9) would write text without end
        self.globals["range"] = _range
        self.globals["namespace"] = _Namespace

    def call_binop(self, context, operator, left, right):
        _check_binop(operator, left, right)
        try:
            return checked(super().call_binop(context, operator, left, right))
        except OverflowError:
            raise _too_large() from None

    def getattr(self, obj, attribute):
        if isinstance(obj, str | bytes) and isinstance(attribute, str):
            if attribute in _STR_REFUSED:
                raise TemplateLimit(f"'{attribute}' går inte att använda i en mall")
            if attribute in _STR_GUARDED:
                method = super().getattr(obj, attribute)
                return _guarded_str_method(obj, attribute, method)
        return super().getattr(obj, attribute)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own names)
        if isinstance(__obj, Macro):
            for value in (*args, *kwargs.values()):
                checked(value)
        return checked(super().call(__context, __obj, *args, **kwargs))


# -- Jinja's own filters that can make a text or list far larger than what they get ----------


@jinja2.pass_eval_context
def _filter_join(eval_ctx, value, d="", attribute=None):
    return JINJA_FILTERS["join"](eval_ctx, _check_join(str(d), value), d, attribute)


@jinja2.pass_eval_context
def _filter_replace(eval_ctx, s, old, new, count=None):
    _check_replace(str(s), str(old), str(new), count)
    return JINJA_FILTERS["replace"](eval_ctx, s, str(old), str(new), count)


def _filter_center(value, width=80):
    _check_padding(width)
    return JINJA_FILTERS["center"](value, width)


def _filter_indent(s, width=4, first=False, blank=False):
    text = str(s)
    step = width if isinstance(width, int) else len(str(width))
    if len(text) + (text.count("\n") + 1) * step > MAX_TEXT:
        raise too_long()
    return JINJA_FILTERS["indent"](s, width, first, blank)


def _filter_format(value, *args, **kwargs):
    _check_percent(str(value))
    return checked(JINJA_FILTERS["format"](value, *args, **kwargs))


@jinja2.pass_environment
def _filter_wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None,
                     break_on_hyphens=True):  # fmt: skip
    text = str(s)
    lines = len(text) // max(int(width), 1) + text.count("\n") + 1
    if len(text) + lines * len(wrapstring or "\n") > MAX_TEXT:
        raise too_long()
    return JINJA_FILTERS["wordwrap"](
        environment, s, width, break_long_words, wrapstring, break_on_hyphens
    )


def _check_parts(count) -> None:
    if isinstance(count, int) and count > MAX_ITEMS:
        raise TemplateLimit(f"för många delar (högst {_spaced(MAX_ITEMS)})")


def _filter_batch(value, linecount, fill_with=None):
    _check_parts(linecount)
    return JINJA_FILTERS["batch"](value, linecount, fill_with)


@jinja2.pass_context
def _filter_slice(context, value, slices, fill_with=None):
    _check_parts(slices)
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


# -- running a template ----------------------------------------------------------------------


def generate(template: jinja2.Template, data: dict) -> str:
    """The rendered text, within the time and memory limits, stopped once it grows past
    MAX_OUTPUT characters."""
    parts = []
    size = 0
    with _memory_limit(MEMORY_HEADROOM), _time_limit(TIME_LIMIT):
        for part in template.generate(**data):
            size += len(part)
            if size > MAX_OUTPUT:
                limit = f"{MAX_OUTPUT // 1_000_000}"
                raise TemplateLimit(f"dokumentet blir för stort (mer än {limit} miljoner tecken)")
            parts.append(part)
    return "".join(parts)


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt a template that runs longer than `seconds` (where a timer signal can: POSIX,
    main thread); elsewhere the other limits still hold."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's timer: leave it
        yield
        return

    def expired(signum, frame):
        raise TemplateLimit(f"mallen tar för lång tid (mer än {seconds:g} sekunder)")

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
