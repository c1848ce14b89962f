"""Charts for the report (matplotlib, PNG, same bytes for the same figures).

Drawn with matplotlib's object API (`Figure` on an Agg canvas, no pyplot) at the width they
have on the page, so that the type size set here is the type size on paper (≥ 8 pt). Each
support area has its own colour, the same in every year and on every platform, and the
colours are told apart in grey-scale print by their lightness and, where two share a
lightness, by their hatching."""

from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path

from ..render import tal

DPI = 150
# The text width of the DOCX page (A4 with 2.5 cm margins, mallar/referens.docx): 16 cm,
# which pandoc takes as 453 whole points. A chart is that wide to the pixel or a hair less,
# so that pandoc places it as drawn and never shrinks it.
TEXT_WIDTH_PT = int((21.0 - 2 * 2.5) / 2.54 * 72)
WIDTH_IN = int(TEXT_WIDTH_PT / 72 * DPI) / DPI
SMALLEST_PT = 8  # no text in a chart is smaller (the legend, notes)
FONT_PT = 9  # labels and ticks
TITLE_PT = 10

# Support area (code in vocab.OMRADEN) → (colour, hatch). Fixed by the code, never by the
# position among the areas a year happens to have. The colours sit on five grey levels
# (luma 45, 85, 125, 165, 205 of 255, as a grey-scale printer sees them): areas next to each
# other in vocab.OMRADEN – the order of the stacks – lie at least two levels (80) apart, and
# the three areas on one level have three different hatchings.
AREA_STYLE = {
    "finansiering": ("#163B22", ""),
    "affarsutveckling": ("#A7733F", ""),
    "administration": ("#BCD1E6", ""),
    "bokforing": ("#963939", ""),
    "hr": ("#8DC059", ""),
    "handledarstod": ("#391F53", "//"),
    "upphandling": ("#3A9999", "//"),
    "investeringskalkyl": ("#DAD09D", "//"),
    "avknoppning": ("#8E3662", "//"),
    "arbetsformagebedomning": ("#7AC76A", "//"),
    "salj_marknadsforing": ("#262664", ".."),
    "utbildning": ("#BB674B", ".."),
    "myndighetskontakter": ("#AADFCD", ".."),
    "styrelsearbete": ("#863386", ".."),
    "natverk": ("#B2B243", ".."),
}
BUDGET_COLOUR, ACTUAL_COLOUR = "#BCD1E6", "#163B22"  # light and dark: apart in grey too
OUTCOME_COLOUR = "#3A9999"
LABEL_WIDTH = 32  # characters on a line of a bar's name; a longer name wraps, words whole

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_PT,
    "axes.titlesize": TITLE_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": SMALLEST_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
    "text.parse_math": False,  # names as written: 'Kafé $5 och $10' is no formula
}


def _grey(colour: str) -> float:
    """Luma (0–255) of '#RRGGBB', as a grey-scale conversion (ITU-R BT.601) sees it."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _hatch_colour(colour: str) -> str:
    return "#FFFFFF" if _grey(colour) < 128 else "#333333"


def _figure(height_in: float):
    """A figure of the text's width on an Agg canvas, laid out to fit its labels."""
    import matplotlib

    matplotlib.rcParams.update(STYLE)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None})
    tmp.replace(path)


# Drawn charts are kept in the user's cache folder (cache.root()/diagram, private as the
# parse cache), named by a hash of stod's code, matplotlib's files and the chart's figures:
# the same figures give the same PNG, so a second run – md, then docx – copies it instead of
# loading matplotlib and drawing (0,5 s of a report's 1,3 s). Only PNG bytes are kept and
# read: nothing there can run code, and a file that does not start as a PNG is drawn anew.
CACHE_FOLDER = "diagram"
CACHE_KEEP = 30  # charts kept; the least recently used go first
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _key(name: str, figures) -> str:
    import hashlib
    import importlib.util
    import json

    from .. import cache

    digest = hashlib.blake2b(f"{cache.code_key()}:{name}".encode(), digest_size=20)
    spec = importlib.util.find_spec("matplotlib")  # found, not imported
    if spec is not None and spec.origin:
        info = Path(spec.origin).stat()
        digest.update(f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}".encode())
    digest.update(json.dumps(figures, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def _drawn(path: Path, name: str, figures, draw) -> bool:
    """Write the chart `draw()` makes of `figures` to `path` – or the same chart kept from an
    earlier run."""
    import os

    from .. import cache

    if not cache.enabled():
        _save(draw(), path)
        return True
    folder = cache.root() / CACHE_FOLDER
    kept = folder / f"{_key(name, figures)}.png"
    content = cache.read_kept(kept)  # None for a pipe, a link or a device
    if (
        content is not None
        and content.startswith(PNG_SIGNATURE)
        and cache._private(folder, make=False)
    ):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(kept, follow_symlinks=False)
        return True
    _save(draw(), path)
    if cache._private(folder):
        cache.write_bytes(folder, kept.name, path.read_bytes())
        _prune(folder)
    return True


def _prune(folder: Path) -> None:
    """Keep the CACHE_KEEP most recently used charts."""
    try:
        charts = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in charts[CACHE_KEEP:]:
            old.unlink()
    except OSError:
        pass


def _number_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))  # room for '350 000'
    axis.set_major_formatter(FuncFormatter(lambda v, _: tal(v)))


def _label(name: str) -> str:
    return "\n".join(textwrap.wrap(name, LABEL_WIDTH, break_long_words=False)) or name


MOST_BARS = 20


def _largest(rows: list[dict], count: int = MOST_BARS) -> list[dict]:
    """The `count` enterprises with the most hours, in their original order."""
    if len(rows) <= count:
        return rows
    keep = sorted(sorted(range(len(rows)), key=lambda i: -rows[i]["totalt"])[:count])
    return [rows[i] for i in keep]


def support_chart(stod: dict, path: Path) -> bool:
    """Hours per enterprise, stacked by area (at most the MOST_BARS largest)."""
    if not stod["per_foretag"]:
        return False
    figures = {k: stod[k] for k in ("per_foretag", "omraden", "omradeskoder")}
    return _drawn(path, "stodtimmar", figures, lambda: _support_figure(stod))


def _support_figure(stod: dict):
    rows = list(reversed(_largest(stod["per_foretag"])))
    total = len(stod["per_foretag"])
    title = "Stödtimmar per företag och område"
    if total > len(rows):
        title += f"\n(de {len(rows)} med flest timmar av {total} företag)"
    labels = [_label(r["foretag"]) for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    legend_rows = -(-len(stod["omraden"]) // 3)
    fig = _figure(0.2 * lines + 0.12 * len(rows) + 0.2 * legend_rows + 1.2)
    ax = fig.add_subplot()
    from matplotlib.patches import Patch

    left = [0.0] * len(rows)
    legend = []
    for i, (code, area) in enumerate(zip(stod["omradeskoder"], stod["omraden"], strict=True)):
        colour, hatch = AREA_STYLE[code]
        style = {"facecolor": colour, "hatch": hatch, "hatchcolor": _hatch_colour(colour),
                 "linewidth": 0}  # fmt: skip
        # Only the bars that show: most enterprises have no hours in most areas, and an empty
        # bar costs as much to draw as a full one. The legend lists every area all the same.
        shown = [p for p, r in enumerate(rows) if r["timmar"][i]]
        if shown:
            ax.barh(shown, [rows[p]["timmar"][i] for p in shown],
                    left=[left[p] for p in shown], label=area, **style)  # fmt: skip
        left = [a + r["timmar"][i] for a, r in zip(left, rows, strict=True)]
        legend.append(Patch(label=area, **style))
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("Timmar")
    _number_axis(ax.xaxis)
    fig.legend(handles=legend, loc="outside lower center", ncol=3, frameon=False)
    ax.set_title(title, loc="left")
    return fig


def budget_chart(budget: list[dict], path: Path) -> bool:
    """What was granted (the posts' budget where there is no decision yet) against the
    actual cost per effort: the basis the report measures deviations against (budget.py)."""
    if not budget:
        return False
    return _drawn(path, "budget", budget, lambda: _budget_figure(budget))


def _budget_figure(budget: list[dict]):
    labels = [_label(b["namn"]) for b in reversed(budget)]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = _figure(0.2 * lines + 0.5 * len(budget) + 1.3)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    budgeted = [b["budget"] for b in reversed(budget)]
    granted = (
        "Beviljat" if all(b["beslutat"] for b in budget) else "Beviljat (sökt där beslut saknas)"
    )
    actual = [b["utfall"] or 0 for b in reversed(budget)]
    ax.barh([p + 0.2 for p in positions], budgeted, height=0.38, label=granted,
            color=BUDGET_COLOUR, edgecolor="#6C6C6C", linewidth=0.5)  # fmt: skip
    ax.barh([p - 0.2 for p in positions], actual, height=0.38, label="Utfall",
            color=ACTUAL_COLOUR, linewidth=0)  # fmt: skip
    for p, b in zip(positions, reversed(budget), strict=True):
        if b["utfall"] is None:
            ax.text(0, p - 0.2, "  utfall saknas", va="center", fontsize=SMALLEST_PT)
    ax.set_yticks(positions, labels)
    ax.set_xlabel("Kronor")
    _number_axis(ax.xaxis)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    ax.set_title("Beviljat och utfall per insats", loc="left")
    return fig


def outcome_chart(utfall: list[dict], path: Path) -> bool:
    """Ended participants by outcome; counts printed as "färre än 5" or "dolt" drawn as a
    label, not a bar. No chart when no bar would be drawn (the report says so in words)."""
    if not any(isinstance(u["antal"], int) and u["antal"] > 0 for u in utfall):
        return False
    return _drawn(path, "deltagarutfall", utfall, lambda: _outcome_figure(utfall))


def _outcome_figure(utfall: list[dict]):
    fig = _figure(0.3 * len(utfall) + 1.0)
    ax = fig.add_subplot()
    labels = [u["utfall"] for u in reversed(utfall)]
    values = [u["antal"] if isinstance(u["antal"], int) else 0 for u in reversed(utfall)]
    ax.barh(range(len(labels)), values, color=OUTCOME_COLOUR)
    ax.set_yticks(range(len(labels)), labels)
    for i, u in enumerate(reversed(utfall)):
        text = u["antal"] if isinstance(u["antal"], str) else tal(u["antal"])
        ax.text(values[i], i, f"  {text}", va="center", fontsize=SMALLEST_PT)
    ax.set_xlabel("Deltagare som avslutat")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max([*values, 5]) * 1.3)
    hidden = any(isinstance(u["antal"], str) for u in utfall)
    ax.set_title(
        "Deltagarnas utfall" + (" (små antal visas inte som stapel)" if hidden else ""), loc="left"
    )
    return fig


def trend_chart(aren: dict, path: Path) -> bool:
    """The years side by side (trend.py): support hours per year above, the grant and the
    outcome per year below. No chart when fewer than two years have figures (the report says
    so in words); a panel only where two years or more have its figures. Participants are not
    drawn: a year's count may be printed as "färre än 5" or "dolt"."""
    if not aren["kan_ritas"]:
        return False
    keys = ("ar", "hittills", "stodtimmar", "har_budget", "beviljat", "utfall")
    figures = [{k: row[k] for k in keys} for row in aren["rader"]]
    return _drawn(path, "aren", figures, lambda: _trend_figure(figures))


def _years_with(rows: list[dict], *keys: str) -> int:
    return sum(any(row[k] is not None for k in keys) for row in rows)


def _trend_figure(rows: list[dict]):
    panels = [
        key
        for key, count in (
            ("stodtimmar", _years_with(rows, "stodtimmar")),
            ("budget", _years_with(rows, "beviljat", "utfall")),
        )
        if count >= 2
    ]
    fig = _figure(1.2 + 1.9 * len(panels))
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    positions = list(range(len(rows)))
    labels = [f"{r['ar']}\nhittills" if r["hittills"] else str(r["ar"]) for r in rows]
    for ax, panel in zip(axes, panels, strict=True):
        if panel == "stodtimmar":
            hours = [r["stodtimmar"] or 0 for r in rows]
            ax.bar(positions, hours, width=0.6, color=ACTUAL_COLOUR)
            for p, r in zip(positions, rows, strict=True):
                text = "inga uppgifter" if r["stodtimmar"] is None else tal(r["stodtimmar"])
                ax.annotate(text, (p, hours[p]), xytext=(0, 2), textcoords="offset points",
                            ha="center", va="bottom", fontsize=SMALLEST_PT)  # fmt: skip
            ax.set_ylabel("Timmar")
            ax.set_title("Stödtimmar till företagen per år", loc="left")
            ax.set_ylim(0, max([*hours, 1]) * 1.18)  # room for the numbers over the bars
        else:
            granted = [r["beviljat"] or 0 for r in rows]
            actual = [r["utfall"] or 0 for r in rows]
            ax.bar([p - 0.2 for p in positions], granted, width=0.38, label="Beviljat",
                   color=BUDGET_COLOUR, edgecolor="#6C6C6C", linewidth=0.5)  # fmt: skip
            ax.bar([p + 0.2 for p in positions], actual, width=0.38, label="Utfall",
                   color=ACTUAL_COLOUR, linewidth=0)  # fmt: skip
            for p, r in zip(positions, rows, strict=True):
                missing = [
                    (offset, word)
                    for offset, word, value in (
                        (-0.2, "ej beslutat", r["beviljat"]),
                        (0.2, "ej avslutat", r["utfall"]),
                    )
                    if value is None and r["har_budget"]
                ]
                for offset, word in missing:  # a word where a bar is missing, upright
                    ax.text(p + offset, 0, f" {word}", rotation=90, ha="center", va="bottom",
                            fontsize=SMALLEST_PT)  # fmt: skip
            ax.set_ylabel("Kronor")
            ax.set_title("Beviljat bidrag och utfall per år", loc="left")
            fig.legend(handles=ax.get_legend_handles_labels()[0], loc="outside lower center",
                       ncol=2, frameon=False)  # fmt: skip
            ax.set_ylim(0, max([*granted, *actual, 1]) * 1.15)
        _number_axis(ax.yaxis)
        ax.set_xticks(positions, labels)
        ax.set_xlim(-0.6, len(rows) - 0.4)
    return fig


def report_charts(summary: dict, folder: Path) -> dict[str, str]:
    """Draw the report's charts into `folder`; returns {name: file name} for those drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn = {}
    jobs = {
        "stodtimmar": lambda p: support_chart(summary["stod"], p),
        "budget": lambda p: budget_chart(summary["budget"], p),
        "deltagarutfall": lambda p: outcome_chart(summary["deltagare"]["totalt"]["utfall"], p),
        "aren": lambda p: trend_chart(summary["aren"], p),
    }
    for name, draw in jobs.items():
        path = folder / f"{name}.png"
        if draw(path):
            drawn[name] = path.name
    return drawn
