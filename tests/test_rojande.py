"""No count of 1–4 people can be worked out from a report, and no mark is false.

The test reads the report as a funder would – the printed Markdown – and gives every printed
participant figure to an integer solver (scipy's MILP), built here independently of
stodplattform/rojande.py: the people are cells by effort, start and end, and by each trait,
and each printed figure is a sum of cells. For every group of people the solver finds the
smallest and largest count the printed figures allow; a group of 1–4 whose count is pinned is
a leak. Marks are checked against the true counts: "färre än 5" only on 1–4, "dolt" only on 5
or more.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from stodplattform import vocab
from stodplattform.problems import FEL
from stodplattform.repository import load_data

from .conftest import BASE, EXAMPLES

pytestmark = pytest.mark.egenskap

OUTCOMES = list(vocab.DELTAGARUTFALL)
ENDS = [*OUTCOMES, "pagar"]
WORK = ("arbete", "studier")
EFFORTS = {"stodplattformen": "Stödplattform för sociala företag", "sparet": "Spåret"}
PARTIES = {"provby-naringsliv": "Provby kommun", "samarkand": "Samarkand2015"}
TRAITS = {  # printed heading → (field, code → label)
    "Kön": ("kon", vocab.KON),
    "Ålder": ("aldersgrupp", vocab.ALDERSGRUPPER),
    "Försörjning före insatsen": ("forsorjning_fore", vocab.FORSORJNING),
    "Remitterad av": ("remitterad_av", PARTIES),
}
YEAR_FILE = """ar: 2025
insatser:
  - id: stodplattformen
    namn: Stödplattform för sociala företag
    sokt: 380000
    budget: [{post: Stödresurs, belopp: 380000}]
  - id: sparet
    namn: Spåret
    sokt: 100000
    budget: [{post: Handledare, belopp: 100000}]
mal:
  - {id: alla, beskrivning: Mål alla deltagare, matt: deltagare, malvarde: GOAL_ALL}
  - {id: sparet, beskrivning: Mål deltagare i spåret, matt: deltagare, insats: sparet, malvarde: GOAL_EFFORT}
  - {id: arbete, beskrivning: Mål arbete eller studier, matt: avslut_arbete_studier, malvarde: GOAL_WORK}
"""


@st.composite
def person(draw):
    start = draw(st.sampled_from(["2024-06", "2024-11", *[f"2025-{m:02d}" for m in range(1, 13)]]))
    months = draw(st.one_of(st.none(), st.integers(0, 12)))
    slut = None
    if months is not None:
        y, m = int(start[:4]), int(start[5:]) + months
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        slut = f"{y}-{m:02d}" if (y, m) >= (2025, 1) and y <= 2025 else None
    return {
        "insats": draw(st.sampled_from(list(EFFORTS))),
        "start": start,
        "slut": slut,
        "kon": draw(st.sampled_from(list(vocab.KON))),
        "aldersgrupp": draw(st.one_of(st.none(), st.sampled_from(list(vocab.ALDERSGRUPPER)))),
        "forsorjning_fore": draw(st.one_of(st.none(), st.sampled_from(list(vocab.FORSORJNING)))),
        "remitterad_av": draw(st.one_of(st.none(), st.sampled_from(list(PARTIES)))),
        "utfall": draw(st.sampled_from(OUTCOMES)) if slut else None,
    }


def _report(people: list[dict], goals: tuple[int, int, int]) -> str:
    return _documents(people, goals)[-1]


def _documents(people: list[dict], goals: tuple[int, int, int], earlier=()) -> list[str]:
    """The report for 2025 per 2026-01-15, after one report per each of the `earlier`
    (senast, per) – the reports listed under `rapporter`, made as of `per` (or of `senast`
    when per is None) – as their Markdown, earliest first and the year's report last."""
    from stodplattform.aggregate import year_summary
    from stodplattform.render import render

    lines = []
    for i, p in enumerate(people, start=1):
        fields = [f"id: IS-2025-{i:02d}"] + [f"{k}: {v}" for k, v in p.items() if v is not None]
        lines.append("- {" + ", ".join(fields) + "}")
    year_file = YEAR_FILE
    for name, value in zip(("GOAL_ALL", "GOAL_EFFORT", "GOAL_WORK"), goals, strict=True):
        year_file = year_file.replace(name, str(value))
    if earlier:
        year_file += "rapporter:\n"
        for n, (senast, per) in enumerate(earlier, start=1):
            also = f", per: {per}" if per else ""
            year_file += f"  - {{typ: Tertialrapport {n}, senast: {senast}{also}}}\n"
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        (data / "ar" / "2025.yaml").write_text(year_file, "utf-8")
        (data / "deltagare" / "2025.yaml").write_text("\n".join(lines) + "\n" if lines else "[]\n")
        loaded = load_data(data, use_cache=False)
        assert not [p for p in loaded.problems if p.severity == FEL], loaded.problems
        for per in [*(per or senast for senast, per in earlier), "2026-01-15"]:
            summary = year_summary(loaded, 2025, dt.date.fromisoformat(per))
            context = {"r": summary, "plattform": loaded.plattform, "version": None,
                       "stod_version": "x", "diagram": {}}  # fmt: skip
            found.append(render("uppfoljning.md.j2", context, None))
    return found


# -- the reader's model ------------------------------------------------------------------------


class Model:
    """Cells of people and the printed figures as constraints on their sums.

    With `months`, the last months of earlier reports of the same year (a tertial report as
    of April …), the year is cut into periods: up to the first of them, up to the next …, and
    up to the year's end. A person's cell says the effort, the period they started in
    ('fortsatt': before the year), how they ended and the period they ended in (None: still
    on); each trait is split by the period its people started in. A report of an earlier
    month `at` (the index of its period) sees those who started by then, and as ended only
    those who ended by then."""

    def __init__(self, people: list[dict], months=()):
        self.months = sorted(months)
        self.last = len(self.months)  # the period of the year's report: all of them
        self.index: dict[tuple, int] = {}
        self.truth: list[int] = []
        periods = range(self.last + 1)
        for i in EFFORTS:
            for a in ("fortsatt", *periods):
                for e in ENDS:
                    first = 0 if a == "fortsatt" else a
                    for b in [None] if e == "pagar" else range(first, self.last + 1):
                        self._cell(("flow", i, a, e, b))
        for _, (field, labels) in TRAITS.items():
            for code in [*labels, None]:
                for a in periods:
                    self._cell(("trait", field, code, a))
        for p in people:
            a = "fortsatt" if p["start"] < "2025-01" else self.period(p["start"])
            ended = p["slut"] is not None
            b = self.period(p["slut"]) if ended else None
            self.truth[
                self.index[("flow", p["insats"], a, p["utfall"] if ended else "pagar", b)]
            ] += 1
            for field, _ in TRAITS.values():
                self.truth[self.index[("trait", field, p[field], 0 if a == "fortsatt" else a)]] += 1
        self.rows: list[tuple[np.ndarray, float, float]] = []
        for a in periods:  # each trait splits the same people, period by period
            arrived = self.cells(lambda k, a=a: k[0] == "flow" and _arrival(k) == a)
            for field, _ in TRAITS.values():
                self.equal(
                    self.cells(lambda k, f=field, a=a: k[0] == "trait" and k[1] == f and k[3] == a),
                    arrived,
                )

    def period(self, month: str) -> int:
        """The period a month falls in: 0 up to the first earlier report's month, and so on."""
        return sum(1 for m in self.months if m < month)

    def _cell(self, key: tuple) -> None:
        self.index[key] = len(self.truth)
        self.truth.append(0)

    def cells(self, keep) -> np.ndarray:
        vector = np.zeros(len(self.truth))
        for key, n in self.index.items():
            if keep(key):
                vector[n] = 1
        return vector

    def flow(self, effort=None, start=None, ends=None, at=None, arrived=None, ended=None):
        """Those of `effort` who `start`ed new ('ny') or went on from last year ('fortsatt'),
        whose end is among `ends` as the report of period `at` sees it (default: the year's);
        `arrived` and `ended` pick the period they started and ended in."""
        at = self.last if at is None else at

        def keep(k):
            if k[0] != "flow" or _arrival(k) > at:
                return False
            end = k[3] if k[4] is not None and k[4] <= at else "pagar"
            return (
                (effort is None or k[1] == effort)
                and (start is None or (k[2] == "fortsatt") == (start == "fortsatt"))
                and (ends is None or end in ends)
                and (arrived is None or k[2] == arrived)
                and (ended is None or k[4] == ended)
            )

        return self.cells(keep)

    def trait(self, field: str, codes, at=None) -> np.ndarray:
        at = self.last if at is None else at
        return self.cells(
            lambda k: k[0] == "trait" and k[1] == field and k[2] in codes and k[3] <= at
        )

    def equal(self, a: np.ndarray, b: np.ndarray) -> None:
        self.rows.append((a - b, 0, 0))

    def printed(self, vector: np.ndarray, text: str) -> tuple[float, float]:
        """Constrain the sum `vector` by the printed `text`; returns the range it says."""
        if text.strip() == "–":  # left out altogether (a table that could not be shown safely)
            return 0, math.inf
        low, high = _range(text)
        self.rows.append((vector, low, high))
        true = float(vector @ np.array(self.truth))
        if text.strip() == "färre än 5":
            assert 1 <= true <= 4, f"'färre än 5' står för {true}"
        elif text.strip() == "dolt":
            assert true >= 5, f"'dolt' står för {true}"
        elif text.strip().startswith("minst"):
            assert true >= low, f"'{text}' står för {true}"
        else:
            assert true == low, f"{text} står för {true}"
        return low, high

    def status(self, vector: np.ndarray, word: str, target: int) -> None:
        half = math.ceil(target / 2)
        ranges = {"uppnått": (target, math.inf), "delvis uppnått": (max(half, 1), target - 1),
                  "ej uppnått": (0, max(half, 1) - 1), "pågår": (0, target - 1)}  # fmt: skip
        if word in ranges:
            low, high = ranges[word]
            true = float(vector @ np.array(self.truth))
            assert low <= true <= high, (word, target, true)
            self.rows.append((vector, low, high))

    def pinned_small(self, vector: np.ndarray) -> bool:
        true = float(vector @ np.array(self.truth))
        if not 1 <= true <= 4:
            return False
        a = np.array([r[0] for r in self.rows]) if self.rows else np.zeros((0, len(self.truth)))
        constraints = [LinearConstraint(a, [r[1] for r in self.rows], [r[2] for r in self.rows])]
        ends = []
        for sign in (1, -1):
            found = milp(sign * vector, constraints=constraints, integrality=np.ones(len(vector)),
                         bounds=Bounds(0, np.inf))  # fmt: skip
            if sign == -1 and found.status != 0:  # no largest count: not pinned
                return False
            assert found.status == 0, found.message  # the true counts are always a solution
            ends.append(round(sign * found.fun))
        return ends[0] == ends[1]


def _arrival(key: tuple) -> int:
    return 0 if key[2] == "fortsatt" else key[2]


def _range(text: str) -> tuple[float, float]:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text == "färreän5":
        return 1, 4
    if text == "dolt":
        return 5, math.inf
    if text.startswith("minst"):  # a hidden goal outcome whose status says it was reached
        return int(text[5:]), math.inf
    value = int(text)
    return value, value


def _table(section: str, heading: str) -> list[list[str]]:
    if heading not in section:
        return []
    rows = []
    for line in section.split(heading, 1)[1].lstrip().splitlines():
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if not set(cells[0]) <= set(":- "):
            rows.append(cells)
    return rows[1:]  # without the header


def _read(report: str, people: list[dict], goals: tuple[int, int, int]) -> Model:
    model = Model(people)
    _read_into(model, report, goals)
    return model


def _read_into(model: Model, report: str, goals: tuple[int, int, int], at=None) -> None:
    """Each printed participant figure of `report` as a constraint: the year's report, or
    with `at` the report of an earlier period."""
    section = report.split("## Deltagare")[1].split("## Budget")[0]
    summary = report.split("## Sammanfattning")[1].split("##")[0]
    total = re.search(r"\| Deltagare i insatserna \| (.+?) \|", summary).group(1)
    model.printed(model.flow(at=at), total)
    names = {v: k for k, v in EFFORTS.items()}
    for cells in _table(section, "## Deltagare"):
        effort = names.get(cells[0])  # None: the total row
        under, new, ended, still = cells[1:5]
        model.printed(model.flow(effort, at=at), under)
        model.printed(model.flow(effort, start="ny", at=at), new)
        model.printed(model.flow(effort, ends=OUTCOMES, at=at), ended)
        model.printed(model.flow(effort, ends=["pagar"], at=at), still)
    outcome_rows = _table(section, "**Utfall för dem som avslutat**")
    if outcome_rows:
        labels = {v: k for k, v in vocab.DELTAGARUTFALL.items()}
        listed = [labels[r[0]] for r in outcome_rows if r[0] in labels]
        for label, value in outcome_rows:
            codes = [labels[label]] if label in labels else [o for o in OUTCOMES if o not in listed]
            model.printed(model.flow(ends=codes, at=at), value)
        if not any(r[0] not in labels for r in outcome_rows):
            model.printed(model.flow(ends=[o for o in OUTCOMES if o not in listed], at=at), "0")
    groups = _table(section, "**Deltagarna under året**")
    current, rows_of = None, {}
    for label, value in groups:
        if label in TRAITS:
            current = label
            rows_of[current] = []
        else:
            rows_of[current].append((label, value))
    for heading, rows in rows_of.items():
        field, labels = TRAITS[heading]
        codes = {v: k for k, v in labels.items()} | {"Uppgift saknas": None}
        listed = [codes[label] for label, _ in rows if label in codes]
        rest = [c for c in [*labels, None] if c not in listed]
        has_other = False
        for label, value in rows:
            chosen = [codes[label]] if label in codes else rest
            has_other |= label not in codes
            model.printed(model.trait(field, chosen, at), value)
        if not has_other:
            model.printed(model.trait(field, rest, at), "0")
    goal_rows = {r[0]: r for r in _table(report.split("## Mål")[1], "\n")}
    for name, vector, target in (
        ("Mål alla deltagare", model.flow(at=at), goals[0]),
        ("Mål deltagare i spåret", model.flow("sparet", at=at), goals[1]),
        ("Mål arbete eller studier", model.flow(ends=WORK, at=at), goals[2]),
    ):
        row = goal_rows[name]
        model.printed(vector, row[3])
        model.status(vector, row[5], target)


def _groups(model: Model) -> list[tuple[str, np.ndarray]]:
    """Every group of people a reader might single out: each cell, each figure of the flow
    per effort and in total, each outcome, and what is left of each split; with earlier
    reports also by the period people started or ended in (who came or ended between two
    reports, and how), and each trait of those who came in a period or after it."""
    found = [(str(k), model.cells(lambda x, k=k: x == k)) for k in model.index]
    periods = range(model.last + 1) if model.last else [None]
    for effort in [None, *EFFORTS]:
        for start in (None, "ny", "fortsatt"):
            for ends in (None, OUTCOMES, ["pagar"], list(WORK),
                         [o for o in OUTCOMES if o not in WORK], *[[o] for o in OUTCOMES]):  # fmt: skip
                for at in periods:
                    name = f"{effort}/{start}/{ends}/per {at}"
                    found.append((name, model.flow(effort, start, ends, at)))
                if not model.last:
                    continue
                for arrived in periods if start != "fortsatt" else ():
                    vector = model.flow(effort, "ny", ends, arrived=arrived)
                    found.append((f"{effort}/kom {arrived}/{ends}", vector))
                for ended in periods if ends not in (None, ["pagar"]) else ():
                    vector = model.flow(effort, start, ends, ended=ended)
                    found.append((f"{effort}/{start}/{ends}/slutade {ended}", vector))
    for field, labels in TRAITS.values() if model.last else ():
        for code in [*labels, None]:
            for after in range(model.last):
                vector = model.trait(field, [code]) - model.trait(field, [code], after)
                found.append((f"{field}:{code} efter {after}", vector))
    return found


@given(
    st.lists(person(), max_size=28),
    st.tuples(st.integers(1, 30), st.integers(1, 12), st.integers(1, 8)),
)
@settings(max_examples=max(EXAMPLES // 5, 8))
def test_no_small_count_can_be_worked_out_and_no_mark_is_false(people, goals):
    report = _report(people, goals)
    model = _read(report, people, goals)  # asserts each mark is true
    leaks = [name for name, vector in _groups(model) if model.pinned_small(vector)]
    if leaks:
        print(report.split("## Deltagare")[1].split("## Budget")[0], report.split("## Mål")[1])
    assert not leaks


def test_the_issues_examples_are_closed():
    """The cases of issue #11: 19 women of 23 not called 'färre än 5'; ended 8 minus 5 to work
    or studies over three listed outcomes; 'under året 10' minus 'nya 9'."""
    people = [
        {"insats": "stodplattformen", "start": "2025-02", "slut": None, "kon": "kvinna",
         "aldersgrupp": None, "forsorjning_fore": None, "remitterad_av": None, "utfall": None}
        for _ in range(15)
    ]  # fmt: skip
    ended = ["arbete"] * 3 + ["studier"] * 2 + ["arbetssokande", "ohalsa", "fortsatt_annan_insats"]
    for outcome in ended:
        people.append({**people[0], "slut": "2025-09", "utfall": outcome})
    for p in people[:4]:
        p["kon"] = "man"
    people.append({**people[-1], "start": "2024-11"})  # one went on from last year
    report = _report(people, (20, 1, 5))
    model = _read(report, people, (20, 1, 5))
    assert not [name for name, vector in _groups(model) if model.pinned_small(vector)]
    section = report.split("## Deltagare")[1].split("## Budget")[0]
    assert "| Kvinna | färre än 5 |" not in section


def _leaks_across(people, goals, earlier) -> list[str]:
    """The groups of 1–4 people a reader pins with the year's report and the `earlier` ones
    (senast, per) of the same year in hand; each mark of each report checked on the way."""
    *before, year = _documents(people, goals, earlier)
    months = sorted({(per or senast)[:7] for senast, per in earlier})
    model = Model(people, months)
    for (senast, per), report in zip(earlier, before, strict=True):
        _read_into(model, report, goals, at=model.period((per or senast)[:7]))
    _read_into(model, year, goals)
    leaks = [name for name, vector in _groups(model) if model.pinned_small(vector)]
    if leaks:
        for report in [*before, year]:
            print(report.split("## Deltagare")[1].split("## Budget")[0], report.split("## Mål")[1])
    return leaks


def test_a_tertial_report_and_the_years_report_give_away_no_one_who_ended_between():
    """The gap docs/deltagarskydd.md used to admit: the report as of April says 10 ended, 5 of
    them to work, 10 still on; the year's report 12 ended, 7 to work, 8 still on. Each alone
    gives nothing away, but side by side they say that two people ended between May and
    December, both in work."""
    base = {"insats": "stodplattformen", "kon": "kvinna", "aldersgrupp": None,
            "forsorjning_fore": None, "remitterad_av": None}  # fmt: skip
    people = [{**base, "start": "2025-02", "slut": None, "utfall": None} for _ in range(8)]
    for slut, outcome, n in (("2025-03", "arbete", 5), ("2025-03", "ohalsa", 5),
                             ("2025-10", "arbete", 2)):  # fmt: skip
        people += [{**base, "start": "2025-02", "slut": slut, "utfall": outcome}] * n
    assert not _leaks_across(people, (10, 1, 5), [("2025-04-30", None)])


@given(
    st.lists(person(), max_size=28),
    st.tuples(st.integers(1, 30), st.integers(1, 12), st.integers(1, 8)),
    st.lists(st.integers(1, 11), min_size=1, max_size=2, unique=True),
    st.booleans(),
)
@settings(max_examples=max(EXAMPLES // 5, 8))
def test_tertial_reports_and_the_years_report_together_give_no_small_count(
    people, goals, months, per_given
):
    """The reports of the same year listed under `rapporter`, made as of the end of a month
    (`per`, or `senast` when it is not given), and the year's report, read side by side."""
    earlier = []
    for month in sorted(months):
        end = dt.date(2025, month + 1, 1) - dt.timedelta(days=1)
        if per_given:  # handed in by the 15th of the next month, figures as of the month's end
            earlier.append((f"2025-{month + 1:02d}-15", end.isoformat()))
        else:
            earlier.append((end.isoformat(), None))
    assert not _leaks_across(people, goals, earlier)


def test_every_output_prints_the_same_participant_figures(in_tmp):
    """The export, the overview and next year's application print only figures the report
    prints, with the same marks: the report is the one checked above, so they add nothing a
    reader could combine with it."""
    import csv

    from .conftest import run, show

    people = [
        {"insats": "sparet", "start": "2025-02", "slut": None, "kon": "kvinna",
         "aldersgrupp": "30-49", "forsorjning_fore": "forsorjningsstod",
         "remitterad_av": "samarkand", "utfall": None}
        for _ in range(9)
    ]  # fmt: skip
    people += [{**people[0], "slut": "2025-10", "utfall": o} for o in ("arbete",) * 5]
    people += [{**people[0], "insats": "stodplattformen", "kon": "man"} for _ in range(3)]
    people.append({**people[0], "start": "2024-11", "slut": "2025-04", "utfall": "ohalsa"})
    lines = [
        "- {" + ", ".join([f"id: IS-2025-{i:02d}"] + [f"{k}: {v}" for k, v in p.items() if v]) + "}"
        for i, p in enumerate(people, start=1)
    ]
    data = in_tmp / "data"
    shutil.copytree(BASE, data)
    year_file = YEAR_FILE.replace("GOAL_ALL", "20").replace("GOAL_EFFORT", "2")
    (data / "ar" / "2025.yaml").write_text(year_file.replace("GOAL_WORK", "6"), "utf-8")
    (data / "ar" / "2026.yaml").write_text(
        year_file.replace("ar: 2025", "ar: 2026").replace("GOAL_WORK", "6"), "utf-8"
    )
    (data / "deltagare" / "2025.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    per = "2026-01-15"
    report = run("rapport", "2025", "--per", per, "--ut", "-")
    assert report.exit_code == 0, show(report)
    md = report.stdout
    model = _read(md, people, (20, 2, 6))
    assert not [name for name, vector in _groups(model) if model.pinned_small(vector)]
    section = md.split("## Deltagare")[1].split("## Budget")[0]
    printed = {}
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|:"):
            cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
            printed.setdefault(cells[0], cells[1:])

    export = run("export", "2025", "--per", per, "--format", "csv")
    assert export.exit_code == 0, show(export)
    folder = in_tmp / "ut" / "export-2025"

    def rows(name: str) -> list[list[str]]:
        text = (folder / name).read_text("utf-8-sig")
        return list(csv.reader(text.splitlines(), delimiter=";"))[1:]

    for row in rows("deltagare.csv"):
        assert printed[row[0]][:4] == row[1:5], row
    for group, label, value in rows("deltagarnas-grupper.csv"):
        assert printed[label] == [value], (group, label, value)
    for label, value in rows("deltagarnas-utfall.csv"):
        assert printed[label] == [value]
    goals = {r[0]: r for r in _table(md.split("## Mål")[1], "\n")}
    for row in rows("mal.csv"):
        assert goals[row[0]][3] == row[4] and goals[row[0]][5] == row[6], row
        if goals[row[0]][4] == "–":
            assert row[5] == "", row  # no share of the target when the count is hidden

    export = run("export", "2025", "--per", per)
    assert export.exit_code == 0, show(export)
    from openpyxl import load_workbook

    book = load_workbook(in_tmp / "ut" / "export-2025.xlsx")
    for sheet, name in (("Deltagare", "deltagare.csv"), ("Deltagarnas grupper",
                        "deltagarnas-grupper.csv"), ("Mål", "mal.csv")):  # fmt: skip
        cells = [
            ["" if v is None else str(v) for v in row]
            for row in book[sheet].iter_rows(
                min_row=2, max_row=len(rows(name)) + 1, values_only=True
            )
        ]
        for got, want in zip(cells, rows(name), strict=True):
            for g, w in zip(got, want, strict=True):
                assert g == w or g.replace(".", ",").rstrip("0").rstrip(",") == w.rstrip(
                    "0"
                ).rstrip(","), (sheet, got, want)

    html = run("rapport", "2025", "--per", per, "--format", "html", "--ut", "r.html")
    assert html.exit_code == 0, show(html)
    page = (in_tmp / "r.html").read_text("utf-8").split(">Deltagare</h2>")[1].split("<h2")[0]
    for label, values in printed.items():
        row = re.search(rf"<tr[^>]*>\s*<td[^>]*>(<[^>]+>)*{re.escape(label)}.*?</tr>", page, re.S)
        if row and values and values[0]:
            assert values[0] in row.group(0), (label, values, row.group(0))

    overview = run("oversikt", "2025", "--per", per)
    assert overview.exit_code == 0, show(overview)
    flat = " ".join(overview.stdout.split())
    for name in ("Mål alla deltagare", "Mål deltagare i spåret", "Mål arbete eller studier"):
        shown = goals[name][3]
        assert f"utfall {shown}, målvärde" in flat or f"{shown} av" in flat, (name, shown)

    application = run("ansokan", "2026", "--per", per, "--ut", "-")
    assert application.exit_code == 0, show(application)
    for name, row in goals.items():
        if name.startswith("Mål ") and f"{name} (" in application.stdout:
            line = next(x for x in application.stdout.splitlines() if f"{name} (" in x)
            assert f"utfall {row[3]}" in line, (line, row)


def test_last_years_figures_in_the_years_table_do_not_give_away_who_ended(in_tmp):
    """The years table prints last year's participants. Everyone who went on into this year
    was on at the end of last year, so last year's 10 minus this year's 'under the year' 14
    minus 'new' 6 would say that two people ended last year: this year's figures hide it."""
    from .conftest import run, show

    def person(i, year, start, slut=None, utfall=None):
        fields = f"id: IS-{year}-{i:02d}, insats: stodplattformen, start: {start}, kon: kvinna"
        if slut:
            fields += f", slut: {slut}, utfall: {utfall}"
        return "- {" + fields + "}"

    last = [person(i, 2025, "2025-02") for i in range(1, 9)]
    last += [person(i, 2025, "2025-03", "2025-06", "ohalsa") for i in (9, 10)]
    this = [person(i, 2025, "2025-02") for i in range(1, 9)]
    this += [person(i, 2026, "2026-03") for i in range(1, 7)]
    data = in_tmp / "data"
    shutil.copytree(BASE, data)
    year_file = (data / "ar" / "2025.yaml").read_text("utf-8")
    (data / "ar" / "2026.yaml").write_text(year_file.replace("ar: 2025", "ar: 2026"), "utf-8")
    (data / "deltagare" / "2025.yaml").write_text("\n".join(last) + "\n", "utf-8")
    (data / "deltagare" / "2026.yaml").write_text("\n".join(this) + "\n", "utf-8")
    result = run("rapport", "2026", "--per", "2027-01-15", "--ut", "-")
    assert result.exit_code == 0, show(result)
    text = result.stdout
    years = re.search(r"\| 2025 \| [^|]+\| [^|]+\| ([^|]+)\| ([^|]+)\|", text)
    row = re.search(r"\| Stödplattform för sociala företag \| ([^|]+)\| ([^|]+)\|", text)
    printed = [c.strip() for c in (*years.groups(), *row.groups())]
    assert printed[0] == "10"  # last year's report showed it, and so does the table
    if all(c.isdigit() for c in printed):
        before, to_work, now, new = map(int, printed)
        assert not 1 <= before - (now - new) - to_work <= 4, printed


def test_someone_who_ends_next_year_is_not_counted_as_ended_last_year(in_tmp):
    """A participant in last year's file with `slut` in this year (allowed: the same row as in
    this year's file) was still on at the end of last year. Counting them as gone to work
    last year crashed the report (found by a review) and would weaken the check."""
    from .conftest import EXAMPLE, run, show

    shutil.copytree(EXAMPLE, in_tmp / "data")
    path = in_tmp / "data" / "deltagare" / "2025.yaml"
    text = path.read_text("utf-8").replace("utfall: arbete", "utfall: arbetssokande")
    text = text.replace("utfall: studier", "utfall: arbetssokande")
    text = text.replace(
        "- {id: IS-2025-04, insats: industrisparet, start: 2025-08, kon",
        "- {id: IS-2025-04, insats: industrisparet, start: 2025-08, slut: 2026-06, kon",
    ).replace("foretag: producerande-asf}", "foretag: producerande-asf, utfall: arbete}", 1)
    path.write_text(text, "utf-8")
    for args in (("rapport", "2026", "--per", "2027-01-15", "--ut", "-"),
                 ("oversikt", "2026", "--per", "2027-01-15")):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, show(result)


def test_goals_in_the_application_and_the_report_give_no_small_count(in_tmp):
    """Next year's application prints each goal counted in people as of its signing day
    (per effort); the report prints the same goal for the whole year. One person who joined
    an effort in December must not come out (found by a review: 24 in the report, 23 in the
    application)."""
    from .conftest import EXAMPLE, run, show

    shutil.copytree(EXAMPLE, in_tmp / "data")
    path = in_tmp / "data" / "deltagare" / "2025.yaml"
    rows = [
        f"- {{id: IS-2025-{30 + i:02d}, insats: stodplattformen, start: {start}, kon: kvinna}}"
        for i, start in enumerate(["2025-02"] * 6 + ["2025-12"] * 5)
    ]
    rows.append("- {id: IS-2025-50, insats: industrisparet, start: 2025-12, kon: kvinna}")
    path.write_text(path.read_text("utf-8") + "\n".join(rows) + "\n", "utf-8")
    report = run("rapport", "2025", "--per", "2026-01-15", "--ut", "-")
    application = run("ansokan", "2026", "--ut", "-")
    assert report.exit_code == 0 and application.exit_code == 0, show(report) + show(application)
    goal = "Minst 20 personer per år finns i industrispårets verksamhet"
    in_report = re.search(rf"\| {goal} \| [^|]+\| [^|]+\| ([^|]+)\|", report.stdout)[1].strip()
    in_application = re.search(rf"{goal} \([^)]*\): utfall (\S+)", application.stdout)[1]
    if in_report.isdigit() and in_application.isdigit():
        assert not 1 <= int(in_report) - int(in_application) <= 4, (in_report, in_application)


def test_a_tiny_group_where_everything_must_go_is_left_out_not_leaked():
    """Four people, two efforts, targets of one (found by Hypothesis in CI): the protection
    leaves whole tables out ('–'), and still nothing can be worked out."""
    base = {"kon": "kvinna", "aldersgrupp": None, "forsorjning_fore": None, "remitterad_av": None}
    people = [
        {**base, "insats": "stodplattformen", "start": "2024-06", "slut": None, "utfall": None},
        {**base, "insats": "sparet", "start": "2024-06", "slut": None, "utfall": None},
        {**base, "insats": "sparet", "start": "2024-11", "slut": "2025-01", "utfall": "arbete"},
        {**base, "insats": "stodplattformen", "start": "2025-01", "slut": "2025-01",
         "utfall": "arbete"},
    ]  # fmt: skip
    report = _report(people, (1, 1, 1))
    model = _read(report, people, (1, 1, 1))
    assert not [name for name, vector in _groups(model) if model.pinned_small(vector)]
