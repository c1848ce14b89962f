"""Who came to the year's meetings (`r.moten.narvaro`, `r.moten.narvaro_underlag` and
`r.moten.foretagsnarvaro`).

Each party is counted over the meetings it was called to (SPEC §5 `kallade`): a meeting with
`kallade` calls those parties; a platform or steering-group meeting without it calls every
party but the adjoined (`adjungerad`); any other meeting (verksamhetsledarträff, course, event) without it calls none. Only
held meetings with recorded attendance count. The enterprises' own meetings – every held
meeting that is not a platform or steering-group meeting – are shown by the enterprises that
were there (`foretag`).
"""

from __future__ import annotations

from collections import Counter

from . import vocab
from .dataset import Data
from .render import tal
from .svtext import in_words, mid_sentence, sv_key, swedish_list


def antal_ord(n: int, typ: str | None = None) -> str:
    """A count in running text: one to twelve in words ('fem'; 'en' or 'ett' by the meeting
    type's gender, 'ett' without one: 'ett möte'), larger as digits."""
    return in_words(n, neuter=typ is None or typ in vocab.MOTESTYPER_NEUTRUM) or tal(n)


def antal_moten(n: int, typ: str) -> str:
    """Meetings of one type counted in running text: 'fem plattformsmöten', 'ett seminarium'."""
    noun = vocab.MOTESTYPER[typ].lower() if n == 1 else vocab.MOTESTYPER_PLURAL[typ]
    return f"{antal_ord(n, typ)} {noun}"


def beskrivning(typer: list[str]) -> str:
    """Meeting types counted in words: 'fem plattformsmöten och ett styrgruppsmöte'."""
    counts = Counter(typer)
    return swedish_list([antal_moten(counts[c], c) for c in vocab.MOTESTYPER if counts[c]])


def kallade(mote, parter: list[str]) -> set[str]:
    """The parties called to a meeting (SPEC §5; the default as docs/dataformat.md says)."""
    if mote.kallade is not None:
        return set(mote.kallade)
    return set(parter) if mote.typ in vocab.MOTESTYPER_PLATTFORM else set()


def _called_by_default(data: Data) -> list[str]:
    """The parties a platform meeting without `kallade` calls: all but those adjoined when
    needed (`adjungerad`), who count only where `kallade` names them."""
    return [p.id for p in data.plattform.parter if not p.adjungerad]


def _held(data: Data, period) -> list:
    return [
        m
        for _, m in data.moten
        if m.datum.year == period.year and m.status == "genomfort" and m.datum <= period.per
    ]


def narvaro(data: Data, period) -> list[dict]:
    """Per party: the held meetings with recorded attendance it was called to (`moten`), how
    many of them it attended (`narvarande`), and other meetings it came to (`ovriga`)."""
    if data.plattform is None:
        return []
    ids = _called_by_default(data)
    recorded = [(m, kallade(m, ids)) for m in _held(data, period) if m.narvaro]
    if not any(called for _, called in recorded):
        return []
    rows = []
    for part in data.plattform.parter:
        called = [m for m, c in recorded if part.id in c]
        attended = sum(1 for m in called if part.id in m.narvaro)
        others = [m.typ for m, c in recorded if part.id in m.narvaro and part.id not in c]
        rows.append(
            {
                "id": part.id,
                "part": f"{part.organisation}, {part.roll}",
                "benamning": f"{part.organisation} ({mid_sentence(part.roll)})",  # running text
                "narvarande": attended,
                "moten": len(called),
                "andel": attended / len(called) if called else None,
                "ovriga": len(others),
                "ovriga_text": beskrivning(others),  # 'tre verksamhetsledarträffar'
                # 'Samarkand2015 (VD) på tre verksamhetsledarträffar'
                "ovriga_fras": f"{part.organisation} ({mid_sentence(part.roll)}) på "
                f"{beskrivning(others)}",
            }
        )
    return rows


def narvaro_underlag(data: Data, period) -> dict:
    """What the attendance is counted over: the held meetings with recorded attendance that
    called any party (`antal`, and `beskrivning` in words), and whether every party was
    called to all of them (`lika`: one sentence for the table, else a count per row)."""
    if data.plattform is None:
        return {"antal": 0, "beskrivning": "", "lika": True}
    ids = _called_by_default(data)
    recorded = [(m, kallade(m, ids)) for m in _held(data, period) if m.narvaro]
    called = [(m, c) for m, c in recorded if c]
    return {
        "antal": len(called),
        "beskrivning": beskrivning([m.typ for m, _ in called]),
        "lika": all(c == set(ids) for _, c in called),
    }


def foretagsnarvaro(data: Data, period) -> dict:
    """`r.moten.foretagsnarvaro`: the enterprises' own meetings with the enterprises recorded
    (`antal`, `beskrivning`), and per enterprise how many of them it took part in."""
    moten = [
        m for m in _held(data, period) if m.typ not in vocab.MOTESTYPER_PLATTFORM and m.foretag
    ]
    counts = Counter(f for m in moten for f in set(m.foretag))
    names = {f: data.foretag[f][1].namn if f in data.foretag else f for f in counts}
    return {
        "antal": len(moten),
        "beskrivning": beskrivning([m.typ for m in moten]),
        "foretag": [
            {"foretag": names[f], "antal": counts[f], "andel": counts[f] / len(moten)}
            for f in sorted(counts, key=lambda f: sv_key(names[f]))
        ],
    }
