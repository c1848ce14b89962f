"""Templates: a sandboxed Jinja environment, the user's mallar/ before the built-in ones, and
filters that write numbers and dates the Swedish way."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .privacy import MASK
from .problems import StodError

BUILTIN = Path(__file__).parent / "mallar"
LOCALE = "sv_SE"
NBSP = "\u00a0"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~^$])")


def md_escape(value) -> str:
    """Text from the data, safe inside Markdown (tables, emphasis, raw HTML)."""
    text = str(value).replace("\r\n", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text)


def _finalize(value):
    if value is None:
        return ""
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
    if decimals == 0 and float(value).is_integer():
        return format_decimal(int(value), format="#,##0", locale=LOCALE)
    pattern = "#,##0." + "0" * max(decimals, 1) if decimals else "#,##0.##"
    return format_decimal(value, format=pattern, locale=LOCALE)


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
    from .application import swedish_list

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


def environment(user_folder: Path | None) -> jinja2.Environment:
    loaders = []
    if user_folder is not None and user_folder.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(user_folder)))
    loaders.append(jinja2.FileSystemLoader(str(BUILTIN)))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.tests["maskerad"] = maskerad
    return env


def render(template_name: str, context: dict, user_folder: Path | None) -> str:
    """The template rendered; a broken template stops the run with its file and line."""
    env = environment(user_folder)
    try:
        template = env.get_template(template_name)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as e:
        where = _template_path(env, e.name or template_name, user_folder)
        raise StodError(f"{where}:{e.lineno}: mallen går inte att läsa: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise StodError(f"mallen '{e.name}' finns inte") from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError) as e:
        line, name = _template_line(e, template_name)
        where = _template_path(env, name, user_folder)
        raise StodError(f"{where}:{line}: fel i mallen: {_explain(e)}") from None
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def _template_path(env, name: str, user_folder: Path | None) -> str:
    from .loader import display_path

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
    text = str(error)
    m = re.search(r"'(.+?)' is undefined", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    m = re.search(r"has no attribute '(.+?)'", text)
    if m:
        return f"'{m.group(1)}' finns inte (stavfel i mallen?)"
    return text
