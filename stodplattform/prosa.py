"""Free text in the data (the year files' `texter`) is Markdown that goes into the documents.

It may not hold images (pandoc would read a file or fetch a URL to put one in the document)
nor links other than web and e-mail addresses (a `javascript:` or `file:` link in a report
sent to the funder). `stod validera` says so where the text is; the documents are safe
without it (pandoc's sandbox and stod's filter, formats/sakerhet.lua), but the user should
know why a picture or a link does not show."""

from __future__ import annotations

import re

LINK_SCHEMES = ("http", "https", "mailto")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|~^$\"'@:=]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*\n?[ \t]*<?([^\s>]*)>?", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

IMAGE = (
    "bilder kan inte läggas in i texterna ('![…](…)'): stod läser inga filer och hämtar "
    "inga webbadresser när dokumentet görs; ta bort bilden"
)


def link_allowed(target: str) -> bool:
    """A web or e-mail address, or a place in the document itself (#rubrik)."""
    target = target.strip()
    if target.startswith("#"):
        return True
    m = _SCHEME.match(target)
    return m is not None and m.group(1).lower() in LINK_SCHEMES


def _link_message(target: str) -> str:
    m = _SCHEME.match(target.strip())
    shown = f"{m.group(1)}:" if m else (target.strip()[:40] or "(tom)")
    return (
        f"länken till '{shown}' går inte: länkar i texterna kan bara gå till webbadresser "
        "(http:, https:) och e-post (mailto:)"
    )


def prose_problems(text: str) -> list[str]:
    """What is wrong with `text` as prose for a document, each message once, in order."""
    text = _FENCE.sub("", text)
    text = _CODE_SPAN.sub("", text)
    text = _ESCAPED.sub("  ", text)
    found: list[str] = []

    def add(message: str) -> None:
        if message not in found:
            found.append(message)

    definitions = {}
    for m in _DEFINITION.finditer(text):
        definitions[_label(m.group(1))] = m.group(2)
        if not link_allowed(m.group(2)):
            add(_link_message(m.group(2)))
    for image, target in _inline(text, definitions):
        if image:
            add(IMAGE)
        elif target is not None and not link_allowed(target):
            add(_link_message(target))
    for m in _AUTOLINK.finditer(text):
        if not link_allowed(m.group(1)):
            add(_link_message(m.group(1)))
    return found


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _inline(text: str, definitions: dict[str, str]):
    """(is_image, target or None) for each `[…](…)`, `[…][…]` and `![…]` in the text."""
    start = 0
    while (i := text.find("[", start)) != -1:
        start = i + 1
        end = _closing(text, i)
        if end == -1:
            continue
        image = i > 0 and text[i - 1] == "!"
        after = text[end + 1 : end + 2]
        if after == "(":
            yield image, _target(text, end + 2)
        elif after == "[":
            close = text.find("]", end + 2)
            label = text[end + 2 : close] if close != -1 else ""
            key = _label(label) or _label(text[i + 1 : end])
            if key in definitions:
                yield image, None  # the definition's target is checked on its own
        elif image and _label(text[i + 1 : end]) in definitions:
            yield True, None


def _closing(text: str, i: int) -> int:
    """The index of the `]` that closes the `[` at i (nested brackets counted), or -1."""
    depth = 0
    for j in range(i, min(len(text), i + 2000)):
        c = text[j]
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
        elif c == "\n" and text[j + 1 : j + 2] == "\n":
            return -1  # a link does not run across paragraphs
    return -1


def _target(text: str, i: int) -> str:
    """The destination of `(…)` starting at i: `<…>` or up to a space or the closing `)`."""
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if text[i : i + 1] == "<":
        end = text.find(">", i)
        return text[i + 1 : end] if end != -1 else text[i + 1 :]
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c in " \t\n":
            break
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return text[i:j]
