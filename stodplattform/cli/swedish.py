"""Swedish for the parts of the help and usage errors that Typer and its Click write in English.

Typer has no translations; its command classes are its extension point (`cls=`), and the
panel titles are module settings of `typer.rich_utils`. That module (with Rich's Markdown) is
slow to import and only needed for help and error panels, so it is set up when one is shown.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import sys
import types

import typer
from typer.core import TyperCommand, TyperGroup

_UsageError = typer.BadParameter.__base__
_ClickException = _UsageError.__base__


def _markdown_on_demand() -> None:
    """typer.rich_utils imports rich.markdown (with markdown_it, a quarter of `stod --help`'s
    time) for the markup mode 'markdown', which stod does not use. Until something asks for
    it, a stand-in takes its place and loads the real module on first use."""
    if "rich.markdown" in sys.modules:
        return
    stand_in = types.ModuleType("rich.markdown")

    def real():
        if sys.modules.get("rich.markdown") is stand_in:
            del sys.modules["rich.markdown"]
        return importlib.import_module("rich.markdown")

    class Markdown:  # a type, since Typer writes `Markdown | Text` in an annotation
        def __new__(cls, *args, **kwargs):
            return real().Markdown(*args, **kwargs)

    stand_in.Markdown = Markdown

    def attribute(name: str):
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.__getattr__ = attribute
    sys.modules["rich.markdown"] = stand_in


@functools.cache
def swedish_panels() -> None:
    _markdown_on_demand()
    import typer.rich_utils as rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Flaggor"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"
    rich_utils.ERRORS_PANEL_TITLE = "Fel"
    rich_utils.ABORTED_TEXT = "Avbrutet."
    rich_utils.RICH_HELP = "Skriv [blue]'{command_path} {help_option}'[/] för hjälp."
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[krävs]"
    rich_utils.ENVVAR_STRING = "[miljövariabel: {}]"


_MESSAGES = [
    (re.compile(r"No such option: (.+?)(?: Did you mean (.+)\?)?$"), "okänd flagga: {0}"),
    (re.compile(r"No such command '(.+)'\.?"), "okänt kommando: '{0}'"),
    (re.compile(r"Missing argument '(.+)'\.?"), "argumentet {0} saknas"),
    (re.compile(r"Missing option '(.+)'\.?"), "flaggan {0} saknas"),
    (re.compile(r"Option '(.+)' requires an argument\.?"), "flaggan {0} behöver ett värde"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "för många argument: {0}"),
    (re.compile(r"'(.+)' is not one of (.+?)\.?$"), "'{0}' är inte ett av {1}"),
    (re.compile(r"'(.+)' is not a valid integer\.?"), "'{0}' är inget heltal"),
    (re.compile(r"Invalid value for (.+?): (.+)$"), "ogiltigt värde för {0}: {1}"),
]


def _swedish(message: str) -> str:
    from ..privacy import mask_identity_numbers

    message = mask_identity_numbers(message)
    for pattern, template in _MESSAGES:
        m = pattern.search(message)
        if m:
            return template.format(*[g for g in m.groups() if g])
    return message


# Typer shows Python's type names (<int>, <str>, <bool>); help shows words instead, and
# nothing for a flag. Choices (<md|html|docx>) stay as they are.
_TYPE_WORDS = {"<int>": "TAL", "<float>": "TAL", "<str>": "TEXT", "<path>": "SÖKVÄG"}
_ARGUMENT_WORDS = {"ar": "ÅR"}


def _swedish_params(command, ctx) -> None:
    for param in command.get_params(ctx):
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.param_type_name == "argument":  # the name says it: no type beside it
            param.metavar = _ARGUMENT_WORDS.get(param.name, param.name.upper())
            param.display_type_rich = lambda ctx: None
        elif (label := param.display_type(ctx)) in _TYPE_WORDS:
            param.metavar = _TYPE_WORDS[label]


def _paragraphs(text: str | None) -> str | None:
    """Docstring paragraphs as single lines: Rich wraps them to the terminal itself."""
    if not text:
        return text
    parts = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in part.splitlines()) for part in parts)


def _bad_parameter(e, ctx):
    """A bad or missing value as a Swedish usage error (Click's own says 'Invalid value for')."""
    opts = getattr(e.param, "opts", None) or [getattr(e.param, "name", None) or "värdet"]
    hint = e.param_hint or " / ".join(f"'{o}'" for o in opts)
    if not e.message and e.param is not None:  # a missing argument or option
        kind = getattr(e, "param_type", None) or e.param.param_type_name
        what = "argumentet" if kind == "argument" else "flaggan"
        return _UsageError(f"{what} {hint} saknas", ctx)
    return _UsageError(f"ogiltigt värde för {hint}: {_swedish(e.message)}", ctx)


class _Swedish:
    def format_help(self, ctx, formatter):
        swedish_panels()
        _swedish_params(self, ctx)
        self.help = _paragraphs(self.help)
        for command in getattr(self, "commands", {}).values():  # their lines in a group's list
            command.help = _paragraphs(command.help)
        return super().format_help(ctx, formatter)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.BadParameter as e:  # a value checked in the command, e.g. --per
            swedish_panels()
            raise _bad_parameter(e, ctx) from None
        except _ClickException as e:  # shown in a panel by Typer; may quote what was typed
            swedish_panels()
            e.message = _swedish(e.message)
            raise
        except typer.Abort:
            swedish_panels()
            raise

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
            option.metavar = ""
        return option

    def get_usage(self, ctx) -> str:
        _swedish_params(self, ctx)
        return super().get_usage(ctx).replace("Usage:", "Användning:", 1)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as e:
            swedish_panels()
            raise _bad_parameter(e, ctx) from None
        except _UsageError as e:
            swedish_panels()
            e.message = _swedish(e.message)
            raise


class Command(_Swedish, TyperCommand):
    pass


class Group(_Swedish, TyperGroup):
    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except _UsageError as e:
            swedish_panels()
            e.message = _swedish(e.message)
            raise
