"""Property-based tests (Hypothesis): mutated files give only stod's own located problems;
rendering is deterministic; totals equal a plain recount; masked counts never leak."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stodplattform import privacy
from stodplattform.problems import FEL
from stodplattform.repository import load_data

from .conftest import BASE, EXAMPLE, EXAMPLES

FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))
SNIPPETS = ["\t", ": ", "!!str ", "&a ", "*a", "---\n", "- ", "{", "}", "[", "]", "'", '"', "#",
            "\x07", "\x00", "\u00a0", "ö", "2025-02-30", "19121212-1212", "\n  ", "~", "null",
            "? ", "|", ">", "%", "@", "`", "0x1F", "1e3", ".inf", "yes", "NO", "017", "10:30"]  # fmt: skip
ENGLISH = re.compile(r"Input should|Field required|Extra inputs|Traceback|object has no|Error\b")

pytestmark = pytest.mark.egenskap  # examples: the profile in conftest.py (STOD_EXEMPEL)


@st.composite
def mutation(draw):
    """A file of the base folder changed (its new bytes), or now and then removed (None):
    a removed company or year file gives problems in the files that name it."""
    rel = draw(st.sampled_from(FILES))
    if draw(st.integers(0, 9)) == 0:
        return rel, None
    text = (BASE / rel).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "swap", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS) | st.text(max_size=3)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        elif kind == "swap":
            tokens = re.split(r"(\s+)", text)
            i, j = draw(st.integers(0, len(tokens) - 1)), draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
            text = "".join(tokens)
        elif kind == "duplicate" and text:
            lines = text.splitlines(keepends=True)
            k = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: k + 1] + lines[k:])
        elif kind == "truncate":
            text = text[:at]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "utf-16", "utf-8-sig"]))
    return rel, text.encode(encoding, errors="replace")


@contextlib.contextmanager
def _mutated(change, age: float = 0):
    """A copy of the base folder with one file replaced, its time `age` seconds back."""
    rel, content = change
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        if content is None:
            (data / rel).unlink()
            yield data
            return
        (data / rel).write_bytes(content)
        if age:
            past = (data / rel).stat().st_mtime - age
            os.utime(data / rel, (past, past))
        yield data


@given(mutation())
def test_mutated_files_give_only_located_swedish_problems(change):
    with _mutated(change) as data:
        problems = load_data(data).problems  # must not raise
    for p in problems:
        assert p.path and p.line >= 1 and p.col >= 1, p
        assert p.severity in ("fel", "varning")
        assert p.message and not ENGLISH.search(p.message), p.message
        assert not list(privacy.find_identity_numbers(f"{p.path} {p.message}")), p


@given(mutation())
def test_a_mutated_folder_reads_the_same_from_the_cache(change):
    """Cold, from the parse cache (its values and positions), and by the YAML trees alone
    (no quick road, no cache, every tree kept): the same problems at the same lines and
    columns, and the same rows."""
    with _mutated(change, age=60) as data:  # old enough to be kept in the cache
        cold = load_data(data)
        warm = load_data(data)
        slow = _by_the_trees(data)
    for other in (warm, slow):
        assert [str(p) for p in other.problems] == [str(p) for p in cold.problems]
        assert {y: rows for y, (_, rows) in other.stod.items()} == {
            y: rows for y, (_, rows) in cold.stod.items()
        }
        assert {y: rows for y, (_, rows) in other.deltagare.items()} == {
            y: rows for y, (_, rows) in cold.deltagare.items()
        }


def _by_the_trees(data: Path):
    """Every file read the ordinary way and its tree kept: problems placed by the tree."""
    from stodplattform import flowlist
    from stodplattform.loader import Source

    read, release = flowlist.read, Source.release
    flowlist.read, Source.release = (lambda text: None), (lambda self: None)
    try:
        return load_data(data, use_cache=False)
    finally:
        flowlist.read, Source.release = read, release


def _write_log(data: Path, entries: list[tuple]) -> None:
    lines = [
        f"- {{datum: 2025-{m:02d}-{d:02d}, foretag: {f}, omrade: {o}, timmar: {h}}}"
        for m, d, f, o, h in entries
    ]
    (data / "stod" / "2025.yaml").write_text("\n".join(lines) + "\n" if lines else "[]\n", "utf-8")


ENTRY = st.tuples(
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["luddes-hundcenter", "aterbruket"]),
    st.sampled_from(["bokforing", "hr", "finansiering"]),
    st.integers(1, 40).map(lambda q: q / 4),
)


@given(st.lists(ENTRY, max_size=40), st.dates(dt.date(2025, 1, 1), dt.date(2026, 3, 1)))
def test_support_totals_equal_a_plain_recount(entries, per):
    from stodplattform.aggregate import year_summary

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        _write_log(data, entries)
        loaded = load_data(data)
        assert not [p for p in loaded.problems if p.severity == FEL], loaded.problems
        s = year_summary(loaded, 2025, per)
    counted = [e for e in entries if dt.date(2025, e[0], e[1]) <= per]
    assert s["stod"]["totalt"] == sum(e[4] for e in counted)
    assert s["sammanfattning"]["foretag_med_stod"] == len({e[2] for e in counted})
    assert sum(f["totalt"] for f in s["stod"]["per_foretag"]) == sum(e[4] for e in counted)


PERSON = st.tuples(
    st.integers(1, 12),  # start month
    st.one_of(st.none(), st.integers(0, 11)),  # months until the end
    st.sampled_from(["kvinna", "man", "annat"]),
    st.sampled_from(["arbete", "studier", "arbetssokande", "ohalsa"]),
)


@given(st.lists(PERSON, max_size=30), st.dates(dt.date(2025, 2, 1), dt.date(2026, 1, 31)))
@settings(max_examples=max(EXAMPLES // 2, 10))
def test_masked_counts_never_leak_and_render_is_deterministic(people, per):
    from stodplattform.aggregate import year_summary
    from stodplattform.render import render

    lines = []
    for i, (start, length, kon, utfall) in enumerate(people, start=1):
        row = (
            f"- {{id: IS-2025-{i:02d}, insats: stodplattformen, start: 2025-{start:02d}, kon: {kon}"
        )
        if length is not None and start + length <= 12:
            row += f", slut: 2025-{start + length:02d}, utfall: {utfall}"
        lines.append(row + "}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        (data / "deltagare" / "2025.yaml").write_text(
            "\n".join(lines) + "\n" if lines else "[]\n", "utf-8"
        )
        loaded = load_data(data)
        assert not [p for p in loaded.problems if p.severity == FEL], loaded.problems
        s = year_summary(loaded, 2025, per)
        context = {
            "r": s,
            "plattform": loaded.plattform,
            "version": None,
            "stod_version": "x",
            "diagram": {},
        }
        first = render("uppfoljning.md.j2", context, None)
        assert render("uppfoljning.md.j2", context, None) == first
    # Which figures may be printed is tested over every printed figure in test_rojande.py.
    section = first.split("## Deltagare")[1].split("## Budget")[0]
    assert not re.search(r"\|\s*[1-4]\s*\|", section), section


REFERRED = ["plattform.yaml", *(f"{k}/{p.name}" for k in ("foretag", "ar") for p in
            sorted((EXAMPLE / k).glob("*.yaml")))]  # fmt: skip


@pytest.mark.parametrize("rel", REFERRED)
def test_a_removed_file_gives_problems_placed_as_by_the_trees(tmp_path, rel):
    """The example with one file that others name removed: the meetings, year files, support
    rows and participants that name it have problems, and from the cache they stand where
    the YAML trees put them."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    load_data(data)  # fills the cache
    (data / rel).unlink()
    warm = load_data(data)
    want = [str(p) for p in _by_the_trees(data).problems]
    assert [str(p) for p in warm.problems] == want
    assert [str(p) for p in load_data(data, use_cache=False).problems] == want
