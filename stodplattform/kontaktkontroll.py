"""The contact details that `stod webb` puts on the platform's public page, checked when the
data is validated: `stod webb` leaves out an address it cannot link to, and the project
leader should hear of it before the page is made, at the line where it is written.

- `kontakt.epost`: an e-mail address (webbtext.mail_link, the same rule as the page);
- `webbplats` and `kontakt.webbplats`, in plattform.yaml and in each enterprise's file: a web
  address, 'www.exempel.se' or 'https://…' (webbtext.web_link: no other scheme, no spaces);
- `kontakt.telefon`: digits, spaces, '+', '-' and parentheses, as a number is written.

Warnings, not errors: the documents are made all the same; only the page leaves them out."""

from __future__ import annotations

from .dataset import Data

PHONE_CHARACTERS = frozenset("0123456789 +-()")


def check_kontakt(data: Data) -> None:
    if data.plattform is not None and data.plattform_source is not None:
        _check(data.plattform_source, data.plattform)
    for source, foretag in data.foretag.values():
        _check(source, foretag)


def _check(source, owner) -> None:
    """The platform's or an enterprise's own `webbplats` and its `kontakt`."""
    _web(source, getattr(owner, "webbplats", None), ("webbplats",))
    kontakt = getattr(owner, "kontakt", None)
    if kontakt is None:
        return
    _web(source, kontakt.webbplats, ("kontakt", "webbplats"))
    if kontakt.epost is not None:
        from .webbtext import mail_link

        if mail_link(kontakt.epost) is None:
            source.varning(
                f"'kontakt.epost' ({_shown(kontakt.epost)}) är ingen e-postadress (som "
                "info@exempel.se); den visas inte på webbsidan (stod webb)",
                ("kontakt", "epost"),
            )
    if kontakt.telefon is not None and (message := phone_problem(kontakt.telefon)):
        source.varning(
            f"'kontakt.telefon' ({_shown(kontakt.telefon)}) {message}", ("kontakt", "telefon")
        )


def _web(source, value, at: tuple) -> None:
    if value is None:
        return
    from .webbtext import web_link

    if web_link(value) is None:
        key = ".".join(at)
        source.varning(
            f"'{key}' ({_shown(value)}) är ingen webbadress (som www.exempel.se eller "
            "https://www.exempel.se); den visas inte på webbsidan (stod webb)",
            at,
        )


def phone_problem(value) -> str | None:
    """Why `value` is not a phone number as people write one, or None."""
    text = str(value).strip()
    allowed = "skriv bara siffror, mellanslag, +, - och parenteser, som 070-123 45 67"
    wrong = [c for c in dict.fromkeys(text) if c not in PHONE_CHARACTERS]
    if any(c.isalpha() for c in wrong):
        return f"är inget telefonnummer; {allowed}"
    if wrong:
        named = ", ".join(_character(c) for c in wrong[:5])
        return f"har {'tecknet' if len(wrong) == 1 else 'tecknen'} {named}; {allowed}"
    if not any(c.isdigit() for c in text):
        return f"har inga siffror; {allowed}"
    return None


def _character(c: str) -> str:
    if c in "\u2010\u2011\u2012\u2013\u2014\u2212":
        return f"'{c}' (skriv bindestreck, -)"
    if c.isspace():
        return "ett annat slags mellanslag (skriv ett vanligt)"
    return f"'{c}'" if c.isprintable() else f"U+{ord(c):04X}"


def _shown(value) -> str:
    """The value as a message can quote it: short, and nothing that would steer a terminal."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return text if len(text) <= 60 else text[:57] + "…"
