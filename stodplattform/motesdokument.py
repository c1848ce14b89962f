"""The documents of one meeting: the notice of a planned one (`kallelse`) and the minutes of
a held one (`protokoll`), assembled as `documents.Document`s and written like the report.

A meeting is found by its date (or its file name, when a day has two); a date with no
meeting, a planned meeting asked for minutes or a held one asked for a notice ends in a
Swedish error that says what there is instead."""

from __future__ import annotations

import datetime as dt
import re

from . import model, vocab
from .atgarder import open_actions
from .dataset import Data
from .documents import Document
from .loader import Source
from .problems import StodError
from .svtext import swedish_list

NEAREST = 4  # meetings named when a date has none


# -- finding the meeting ----------------------------------------------------------------------


def find(data: Data, which: str) -> tuple[Source, model.Mote]:
    """The meeting of `which`: a date (ÅÅÅÅ-MM-DD) or a meeting file's name (without .yaml).
    A StodError when there is none (naming the nearest) or the date has more than one."""
    from .fields import Invalid, parse_date

    text = which.strip().removesuffix(".yaml")
    by_name = [(s, m) for s, m in data.moten if s.path.stem == text]
    if by_name:
        return by_name[0]
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise StodError(
            f"'{which}' är inget datum och inget mötes filnamn i moten/; skriv datumet som "
            "ÅÅÅÅ-MM-DD, t.ex. 2026-12-09"
        )
    try:
        day = parse_date(text, "DATUM")
    except Invalid as e:
        raise StodError(str(e)) from None
    found = sorted(((s, m) for s, m in data.moten if m.datum == day), key=lambda e: e[0].path.name)
    if not found:
        raise StodError(f"det finns inget möte den {_long(day)} i moten/{_nearest(data, day)}")
    if len(found) > 1:
        names = swedish_list([s.path.stem for s, _ in found])
        raise StodError(
            f"den {_long(day)} finns {len(found)} möten: {names}; ange mötets filnamn i "
            f"stället för datumet, t.ex. {found[0][0].path.stem}"
        )
    return found[0]


def _nearest(data: Data, day: dt.date) -> str:
    if not data.moten:
        from .hints import cite, command

        return (
            f"; där finns inga möten ännu, lägg till ett med{cite(command('ny mote', data.folder))}"
        )
    closest = sorted(data.moten, key=lambda e: (abs((e[1].datum - day).days), e[0].path.name))
    rows = sorted(closest[:NEAREST], key=lambda e: (e[1].datum, e[0].path.name))
    shown = "; ".join(f"{m.datum.isoformat()} {m.rubrik} ({_kind(m)})" for _, m in rows)
    return f". Närmast: {shown}"


def _kind(mote: model.Mote) -> str:
    status = {"genomfort": "genomfört", "planerat": "planerat", "installt": "inställt"}
    return f"{vocab.MOTESTYPER[mote.typ].lower()}, {status[mote.status]}"


def _long(day: dt.date) -> str:
    from .render import datum

    return datum(day)


def weekday_date(day: dt.date) -> str:
    """2026-12-09 → 'onsdag 9 december 2026'."""
    from babel.dates import format_date

    from .render import LOCALE

    return format_date(day, format="EEEE d MMMM y", locale=LOCALE)


# -- what both documents show -----------------------------------------------------------------


def _group(typ: str) -> tuple[str, ...]:
    """Meetings of the same kind: platform and steering-group meetings together."""
    return vocab.MOTESTYPER_PLATTFORM if typ in vocab.MOTESTYPER_PLATTFORM else (typ,)


def _party(part: model.Part) -> dict:
    return {
        "id": part.id,
        "organisation": part.organisation,
        "roll": part.roll,
        "namn": part.namn,
        "sammankallande": part.sammankallande,
        "adjungerad": part.adjungerad,
    }


def _called(data: Data, mote: model.Mote) -> list[model.Part]:
    """The parties called: `kallade` in the parties' order, else every party."""
    parter = data.plattform.parter
    if mote.kallade is None:
        return list(parter)
    return [p for p in parter if p.id in mote.kallade]


def _meeting(mote: model.Mote) -> dict:
    return {
        "datum": mote.datum,
        "dag": weekday_date(mote.datum),
        "tid": mote.tid,
        "plats": mote.plats,
        "typ": vocab.MOTESTYPER[mote.typ],
        "typkod": mote.typ,
        "rubrik": mote.rubrik,
        "dagordning": list(mote.dagordning),
    }


def _stem(kind: str, data: Data, source: Source, mote: model.Mote) -> str:
    """The document's default name: kallelse-2026-12-09, or with the file's name when the
    day has more than one meeting."""
    same_day = sum(m.datum == mote.datum for _, m in data.moten)
    return f"{kind}-{mote.datum.isoformat()}" if same_day == 1 else f"{kind}-{source.path.stem}"


def _others(data: Data, mote: model.Mote) -> list[model.Mote]:
    kinds = _group(mote.typ)
    return sorted(
        (m for _, m in data.moten if m.typ in kinds and m is not mote), key=lambda m: m.datum
    )


def _command(name: str, which: str, data: Data) -> str:
    from .hints import cite, command
    from .paths import shell_quote

    return cite(command(f"{name} {shell_quote(which)}", data.folder))


# -- kallelse ---------------------------------------------------------------------------------


def kallelse(data: Data, which: str, per: dt.date) -> Document:
    """The notice of the planned meeting `which` (a date or a file name)."""
    source, mote = find(data, which)
    if mote.status == "genomfort":
        raise StodError(
            f"mötet den {_long(mote.datum)} är redan genomfört ({source.display}); gör "
            f"protokollet med{_command('protokoll', which, data)}"
        )
    if mote.status == "installt":
        raise StodError(
            f"mötet den {_long(mote.datum)} är inställt ({source.display}); ändra status till "
            "planerat om det ska hållas"
        )
    luckor = []
    if not mote.dagordning:
        luckor.append(
            f"mötet har ingen dagordning; skriv den under 'dagordning:' i {source.display}"
        )
    if not mote.tid:
        luckor.append(
            f"mötet har ingen tid; skriv den som 'tid: \"13.00–15.00\"' i {source.display}"
        )
    held_before = [
        m for m in _others(data, mote) if m.status == "genomfort" and m.datum < mote.datum
    ]
    last = held_before[-1] if held_before else None
    context = {
        "m": {
            **_meeting(mote),
            "kallade": [_party(p) for p in _called(data, mote)],
            "sammankallande": [_party(p) for p in data.plattform.parter if p.sammankallande],
            "atgarder": open_actions(
                data, mote.datum - dt.timedelta(days=1), per, due_by=mote.datum
            ),
            "foregaende": None if last is None else {**_meeting(last), "beslut": list(last.beslut)},
        },
        "plattform": data.plattform,
        "per": per,
    }
    return Document(
        stem=_stem("kallelse", data, source, mote),
        template="kallelse.md.j2",
        context=context,
        title=f"Kallelse: {mote.rubrik} {_long(mote.datum)} – {data.plattform.namn}",
        luckor=luckor,
        per=per,
        data_folder=data.folder,
    )


# -- protokoll --------------------------------------------------------------------------------


def protokoll(data: Data, which: str, per: dt.date) -> Document:
    """The minutes of the held meeting `which` (a date or a file name)."""
    source, mote = find(data, which)
    if mote.status == "planerat":
        raise StodError(
            f"mötet den {_long(mote.datum)} är planerat och inte hållet ännu "
            f"({source.display}); gör kallelsen med{_command('kallelse', which, data)}"
        )
    if mote.status == "installt":
        raise StodError(f"mötet den {_long(mote.datum)} ställdes in ({source.display})")
    if mote.datum > per:
        raise StodError(
            f"mötet den {_long(mote.datum)} har inte varit ännu (per {per.isoformat()}); "
            f"gör kallelsen med{_command('kallelse', which, data)}"
        )
    if not mote.narvaro or not mote.beslut:
        what = {
            (False, False): "varken närvaro eller beslut antecknade",
            (False, True): "ingen närvaro antecknad",
            (True, False): "inga beslut antecknade",
        }[(bool(mote.narvaro), bool(mote.beslut))]
        hints = [
            hint
            for hint, there in (
                ("de närvarande parternas id under 'narvaro:'", mote.narvaro),
                ("besluten som en lista under 'beslut:'", mote.beslut),
            )
            if not there
        ]
        raise StodError(
            f"{source.display}: mötet den {_long(mote.datum)} har {what}, så det finns inget "
            f"protokoll att göra; skriv in {' och '.join(hints)} i filen"
        )
    called = _called(data, mote)
    present = [p for p in data.plattform.parter if p.id in mote.narvaro]
    # the next meeting as it stood that day: one cancelled later is still the one decided
    after = [m for m in _others(data, mote) if m.datum > mote.datum]
    context = {
        "m": {
            **_meeting(mote),
            "narvarande": [_party(p) for p in present],
            "franvarande": [_party(p) for p in called if p.id not in mote.narvaro],
            "foretag": [data.foretag[f][1].namn for f in mote.foretag if f in data.foretag],
            "antal_deltagare": mote.antal_deltagare,
            "beslut": list(mote.beslut),
            "atgarder": [
                {
                    "vad": a.vad,
                    "ansvarig": data.part_name(a.ansvarig),
                    "senast": a.senast,
                    "status": vocab.ATGARDSSTATUS[a.status],
                }
                for a in mote.atgarder
            ],
            "nasta": {**_meeting(after[0]), "installt": after[0].status == "installt"}
            if after
            else None,
        },
        "plattform": data.plattform,
        "per": per,
    }
    return Document(
        stem=_stem("protokoll", data, source, mote),
        template="protokoll.md.j2",
        context=context,
        title=f"Protokoll: {mote.rubrik} {_long(mote.datum)} – {data.plattform.namn}",
        luckor=[],
        per=per,
        data_folder=data.folder,
    )
