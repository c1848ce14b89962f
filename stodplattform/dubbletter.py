"""Rows of the support log that say exactly the same thing twice: most often a row pasted or
imported twice. A warning in `stod validera`; `stod import` uses the same key to know a row
that is already in the log."""

from __future__ import annotations

from .dataset import Data


def stod_key(post, default_insats: str | None) -> tuple:
    """What a support row says: the same day, enterprise, area, hours, text and effort (the
    year's first when none is given) is the same row, however it is written."""
    return (
        post.datum,
        post.foretag,
        post.omrade,
        float(post.timmar),
        post.beskrivning or "",
        post.insats or default_insats,
    )


def default_insats(data: Data, year: int) -> str | None:
    entry = data.ar.get(year)
    return entry[1].insatser[0].id if entry else None


def check_dubbletter(data: Data) -> None:
    for year, (source, poster) in data.stod.items():
        default = default_insats(data, year)
        first: dict[tuple, int] = {}
        for i, post in poster:
            if any(getattr(post, f, None) is None for f in ("datum", "foretag", "omrade")):
                continue  # an entry with errors: those are reported
            if getattr(post, "timmar", None) is None:
                continue
            key = stod_key(post, default)
            if key in first:
                line, _ = source.locate((first[key],))
                source.varning(
                    f"posten är exakt likadan som den på rad {line} (samma datum, företag, "
                    "område, timmar, beskrivning och insats); står den två gånger?",
                    (i,),
                )
            else:
                first[key] = i
