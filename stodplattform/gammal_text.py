"""Application texts left over from last year: `stod ny ar` copies the texts of the year
before, and a copy that no one went over says "Under 2026 ska …" in the application for 2027.

A text is stale when it is the same as the same text of the year before (whitespace aside),
or when it speaks of an earlier year as the future: a year before the application's in a
time phrase ("under 2026", "inför 2026", "för verksamhetsåret 2026") bound to a word of
plan or future ("ska", "kommer att", "planeras", "vill", "avser", "blir", "ansöker") in the
same clause. A past-tense mention ("Under 2026 genomfördes …", "Under 2026 har …") is not.

`stod ansokan` marks such a text in the draft and warns; `stod validera` warns for the year
files whose application is not yet handed in (see `pending`). Imports only svtext."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .svtext import MANADER

TEXTER = ("bakgrund", "mal_och_syfte", "genomforande", "resultat", "tidsram")  # the application's


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that put a year in the future or in a plan. "kommer" covers "kommer att" and "2026
# kommer"; "ansöker"/"söker" the application's own "ansöker vi om 380 000 kronor för 2026".
FUTURE = _words(
    "ska skall kommer planeras planerar planerat avser avses ämnar tänker vill blir bör "
    "förväntas beräknas siktar ansöker söker"
)
# Words that make the clause look back: a past or perfect verb between the year and the
# future word unties them ("Under 2026 har vi sett att fler vill …").
PAST = _words(
    "har hade var varit blev blivit fick fått gick kom tog gav gjorde gjordes fanns stod såg "
    "kunde skulle ville hölls"
)
PAST_ENDINGS = ("ades", "ade", "dde", "tte", "des", "tes")
# Words before a year that make it a time: "under 2026", "hösten 2026", "inför 2026".
TIME = _words(
    "under inför för i till år året verksamhetsåret budgetåret kalenderåret hela senast "
    "våren hösten sommaren vintern början slutet mitten halvåret"
) | frozenset(MANADER)
# Words that compare with the year or count from it: "mer än under 2026", "sedan 2026".
BLOCK = _words("än jämfört mot sedan från efter")
GOALS = _words("målet målen syftet målsättningen planen ambitionen inriktningen")
AHEAD = 4  # words looked at before the year
BEHIND = 3  # and after it

_TOKEN = re.compile(
    r"(?P<range>(?:19|20)\d\d\s*[–—-]\s*(?:19|20)\d\d)(?!\d)"
    r"|(?<![\d.,])(?P<year>(?:19|20)\d\d)(?![\d])"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
)
# The application's own verb, in the same sentence: "ansöker vi om … för verksamhetsåret 2026".
_APPLYING = re.compile(
    r"\b(?:an)?söker\b[^.!?]*?\b(?:för|under)\s+(?:(?:verksamhets|budget)?året\s+|år\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# A clause ends at punctuation or at a word that starts a new one.
_CLAUSE = re.compile(
    r"[.!?;:,()\[\]”“\"]|\s[–—-]\s|\n\s*\n|\n\s*[-*+]\s|\b(?:och|men|samt|medan|eftersom|"
    r"som|när|där|då|vilket|vilken|vilka)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Gammal:
    """Why a text looks left over: `oforandrad` (the same as the year before) or `framtid`
    (it speaks of `ar` as the future, in the words `fraser`)."""

    slag: str
    ar: int
    fraser: tuple[str, ...] = ()

    def markering(self) -> str:
        """The mark in the draft, beside the text."""
        if self.slag == "oforandrad":
            return f"Texten är oförändrad från {self.ar}: se över den"
        return f"Texten talar om {self.ar} som framtid ({_quoted(self.fraser)}): se över den"

    def beskrivning(self) -> str:
        """What is wrong, after the text's name: '… är densamma som i ar/2026.yaml'."""
        if self.slag == "oforandrad":
            return f"är densamma som i ar/{self.ar}.yaml"
        return f"talar om {self.ar} som framtid ({_quoted(self.fraser)})"

    def varning(self) -> str:
        """The warning of `stod validera`, at the text."""
        return f"texten {self.beskrivning()}; se över den"


def _quoted(phrases: tuple[str, ...]) -> str:
    return ", ".join(f"”{p}”" for p in phrases)


def future_phrases(text: str, year: int) -> list[tuple[int, str]]:
    """(earlier year, the words as written) for each place where `text`, in the application
    for `year`, speaks of a year before `year` as the future."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in [*_CLAUSE.finditer(text), None]:
        end = match.start() if match else len(text)
        found.extend(_in_clause(text[start:end], year))
        start = match.end() if match else end
    for match in _APPLYING.finditer(text):  # across commas: "ansöker vi om …, för … 2025"
        if int(match["year"]) < year:
            found.append((int(match["year"]), match[0]))
    return [(y, _short(p)) for y, p in dict.fromkeys(found)]


def _short(phrase: str) -> str:
    """The phrase on one line, and with '…' for the middle of a long one."""
    words = phrase.split()
    return " ".join(words) if len(words) <= 6 else " ".join([words[0], "…", *words[-3:]])


def _in_clause(clause: str, year: int) -> list[tuple[int, str]]:
    tokens = []  # (value, start, end): a word in lower case, or a year as int
    for m in _TOKEN.finditer(clause):
        if m["word"]:
            tokens.append((m["word"].lower(), m.start(), m.end()))
        else:  # a range "2025–2026" stands for its last year
            tokens.append((int(re.findall(r"\d{4}", m[0])[-1]), m.start(), m.end()))
    found = []
    for i, (value, _, _) in enumerate(tokens):
        if not isinstance(value, int) or not 1990 <= value < year:
            continue
        previous = tokens[i - 1][0] if i else None
        if previous is not None and previous not in TIME and previous not in FUTURE:
            continue  # "sedan 2022", "togs fram 2025": not a time the clause looks ahead to
        if tokens[i + 1 : i + 2] and tokens[i + 1][0] == "års":
            continue  # "2026 års budget": a name, not a time
        span = _future_span(tokens, i)
        if span is not None:
            found.append((value, " ".join(clause[span[0] : span[1]].split())))
    return found


def _future_span(tokens: list, i: int) -> tuple[int, int] | None:
    """Where the phrase that binds the year at `i` to a future word starts and ends, or None."""
    start, end = tokens[i][1], tokens[i][2]
    previous = tokens[i - 1][0] if i else None
    if previous in TIME:
        start = tokens[i - 1][1]  # "Under 2026": the time word belongs to the phrase
    # After the year the first verb decides: "Under 2026 ska …" but "Under 2026 har …".
    for j in range(i + 1, min(len(tokens), i + 1 + BEHIND)):
        word = tokens[j][0]
        if _past(word):
            break
        if word in FUTURE:
            return start, tokens[j][2]
        if word == "är" and i >= 2 and tokens[i - 2][0] in GOALS and previous in ("för", "under"):
            return tokens[i - 2][1], tokens[j][2]  # "Målet för 2026 är …"
    # Before it: a future word near the year ("kommer att pågå under 2026"), with nothing
    # past or comparing between.
    for j in range(i - 1, -1, -1):
        word = tokens[j][0]
        if _past(word) or word in BLOCK:
            return None
        if word in FUTURE and i - j <= AHEAD:
            return tokens[j][1], end
    if previous == "inför":
        return start, end  # "inför 2026" looks ahead by itself
    return None


def _past(word) -> bool:
    if not isinstance(word, str):
        return False
    return word in PAST or (len(word) > 4 and word.endswith(PAST_ENDINGS))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def stale(text: str | None, previous: str | None, year: int) -> Gammal | None:
    """Why the text of the application for `year` looks left over, or None. `previous` is the
    same text of the year before."""
    if not text or not text.strip():
        return None
    if previous and _same(text, previous):
        return Gammal("oforandrad", year - 1)
    found = future_phrases(text, year)
    if not found:
        return None
    latest = max(y for y, _ in found)
    return Gammal("framtid", latest, tuple(p for y, p in found if y == latest)[:3])


def stale_texts(arsfil, previous) -> dict[str, Gammal]:
    """{text key: why} for the application texts of a year file; `previous` is the year
    file before it, or None."""
    texter = getattr(arsfil, "texter", None)
    before = getattr(previous, "texter", None) if previous is not None else None
    found = {}
    for key in TEXTER:
        text = getattr(texter, key, None) if texter is not None else None
        old = getattr(before, key, None) if before is not None else None
        why = stale(
            text if isinstance(text, str) else None,
            old if isinstance(old, str) else None,
            arsfil.ar,
        )
        if why is not None:
            found[key] = why
    return found


def pending(arsfil, today: dt.date) -> bool:
    """Whether the application of a year file is still to be handed in, so that `validera`
    warns about its texts: the year has not passed, and its `ansokningsdatum` is not set or
    not passed. Older files keep the texts they were sent with, without warnings."""
    if arsfil.ar < today.year:
        return False
    signed = getattr(arsfil, "ansokningsdatum", None)
    return signed is None or signed >= today


def check_gamla_texter(data) -> None:
    """`stod validera`: a warning on each application text left over from last year, in the
    year files whose application is not yet handed in."""
    today = dt.date.today()
    for year, (source, arsfil) in sorted(data.ar.items()):
        if not isinstance(getattr(arsfil, "ar", None), int) or not pending(arsfil, today):
            continue
        previous = data.ar.get(year - 1)
        for key, why in stale_texts(arsfil, previous[1] if previous else None).items():
            source.varning(why.varning(), ("texter", key))
