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
    # text to the end tag in a browser, markup to Python's parser: what the check would
    # read as an attribute's value a browser reads as a tag after the element's end
    "xmp", "noembed", "noframes", "plaintext",
}  # fmt: skip
_URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "data", "cite",
    "ping", "background", "lowsrc", "dynsrc", "longdesc", "manifest", "icon", "codebase",
    "archive", "classid", "profile", "xlink:href",
}  # fmt: skip
_TEXT_ONLY = ("title", "textarea")  # text up to the end tag, also in a browser


class _PageCheck(html.parser.HTMLParser):
    """What a browser would run or fetch. Python's parser does not read a page quite as a
    browser does, so what the two could read differently – comments with markup in them,
    <![CDATA[, <?…>, markup inside <title> – is refused as well."""

    def __init__(self):
        super().__init__(convert_charrefs=False)  # data as written: '&lt;' is no '<'
        self.found: list[str] = []
        self.text_only: str | None = None

    def handle_starttag(self, tag, attrs):
        self._inside_text_only(tag)
        self._check(tag, attrs)
        if tag in _TEXT_ONLY:
            self.text_only = tag

    def handle_startendtag(self, tag, attrs):
        self._inside_text_only(tag)
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if self.text_only is not None and tag == self.text_only:
            self.text_only = None
        else:
            self._inside_text_only(tag)

    def handle_data(self, data):
        if self.text_only is not None and "<" in data:
            self._inside_text_only("<")

    def handle_comment(self, data):
        # A browser ends a comment at <!--> , <!---> or --!> as well; Python's parser does not.
        if "<" in data or ">" in data or "--" in data or data.startswith("-"):
            self.found.append("en kommentar med <, > eller -- i sig")

    def handle_decl(self, decl):
        if decl.strip().lower() != "doctype html":
            self.found.append(f"deklarationen <!{decl[:20]}>")

    def unknown_decl(self, data):
        self.found.append("<![CDATA[ eller en annan deklaration")

    def handle_pi(self, data):
        self.found.append("en instruktion <?…>")

    def _inside_text_only(self, tag: str) -> None:
        if self.text_only is not None:
            self.found.append(f"märkning inuti <{self.text_only}>")

    def _check(self, tag: str, attrs) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.found.append(f"elementet <{tag}>")
            return
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"attributet {name} på <{tag}>")
            elif name == "style" and not _inert_style(value):
                self.found.append(f"en stil som hämtar något på <{tag}>")
            elif (
                name in _URL_ATTRIBUTES
                and not (tag in ("img", "link") and name in ("src", "srcset", "href"))
                and not _local_or_web(value, tag, name)
            ):
                self.found.append(f"adressen '{value[:40]}' på <{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append('<meta http-equiv="refresh">')
        if tag == "link" and not _local(values.get("href", ""), data_image=True):
            self.found.append("en <link> till en annan webbplats")
        if tag == "img" and "alt" not in values:
            self.found.append("en bild utan alt-text")
        sources = [values.get("src", "")] + [
            candidate.split()[0]
            for candidate in values.get("srcset", "").split(",")
            if candidate.strip()
        ]
        if tag == "img" and not all(_local(source, data_image=True) for source in sources):
            self.found.append("en bild från en annan webbplats")
        if tag == "style":
            self.found.append("elementet <style> (lägg stilen i stil.css)")


_URL_SPACE = "".join(chr(c) for c in range(0x21))  # what a browser strips around an address


def _local(value: str, data_image: bool = False) -> bool:
    """A relative address within the site (no scheme, no host), or (for a picture) a data:
    image. A browser reads '\\' as '/' and drops tabs and line breaks inside an address, so
    '/\\evil.example' and '/<tab>/evil.example' are another site."""
    value = re.sub(r"[\t\n\r]", "", value.strip(_URL_SPACE)).replace("\\", "/")
    if data_image and value.lower().startswith("data:image/"):
        return True
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and not value.startswith("//")


def _inert_style(value: str) -> bool:
    """A style attribute that fetches and runs nothing: no escapes (which can spell url( or
    @import without the letters), no @import, url(), image-set() or src(), no code."""
    css = re.sub(r"/\*.*?\*/", "", value, flags=re.S)
    return "\\" not in css and not re.search(
        r"@import|url\s*\(|image-set\s*\(|src\s*\(|expression\s*\(|behavior\s*:|-moz-binding",
        css,
        re.I,
    )


def _local_or_web(value: str, tag: str, name: str) -> bool:
    """A link may go to another site; nothing else may (a ping is a request on a click)."""
    if _local(value):
        return True
    return tag in ("a", "area") and name == "href" and _link_allowed(value)


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
