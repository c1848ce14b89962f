"""Charts for the report (matplotlib, PNG, same bytes for the same figures)."""

from __future__ import annotations

from pathlib import Path

from ..privacy import MASK
from ..render import tal

COLOURS = ["#2E5E3E", "#4A7C59", "#8DB580", "#C9D8A8", "#E4B363", "#C2703D", "#7A4E2D",
           "#5B7DB1", "#9BB1D4", "#B8B8B8", "#6C6C6C", "#A05C7B", "#D8A7B1", "#3D3D3D",
           "#E0E0E0"]  # fmt: skip


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "stod",
            "text.parse_math": False,  # names as written: 'Kafé $5 och $10' is no formula
        }
    )
    return plt


def _save(fig, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fig.savefig(tmp, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    tmp.replace(path)


def _number_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: tal(v)))


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
    plt = _pyplot()
    rows = list(reversed(_largest(stod["per_foretag"])))
    total = len(stod["per_foretag"])
    title = "Stödtimmar per företag och område"
    if total > len(rows):
        title += f" (de {len(rows)} med flest timmar av {total} företag)"
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(rows) + 1.6))
    left = [0.0] * len(rows)
    for i, area in enumerate(stod["omraden"]):
        values = [r["timmar"][i] for r in rows]
        ax.barh([r["foretag"] for r in rows], values, left=left, label=area,
                color=COLOURS[i % len(COLOURS)])  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel("Timmar")
    _number_axis(ax.xaxis)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False, fontsize=8)
    ax.set_title(title, loc="left", fontsize=10)
    _save(fig, path)
    plt.close(fig)
    return True


def budget_chart(budget: list[dict], path: Path) -> bool:
    """Budget (applied for) against actual cost per effort."""
    if not budget:
        return False
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.9 * len(budget) + 1.4))
    names = [b["namn"] for b in reversed(budget)]
    positions = list(range(len(names)))
    budgeted = [b["sokt"] for b in reversed(budget)]
    actual = [b["utfall"] or 0 for b in reversed(budget)]
    ax.barh([p + 0.2 for p in positions], budgeted, height=0.38, label="Budget", color=COLOURS[2])
    ax.barh([p - 0.2 for p in positions], actual, height=0.38, label="Utfall", color=COLOURS[0])
    for p, b in zip(positions, reversed(budget), strict=True):
        if b["utfall"] is None:
            ax.text(0, p - 0.2, "  utfall saknas", va="center", fontsize=8)
    ax.set_yticks(positions, names)
    ax.set_xlabel("Kronor")
    _number_axis(ax.xaxis)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    ax.set_title("Budget och utfall per insats", loc="left", fontsize=10)
    _save(fig, path)
    plt.close(fig)
    return True


def outcome_chart(utfall: list[dict], path: Path) -> bool:
    """Ended participants by outcome; masked counts drawn as a label, not a bar."""
    if not utfall:
        return False
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(utfall) + 1.2))
    labels = [u["utfall"] for u in reversed(utfall)]
    values = [0 if u["antal"] == MASK else u["antal"] for u in reversed(utfall)]
    ax.barh(labels, values, color=COLOURS[1])
    for i, u in enumerate(reversed(utfall)):
        text = MASK if u["antal"] == MASK else tal(u["antal"])
        ax.text(values[i], i, f"  {text}", va="center", fontsize=8)
    ax.set_xlabel("Deltagare som avslutat")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max([*values, 5]) * 1.3)
    ax.set_title("Deltagarnas utfall (små antal visas som 'färre än 5')", loc="left", fontsize=10)
    _save(fig, path)
    plt.close(fig)
    return True


def report_charts(summary: dict, folder: Path) -> dict[str, str]:
    """Draw the report's charts into `folder`; returns {name: file name} for those drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn = {}
    jobs = {
        "stodtimmar": lambda p: support_chart(summary["stod"], p),
        "budget": lambda p: budget_chart(summary["budget"], p),
        "deltagarutfall": lambda p: outcome_chart(summary["deltagare"]["totalt"]["utfall"], p),
    }
    for name, draw in jobs.items():
        path = folder / f"{name}.png"
        if draw(path):
            drawn[name] = path.name
    return drawn
