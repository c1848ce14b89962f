"""The quick road for one-line list entries gives exactly what the YAML tree gives, or steps
aside; problems in a file read the quick way still point at the right line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stodplattform import flowlist, positions
from stodplattform.loader import load
from stodplattform.repository import load_data
from stodplattform.yamltree import locate, to_plain

from .conftest import EXAMPLE, copy_base, value_paths

# Characters that matter to YAML in a flow mapping, and some that don't.
ALPHABET = "aåö Z09_-.,:#'\"{}[]&*!?%@|>~\\/()\t\r\x85\u2028\xa0–’"
KEYS = st.sampled_from(["datum", "foretag", "timmar", "a_b", "x", "null", "Datum"])
SAFE = "aåö Z09_-.()'&*!?%@/–’"
VALUES = st.one_of(
    st.text(SAFE, min_size=1, max_size=8),
    st.text(SAFE, min_size=1, max_size=8),
    st.text(ALPHABET, min_size=0, max_size=8),
    st.sampled_from(["null", "~", "NULL", "2025-01-14", "1.5", "-1", "yes", "Möte med AF"]),
)


@st.composite
def entry(draw):
    pairs = draw(st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=4))
    sep = draw(st.sampled_from([", "] * 6 + [",", " , "]))
    body = sep.join(f"{k}: {v}" for k, v in pairs)
    shape = draw(st.sampled_from(["- {%s}"] * 6 + ["- {%s} ", "- {%s} # not", "  - {%s}"]))
    return shape % body


LINES = st.one_of(
    entry(), entry(), entry(), st.sampled_from(["", "# kommentar: a, b", "  ", "---", "[]"])
)


def _tree(tmp_path: Path, text: str):
    path = tmp_path / "lista.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    return load(path, quick=False)


@pytest.mark.egenskap
@given(st.lists(LINES, min_size=1, max_size=5), st.sampled_from(["\n", ""]))
def test_quick_road_equals_the_yaml_tree_or_steps_aside(tmp_path_factory, lines, end):
    text = "\n".join(lines) + end
    quick = flowlist.read(text)
    if quick is None:
        return
    slow = _tree(tmp_path_factory.mktemp("f"), text)
    assert slow.problems == [], text
    assert quick[0] == to_plain(slow.root), text


@pytest.mark.parametrize(
    "text",
    [
        "- {a: b} # kommentar\n",
        "- {a: b, a: c}\n",
        "- {a: null}\n",
        "- {a: ~}\n",
        "- {a: 'b'}\n",
        "- {a: b\tc}\n",
        "- {a: b}\r\n",
        "- {a: 10:30}\n",
        "- {a: b, c: }\n",
        "- {a: b }\n",
        "---\n- {a: b}\n",
        "  - {a: b}\n",
        "# bara en kommentar\n",
        "[]\n",
    ],
)
def test_doubtful_files_go_the_ordinary_way(text):
    assert flowlist.read(text) is None


def test_the_example_lists_take_the_quick_road():
    for kind in ("stod", "deltagare"):
        for path in sorted((EXAMPLE / kind).glob("*.yaml")):
            source = load(path)
            assert source.plain is not None and source.root is None, path
            assert source.plain == to_plain(load(path, quick=False).root), path


def test_a_problem_in_a_quick_file_points_at_line_and_column(tmp_path):
    data = copy_base(tmp_path)
    stod = sorted((data / "stod").glob("*.yaml"))[0]
    lines = stod.read_text(encoding="utf-8").splitlines()
    n, line = next((i, s) for i, s in enumerate(lines) if s.startswith("- {"))
    lines[n] = re.sub(r"timmar: [^,}]+", "timmar: tre", line)
    value_at = lines[n].index("timmar: ") + len("timmar: ")
    stod.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert flowlist.read(stod.read_text(encoding="utf-8")) is not None
    problems = load_data(data, use_cache=False).problems
    located = [(p.line, p.col) for p in problems if p.path.endswith(stod.name)]
    assert (n + 1, value_at + 1) in located, problems


SAFE_VALUE = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from("aZö0_("),
    st.text(SAFE, max_size=10),
    st.sampled_from(["a", "9", ".", ")", "!", "’"]),
)
SAFE_ENTRY = st.lists(
    st.tuples(st.sampled_from(["datum", "foretag", "beskrivning"]), SAFE_VALUE),
    min_size=1,
    max_size=4,
).map(lambda pairs: "- {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")


@pytest.mark.egenskap
@given(st.lists(st.one_of(SAFE_ENTRY, st.just("# kommentar")), min_size=1, max_size=6))
def test_plain_safe_entries_agree_with_yaml(tmp_path_factory, lines):
    text = "\n".join(lines) + "\n"
    quick = flowlist.read(text)
    slow = to_plain(_tree(tmp_path_factory.mktemp("f"), text).root)
    # Only a key given twice in one entry sends these the ordinary way.
    keys = [re.findall(r"(\w+): ", line) for line in lines]
    twice = any(len(set(k)) < len(k) for k in keys)
    values = quick[0] if quick is not None else None  # None too for comments only
    assert values == slow if not twice else quick is None, text


def _places(where, values):
    return {path: where.locate(path) for path in value_paths(values)}


@pytest.mark.egenskap
@given(st.lists(st.one_of(SAFE_ENTRY, st.sampled_from(["# kommentar", ""])), min_size=1))
def test_quick_positions_equal_the_trees(tmp_path_factory, lines):
    """Each entry's line and the lengths of its values place every key and value where the
    YAML tree does, also after a round through JSON (the parse cache)."""
    text = "\n".join(lines) + "\n"
    quick = flowlist.read(text)
    if quick is None:
        return
    values, entry_lines = quick
    tree = _tree(tmp_path_factory.mktemp("f"), text)
    entries = positions.Entries.of(entry_lines, values)
    want = {
        path: (node.line, node.col)
        for path in value_paths(values)
        if (node := locate(tree.root, path)) is not None
    }
    assert _places(entries, values) == want, text
    assert _places(positions.decode(entries.to_json()), values) == want, text


def test_entries_with_keys_in_different_orders_are_placed():
    text = "# logg\n- {a: 1, bb: 22}\n\n- {bb: 333, a: 4444, c: x}\n- {a: 55555, bb: 6}\n"
    values, entry_lines = flowlist.read(text)
    where = positions.decode(positions.Entries.of(entry_lines, values).to_json())
    assert where.locate((1, "a")) == (4, 16)
    assert where.locate((1, "c", "[key]")) == (4, 22)
    assert where.locate((2, "bb")) == (5, 18)
    assert where.locate((2,)) == (5, 3)
    assert where.locate(()) == (2, 1)


def test_a_value_longer_than_a_byte_is_placed(tmp_path):
    text = f"- {{beskrivning: {'x' * 300}, foretag: aterbruket}}\n"
    values, entry_lines = flowlist.read(text)
    entries = positions.Entries.of(entry_lines, values)
    assert entries.lengths.typecode == "I"
    want = locate(_tree(tmp_path, text).root, (0, "foretag"))
    col = len("- {beskrivning: ") + 300 + len(", foretag: ") + 1
    for where in (entries, positions.decode(entries.to_json())):
        assert where.locate((0, "foretag")) == (want.line, want.col) == (1, col)
