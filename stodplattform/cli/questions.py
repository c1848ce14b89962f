"""The questions `stod ny` asks for what its options did not give.

A value given as an option is checked strictly and a bad one stops the run, as in a script.
When a required value is missing, `stod ny` talks instead: it asks for every value its options
did not give, one at a time, and checks each answer as it is given. A bad answer is explained
and asked again; an answer from a list may be its number, its id or its name written any way
('Bokföring' → bokforing), and stod says what it became. Enter takes the value in brackets.
Ctrl-C ends the run quietly with status 130 before anything is written; at the end of the
input (a script, Ctrl-D) a required value is an error that names its option.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from ..problems import StodError
from .common import console, say

LONGEST_LIST = 40  # more options than this are not listed; a part of the name finds one
TRIES = 5


class Questions:
    def __init__(self, talking: bool) -> None:
        self.talking = talking
        self.ended = False  # the input has ended (a script, Ctrl-D): defaults from here on

    def value(
        self,
        given: str | None,
        label: str,
        parse: Callable[[str, str], object],
        *,
        option: str,
        default=None,
        required: bool = True,
        choices: dict[str, str] | None = None,
        shown: str | None = None,
    ):
        """One value: from its option, else asked when talking, else its default. With
        `choices`, an answer is one of them (see `newdata.resolve_choice`)."""
        from ..fields import Invalid

        name = option.lstrip("-").replace("-", "_")
        if given is None and default is not None and (not self.talking or self.ended):
            given = default  # checked as if it were given
        if given is not None:
            try:
                return parse(str(given), name)
            except Invalid as e:
                raise StodError(str(e)) from None
        if not self.talking or self.ended:
            if required and self.ended:
                raise StodError(f"{_noun(label)} saknas; ange {option}")
            return None
        if choices:
            _listing(label, choices)
            label = f"{label} (nummer, id eller namn)"
        hint = shown or (str(default) if default is not None else None)
        prompt = (
            f"{label} [{hint}]: " if hint else (f"{label}: " if required else f"{label} [inget]: ")
        )
        for _ in range(TRIES):
            answer = self._read(prompt)
            if answer is None:  # the input has ended
                if required and default is None:
                    raise StodError(f"{_noun(label)} saknas; ange {option}")
                return None if default is None else parse(str(default), name)
            if not answer.strip():
                if default is not None or not required:
                    return None if default is None else parse(str(default), name)
                say("fel: här behövs ett svar (Ctrl-C avbryter)", "red")
                continue
            try:
                if choices:
                    from ..newdata import resolve_choice

                    result = parse(resolve_choice(answer, choices, name), name)
                else:
                    result = parse(answer, name)
            except Invalid as e:
                say(f"fel: {e}", "red")
                continue
            _became(answer, result, choices)
            return result
        raise StodError(f"inget giltigt värde för {option} efter {TRIES} försök")

    def many(
        self,
        given: str | None,
        label: str,
        choices: dict[str, str],
        *,
        option: str,
        parse: Callable[[str, str], object] | None = None,
    ) -> list:
        """Several values from a list, with commas between; none is an empty list."""
        from ..fields import Invalid, parse_id

        parse = parse or parse_id
        name = option.lstrip("-").replace("-", "_")
        if given is not None:
            try:
                return [parse(x.strip(), name) for x in given.split(",") if x.strip()]
            except Invalid as e:
                raise StodError(str(e)) from None
        if not self.talking:
            return []
        if choices:
            _listing(label, choices)
        for _ in range(TRIES):
            answer = self._read(f"{label}, med komma emellan [inga]: ")
            if answer is None or not answer.strip():
                return []
            try:
                from ..newdata import resolve_choice

                parts = [x for x in answer.split(",") if x.strip()]
                chosen = [resolve_choice(x, choices, name) if choices else x for x in parts]
                result = [parse(x, name) for x in chosen]
            except Invalid as e:
                say(f"fel: {e}", "red")
                continue
            if [x.strip() for x in parts] != result:
                say(f"  → {', '.join(result)}", "cyan")
            return list(dict.fromkeys(result))  # each once
        raise StodError(f"inget giltigt värde för {option} efter {TRIES} försök")

    def _read(self, prompt: str) -> str | None:
        """One line of input, or None at its end. Ctrl-C ends the run with status 130."""
        if self.ended:
            return None
        try:  # the prompt inside: a Ctrl-C right after it is printed is the same Ctrl-C
            typer.echo(prompt, nl=False, err=True)
            return input()
        except EOFError:
            self.ended = True
            typer.echo(err=True)
            return None
        except KeyboardInterrupt:
            typer.echo(err=True)
            sys.stderr.flush()
            raise typer.Exit(130) from None


def _noun(label: str) -> str:
    """'Startmånad (ÅÅÅÅ-MM)' → 'startmånad', as it stands inside a sentence."""
    return label.split(" (")[0].lower()


def _listing(label: str, choices: dict[str, str]) -> None:
    """The options as a numbered list: number, id and name."""
    from rich.markup import escape

    out = console()
    if len(choices) > LONGEST_LIST:
        out.print(
            f"{escape(label)}: {len(choices)} att välja bland; skriv id:t eller en del av namnet"
        )
        return
    width = max(len(i) for i in choices)
    for number, (ident, name) in enumerate(choices.items(), start=1):
        line = ident if ident == name else f"{ident.ljust(width)}  {name}"
        out.print(f"  [dim]{number:>2}[/dim]  {escape(line)}")


def _same(ident: str, name: str) -> bool:
    from ..suggest import fold

    return fold(ident).replace("-", "_") == fold(name).replace("-", "_")


def _became(answer: str, result, choices: dict[str, str] | None) -> None:
    """Say what an answer became when it was not written as stod writes it."""
    if not choices or answer.strip() == result:
        return
    name = choices.get(result)
    more = f" ({name})" if name and name != result else ""
    say(f"  → {result}{more}", "cyan")
