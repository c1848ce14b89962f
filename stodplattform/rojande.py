"""Which counts of people a document may print: decided once over all its participant figures.

A count from 1 to 4 is printed as "färre än 5". That alone is not enough: a reader can
subtract. The year's total minus the new ones is those who went on from last year; the ended
minus those who went to work or studies, over the outcomes listed, can leave exactly one
person who ended because of ill health; a goal "delvis" uppnådd with the target 2 says the
outcome is 1. So every figure is a variable in a set of sums (the year's participants split by
effort, by start and end, by outcome, by gender …), and what a document prints constrains the
variables: a number fixes one, "färre än 5" bounds it to 1–4, "dolt" to 5 or more (a reader
knows a hidden small count would have said "färre än 5"), and a goal's status word to a range.

`protect` propagates those bounds through the sums – what a careful reader can do with pencil
and paper – and while some count of 1–4 is pinned to one value, hides one more figure
("dolt") and propagates again. The figures hidden first are the ones that say least
(details before totals), as the caller ranks them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
from collections import deque
from dataclasses import dataclass, field

from .privacy import MASK, SMALLEST_SHOWN
from .problems import StodError

HIDDEN = "dolt"  # hidden so that a small count cannot be worked out from the others
OMITTED = None  # left out of the document altogether (a table that cannot be shown safely)

_SHOWN_SMALL = (1, SMALLEST_SHOWN - 1)
_SHOWN_HIDDEN = (SMALLEST_SHOWN, math.inf)


@dataclass
class Figures:
    """The variables (their true values), the sums between them, and what may be printed."""

    values: dict[str, int] = field(default_factory=dict)
    sums: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # the variables made as sums (`total`): their parts
    defined: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # name → (rank, group): printed figures; lower ranks are hidden first, a group is a table
    printed: dict[str, tuple[int, str]] = field(default_factory=dict)
    # name → (variable, lowest, highest, rank): what a status word says of a variable
    words: dict[str, tuple[str, float, float, int]] = field(default_factory=dict)
    # name → mark: figures printed as decided elsewhere (last year's, in the years table);
    # the reader knows them, and they are never hidden here
    fixed: dict[str, int | str | None] = field(default_factory=dict)
    fixed_words: list[tuple[str, float, float]] = field(default_factory=list)  # … and words

    def add(self, name: str, value: int) -> str:
        self.values[name] = int(value)
        return name

    def total(self, name: str, parts) -> str:
        """`name` is the sum of `parts` (already added); its value is their sum."""
        parts = tuple(parts)
        self.values[name] = sum(self.values[p] for p in parts)
        self.sums.append((name, parts))
        self.defined[name] = parts
        return name

    def same(self, name: str, parts) -> None:
        """One more way `name` adds up (a total split two ways)."""
        parts = tuple(parts)
        assert self.values[name] == sum(self.values[p] for p in parts), name
        self.sums.append((name, parts))

    def include(self, other: Figures, prefix: str, leaf) -> None:
        """`other`'s variables and sums, each name with `prefix`: another document's figures
        beside these. Each of its variables that is no sum of others becomes the sum of the
        variables `leaf(name)` gives here (the same people), or stays apart when it gives
        None."""
        for name, value in other.values.items():
            if name in other.defined:
                self.values[prefix + name] = value
            elif (parts := leaf(name)) is not None:
                self.total(prefix + name, parts)
                assert self.values[prefix + name] == value, name
            else:
                self.add(prefix + name, value)
        self.sums += [(prefix + t, tuple(prefix + p for p in parts)) for t, parts in other.sums]
        self.defined |= {prefix + t: tuple(prefix + p for p in parts)
                         for t, parts in other.defined.items()}  # fmt: skip

    def show(self, name: str, rank: int, group: str) -> None:
        self.printed.setdefault(name, (rank, group))

    def word(self, name: str, variable: str, lowest: float, highest: float, rank: int) -> None:
        self.words[name] = (variable, lowest, highest, rank)


@dataclass
class Shown:
    """What the document prints: per figure a number, MASK, HIDDEN or OMITTED; per status
    word whether it is printed."""

    marks: dict[str, int | str | None]
    words: dict[str, bool]

    def __getitem__(self, name: str):
        return self.marks[name]


def protect(figures: Figures) -> Shown:
    marks = {n: MASK if 0 < figures.values[n] < SMALLEST_SHOWN else figures.values[n]
             for n in figures.printed}  # fmt: skip
    words = dict.fromkeys(figures.words, True)
    omitted: set[str] = set()
    known = Known(figures)
    while leaks := _leaks(figures, marks, words, known):
        if not _hide_one(figures, marks, words, leaks, known):
            # Nothing left to hide but a small table still pins a count: leave the table out.
            group = _lowest_group(figures, marks, omitted)
            if group is None:  # should not happen: a lone total pins nothing
                raise StodError(
                    "stod kan inte visa deltagartalen utan att ett litet antal går att räkna "
                    "fram, inte ens med alla tabeller utelämnade; dokumentet görs inte. "
                    "Kontrollera deltagarfilerna med 'stod validera', och hör av dig till "
                    "den som sköter stod om det kvarstår."
                )
            omitted.add(group)
            for name, (_, g) in figures.printed.items():
                if g == group:
                    marks[name] = OMITTED
    for name, (variable, *_) in figures.words.items():
        if isinstance(marks.get(variable), int):  # the number says more than the word
            words[name] = True
    return Shown(marks, words)


def _hide_one(figures: Figures, marks: dict, words: dict, leaks: list[str], known) -> bool:
    """Hide one printed number or status word: the one nearest a pinned count (fewest sums
    between them), lowest-ranked first, that pins fewer counts; failing that, the nearest
    (so that the search moves on: two figures may have to go before either helps). False:
    nothing left to hide."""
    distance = _distances(figures, leaks)
    far = len(figures.values)
    candidates = [
        (distance.get(n, far), rank, figures.values[n], n, "mark")
        for n, (rank, _) in figures.printed.items()
        if isinstance(marks[n], int) and marks[n] >= SMALLEST_SHOWN
    ] + [
        (distance.get(v, far), rank, 0, n, "word")
        for n, (v, *_, rank) in figures.words.items()
        if words[n]
    ]
    if not candidates:
        return False
    candidates.sort()
    leaking = len(leaks)
    # what every trial shares: the marks that are not numbers to hide, worked out once
    settled = {n: m for n, m in marks.items() if not (isinstance(m, int) and m >= SMALLEST_SHOWN)}
    start = Known(figures, settled, known)
    shown = {n: m for n, m in marks.items() if n not in settled}
    useful = []  # numbers that a reader could not work out again once hidden
    for *_, name, kind in candidates:
        trial_marks, trial_words = dict(shown), dict(words)
        if kind == "mark":
            trial_marks[name] = HIDDEN
        else:
            trial_words[name] = False
        found = bounds(figures, trial_marks, trial_words, start)
        if len(_pinned_small(figures, found, known.pinned)) < leaking:
            marks.update(trial_marks)
            words.update(trial_words)
            return True
        if kind == "mark" and found[name][0] != found[name][1]:
            useful.append(name)
    # nothing helps alone: hide the nearest number that would stay hidden, else the nearest
    # number (a word only goes when it helps by itself, or when no number is left)
    numbers = useful or [name for *_, name, kind in candidates if kind == "mark"]
    if numbers:
        marks[numbers[0]] = HIDDEN
    else:
        words[candidates[0][-2]] = False
    return True


def _distances(figures: Figures, start: list[str]) -> dict[str, int]:
    """How many sums lie between each variable and the nearest of `start`."""
    near: dict[str, set[str]] = {}
    for total, parts in figures.sums:
        members = {total, *parts}
        for m in members:
            near.setdefault(m, set()).update(members)
    found = dict.fromkeys(start, 0)
    frontier = list(start)
    while frontier:
        following = []
        for name in frontier:
            for other in near.get(name, ()):
                if other not in found:
                    found[other] = found[name] + 1
                    following.append(other)
        frontier = following
    return found


def _lowest_group(figures: Figures, marks: dict, omitted: set[str]) -> str | None:
    groups = sorted(
        (rank, group)
        for name, (rank, group) in figures.printed.items()
        if group not in omitted and marks[name] is not OMITTED
    )
    return groups[0][1] if groups else None


def _leaks(figures: Figures, marks: dict, words: dict, known: Known) -> list[str]:
    """The variables holding 1–4 people that the printed figures pin to a single value (and
    the figures printed elsewhere do not pin already)."""
    return _pinned_small(figures, bounds(figures, marks, words, known), known.pinned)


def _pinned_small(figures: Figures, found: dict, given=frozenset()) -> list[str]:
    return [
        name
        for name, (low, high) in found.items()
        if low == high and 0 < figures.values[name] < SMALLEST_SHOWN and name not in given
    ]


def bounds(
    figures: Figures, marks: dict, words: dict, known: Known | None = None
) -> dict[str, tuple[float, float]]:
    """The narrowest range of each variable a reader can get from the printed figures by
    adding and subtracting within the sums (bounds propagation to a fixed point). `known`:
    what the fixed figures alone give (`Known`), to start from."""
    known = known or Known(figures)
    low, high = list(known.low), list(known.high)
    said = [(v, lo, hi) for n, (v, lo, hi, _) in figures.words.items() if words[n]]
    _propagate(figures, low, high, _narrow(figures, low, high, marks, said))
    return dict(zip(_index(figures).names, zip(low, high, strict=True), strict=True))


class Known:
    """What the figures printed elsewhere (`figures.fixed`, `fixed_words`) give by themselves:
    the same for every choice of what this document hides, so worked out once; and the counts
    of 1–4 they already pin, which nothing hidden here can cover. With `marks` and `start`
    (a Known), what those marks add to it: a later start for many trials that share them."""

    def __init__(self, figures: Figures, marks: dict | None = None, start: Known | None = None):
        if start is None:
            size = len(_index(figures).names)
            self.low, self.high = [0] * size, [math.inf] * size
            _narrow(figures, self.low, self.high, figures.fixed, figures.fixed_words)
            _propagate(figures, self.low, self.high, range(size))
            found = dict(zip(_index(figures).names, zip(self.low, self.high, strict=True),
                             strict=True))  # fmt: skip
            self.pinned = set(_pinned_small(figures, found))
        else:
            self.low, self.high, self.pinned = list(start.low), list(start.high), start.pinned
            _propagate(figures, self.low, self.high,
                       _narrow(figures, self.low, self.high, marks or {}, []))  # fmt: skip


def _narrow(figures: Figures, low: list, high: list, marks: dict, said: list) -> set[int]:
    """Apply what printed marks and words say; the variables (by number) they narrowed."""
    at = _index(figures).at
    narrowed, said = set(), list(said)
    for name, mark in marks.items():
        if mark is OMITTED:
            continue
        if mark == MASK:
            lowest, highest = _SHOWN_SMALL
        elif mark == HIDDEN:
            lowest, highest = _SHOWN_HIDDEN
        else:
            lowest = highest = mark
        said.append((name, lowest, highest))
    for variable, lowest, highest in said:
        v = at[variable]
        if lowest > low[v] or highest < high[v]:
            low[v] = max(low[v], lowest)
            high[v] = min(high[v], highest)
            narrowed.add(v)
    return narrowed


def _propagate(figures: Figures, low: list, high: list, narrowed) -> None:
    """Narrow `low` and `high` through the sums until nothing changes, starting with the sums
    of the variables `narrowed` (by number); a sum is looked at again only when one of its
    variables narrowed."""
    index = _index(figures)
    sums, near = index.sums, index.near
    waiting = deque(sorted({k for v in narrowed for k in near[v]}))
    queued = [False] * len(sums)
    for k in waiting:
        queued[k] = True
    inf = math.inf
    while waiting:
        k = waiting.popleft()
        queued[k] = False
        total, parts = sums[k]
        lows = [low[p] for p in parts]
        highs = [high[p] for p in parts]
        sum_low = sum(lows)
        unbounded = highs.count(inf)
        sum_finite = sum(h for h in highs if h != inf) if unbounded else sum(highs)
        changed = []
        if sum_low > low[total]:
            low[total] = sum_low
            changed.append(total)
        if not unbounded and sum_finite < high[total]:
            high[total] = sum_finite
            changed.append(total)
        top, bottom = high[total], low[total]
        for p, lo, hi in zip(parts, lows, highs, strict=True):
            if hi == inf:
                rest_high = sum_finite if unbounded == 1 else inf
            else:
                rest_high = sum_finite - hi if not unbounded else inf
            if bottom - rest_high > lo:
                low[p] = bottom - rest_high
                changed.append(p)
            if top - (sum_low - lo) < hi:
                high[p] = top - (sum_low - lo)
                changed.append(p)
        for v in changed:
            for j in near[v]:
                if not queued[j] and j != k:
                    queued[j] = True
                    waiting.append(j)


@dataclass
class _Index:
    """The variables by number, the sums over the numbers, and per variable its sums."""

    names: list[str]
    at: dict[str, int]
    sums: list[tuple[int, tuple[int, ...]]]
    near: list[list[int]]


def _index(figures: Figures) -> _Index:
    """The figures by number (kept with them until a variable or sum is added)."""
    cached = figures.__dict__.get("_index")
    size = (len(figures.values), len(figures.sums))
    if cached is None or cached[0] != size:
        names = list(figures.values)
        at = {n: i for i, n in enumerate(names)}
        sums = [(at[t], tuple(at[p] for p in parts)) for t, parts in figures.sums]
        near: list[list[int]] = [[] for _ in names]
        for k, (total, parts) in enumerate(sums):
            for v in {total, *parts}:
                near[v].append(k)
        cached = figures.__dict__["_index"] = (size, _Index(names, at, sums, near))
    return cached[1]


# -- answers kept from earlier runs -----------------------------------------------------------

# What `protect` decided is kept in the user's cache folder (cache.root()/skydd, private as the
# parse cache), named by a hash of stod's code and of the figures: the same figures give the
# same answer, so the next run of a document – and the reports of the same year an annual
# report sets beside itself – takes it instead of searching again. A kept answer holds only
# what the document prints, and it is used only when it is true of today's figures (each
# number the true one, "färre än 5" over 1–4, "dolt" over 5 or more) and pins no count of 1–4:
# the check `protect` itself ends with, made once instead of once per figure tried.
KEPT_FOLDER = "skydd"
KEPT = 200  # answers kept; the least recently used go first


def protect_kept(figures: Figures) -> Shown:
    """`protect(figures)`, or the same answer kept from an earlier run."""
    from . import cache

    if not cache.enabled():
        return protect(figures)
    folder = cache.root() / KEPT_FOLDER
    path = folder / f"{_key(figures, cache.code_key())}.json"
    kept = _kept(figures, path) if cache._private(folder, make=False) else None
    if kept is not None:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(path, follow_symlinks=False)
        return kept
    shown = protect(figures)
    if cache._private(folder):
        cache.write_json(folder, path.name, {"marks": shown.marks, "words": shown.words})
        _prune(folder)
    return shown


def _key(figures: Figures, code: str) -> str:
    content = [figures.values, figures.sums, figures.printed, figures.words, figures.fixed,
               figures.fixed_words]  # fmt: skip
    digest = hashlib.blake2b(code.encode(), digest_size=20)
    digest.update(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def _kept(figures: Figures, path) -> Shown | None:
    """The answer in `path` when it is whole, true of `figures` and safe; else None."""
    from . import cache

    content = cache.read_json(path)
    if type(content) is not dict:
        return None
    marks, words = content.get("marks"), content.get("words")
    if type(marks) is not dict or marks.keys() != figures.printed.keys():
        return None
    if type(words) is not dict or words.keys() != figures.words.keys():
        return None
    if any(type(w) is not bool for w in words.values()):
        return None
    # a table is left out whole (`protect` leaves nothing else out): a lone missing row
    # would read as 0
    left_out = {group for name, (_, group) in figures.printed.items() if marks[name] is OMITTED}
    for name, mark in marks.items():
        value = figures.values[name]
        if (figures.printed[name][1] in left_out) != (mark is OMITTED):
            return None
        if not (
            mark is OMITTED
            or (mark == HIDDEN and value >= SMALLEST_SHOWN)
            or (mark == MASK and 0 < value < SMALLEST_SHOWN)
            or (type(mark) is int and mark == value and not 0 < value < SMALLEST_SHOWN)
        ):
            return None
    if _leaks(figures, marks, words, Known(figures)):
        return None
    return Shown(marks, words)


def _prune(folder) -> None:
    """Keep the KEPT most recently used answers."""
    try:
        answers = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in answers[KEPT:]:
            old.unlink()
    except OSError:
        pass
