"""The year's participants as counts, protected before any template sees them: the report's
`r.deltagare` and the outcomes of the goals measured in participants.

No row of a participant leaves this module. Every count the documents print (per effort, in
total, by outcome, gender, age group, income support before and referring party, and the goals
counted in people) is put into one set of sums, and rojande.protect decides once, over all of
them, which are printed as numbers, which as "färre än 5" and which as "dolt". The report, the
export, the overview, the charts and next year's application all print from this one result,
so no document can be combined with another to work out a small count.

Categories of 1–4 people in a table are first merged into one row ("Övrigt") when there are
two or more of them, so that fewer figures need to be hidden."""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass

from . import malstatus, vocab
from .dataset import Data
from .privacy import SMALLEST_SHOWN
from .rojande import HIDDEN, OMITTED, Figures, protect_kept

MATT = ("deltagare", "avslut_arbete_studier")  # the goal measures counted in participants
# Codes of the protection's own rows and variables: in parentheses, which no id in the data
# may have ([a-z0-9-]), so that a party called 'saknas' or 'ovrigt' stays itself
OVRIGT = "(ovrigt)"
SAKNAS = "(saknas)"
TOM = "(tom)"  # the goal of an effort with no one in it yet

# The tables of people by a trait: (key in r.deltagare.totalt, field, labels, other row)
DIMENSIONS = [
    ("kon", "kon", vocab.KON, "Övriga"),
    ("alder", "aldersgrupp", vocab.ALDERSGRUPPER, "Övriga åldersgrupper"),
    ("forsorjning", "forsorjning_fore", vocab.FORSORJNING, "Övriga"),
    ("remitterad", "remitterad_av", None, "Övriga"),
]
FLOWS = ("under_aret", "nya", "avslutade", "pagar", "arbete_studier")  # per effort and in all
# The rank of each kind of figure: the lower, the sooner it is hidden to protect another.
RANK = {"trait": 10, "outcome": 20, "word": 25, "effort": 30, "goal": 35, "total": 40, "all": 90}


def people(data: Data, year: int) -> list:
    """The year's participants (`deltagare/ÅR.yaml`), an empty list when there is no file."""
    entry = data.deltagare.get(year)
    return [d for _, d in entry[1]] if entry else []


def deltagare(
    data: Data, year: int, last: str, goals=(), over: bool = True, link_previous: bool = True
) -> dict:
    """Counts per effort and in total for `year` up to the month `last` ('ÅÅÅÅ-MM'), and
    `mal`: per goal measured in participants its outcome and status as they may be printed.
    With `link_previous`, what a reader of this document also has is part of what they know:
    last year's figures as the years table prints them (see `_previous_year`), and the
    documents of the same year made before `last` (see `_same_year`)."""
    return copy.deepcopy(_protected(data, year, last, goals, over, link_previous)[0])


def _protected(data: Data, year: int, last: str, goals, over: bool, link_previous: bool = True):
    """The figures as `deltagare` gives them, and the marks of every printed variable."""
    key = ("deltagare", year, last, tuple((g.id, g.matt, g.insats, g.malvarde) for g in goals),
           over, link_previous)  # fmt: skip
    if key not in data.memo:
        data.memo[key] = _deltagare(data, year, last, goals, over, link_previous)
    return data.memo[key]  # not to be changed: deltagare gives a copy


def _printed(per_insats: list, totalt: dict, mal: dict) -> list:
    """Every mark the documents print of these figures."""
    found = [v for row in [*per_insats, totalt] for v in row.values() if not isinstance(v, list)]
    for key in ("utfall", *(k for k, *_ in DIMENSIONS)):
        found += [r["antal"] for r in totalt.get(key, [])]
    return found + [g["utfall"] for g in mal.values()]


def _active(persons: list, year: int, last: str) -> list:
    """Those active during `year` up to the month `last`: started by then, not ended before."""
    return [d for d in persons if d.start <= last and (d.slut is None or d.slut >= f"{year}-01")]


def _to_work(active: list, last: str) -> list:
    """Those of `active` who ended by the month `last` in work or studies."""
    return [
        d
        for d in active
        if d.slut is not None and d.slut <= last and d.utfall in vocab.UTFALL_ARBETE_STUDIER
    ]


@dataclass
class _Core:
    """The year's figures up to `last` as sums, before anything is linked or protected."""

    f: Figures
    active: list
    efforts: list
    outcome_rows: list
    trait_rows: dict
    goal_vars: dict
    first: str  # the year's first month
    periods: list[str]  # the last months of the earlier documents of the year, sorted
    cells: dict  # (effort, start, period started, end, period ended or None) → variable
    codes: dict  # trait key → its category codes


def _core(data: Data, year: int, last: str, goals, over: bool, periods=()) -> _Core:
    first = f"{year}-01"
    active = _active(people(data, year), year, last)
    efforts = sorted({d.insats for d in active})
    f = Figures()
    atoms, cells = _atoms(f, active, efforts, first, last, list(periods))
    _flows(f, atoms, efforts)
    core = _Core(f, active, efforts, _outcomes(f, atoms, efforts), {}, {}, first,
                 list(periods), cells, {})  # fmt: skip
    for key, field, labels, other in DIMENSIONS:
        core.trait_rows[key] = _traits(f, data, core, key, field, labels, other)
    core.goal_vars = _goals(f, goals, efforts, over)
    return core


def _deltagare(data: Data, year: int, last: str, goals, over: bool, link_previous: bool):
    earlier = _earlier(data, year, last) if link_previous else {}
    core = _core(data, year, last, goals, over, sorted(earlier))
    f, efforts, goal_vars = core.f, core.efforts, core.goal_vars
    if link_previous and efforts:
        _previous_year(f, data, year, core.active, f"{year}-01", efforts)
        memo: dict = {}
        documents = [_same_year(f, data, year, goals, core, period, earlier[month], memo)
                     for period, month in enumerate(core.periods)]  # fmt: skip
        # the earlier documents side by side too: between two of them, who came or ended
        for (before, old), (after, new) in itertools.combinations(documents, 2):
            _related(f, before, old, after, new, memo)
    shown = protect_kept(f)
    names = {i.id: i.namn for i in data.ar[year][1].insatser} if year in data.ar else {}

    def row(suffix: str) -> dict:
        return {
            "aktiva": shown[f"under_aret{suffix}"],
            "startade": shown[f"nya{suffix}"],
            "avslutade": shown[f"avslutade{suffix}"],
            "pagaende": shown[f"pagar{suffix}"],
            "arbete_studier": shown[f"arbete_studier{suffix}"],
        }

    per_insats = [{"insats": names.get(i, i), **row(f":{i}")} for i in efforts]
    if efforts:
        totalt = row(_total_suffix(efforts))
    else:
        totalt = dict.fromkeys(("aktiva", "startade", "avslutade", "pagaende", "arbete_studier"), 0)
    totalt["utfall"] = _rows(core.outcome_rows, shown, "utfall")
    for key, _, _, _ in DIMENSIONS:
        totalt[key] = _rows(core.trait_rows[key], shown, key)
    marks = list(shown.marks.values())
    mal = {}
    targets = {g.id: g.malvarde for g in goals}
    for goal_id, (variable, word_name, word) in goal_vars.items():
        outcome, status = shown[variable], word if shown.words[word_name] else "dolt"
        if outcome == HIDDEN and status == malstatus.UPPNATT:
            # what the reader knows anyway, said plainly: at least the target, and at least 5
            outcome = f"minst {max(targets[goal_id], SMALLEST_SHOWN)}"
        mal[goal_id] = {"utfall": outcome, "status": status}
    return {
        "per_insats": per_insats,
        "totalt": totalt,
        "mal": mal,
        # a figure printed as "dolt" somewhere (the tables or a goal): the mark is explained
        "dolda": HIDDEN in _printed(per_insats, totalt, mal),
        "utelamnade": None in marks,
    }, shown


def _atoms(f: Figures, active: list, efforts: list, first: str, last: str, periods: list[str]):
    """People per effort, start (new this year or not) and end (an outcome, or still on).

    With `periods` (the last months of earlier documents of the year) each of them is a sum
    of finer cells: by the period they started in (those who went on from last year: 0, the
    first) and, for those who ended, the period they ended in – 0 up to the first of the
    months, 1 up to the next, …, len(periods) up to `last`. Returned: the atoms by (effort,
    start, end), and the cells by (effort, start, period started, end, period ended)."""
    ends = [*vocab.DELTAGARUTFALL, "pagar"]
    n = len(periods)
    counts = {}
    for i in efforts:
        for s in ("ny", "fortsatt"):
            for a in range(n + 1) if s == "ny" else (0,):
                for e in ends:
                    for b in range(a, n + 1) if e != "pagar" and n else (None,):
                        counts[(i, s, a, e, b)] = 0
    for d in active:
        ended = d.slut is not None and d.slut <= last
        start = "ny" if d.start >= first else "fortsatt"
        a = _period(periods, d.start) if start == "ny" else 0
        b = _period(periods, d.slut) if ended and n else None
        counts[(d.insats, start, a, (d.utfall or "okand") if ended else "pagar", b)] += 1
    if not n:
        return {(i, s, e): f.add(f"x:{i}:{s}:{e}", c) for (i, s, _, e, _), c in counts.items()}, {}
    cells = {key: f.add(f"x:{i}:{s}:{e}|{a}-{'' if b is None else b}", c)
             for key, c in counts.items() for i, s, a, e, b in [key]}  # fmt: skip
    atoms = {}
    for i, s, _, e, _ in cells:
        if (i, s, e) not in atoms:
            parts = [v for (j, t, _, o, _), v in cells.items() if (j, t, o) == (i, s, e)]
            atoms[(i, s, e)] = f.total(f"x:{i}:{s}:{e}", parts)
    for a in range(n + 1):  # those who came in each period (or went on from last year)
        f.total(f"ankomna:{a}", [v for key, v in cells.items() if key[2] == a])
    return atoms, cells


def _period(periods: list[str], month: str) -> int:
    """The period a month falls in: 0 up to the first of `periods`, 1 up to the next …"""
    return sum(1 for m in periods if m < month)


def _flows(f: Figures, atoms: dict, efforts: list) -> None:
    """Per effort and in total: during the year, new, went on from last year, ended, still
    on, and the ended by outcome."""
    work = vocab.UTFALL_ARBETE_STUDIER
    others = [o for o in vocab.DELTAGARUTFALL if o not in work]
    for i in efforts:
        for o in vocab.DELTAGARUTFALL:
            f.total(f"utfall:{o}:{i}", [atoms[(i, s, o)] for s in ("ny", "fortsatt")])
        f.total(f"nya:{i}", [a for (j, s, _), a in atoms.items() if j == i and s == "ny"])
        f.total(f"fortsatta:{i}", [a for (j, s, _), a in atoms.items() if j == i and s != "ny"])
        f.total(f"pagar:{i}", [atoms[(i, s, "pagar")] for s in ("ny", "fortsatt")])
        f.total(f"arbete_studier:{i}", [f"utfall:{o}:{i}" for o in work])
        f.total(f"ovriga_avslut:{i}", [f"utfall:{o}:{i}" for o in others])
        f.total(f"avslutade:{i}", [f"arbete_studier:{i}", f"ovriga_avslut:{i}"])
        f.same(f"avslutade:{i}", [f"utfall:{o}:{i}" for o in vocab.DELTAGARUTFALL])
        f.total(f"under_aret:{i}", [f"nya:{i}", f"fortsatta:{i}"])
        f.same(f"under_aret:{i}", [f"avslutade:{i}", f"pagar:{i}"])
    if not efforts:
        return
    # The outcomes in total (for one effort the same figures under a second name).
    for o in vocab.DELTAGARUTFALL:
        f.total(f"utfall:{o}", [f"utfall:{o}:{i}" for i in efforts])
    if len(efforts) > 1:
        for key in ("nya", "fortsatta", "pagar", "arbete_studier", "ovriga_avslut",
                    "avslutade", "under_aret"):  # fmt: skip
            f.total(key, [f"{key}:{i}" for i in efforts])
        f.same("under_aret", ["nya", "fortsatta"])
        f.same("under_aret", ["avslutade", "pagar"])
        f.same("avslutade", ["arbete_studier", "ovriga_avslut"])
        f.same("avslutade", [f"utfall:{o}" for o in vocab.DELTAGARUTFALL])
        f.same("arbete_studier", [f"utfall:{o}" for o in work])
        f.same("ovriga_avslut", [f"utfall:{o}" for o in others])
    total = _total_suffix(efforts)
    for key in ("under_aret", "nya", "avslutade", "pagar", "arbete_studier"):
        f.show(f"{key}{total}", RANK["all"] if key == "under_aret" else RANK["total"], "totalt")
    if len(efforts) > 1:
        for i in efforts:
            for key in ("under_aret", "nya", "avslutade", "pagar", "arbete_studier"):
                f.show(f"{key}:{i}", RANK["effort"], "insatser")


def _previous_year(f: Figures, data: Data, year: int, active: list, first: str, efforts) -> None:
    """The years table prints last year's participants and those of them who went to work or
    studies, as last year's report did. Everyone who went on into this year was still on at
    the end of last year, so last year's count minus this year's "went on" minus those to work
    or studies is a group of people too (who ended last year some other way, or stopped
    between the years): it must not come out as 1–4. Last year's marks are fixed; this
    year's figures are hidden instead if needed."""
    before = people(data, year - 1)
    if not before:
        return
    end = f"{year - 1}-12"
    on_at_end = {d.id for d in before if d.start <= end and (d.slut is None or d.slut > end)}
    went_on = [d for d in active if d.start < first]
    if not {d.id for d in went_on} <= on_at_end:
        return  # the two files disagree (stod validera says so): no tie to count on
    # as the years table prints it: that year's own figures, protected as in its own report
    previous = deltagare(data, year - 1, end, _goals_of(data, year - 1), True)
    last_year = _active(before, year - 1, end)
    work = len(_to_work(last_year, end))
    total = f.add("fg:under_aret", len(last_year))
    to_work = f.add("fg:arbete_studier", work)
    rest = f.add("fg:ovriga", len(last_year) - len(went_on) - work)
    f.same(total, [f"fortsatta{_total_suffix(efforts)}", to_work, rest])
    f.fixed[total] = previous["totalt"]["aktiva"]
    f.fixed[to_work] = previous["totalt"]["arbete_studier"]
    # last year's own report also printed how many ended and how many were still on: those
    # still on who did not go on into this year stopped between the years
    ended = f.add("fg:avslutade", len(last_year) - len(on_at_end & {d.id for d in last_year}))
    still_on = f.add("fg:pagar", f.values[total] - f.values[ended])
    f.same(total, [ended, still_on])
    f.same(still_on, [f"fortsatta{_total_suffix(efforts)}",
                      f.add("fg:slutade_mellan", f.values[still_on] - len(went_on))])  # fmt: skip
    f.fixed[ended] = previous["totalt"]["avslutade"]
    f.fixed[still_on] = previous["totalt"]["pagaende"]
    for key, field, labels, other in DIMENSIONS:
        _previous_traits(f, data, key, field, labels, other, last_year, went_on, previous)
        parts = [n for n in f.values if n.startswith(f"fg:{key}:") and n.endswith(":fortsatte")]
        if parts:
            f.same(f"fortsatta{_total_suffix(efforts)}", parts)


def _previous_traits(f, data, key, field, labels, other, last_year, went_on, previous) -> None:
    """Last year's table of a trait (gender, age …), as its report printed it, against this
    year's: those who went on are in both, so this year's count minus last year's would give
    the new ones' traits when everyone went on. Each category: last year's = went on + others,
    this year's = went on + new."""
    labels, counts = _trait_counts(data, last_year, field, labels)
    went_on_ids = {d.id for d in went_on}
    now_of = {d.id: getattr(d, field) for d in went_on}
    if any(now_of[d.id] != getattr(d, field) for d in last_year if d.id in went_on_ids):
        return  # the trait was changed between the files (allowed for some): no tie to count on
    shown = {r.get("kon") or r.get("namn"): r["antal"] for r in previous["totalt"][key]}
    merged = _merged(counts)
    for code, n in counts.items():
        cont = sum(
            1 for d in last_year if d.id in went_on_ids and (getattr(d, field) or SAKNAS) == code
        )
        moved = f.add(f"fg:{key}:{code}:fortsatte", cont)
        before = f.add(f"fg:{key}:{code}", n)
        f.same(before, [moved, f.add(f"fg:{key}:{code}:ovriga", n - cont)])
        now = f"{key}:{code}"
        if now not in f.values:  # not among this year's categories: none went on with it
            f.add(now, 0)
        f.same(now, [moved, f.add(f"fg:{key}:{code}:nya", f.values[now] - cont)])
        if shown and code not in merged:
            f.fixed[before] = shown.get(labels[code], 0)
    if shown and merged:
        f.fixed[f.total(f"fg:{key}:ovrigt", [f"fg:{key}:{c}" for c in merged])] = shown.get(other)


def _earlier(data: Data, year: int, last: str) -> dict[str, bool]:
    """The documents of the same year a reader of the year's figures up to `last` also has,
    made before that month: per last month, whether a report prints all the figures then
    (True), or only next year's application, signed during the year, with a few (False).

    Every report listed under `rapporter` whose figures are as of a month of the year before
    `last` – its `per`, else its deadline `senast` – counts, handed in or not: the funder
    will have it."""
    found: dict[str, bool] = {}
    if year in data.ar:
        for rapport in data.ar[year][1].rapporter:
            day = rapport.as_of
            if day.year == year and f"{day:%Y-%m}" < last:
                found[f"{day:%Y-%m}"] = True
    following = data.ar.get(year + 1)
    signed = following[1].ansokningsdatum if following else None
    if signed is not None and signed.year == year and f"{signed:%Y-%m}" < last:
        found.setdefault(f"{signed:%Y-%m}", False)
    return found


def _same_year(f: Figures, data: Data, year: int, goals, core: _Core, period: int, report: bool,
               memo: dict) -> tuple[str, _Core]:  # fmt: skip
    """A document of the same year made before this one, as of the end of `core.periods[
    period]`: a report (`report`), which prints all the figures the same call gives, or next
    year's application, which prints this year's participants so far, those of them who went
    to work or studies, and each goal counted in people with its status.

    Its figures are added as they were built for it, each of the people in them a sum of
    this document's finer cells (who had come by then, and as ended who had ended by then),
    so that every difference between the two – those who came or ended between, how they
    ended, their gender, age … – is a group of people too, and must not come out as 1–4. Not
    all are subsets: those still on then are those still on now and those who ended since.
    Every figure of it is set against this document's, not only those it prints: what
    follows from its own sums (the application's total minus one effort's goal is the other
    effort then) is as known as what it prints.
    Its marks are fixed as it printed them (the same call as its own, so the same marks);
    this document's figures are hidden instead if needed. Returned: the prefix of its
    variables here, and its figures."""
    month = core.periods[period]
    then = _core(data, year, month, goals, False)
    shown = _protected(data, year, month, goals, False)[1]
    prefix = f"{month}|"
    g = then.f
    f.include(g, prefix, lambda name: _cells_of(name, core, period))
    # an effort or a category not in its tables had no one by then
    for i in core.efforts:
        if i not in then.efforts:
            f.fixed[f.total(f"{prefix}tom:{i}", _cells(core, period, effort=i))] = 0
    if then.efforts:
        suffix = _total_suffix(then.efforts)
        wanted = {f"under_aret{suffix}", f"arbete_studier{suffix}"}
    else:
        wanted = set()
    wanted |= {variable for variable, _, _ in then.goal_vars.values()}
    for name in g.printed:
        if report or name in wanted:
            f.fixed[prefix + name] = shown[name]
    _related(f, prefix, then, "", core, memo)
    for key, codes in core.codes.items():
        table = [shown[n] for n, (_, group) in g.printed.items() if group == key]
        if report and any(m is not OMITTED for m in table):
            for code in codes:
                if code not in then.codes.get(key, ()):
                    name = f"{prefix}{key}:{code}"
                    f.fixed[f.total(name, [f"{key}:{code}|{a}" for a in range(period + 1)])] = 0
    for word, (variable, low, high, _) in g.words.items():
        if shown.words[word] and (report or variable in wanted):
            f.fixed_words.append((prefix + variable, low, high))
    return prefix, then


def _related(f: Figures, before: str, old: _Core, after: str, new: _Core, memo: dict) -> None:
    """Each figure of the document `old` (its variables here named with the prefix `before`)
    and the same figure of the later `new` (`after`) as groups of people: what they share,
    and what each has alone (see `_between`). A total of one effort is also that effort's."""
    same = {f"{key}{_total_suffix(old.efforts)}": f"{key}{_total_suffix(new.efforts)}"
            for key in FLOWS if old.efforts and new.efforts}  # fmt: skip
    for name in old.f.printed:
        for later in sorted({name, same.get(name)} & new.f.values.keys()):
            _between(f, before + name, after + later, memo)


def _between(f: Figures, then: str, now: str, memo: dict) -> None:
    """The same figure then and now as sums of groups: those in both, those only then (still
    on then, ended since) and those only now (who came or ended since)."""
    before, after = _leaves(f, then, memo), _leaves(f, now, memo)
    both, gone, new = before & after, sorted(before - after), sorted(after - before)
    if not gone and new:
        f.same(now, [then, f.total(f"{then}~{now}~sedan", new)])
    elif gone and not new:
        f.same(then, [now, f.total(f"{then}~{now}~inte_nu", gone)])
    elif gone and new and both:
        shared = f.total(f"{then}~{now}~kvar", sorted(both))
        f.same(then, [shared, f.total(f"{then}~{now}~inte_nu", gone)])
        f.same(now, [shared, f.total(f"{then}~{now}~sedan", new)])


def _leaves(f: Figures, name: str, memo: dict) -> frozenset:
    """The variables that are no sum of others that `name` adds up."""
    if name not in memo:
        parts = f.defined.get(name)
        memo[name] = (
            frozenset().union(*(_leaves(f, p, memo) for p in parts))
            if parts is not None
            else frozenset([name])
        )
    return memo[name]


def _cells(core: _Core, period: int, effort=None, ends=None) -> list[str]:
    """The cells of those who had come by the end of `period`, in `effort`, whose end as
    of then is among `ends` (an outcome when they had ended by then, else 'pagar')."""
    return [
        name
        for (i, s, a, e, b), name in core.cells.items()
        if a <= period
        and (effort is None or i == effort)
        and (ends is None or (e if b is not None and b <= period else "pagar") in ends)
    ]


def _cells_of(name: str, core: _Core, period: int) -> list[str] | None:
    """The variable `name` of an earlier document (a group of people then, not a sum of
    others) as a sum of this document's cells."""
    if name.startswith("x:"):  # effort, start and end
        _, i, s, e = name.split(":")
        return [c for c in _cells(core, period, i, [e]) if c.startswith(f"x:{i}:{s}:")]
    if name.endswith(f":{TOM}"):  # a goal of an effort with no one yet
        base, i, _ = name.split(":")
        if i not in core.efforts:
            return None
        work = vocab.UTFALL_ARBETE_STUDIER
        return _cells(core, period, i, None if base == "under_aret" else work)
    key, code = name.split(":", 1)
    if key in core.codes and code in core.codes[key]:
        return [f"{key}:{code}|{a}" for a in range(period + 1)]
    return None


def _goals_of(data: Data, year: int):
    return data.ar[year][1].mal if year in data.ar else ()


def _total_suffix(efforts: list) -> str:
    """The names of the totals: for one effort, its own figures."""
    return "" if len(efforts) > 1 else f":{efforts[0]}"


def _outcomes(f: Figures, atoms: dict, efforts: list) -> list[tuple[str, str]]:
    """The table of outcomes of those who ended: (label, variable) per row."""
    if not efforts:
        return []
    counts = {o: f.values[f"utfall:{o}"] for o in vocab.DELTAGARUTFALL}
    return _table(f, counts, lambda o: f"utfall:{o}", vocab.DELTAGARUTFALL, "Övrigt", "utfall",
                  RANK["outcome"], f"avslutade{_total_suffix(efforts)}")  # fmt: skip


def _trait_counts(data: Data, active: list, field: str, labels) -> tuple[dict, dict]:
    """The labels of a trait's categories and how many of `active` are in each."""
    if labels is None:  # referring parties: their organisation as named in plattform.yaml
        parter = data.parter if data.plattform is not None else {}
        codes = sorted({getattr(d, field) for d in active if getattr(d, field)})
        labels = {c: parter[c].organisation if c in parter else c for c in codes}
        if len(set(labels.values())) < len(labels):
            labels = {c: f"{parter[c].organisation}, {parter[c].roll}" if c in parter else c
                      for c in codes}  # fmt: skip
    labels = {**labels, SAKNAS: "Uppgift saknas"}
    counts = dict.fromkeys(labels, 0)
    for d in active:
        counts[getattr(d, field) or SAKNAS] += 1
    return labels, counts


def _merged(counts: dict) -> list:
    """The categories a table merges into one row (two or more of 1–4 people)."""
    small = [c for c, n in counts.items() if 0 < n < SMALLEST_SHOWN]
    return small if len(small) > 1 else []


def _traits(f: Figures, data: Data, core: _Core, key, field, labels, other):
    active = core.active
    if not active:
        return []
    labels, counts = _trait_counts(data, active, field, labels)
    core.codes[key] = list(counts)
    if core.periods:  # each category by the period its people came in, as the flow is
        came = {a: dict.fromkeys(counts, 0) for a in range(len(core.periods) + 1)}
        for d in active:
            a = _period(core.periods, d.start) if d.start >= core.first else 0
            came[a][getattr(d, field) or SAKNAS] += 1
        for a, by_code in came.items():
            names = [f.add(f"{key}:{code}|{a}", n) for code, n in by_code.items()]
            f.same(f"ankomna:{a}", names)
        for code in counts:
            f.total(f"{key}:{code}", [f"{key}:{code}|{a}" for a in came])
    else:
        for code, n in counts.items():
            f.add(f"{key}:{code}", n)
    everyone = f"under_aret{_total_suffix(core.efforts)}"
    f.same(everyone, [f"{key}:{c}" for c in counts])
    return _table(f, counts, lambda c: f"{key}:{c}", labels, other, key, RANK["trait"], everyone)


def _table(f: Figures, counts: dict, var, labels: dict, other: str, key: str, rank: int,
           total: str) -> list[tuple[str, str]]:  # fmt: skip
    """Rows of a table of people by category; two or more categories of 1–4 merged into one
    row `other`. Empty categories are left out (a reader knows they are 0). No rows when
    every category would be merged."""
    merged = _merged(counts)
    if merged and all(n == 0 or c in merged for c, n in counts.items()):
        return []  # one row "Övrigt" for everyone says nothing: the table is left out
    rows = []
    for code, n in counts.items():
        if n == 0:
            f.show(var(code), rank, key)  # printed as absent, i.e. as 0
        elif code not in merged:
            rows.append((labels[code], var(code)))
            f.show(var(code), rank, key)
    if merged:
        name = f.total(f"{key}:{OVRIGT}", [var(c) for c in merged])
        rows.append((other, name))
        f.show(name, rank, key)
        f.same(total, [var(c) for c in counts if c not in merged] + [name])  # as printed
    return rows


def _rows(rows: list[tuple[str, str]], shown, key: str) -> list[dict]:
    label_key = {"utfall": "utfall", "kon": "kon"}.get(key, "namn")
    found = [{label_key: label, "antal": shown[name]} for label, name in rows]
    return [r for r in found if r["antal"] is not None and r["antal"] != 0]


def _goals(f: Figures, goals, efforts: list, over: bool) -> dict:
    """Each goal counted in people: its variable, printed with the others, and the range its
    status word gives away."""
    found = {}
    for goal in goals:
        if goal.matt not in MATT:
            continue
        base = "under_aret" if goal.matt == "deltagare" else "arbete_studier"
        if goal.insats is not None:
            variable = f"{base}:{goal.insats}" if goal.insats in efforts else None
        else:
            variable = f"{base}{_total_suffix(efforts)}" if efforts else None
        if variable is None:  # no one in the effort: the outcome is 0
            variable = f.add(f"{base}:{goal.insats or ''}:{TOM}", 0)
        f.show(variable, RANK["goal"], "mal")
        value = f.values[variable]
        word = malstatus.status(value, goal.malvarde, over)
        low, high = malstatus.outcome_range(word, goal.malvarde)
        word_name = f"status:{goal.id}"
        f.word(word_name, variable, low, high, RANK["word"])
        found[goal.id] = (variable, word_name, word)
    return found
