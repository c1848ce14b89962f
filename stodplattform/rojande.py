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

import math
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
        return name

    def same(self, name: str, parts) -> None:
        """One more way `name` adds up (a total split two ways)."""
        parts = tuple(parts)
        assert self.values[name] == sum(self.values[p] for p in parts), name
        self.sums.append((name, parts))

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
    while leaks := _leaks(figures, marks, words):
        if not _hide_one(figures, marks, words, leaks):
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


def _hide_one(figures: Figures, marks: dict, words: dict, leaks: list[str]) -> bool:
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
    useful = []  # numbers that a reader could not work out again once hidden
    for *_, name, kind in candidates:
        trial_marks, trial_words = dict(marks), dict(words)
        if kind == "mark":
            trial_marks[name] = HIDDEN
        else:
            trial_words[name] = False
        found = bounds(figures, trial_marks, trial_words)
        if len(_pinned_small(figures, found)) < leaking:
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


def _leaks(figures: Figures, marks: dict, words: dict) -> list[str]:
    """The variables holding 1–4 people that the printed figures pin to a single value."""
    return _pinned_small(figures, bounds(figures, marks, words))


def _pinned_small(figures: Figures, found: dict) -> list[str]:
    return [
        name
        for name, (low, high) in found.items()
        if low == high and 0 < figures.values[name] < SMALLEST_SHOWN
    ]


def bounds(figures: Figures, marks: dict, words: dict) -> dict[str, tuple[float, float]]:
    """The narrowest range of each variable a reader can get from the printed figures by
    adding and subtracting within the sums (bounds propagation to a fixed point)."""
    low = dict.fromkeys(figures.values, 0)
    high = dict.fromkeys(figures.values, math.inf)
    for name, mark in {**figures.fixed, **marks}.items():
        if mark is OMITTED:
            continue
        if mark == MASK:
            low[name], high[name] = _SHOWN_SMALL
        elif mark == HIDDEN:
            low[name], high[name] = _SHOWN_HIDDEN
        else:
            low[name] = high[name] = mark
    said = [(v, lo, hi) for n, (v, lo, hi, _) in figures.words.items() if words[n]]
    for variable, lowest, highest in [*said, *figures.fixed_words]:
        low[variable] = max(low[variable], lowest)
        high[variable] = min(high[variable], highest)
    changed = True
    while changed:
        changed = False
        for total, parts in figures.sums:
            sum_low = sum(low[p] for p in parts)
            sum_high = sum(high[p] for p in parts)
            if sum_low > low[total]:
                low[total], changed = sum_low, True
            if sum_high < high[total]:
                high[total], changed = sum_high, True
            for p in parts:
                rest_high = sum_high - high[p] if high[p] != math.inf else _without(high, parts, p)
                new_low = low[total] - rest_high
                new_high = high[total] - (sum_low - low[p])
                if new_low > low[p]:
                    low[p], changed = new_low, True
                if new_high < high[p]:
                    high[p], changed = new_high, True
    return {n: (low[n], high[n]) for n in figures.values}


def _without(high: dict, parts: tuple[str, ...], left_out: str) -> float:
    return sum(high[p] for p in parts if p != left_out)
