"""A template in mallar/ may come from anyone: it gets plain data, reads only its own folder,
and a runaway one ends in a Swedish error with its line, quickly, without a traceback."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest
from markupsafe import Markup

from stodplattform import render as render_module
from stodplattform import sandbox
from stodplattform.problems import StodError
from stodplattform.render import FILTERS, plain, render

from ..conftest import run, show
from .conftest import SECRET

PER = "2026-02-15"


def _template(root: Path, text: str, name: str = "uppfoljning.md.j2") -> None:
    (root / "mallar" / name).write_text(text, encoding="utf-8")


def _rapport(*extra: str):
    return run("rapport", "2025", "--data", "data", "--per", PER, "--ut", "-", *extra)


def _refused(result, name: str = "mallar/uppfoljning.md.j2") -> None:
    assert result.exit_code == 1, show(result)
    assert result.stderr.startswith(f"fel: {name}"), show(result)
    assert "Traceback" not in result.stderr + result.stdout, show(result)


# -- plain data ------------------------------------------------------------------------------


class _Evil:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['STOD_TEST_MARKER']}",))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # as outside the tests: not an error
def test_pickle_through_a_model_method_runs_nothing(repo, tmp_path, monkeypatch):
    """`plattform.parse_raw(…, proto='pickle', allow_pickle=True)` ran a shell command."""
    marker = tmp_path / "markor"
    monkeypatch.setenv("STOD_TEST_MARKER", str(marker))
    payload = pickle.dumps(_Evil(), protocol=0).decode("ascii")
    literal = payload.replace("\\", "\\\\").replace("\n", "\\n").replace("'", "\\'")
    _template(
        repo,
        "{{ plattform.parse_raw('" + literal + "', proto='pickle', allow_pickle=True) }}\n"
        "{{ plattform.model_validate_json('{}') }}\n",
    )
    result = _rapport()
    assert not marker.exists(), "mallen körde ett skalkommando"
    _refused(result)
    assert "'parse_raw' finns inte" in result.stderr, show(result)


@pytest.mark.parametrize(
    "expression",
    [
        "plattform.parse_file('{secret}')",
        "plattform.parse_file('../hemlig.txt')",
        "plattform.finansiar.parse_file('{secret}')",
        "r.foretag[0].parse_file('{secret}')",
    ],
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_model_method_reads_no_file(repo, tmp_path, expression):
    secret = tmp_path / "hemlig.txt"
    _template(repo, "{{ " + expression.format(secret=secret) + " }}\n")
    result = _rapport()
    _refused(result)
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "expression",
    [
        "plattform.__class__",
        "r.__class__.__mro__",
        "''.__class__.__subclasses__()",
        "cycler.__init__.__globals__",
        "plattform.namn.__class__.__base__",
        "r.items.__self__",
    ],
)
def test_no_way_into_python(repo, expression):
    _template(repo, "{{ " + expression + " }}\n")
    result = _rapport()
    _refused(result)
    assert "går inte att nå från en mall" in result.stderr or "finns inte" in result.stderr


def _walk(value):
    yield value
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


@pytest.mark.parametrize(
    "args",
    [
        ("rapport", "2025", "--per", PER),
        ("ansokan", "2026", "--per", "2025-11-20"),
    ],
)
def test_templates_see_plain_data_only(repo, monkeypatch, args):
    seen = {}
    original = sandbox.generate

    def spy(template, data):
        seen["data"] = data
        return original(template, data)

    monkeypatch.setattr(sandbox, "generate", spy)
    result = run(*args, "--data", "data", "--ut", "-")
    assert result.exit_code == 0, show(result)
    allowed = {dict, list, str, int, float, bool, type(None), dt.date, Markup}
    kinds = {type(v) for v in _walk(seen["data"])}
    assert kinds <= allowed, kinds - allowed
    assert isinstance(seen["data"]["plattform"], dict)


def test_plain_converts_and_refuses():
    Pair = namedtuple("Pair", "a b")
    assert plain({"x": (1, Pair(2, dt.date(2025, 1, 2))), 3: [True, None, 1.5]}) == {
        "x": [1, {"a": 2, "b": dt.date(2025, 1, 2)}],
        3: [True, None, 1.5],
    }
    with pytest.raises(StodError, match="internt fel i stod: context.f är av typen"):
        plain({"f": open})
    with pytest.raises(StodError, match="internt fel"):
        plain({"d": dt.datetime(2025, 1, 1)})


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("tal", (380000,)),
        ("tal", (12.5, 1)),
        ("kr", (None,)),
        ("procent", (0.125,)),
        ("andring", (-3, "kr")),
        ("datum", (dt.date(2026, 1, 23),)),
        ("datum", ("2026-01-23",)),
        ("lista", (["A", "B"],)),
        ("prosa", ("*text*",)),
        ("md", ("a|b",)),
    ],
)
def test_filters_give_plain_text(name, args):
    assert type(FILTERS[name](*args)) in (str, Markup)


# -- template files --------------------------------------------------------------------------


def test_symlink_out_of_mallar_is_refused(repo, tmp_path):
    (repo / "mallar" / "uppfoljning.md.j2").symlink_to(tmp_path / "hemlig.txt")
    result = _rapport()
    _refused(result)
    assert "länk som leder ut ur mappen" in result.stderr, show(result)
    assert SECRET not in result.stdout + result.stderr


def test_included_symlink_out_of_mallar_is_refused(repo, tmp_path):
    (repo / "mallar" / "bit.j2").symlink_to(tmp_path / "hemlig.txt")
    _template(repo, "{% include 'bit.j2' %}\n")
    result = _rapport()
    _refused(result, "mallar/bit.j2")
    assert SECRET not in result.stdout + result.stderr


def test_symlink_inside_mallar_is_fine(repo):
    _template(repo, "Egen: {{ plattform.namn }}\n", "riktig.j2")
    (repo / "mallar" / "uppfoljning.md.j2").symlink_to("riktig.j2")
    result = _rapport()
    assert result.exit_code == 0, show(result)
    assert result.stdout.startswith("Egen: Stödplattform"), show(result)


def test_mallar_as_a_link_out_of_the_repository_is_refused(repo, tmp_path):
    outside = tmp_path / "andra"
    outside.mkdir()
    (outside / "uppfoljning.md.j2").write_text("{{ plattform.namn }}\n", encoding="utf-8")
    shutil.rmtree(repo / "mallar")
    (repo / "mallar").symlink_to(outside)
    result = _rapport()
    _refused(result, "mallar")
    assert "leder ut ur datarepot" in result.stderr, show(result)


@pytest.mark.parametrize(
    "include",
    ["../../hemlig.txt", "../hemlig.txt", "{secret}", "/../../{secret}", "mallar/../../hemlig.txt"],
)
def test_include_reaches_nothing_outside(repo, tmp_path, include):
    _template(repo, "{% include '" + include.format(secret=tmp_path / "hemlig.txt") + "' %}\n")
    result = _rapport()
    assert result.exit_code == 1, show(result)
    assert "finns inte" in result.stderr, show(result)
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO finns inte här")
def test_fifo_template_is_refused_without_hanging(repo):
    os.mkfifo(repo / "mallar" / "uppfoljning.md.j2")
    done = subprocess.run(
        [sys.executable, "-m", "stodplattform", "rapport", "2025", "--data", "data",
         "--per", PER, "--ut", "-"],
        capture_output=True, text=True, timeout=60, cwd=repo,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "är ingen vanlig fil" in done.stderr, done.stderr


def test_oversized_template_is_refused(repo):
    _template(repo, "x" * (render_module.MAX_TEMPLATE_BYTES + 1))
    result = _rapport()
    _refused(result)
    assert "för stor" in result.stderr, show(result)


# -- runaway templates -----------------------------------------------------------------------


def test_huge_range_ends_in_a_swedish_error(repo):
    _template(repo, "rad 1\n{% for i in range(10**9) %}{% endfor %}\n")
    result = _rapport()
    _refused(result, "mallar/uppfoljning.md.j2:2:")
    assert "range() ger för många tal" in result.stderr, show(result)


def test_recursion_ends_in_a_swedish_error(repo):
    _template(repo, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")
    result = _rapport()
    _refused(result)
    assert "anropar sig själv utan slut" in result.stderr, show(result)


def test_deeply_nested_expression_is_a_swedish_error(repo):
    """Python's compiler refuses the code Jinja makes of it (found by an attack)."""
    _template(repo, "{{ x" + ".a" * 199 + " }}\n")
    result = _rapport()
    _refused(result)
    assert "för djupt nästlad" in result.stderr, show(result)


def test_a_huge_number_in_a_filter_is_a_swedish_error(repo):
    _template(repo, "rad 1\n{{ (10 ** 1000) | tal }}\n")
    result = _rapport()
    _refused(result, "mallar/uppfoljning.md.j2:2:")
    assert "InvalidOperation" not in result.stderr, show(result)


RUNAWAY = {
    "gånger": "{{ 'x' * 10**10 }}",
    "gånger-lista": "{{ [1] * 10**9 }}",
    "dubblering": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "dubblering-plus": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "makro-dubblering": "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}",
    "procent": "{{ '%0999999999d' % 1 }}",
    "procent-stjärna": "{{ '%*d' % (999999999, 1) }}",
    "format": "{{ '{:>999999999}'.format(1) }}",
    "format-nästlat": "{{ '{:{}}'.format(1, 999999999) }}",
    "center": "{{ 'x'.center(10**9) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "zfill": "{{ '1'.zfill(10**9) }}",
    "expandtabs": "{{ ('\t' * 1000).expandtabs(10**7) }}",
    "replace": "{{ ('x' * 1000).replace('x', 'y' * 100000) }}",
    "join": "{{ ('x' * 1000000).join(range(100000)|map('string')) }}",
    "translate": "{{ 'x'.translate({120: 'y'}) }}",
    "filter-join": "{{ range(100000)|join('x' * 1000000) }}",
    "filter-center": "{{ 'x'|center(10**9) }}",
    "filter-indent": r"{{ ('x\n' * 100000)|indent(1000) }}",
    "filter-format": "{{ '%0999999999d'|format(1) }}",
    "filter-replace": "{{ ('x' * 1000)|replace('x', 'y' * 100000) }}",
    "filter-batch": "{{ [1]|batch(10**9, 0)|list }}",
    "filter-slice": "{{ [1]|slice(10**9)|list }}",
    "filter-wordwrap": "{{ ('x' * 1000000)|wordwrap(1, wrapstring='y' * 1000) }}",
    "tojson": "{{ [1]|tojson(10**9) }}",
    "potens": "{{ 7 ** 100000000 }}",
    "kvadrering": "{% set ns = namespace(n=7) %}{% for i in range(100) %}"
    "{% set ns.n = ns.n * ns.n %}{% endfor %}",
    "flyttal": "{{ 2.5 ** 100000 }}",
    "lipsum": "{{ lipsum(10**9) }}",
    "decimaler": "{{ 1|tal(10**9) }}",
    "utdata": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_runaway_template_ends_in_an_error(tmp_path, name, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 10.0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mallar").mkdir()
    (tmp_path / "mallar" / "t.md.j2").write_text("rad 1\n" + RUNAWAY[name] + "\n", "utf-8")
    with pytest.raises(StodError) as e:
        render("t.md.j2", {}, tmp_path / "mallar")
    message = str(e.value)
    line = "" if name == "utdata" else ":2"  # the output as a whole is too large
    assert message.startswith(f"{Path('mallar') / 't.md.j2'}{line}: fel i mallen: "), message
    assert "Traceback" not in message and "MAX_RANGE" not in message


def test_long_running_template_is_stopped(tmp_path, monkeypatch):
    if not hasattr(__import__("signal"), "setitimer"):
        pytest.skip("ingen timer här")
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    (tmp_path / "mallar").mkdir()
    (tmp_path / "mallar" / "t.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "utf-8",
    )
    with pytest.raises(StodError, match="tar för lång tid"):
        render("t.md.j2", {}, tmp_path / "mallar")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="minnesgränsen finns på Linux")
def test_memory_hungry_template_gets_memory_error(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_HEADROOM", 300 << 20)
    (tmp_path / "mallar").mkdir()
    terms = " ~ ".join(["a"] * 200)  # 200 × 5 MB = 1 GB in one join
    (tmp_path / "mallar" / "t.md.j2").write_text(
        "{% set a = 'x' * 5000000 %}{{ " + terms + " }}", "utf-8"
    )
    with pytest.raises(StodError, match="för mycket minne"):
        render("t.md.j2", {}, tmp_path / "mallar")


def test_limits_leave_ordinary_templates_alone(tmp_path):
    (tmp_path / "mallar").mkdir()
    (tmp_path / "mallar" / "t.md.j2").write_text(
        "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ '%5.1f' % 3.14159 }} {{ '{:>4}'.format(7) }} "
        "{{ [1, 2]|join(', ') }} {{ 'a-b'.replace('-', '–') }} {{ x.namn|center(9) }}|\n",
        "utf-8",
    )
    text = render("t.md.j2", {"x": {"namn": "Ludde"}}, tmp_path / "mallar")
    assert text == "ababab 1024   3.1    7 1, 2 a–b   Ludde  |\n"
