"""The strict loader: text stays text, locations are kept, YAML's traps are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from stodplattform.loader import load
from stodplattform.yamltree import Mapping, Scalar, Sequence, locate, to_plain

from .conftest import value_paths


def _load(tmp_path: Path, text: str | bytes, name: str = "fil.yaml"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load(path)


def test_scalars_stay_text(tmp_path):
    source = _load(tmp_path, "a: NO\nb: 017\nc: 10:30\nd: 2025-13-01\ne: ~\nf: ''\n")
    assert source.problems == []
    assert to_plain(source.root) == {
        "a": "NO",
        "b": "017",
        "c": "10:30",
        "d": "2025-13-01",
        "e": None,  # a key without a value stays: the schema decides (known key or a typo)
        "f": "",
    }


def test_locations_are_one_based(tmp_path):
    source = _load(tmp_path, "x:\n  - {a: 1, b: två}\n")
    node = locate(source.root, ("x", 0, "b"))
    assert isinstance(node, Scalar) and (node.line, node.col) == (2, 15)
    assert isinstance(source.root, Mapping)
    assert isinstance(source.root.items["x"][1], Sequence)


def test_locate_falls_back_to_the_deepest_existing_node(tmp_path):
    source = _load(tmp_path, "x:\n  a: 1\n")
    node = locate(source.root, ("x", "saknas"))
    assert (node.line, node.col) == (2, 3)
    assert locate(source.root, ("x", "a", "[key]")).line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "nyckeln 'a' finns två gånger (rad 1 och rad 2)"),
        ("a: &x 1\nb: *x\n", "ankare och alias"),
        ("a: !!str 1\n", "taggar som '!!str'"),
        ("a: 1\n---\nb: 2\n", "mer än ett YAML-dokument"),
        ("a:\n\tb: 1\n", "använd mellanslag för indrag"),
        ("a: Mål: bra\n", "sätt texten inom citattecken"),
        ('a: "öppen\nb: 1\n', "citattecken stängs aldrig"),
        ("a: @x\n", "kan inte börja med '@'"),
        ("? [a, b]\n: 1\n", "en nyckel måste vara ett enkelt ord"),
        ("# tom\n", "filen är tom"),
        ("", "filen är tom"),
    ],
)
def test_refused(tmp_path, text, message):
    source = _load(tmp_path, text)
    assert len(source.problems) == 1, source.problems
    assert message in source.problems[0].message
    assert source.problems[0].severity == "fel"


def test_encodings(tmp_path):
    assert _load(tmp_path, b"\xef\xbb\xbfa: 1\n").problems == []
    latin = _load(tmp_path, "a: 1\nb: Gräs\n".encode("latin-1"))
    (problem,) = latin.problems
    assert (problem.line, problem.col) == (2, 6)
    assert "inte sparad som UTF-8" in problem.message
    assert "UTF-16" in _load(tmp_path, "a: 1\n".encode("utf-16")).problems[0].message


def test_control_character_located(tmp_path):
    (problem,) = _load(tmp_path, "a: 1\nb: x\x07y\n").problems
    assert (problem.line, problem.col) == (2, 5)
    assert "U+0007" in problem.message


def test_too_large_file(tmp_path, monkeypatch):
    import stodplattform.loader as loader

    monkeypatch.setattr(loader, "MAX_DATA_BYTES", 10)
    (problem,) = _load(tmp_path, "a: 12345678901\n").problems
    assert "för stor" in problem.message


TREE = """\
namn: "Möte: vår"
narvaro: [af, kommun-a]
atgarder:
  - vad: |
      Ring
      tillbaka
    ansvarig: af
  - {vad: 'Boka', ansvarig: kommun-a}
nyckeltal:
  2024: {anstallda: 3}
  '2025':
    anstallda: 4
tom:
"""


def test_a_released_file_is_placed_as_its_tree_without_reading_it(tmp_path, monkeypatch):
    from stodplattform import loader

    source = _load(tmp_path, TREE)
    assert source.problems == []
    paths = [*value_paths(to_plain(source.root)), ("nyckeltal", 2024), ("atgarder", True, "vad")]
    want = {p: (n.line, n.col) for p in paths if (n := locate(source.root, p)) is not None}
    source.release()
    assert source.root is None and source.text is None
    (tmp_path / "fil.yaml").unlink()
    for name in ("read_raw", "decode", "parse_tree"):
        monkeypatch.setattr(loader, name, lambda *a: pytest.fail("läste filen igen"))
    assert {p: source.locate(p) for p in want} == want
    source.fel("något", ("nyckeltal", "2025", "anstallda"))
    assert (source.problems[0].line, source.problems[0].col) == (12, 16)


@pytest.mark.parametrize(
    "kept",
    [b"inte json", b'{"tree": "x"}', b'{"tree": [0, 1]}', b'{"tree": [1, 1, {"a": 3}]}', b"[]",
     b'{"lines": [1], "keys": [[1]], "shapes": [], "lengths": [1]}',
     b'{"lines": [0], "keys": [["a"]], "shapes": [], "lengths": [1]}',
     b'{"lines": [1], "keys": [["a"]], "shapes": [], "lengths": []}',
     b'{"lines": [1, 2], "keys": [["a"]], "shapes": [5, 0], "lengths": [1, 1]}'],
)  # fmt: skip
def test_positions_not_in_their_shape_place_at_the_first_line(tmp_path, kept):
    from stodplattform.loader import Source

    source = Source(tmp_path / "fil.yaml", "fil.yaml", released=True, where=kept)
    source.fel("något", ("a", 0))
    assert (source.problems[0].line, source.problems[0].col) == (1, 1)


def test_many_bad_entries_are_reported_in_linear_time(tmp_path, monkeypatch):
    """Each entry's message names what it got; looking that up must not turn the whole file
    into values again for every entry (20 000 entries took minutes that way). Counted, not
    timed: the file is made into values once."""
    from stodplattform import loader
    from stodplattform.repository import load_data

    from .conftest import copy_base

    calls = []
    real = loader.to_plain
    monkeypatch.setattr(loader, "to_plain", lambda node: calls.append(1) or real(node))
    data = copy_base(tmp_path)
    (data / "stod" / "2025.yaml").write_text("- x\n" * 2000, encoding="utf-8")
    problems = load_data(data, use_cache=False).problems
    got = [
        p for p in problems if p.path.endswith("2025.yaml") and "fick ett enkelt värde" in p.message
    ]
    assert len(got) == 2000 and (got[-1].line, got[-1].col) == (2000, 3)
    assert len(calls) < 20, len(calls)  # once per file, not once per entry
