"""Swedish for everything Typer and its Click can print: help, usage lines and usage errors.

Typer has no translations, and the Click it bundles writes its messages as English f-strings
(no gettext catalog to install). What stays stable across versions is Click's public API:
the exception classes (`NoSuchOption`, `MissingParameter`, `BadParameter`, `BadOptionUsage`,
`UsageError`) with their attributes, `ClickException.format_message()` and `.show()`, and the
command classes as Typer's extension point (`cls=`). So every usage error that leaves one of
stod's commands is replaced by a `SwedishUsageError` whose text is built from the exception's
type and attributes (a pydantic error underneath a bad value by its error type), with a few
patterns for the errors that carry only a message. `tests/test_klick_svenska.py` runs every
kind of misuse and fails on any English word, so an upgrade of Typer that adds or rewords a
message is caught there; pyproject.toml bounds Typer to the versions it has been run on.

The panel titles are module settings of `typer.rich_utils`. That module (with Rich's
Markdown) is slow to import and only needed for help and error panels, so it is set up when
one is shown.
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


HELP_HINT = "Skriv '{command_path} {help_option}' för hjälp."


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
    rich_utils.DEPRECATED_STRING = "(utgår) "


# Errors that carry only a message: Click's wording (and older wordings) → Swedish.
_MESSAGES = [
    (re.compile(r"No such option:? (\S+)"), "okänd flagga: {0}"),
    (re.compile(r"No such command:? '?([^'.]+)'?\.?"), "okänt kommando: '{0}'"),
    (re.compile(r"Missing command\.?"), "ett kommando saknas"),
    (re.compile(r"Missing argument '?([^'.]+)'?\.?"), "argumentet '{0}' saknas"),
    (re.compile(r"Missing option '?([^'.]+)'?\.?"), "flaggan {0} saknas"),
    (re.compile(r"Option '(.+)' requires an argument\.?"), "flaggan {0} behöver ett värde"),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\.?"), "flaggan {0} behöver {1} värden"),
    (re.compile(r"Option '(.+)' does not take a value\.?"), "flaggan {0} tar inget värde"),
    (re.compile(r"Argument '(.+)' takes (\d+) values\.?"), "argumentet {0} tar {1} värden"),
    (re.compile(r"Got unexpected extra arguments? ?\(?(.+?)\)?$"), "för många argument: {0}"),
    (re.compile(r"'(.+)' is not one of (.+?)\.?$"), "ska vara {1}, fick '{0}'"),
    (re.compile(r"'(.+)' is not a valid integer( range)?\.?"), "'{0}' är inget heltal"),
    (re.compile(r"'(.+)' is not a valid float( range)?\.?"), "'{0}' är inget tal"),
    (re.compile(r"'(.+)' is not a valid boolean\.?"), "'{0}' är varken ja eller nej"),
    (re.compile(r"Value '?(.+?)'? is not a valid (\w+)\.?$"), "'{0}' är inget giltigt värde"),
    (re.compile(r"Invalid value for (.+?): (.+)$"), "ogiltigt värde för {0}: {1}"),
]

# pydantic's error types (stable, documented) for a value that could not be read.
_PYDANTIC = {
    "int_parsing": "'{input}' är inget heltal",
    "int_from_float": "'{input}' är inget heltal",
    "int_type": "'{input}' är inget heltal",
    "float_parsing": "'{input}' är inget tal",
    "float_type": "'{input}' är inget tal",
    "bool_parsing": "'{input}' är varken ja eller nej",
    "bool_type": "'{input}' är varken ja eller nej",
    "string_type": "'{input}' är ingen text",
    "string_unicode": "värdet går inte att läsa som text",
    "literal_error": "'{input}' är inte ett av {expected}",
    "enum": "'{input}' är inte ett av {expected}",
    "greater_than": "'{input}' ska vara större än {gt}",
    "greater_than_equal": "'{input}' ska vara minst {ge}",
    "less_than": "'{input}' ska vara mindre än {lt}",
    "less_than_equal": "'{input}' ska vara högst {le}",
    "path_type": "'{input}' är ingen sökväg",
}


def _mask(message: str) -> str:
    from ..privacy import mask_identity_numbers

    return mask_identity_numbers(message)


def _swedish(message: str) -> str:
    """A message that has only its text: the patterns above, or the text as it is (stod's
    own messages, raised as typer.BadParameter, are Swedish already)."""
    message = _mask(message)
    for pattern, template in _MESSAGES:
        m = pattern.search(message)
        if m:
            return template.format(*[_alternatives(g) for g in m.groups() if g])
    return message


def _alternatives(text: str) -> str:
    """Click's list of choices ('md', 'html', 'docx') as Swedish alternatives: md, html
    eller docx."""
    if not re.fullmatch(r"'[^']*'(, '[^']*')+", text):
        return text
    words = re.findall(r"'([^']*)'", text)
    return ", ".join(words[:-1]) + " eller " + words[-1]


def _kinds(e: BaseException) -> set[str]:
    """Click's exception classes by name: the same in the Click Typer bundles and in Click."""
    return {cls.__name__ for cls in type(e).__mro__}


def _hint(e) -> str:
    """How the parameter is named in the message: the flag ('--format' / '-f') or the
    argument ('ar'), as Click names it."""
    if e.param_hint is not None:
        hint = e.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(x) for x in hint)
    param = e.param
    if param is None:
        return "värdet"
    opts = getattr(param, "opts", None) if param.param_type_name == "option" else None
    return " / ".join(f"'{o}'" for o in (opts or [param.name]))


def _pydantic_reason(e) -> str | None:
    """The reason a value was refused, from the pydantic error underneath, if there is one."""
    cause = e.__cause__
    errors = getattr(cause, "errors", None)
    if cause is None or type(cause).__name__ != "ValidationError" or not callable(errors):
        return None
    try:
        first = errors()[0]
    except (IndexError, TypeError, ValueError):
        return None
    template = _PYDANTIC.get(first.get("type", ""))
    context = {"input": first.get("input", ""), **(first.get("ctx") or {})}
    if template is not None:
        try:
            return template.format(**context)
        except (KeyError, IndexError):
            pass
    swedish = _swedish(e.message)  # e.g. Typer's own ValueError for a choice
    return (
        swedish if swedish != _mask(e.message) else f"'{context['input']}' är inget giltigt värde"
    )


def translate(e) -> str:
    """A usage error in Swedish, from its kind and what it carries."""
    kinds = _kinds(e)
    if "MissingParameter" in kinds:
        kind = getattr(e, "param_type", None) or getattr(e.param, "param_type_name", None)
        what = "argumentet" if kind == "argument" else "flaggan"
        return f"{what} {_hint(e)} saknas"
    if "BadParameter" in kinds:
        reason = _pydantic_reason(e) or _swedish(e.message)
        return _mask(f"ogiltigt värde för {_hint(e)}: {reason}")
    if "NoSuchOption" in kinds:
        from ..suggest import near

        name = e.option_name
        guess = near(name.lstrip("-"), [p.lstrip("-") for p in e.possibilities or []])
        if guess is not None:
            guess = next(p for p in e.possibilities if p.lstrip("-") == guess)
        more = f"; menade du {guess}?" if guess else ""
        return _mask(f"okänd flagga: {name}{more}")
    return _swedish(e.message)


class SwedishUsageError(_UsageError):
    """A usage error whose message is Swedish already; shown in Swedish also without Rich."""

    def __init__(self, message: str, ctx=None, exit_code: int = 2) -> None:
        super().__init__(message, ctx)
        self.exit_code = exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # Typer's plain output (TYPER_USE_RICH=0)
        out = file or sys.stderr
        ctx = self.ctx
        if ctx is not None:
            print(ctx.get_usage(), file=out)
            if ctx.command.get_help_option(ctx) is not None:
                hint = HELP_HINT.format(
                    command_path=ctx.command_path, help_option=ctx.help_option_names[0]
                )
                print(hint, file=out)
            print(file=out)
        print(f"fel: {self.format_message()}", file=out)


def swedish_error(e) -> SwedishUsageError:
    """The Swedish error to raise in place of one of Click's."""
    if isinstance(e, SwedishUsageError):
        return e
    swedish_panels()
    return SwedishUsageError(translate(e), getattr(e, "ctx", None), e.exit_code)


# Typer shows Python's type names (<int>, <str>, <bool>); help shows words instead, and
# nothing for a flag. Choices (<md|html|docx>) stay as they are.
_TYPE_WORDS = {"<int>": "TAL", "<float>": "TAL", "<str>": "TEXT", "<path>": "SÖKVÄG"}
_ARGUMENT_WORDS = {"ar": "ÅR"}
_OPTION_HELP = {  # Typer's own options, added to the app by add_completion
    "install_completion": "Installera kompletteringen med Tab för skalet du kör i "
    "(bash, zsh, fish eller PowerShell).",
    "show_completion": "Visa kompletteringsskriptet för skalet du kör i, för att kopiera "
    "det eller installera det själv.",
}


def _swedish_params(command, ctx) -> None:
    for param in command.get_params(ctx):
        if param.name in _OPTION_HELP:
            param.help = _OPTION_HELP[param.name]
            param.show_default = False
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


class _Swedish:
    def __init__(self, *args, **kwargs):
        kwargs["options_metavar"] = "[FLAGGOR]"
        super().__init__(*args, **kwargs)

    def format_help(self, ctx, formatter):
        swedish_panels()
        _swedish_params(self, ctx)
        self.help = _paragraphs(self.help)
        for command in getattr(self, "commands", {}).values():  # their lines in a group's list
            command.help = _paragraphs(command.help)
        return super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter) -> None:  # the plain help (TYPER_USE_RICH=0)
        _swedish_params(self, ctx)
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Användning: ")

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _UsageError as e:
            raise swedish_error(e) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _UsageError as e:  # also a typer.BadParameter raised by a command (--per)
            raise swedish_error(e) from None
        except _ClickException as e:  # shown in a panel by Typer; may quote what was typed
            swedish_panels()
            e.message = _swedish(e.message)
            raise
        except (typer.Abort, EOFError):  # a question left without an answer
            typer.echo("Avbrutet.", err=True)
            raise typer.Exit(1) from None

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
            option.metavar = ""
        return option

    def get_usage(self, ctx) -> str:
        _swedish_params(self, ctx)
        return super().get_usage(ctx).replace("Usage:", "Användning:", 1)


class Command(_Swedish, TyperCommand):
    def parse_args(self, ctx, args):
        """Arguments left over are named in Swedish here, from what is left (Click's own
        message for them has no other form than its English text)."""
        allow = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allow
        if ctx.args and not allow and not ctx.resilient_parsing:
            extra = " ".join(str(a) for a in ctx.args)
            noun = "ett argument för mycket" if len(ctx.args) == 1 else "argument för mycket"
            raise swedish_error(_UsageError(_mask(f"{noun}: {extra}"), ctx))
        return rest


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _install_completion(ctx, param, value):
    """Typer's --install-completion, saying in Swedish what it did (Typer's own callback
    writes English), and refusing a shell it can't complete in before touching any file."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install

    shell = value if isinstance(value, str) else _shell()
    if shell not in SHELLS:
        what = f"skalet '{shell}'" if shell else "skalet du kör i"
        typer.echo(
            f"fel: stod kan inte installera komplettering för {what}; det går i bash, zsh, "
            "fish och PowerShell. Med --show-completion visas skriptet för att lägga in själv.",
            err=True,
        )
        raise typer.Exit(1)
    shell, path = install(shell=shell)
    typer.echo(f"Kompletteringen för {shell} är installerad i {path}.", err=True)
    typer.echo("Den gäller från nästa gång du öppnar terminalen.", err=True)
    raise typer.Exit(0)


def _shell() -> str | None:
    """The shell stod runs in, as Typer finds it (with shellingham)."""
    try:
        import shellingham

        return shellingham.detect_shell()[0].lower()
    except Exception:  # shellingham.ShellDetectionFailure, or no shellingham at all
        return None


class Group(_Swedish, TyperGroup):
    def make_context(self, info_name, args, parent=None, **extra):
        for param in self.params:
            if param.name == "install_completion":
                param.callback = _install_completion
        return super().make_context(info_name, args, parent=parent, **extra)

    def __init__(self, *args, **kwargs):
        if kwargs.get("subcommand_metavar") is None:
            kwargs["subcommand_metavar"] = "KOMMANDO [ARGUMENT]..."
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx, args):
        """An unknown command named in Swedish, with the nearest one (Typer adds its own
        English 'Did you mean' to Click's message)."""
        name = args[0] if args else None
        if (
            name is not None
            and not ctx.resilient_parsing
            and not name.startswith("-")
            and self.get_command(ctx, name) is None
        ):
            from ..suggest import near

            guess = near(name, list(self.commands))
            more = f"; menade du '{guess}'?" if guess else ""
            raise swedish_error(_UsageError(_mask(f"okänt kommando: '{name}'{more}"), ctx))
        return super().resolve_command(ctx, args)
