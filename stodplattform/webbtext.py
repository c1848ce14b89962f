"""Text from the data made safe for a public web page: the enterprises' `beskrivning` (the
user's Markdown) as HTML, web and e-mail addresses as links, and a last look at a finished
page for anything that could run or fetch something.

A data folder may come from anyone, and the pages are put on the web: HTML in a text is not
passed through, a link goes only to http(s) and mailto, and a page made from a user's own
template holds no script, no event handler, no frame and nothing fetched from elsewhere."""

from __future__ import annotations

import functools
import html.parser
import re
from urllib.parse import urlsplit

from markupsafe import Markup

from .problems import StodError

_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@" + _HOST.pattern)


@functools.cache
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False})
    # a description is a few paragraphs under the enterprise's own heading: no headings of its
    # own (they would break the page's order), no pictures (stod fetches nothing)
    parser.disable(["heading", "lheading", "image", "html_block", "html_inline"])
    parser.validateLink = _link_allowed
    return parser


def _link_allowed(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in ("http", "https", "mailto")


def markdown_html(text) -> Markup:
    """The user's Markdown as HTML: paragraphs, emphasis, lists and http(s)/mailto links;
    HTML in the text is shown as text, other links as their text."""
    if not text:
        return Markup("")
    return Markup(_parser().render(str(text).strip()).strip())


def web_link(value) -> dict | None:
    """A website from the data as {href, text}: 'www.example.se' → https://www.example.se;
    an http(s) address as it is. None for anything else (another scheme, a path)."""
    text = str(value or "").strip()
    if not text or any(c.isspace() or c in "\"'<>\\" for c in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and _HOST.fullmatch(parts.hostname or ""):
        return {"href": text, "text": text.split("://", 1)[1].rstrip("/")}
    if parts.scheme or "://" in text:
        return None
    host = text.split("/", 1)[0]
    if _HOST.fullmatch(host):
        return {"href": "https://" + text, "text": text.rstrip("/")}
    return None


def mail_link(value) -> dict | None:
    """An e-mail address as {href: mailto:…, text}; None when it is not one."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if not _EMAIL.fullmatch(text):
        return None
    return {"href": "mailto:" + text, "text": text}


# -- a finished page --------------------------------------------------------------------------

_FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "portal", "svg", "math", "template", "noscript",
}  # fmt: skip
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite"}


class _PageCheck(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.found.append(f"elementet <{tag}>")
            return
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"attributet {name} på <{tag}>")
            elif name == "style" and re.search(r"url\s*\(|expression|@import", value, re.I):
                self.found.append(f"en stil som hämtar något på <{tag}>")
            elif (
                name in _URL_ATTRIBUTES
                and tag not in ("img", "link")
                and not _local_or_web(value, tag)
            ):
                self.found.append(f"adressen '{value[:40]}' på <{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append('<meta http-equiv="refresh">')
        if tag == "link" and not _local(values.get("href", "")):
            self.found.append("en <link> till en annan webbplats")
        if tag == "img" and "alt" not in values:
            self.found.append("en bild utan alt-text")
        sources = [values.get("src", "")] + [
            candidate.split()[0]
            for candidate in values.get("srcset", "").split(",")
            if candidate.strip()
        ]
        if tag == "img" and not all(_local(source) for source in sources):
            self.found.append("en bild från en annan webbplats")
        if tag == "style":
            self.found.append("elementet <style> (lägg stilen i stil.css)")


def _local(value: str) -> bool:
    """A relative address within the site (no scheme, no host), or a data: image."""
    value = value.strip()
    if value.lower().startswith("data:image/"):
        return True
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and not value.startswith("\\")


def _local_or_web(value: str, tag: str) -> bool:
    if _local(value):
        return True
    return tag == "a" and _link_allowed(value)


def check_page(page: str, shown: str) -> None:
    """A StodError naming the template when the page holds something that could run or
    fetch: scripts, event handlers, frames, links to other schemes, outside resources."""
    checker = _PageCheck()
    checker.feed(page)
    checker.close()
    if checker.found:
        found = list(dict.fromkeys(checker.found))
        raise StodError(
            f"{shown}: webbsidan får inte innehålla {', '.join(found)}; sidorna ska fungera "
            "utan skript och utan att hämta något från andra webbplatser"
        )
