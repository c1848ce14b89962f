"""The report's charts as they come out on paper: drawn at the page's text width, no text under
8 pt, one colour per support area whatever else the year holds, told apart in grey-scale
print; and a chart drawn once is copied, byte for byte, the next time."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zipfile

import pytest

from stodplattform import vocab
from stodplattform.formats import charts

from .conftest import EXAMPLE, run, show

SMALLEST_PT = 8
GREY_STEP = 60  # of 255: areas side by side in a stack (vocab order) at least this far apart
SAME_GREY = 30  # two areas closer than this in grey must differ in hatching
A4_TEXT_WIDTH_PT = (11906 - 2 * 1418) / 20  # A4, 2.5 cm margins (twips → pt)


@pytest.fixture
def drawn(monkeypatch):
    """The figures the chart functions save, drawn anew (no chart cache)."""
    monkeypatch.setenv("STOD_CACHE", "0")
    figures = []
    save = charts._save

    def keep(fig, path):
        save(fig, path)
        figures.append(fig)

    monkeypatch.setattr(charts, "_save", keep)
    return figures


def _stod(areas: list[str]) -> dict:
    """r.stod for two enterprises with hours in `areas` (codes), in vocab order."""
    areas = [a for a in vocab.OMRADEN if a in areas]
    rows = [
        {"foretag": name, "storsta": [], "timmar": [float(i + 1) for i in range(len(areas))],
         "totalt": float(sum(range(1, len(areas) + 1))), "poster": len(areas)}
        for name in ("Hantverkstan", "Industrispårets producerande sociala företag (arbetsnamn)")
    ]  # fmt: skip
    return {
        "per_foretag": rows,
        "omraden": [vocab.OMRADEN[a] for a in areas],
        "omradeskoder": areas,
        "per_omrade": [],
        "totalt": sum(r["totalt"] for r in rows),
        "poster": 2 * len(areas),
    }


def _area_styles(fig) -> dict[str, tuple[str, str]]:
    """{area label: (face colour as #rrggbb, hatch)} of a stacked bar chart."""
    from matplotlib.colors import to_hex

    ax = fig.axes[0]
    return {
        c.get_label(): (to_hex(c.patches[0].get_facecolor()), c.patches[0].get_hatch() or "")
        for c in ax.containers
    }


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b  # ITU-R BT.601, as grey-scale print converts


def test_an_area_has_its_colour_whatever_other_areas_the_year_has(drawn, tmp_path):
    charts.support_chart(_stod(["finansiering", "bokforing", "natverk"]), tmp_path / "a.png")
    charts.support_chart(_stod(["bokforing"]), tmp_path / "b.png")
    charts.support_chart(_stod(["natverk", "hr"]), tmp_path / "c.png")
    first, alone, other = (_area_styles(f) for f in drawn)
    label = vocab.OMRADEN
    assert first[label["bokforing"]] == alone[label["bokforing"]]
    assert first[label["natverk"]] == other[label["natverk"]]
    assert len(set(first.values())) == 3


def test_areas_are_told_apart_in_grey_scale_print(drawn, tmp_path):
    charts.support_chart(_stod(list(vocab.OMRADEN)), tmp_path / "alla.png")
    styles = _area_styles(drawn[0])
    ordered = [styles[vocab.OMRADEN[a]] for a in vocab.OMRADEN]  # the order of the stack
    for (one, _), (next_, _) in zip(ordered, ordered[1:], strict=False):
        assert abs(_grey(one) - _grey(next_)) >= GREY_STEP, (one, next_)
    for i, (colour, hatch) in enumerate(ordered):
        for other, other_hatch in ordered[i + 1 :]:
            if abs(_grey(colour) - _grey(other)) < SAME_GREY:
                assert hatch != other_hatch, (colour, other)


def test_only_the_bars_that_show_are_drawn_and_the_legend_keeps_every_area(drawn, tmp_path):
    stod = _stod(["finansiering", "bokforing", "natverk"])
    stod["per_foretag"][0]["timmar"] = [3.0, 0.0, 0.0]  # Hantverkstan: finansiering only
    stod["per_foretag"][1]["timmar"] = [0.0, 0.0, 2.0]  # nobody has bokföring among these
    charts.support_chart(stod, tmp_path / "glest.png")
    (fig,) = drawn
    ax = fig.axes[0]
    bars = {c.get_label(): [(p.get_x(), p.get_width()) for p in c.patches] for c in ax.containers}
    label = vocab.OMRADEN
    assert bars == {label["finansiering"]: [(0.0, 3.0)], label["natverk"]: [(0.0, 2.0)]}
    (legend,) = fig.legends
    shown = {t.get_text(): (p.get_facecolor(), p.get_hatch() or "")
             for t, p in zip(legend.get_texts(), legend.get_patches(), strict=True)}  # fmt: skip
    from matplotlib.colors import to_rgba

    assert shown == {
        label[a]: (to_rgba(charts.AREA_STYLE[a][0]), charts.AREA_STYLE[a][1])
        for a in ("finansiering", "bokforing", "natverk")
    }


def _png_width_pt(path) -> float:
    """A PNG's width on paper: pixels over the pixels per metre it states (pHYs)."""
    data = path.read_bytes()
    width = struct.unpack(">I", data[16:20])[0]
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4 : at + 8])[0]
    return width / per_metre * 1000 / 25.4 * 72


def _text_width_pt(document: str) -> float:
    """The text width the DOCX's own page gives (pgSz less pgMar), else A4 with 2.5 cm."""
    size = re.search(r'<w:pgSz\b[^>]*w:w="(\d+)"', document)
    left = re.search(r'<w:pgMar\b[^>]*w:left="(\d+)"', document)
    right = re.search(r'<w:pgMar\b[^>]*w:right="(\d+)"', document)
    if not (size and left and right):
        return A4_TEXT_WIDTH_PT
    return (int(size.group(1)) - int(left.group(1)) - int(right.group(1))) / 20


def test_charts_are_drawn_at_the_width_they_have_on_the_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--data", str(EXAMPLE), "--per", "2026-02-15", "--skriv-over"]
    result = run("rapport", "2025", *args, "--ut", "r.md")
    assert result.exit_code == 0, show(result)
    result = run("rapport", "2025", *args, "--format", "docx", "--ut", "r.docx")
    assert result.exit_code == 0, show(result)
    document = zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml").decode()
    text_width = _text_width_pt(document)
    pngs = sorted((tmp_path / "r-diagram").glob("*.png"))
    assert pngs  # which charts the year has is the report's matter; each is checked
    for png in pngs:  # as wide as the text, to half a millimetre
        assert text_width - 1.5 <= _png_width_pt(png) <= text_width, png.name
    placed = [int(cx) / 12700 for cx in re.findall(r'<wp:extent cx="(\d+)"', document)]
    assert len(placed) == len(pngs)
    for width in placed:  # pandoc placed each as drawn: not shrunk into the page
        assert width == pytest.approx(_png_width_pt(pngs[0]), abs=0.5)


def test_no_text_in_a_chart_is_smaller_than_8_pt_on_paper(drawn, tmp_path):
    import datetime as dt

    from matplotlib.text import Text

    from stodplattform.documents import rapport
    from stodplattform.repository import load_data

    document = rapport(load_data(EXAMPLE), 2025, dt.date(2026, 2, 15))
    assert document.charts(tmp_path)
    charts.support_chart(_stod(list(vocab.OMRADEN)), tmp_path / "alla.png")
    for fig in drawn:
        scale = min(1.0, A4_TEXT_WIDTH_PT / (fig.get_size_inches()[0] * 72))
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        assert len(texts) > 5
        for t in texts:
            assert t.get_fontsize() * scale >= SMALLEST_PT, (t.get_text(), t.get_fontsize())
            assert not t.get_parse_math(), t.get_text()  # names drawn as written


KEPT = """
import sys
from pathlib import Path
from stodplattform.formats import charts
stod = {stod!r}
charts.support_chart(stod, Path(sys.argv[1]))
print("matplotlib" in sys.modules)
"""


def test_a_chart_drawn_once_is_copied_the_next_time(tmp_path):
    code = KEPT.format(stod=_stod(["finansiering", "bokforing"]))
    env = {**os.environ, "STOD_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("STOD_CACHE", None)

    def draw(name: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    assert draw("first.png") == "True"
    assert draw("second.png") == "False"  # not drawn: matplotlib not even loaded
    assert (tmp_path / "first.png").read_bytes() == (tmp_path / "second.png").read_bytes()
    folder = tmp_path / "cache" / "diagram"
    (kept,) = folder.glob("*.png")
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700
        assert kept.stat().st_mode & 0o777 == 0o600
    kept.write_bytes(b"<svg onload='alert(1)'>")  # not a PNG: drawn anew, never copied
    assert draw("third.png") == "True"
    assert (tmp_path / "third.png").read_bytes() == (tmp_path / "first.png").read_bytes()


TO_TERMINAL = """
import sys
from stodplattform.cli import main
sys.argv = ["stod", "rapport", "2025", "--data", {data!r}, "--per", "2026-02-15", "--ut", "-"]
try:
    main()
finally:
    print("matplotlib" in sys.modules, file=sys.stderr)
"""


def test_markdown_to_the_terminal_draws_no_chart(tmp_path):
    """Markdown on stdout has no folder beside it for the charts: none is drawn, and
    matplotlib is not even loaded."""
    env = {**os.environ, "STOD_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("STOD_CACHE", None)
    done = subprocess.run([sys.executable, "-c", TO_TERMINAL.format(data=str(EXAMPLE))],
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Uppföljning 2025"), done.stdout[:200]
    assert ".png" not in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    assert not (tmp_path / "cache" / "diagram").exists()
