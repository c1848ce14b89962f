"""Free text in the data (the year files' `texter`) is Markdown that goes into the documents.

It may not hold images (pandoc would read a file or fetch a URL to put one in the document),
links other than web and e-mail addresses (a `javascript:` or `file:` link in a report sent
to the funder), nor HTML (a Markdown viewer shows a `<script>` or an `<img>` as it is).
`stod validera` says so where the text is; the HTML and Word documents are safe without it
(pandoc's sandbox and stod's filter, formats/sakerhet.lua), but the Markdown document takes
the text as written, and the user should know why a picture or a link does not show.

The text is read by a CommonMark parser (markdown-it-py, as Markdown viewers read it), not
by patterns: links inside lists and quotes, reference definitions and code spans are found
where a viewer finds them."""

from __future__ import annotations

import functools
import re

LINK_SCHEMES = ("http", "https", "mailto")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

IMAGE = (
    "bilder kan inte läggas in i texterna ('![…](…)'): stod läser inga filer och hämtar "
    "inga webbadresser när dokumentet görs; ta bort bilden"
)
HTML = (
    "HTML kan inte skrivas i texterna ('<…>'): det visas som det står i Markdown och tas bort "
    "i webbsidan och Word; skriv vanlig text, och länkar som [text](https://…)"
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


@functools.cache
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # every link a link, so that its target is judged
    return parser


def prose_problems(text: str) -> list[str]:
    """What is wrong with `text` as prose for a document, each message once, in order."""
    # As the documents take it: `prosa` strips the text, and a first line indented as code
    # here would be HTML there. Both readings are checked.
    found: list[str] = []
    readings = dict.fromkeys((text, text.strip()))  # one when the text has no space around it
    for token in (t for reading in readings for t in _tokens(_parser().parse(reading))):
        if token.type == "image":
            message = IMAGE
        elif token.type == "link_open" and not link_allowed(str(token.attrs.get("href", ""))):
            message = _link_message(str(token.attrs.get("href", "")))
        elif token.type in ("html_inline", "html_block"):
            message = HTML
        else:
            continue
        if message not in found:
            found.append(message)
    return found


def _tokens(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _tokens(token.children)
