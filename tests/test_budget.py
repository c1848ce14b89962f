"""The budget against what was granted (SPEC §5): the report, `stod validera`, the export, the
chart and the overview measure the outcome against the grant – revised posts where given –
never against what was applied for; comments and "Kommentar saknas"; the report's own text;
the support hours per effort."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import pandas as pd
import pytest

from stodplattform.formats import charts

from .conftest import EXAMPLE, run, show

PER = "2026-03-01"
NBSP = "\u00a0"


def kr(text: str) -> str:
    """'7 000 kr' as the documents write it (non-breaking spaces)."""
    return text.replace(" ", NBSP)


@pytest.fixture
def data(tmp_path, monkeypatch):
    """The example data copied to tmp_path/data, the working folder tmp_path."""
    shutil.copytree(EXAMPLE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STOD_DATA", raising=False)
    return tmp_path / "data"


def year_file(data, *efforts: str, rest: str = "") -> None:
    """Replace ar/2025.yaml with these efforts (YAML list items under `insatser:`) and the
    rest. Keep the industrispåret effort: the support log and the participants name it."""
    items = [textwrap.indent(textwrap.dedent(e).strip("\n"), "  ") for e in efforts]
    text = "ar: 2025\ninsatser:\n" + "\n".join(items)
    text += "\n" + textwrap.dedent(rest).strip("\n") + "\n"
    (data / "ar" / "2025.yaml").write_text(text, encoding="utf-8")


INDUSTRI_EJ_BESLUTAD = """
    - id: industrisparet
      namn: Industrispåret
      kortnamn: industrispåret
      sokt: 100000
      budget:
        - {post: Projektledare, belopp: 100000, utfall: 100000}
"""

# The second platform of issue #11: 250 000 kr applied for, 200 000 granted, 207 000 spent.
OVER_BEVILJAT = """
    - id: stodplattformen
      namn: Stödplattform för sociala företag
      kortnamn: stödplattformen
      sokt: 250000
      beviljat: 200000
      budget:
        - {post: Stödresurs, belopp: 200000, utfall: 170000}
        - {post: Administration, belopp: 50000, utfall: 37000}
"""


def report(*args: str) -> tuple[str, str]:
    result = run("rapport", "2025", "--data", "data", "--per", PER, "--ut", "-", *args)
    assert result.exit_code == 0, show(result)
    return result.stdout, result.stderr


def validera(*args: str):
    return run("validera", "--data", "data", *args)


def section(document: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    import re

    level = len(heading) - len(heading.lstrip("#"))
    body = document.split(heading + "\n", 1)[1]
    return re.split(rf"\n#{{1,{level}}} ", body, maxsplit=1)[0]


def row(document: str, first_cell: str) -> str:
    lines = [line for line in document.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(lines) == 1, (first_cell, lines)
    return lines[0]


# -- the outcome against the grant ------------------------------------------------------------


def test_an_outcome_over_the_grant_is_over_the_grant_not_under_what_was_applied_for(data):
    year_file(data, OVER_BEVILJAT, INDUSTRI_EJ_BESLUTAD)
    document, _ = report()
    budget = section(document, "### Stödplattform för sociala företag")
    total = row(budget, "**Summa**")
    assert kr("**+7 000 kr**") in total and "**+3,5" in total, total
    assert kr("200 000 kr") in total and kr("207 000 kr") in total, total
    assert "43" not in total and "17,2" not in budget, budget  # the bug: against sökt
    assert f"**Utfallet är {kr('7 000 kr')} högre än det beviljade bidraget**" in budget, budget
    # the posts stand as applied for, and the cut is a row of its own so the table adds up
    assert "posterna är inte reviderade: de står som i ansökan" in budget, budget
    cut = row(budget, "Skillnad mot det beviljade, inte fördelad på posterna")
    assert kr("−50 000 kr") in cut and kr("+50 000 kr") in cut, cut
    assert kr("−30 000 kr") in row(budget, "Stödresurs")  # a post against its amount
    summary = section(document, "## Sammanfattning")
    assert row(summary, "Beviljat") == (
        f"| Beviljat | {kr('200 000 kr')} (ej beslutat för industrispåret) |"
    )


def test_an_outcome_over_the_grant_is_a_warning_in_validera(data):
    year_file(data, OVER_BEVILJAT, INDUSTRI_EJ_BESLUTAD)
    result = validera()
    assert result.exit_code == 0, show(result)
    assert (
        f"varning: utfallet för 'stodplattformen' är {kr('207 000 kr')}, {kr('7 000 kr')} mer "
        f"än det beviljade ({kr('200 000 kr')}); ange 'reviderat' på posterna"
    ) in result.stdout, show(result)
    assert validera("--strikt").exit_code == 1


def test_an_outcome_over_the_grant_is_quiet_once_the_posts_over_their_budget_say_why(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 200000
          budget:
            - {post: Stödresurs, belopp: 200000, reviderat: 160000, utfall: 170000,
               kommentar: Fler timmar än planerat gick åt till industrispåret.}
            - {post: Administration, belopp: 50000, reviderat: 40000, utfall: 37000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    result = validera("--strikt")
    assert result.exit_code == 0, show(result)
    document, _ = report()
    budget = section(document, "## Budget och utfall")
    assert (
        f"**Utfallet är {kr('7 000 kr')} högre än det beviljade bidraget**" in budget
    )  # still said


def test_revised_posts_are_the_budget_and_are_shown_beside_what_was_applied_for(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 200000
          budget:
            - {post: Stödresurs, belopp: 200000, reviderat: 160000, utfall: 156000}
            - {post: Administration, belopp: 50000, reviderat: 40000, utfall: 39000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    assert validera("--strikt").exit_code == 0
    document, _ = report()
    budget = section(document, "### Stödplattform för sociala företag")
    assert "| Post | Sökt | Budget | Utfall | Avvikelse | Avvikelse (%) |" in budget, budget
    assert row(budget, "Stödresurs") == (
        f"| Stödresurs | {kr('200 000 kr')} | {kr('160 000 kr')} | {kr('156 000 kr')} | "
        f"{kr('−4 000 kr')} | −2,5{NBSP}% |"
    )
    assert kr("**−5 000 kr**") in row(budget, "**Summa**")
    assert "Skillnad mot det beviljade" not in budget
    assert "högre än det beviljade" not in budget


def test_revised_posts_that_do_not_add_up_to_the_grant_are_a_warning(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 200000
          budget:
            - {post: Stödresurs, belopp: 200000, reviderat: 150000}
            - {post: Administration, belopp: 50000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    result = validera()
    assert (
        f"varning: budgetposterna för 'stodplattformen' summerar till {kr('200 000 kr')} med "
        f"de reviderade beloppen men 'beviljat' är {kr('200 000 kr')}"
    ) not in result.stdout  # 150 000 + 50 000 is the grant: quiet
    assert "summerar till" not in result.stdout, show(result)
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 200000
          budget:
            - {post: Stödresurs, belopp: 200000, reviderat: 140000}
            - {post: Administration, belopp: 50000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    result = validera()
    assert (
        f"varning: budgetposterna för 'stodplattformen' summerar till {kr('190 000 kr')} med "
        f"de reviderade beloppen men 'beviljat' är {kr('200 000 kr')} (skillnad "
        f"{kr('−10 000 kr')})"
    ) in result.stdout, show(result)


def test_no_decision_reads_ej_beslutat_never_0_kr(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          budget:
            - {post: Stödresurs, belopp: 200000}
            - {post: Administration, belopp: 50000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    document, _ = report()
    summary = section(document, "## Sammanfattning")
    assert row(summary, "Beviljat") == "| Beviljat | ej beslutat |"
    assert "Utfall mot beviljat" not in summary
    budget = section(document, "### Stödplattform för sociala företag")
    assert "beviljat ej beslutat: avvikelserna räknas mot det sökta" in budget, budget
    assert f"0{NBSP}kr" not in row(summary, "Beviljat")
    overview = run("oversikt", "2025", "--data", "data", "--per", PER)
    assert overview.exit_code == 0, show(overview)
    assert "ej beslutat" in overview.stdout, show(overview)


# -- the same figures elsewhere ---------------------------------------------------------------


def test_the_export_adds_up_to_the_grant(data):
    year_file(data, OVER_BEVILJAT, INDUSTRI_EJ_BESLUTAD)
    result = run("export", "2025", "--data", "data", "--format", "csv", "--per", PER)
    assert result.exit_code == 0, show(result)
    sheet = pd.read_csv(
        data.parent / "ut" / "export-2025" / "budget.csv", sep=";", decimal=",",
        thousands=None, encoding="utf-8-sig",
    )  # fmt: skip
    effort = sheet[sheet["Insats"] == "Stödplattform för sociala företag"]
    assert effort["Budget"].sum() == 200000
    assert effort["Utfall"].sum() == 207000
    assert effort["Avvikelse"].sum() == 7000
    assert effort["Sökt"].sum() == 250000


def test_the_chart_draws_the_grant_against_the_outcome(data, monkeypatch):
    from stodplattform.aggregate import year_summary
    from stodplattform.repository import load_data

    year_file(data, OVER_BEVILJAT, INDUSTRI_EJ_BESLUTAD)
    monkeypatch.setenv("STOD_CACHE", "0")
    summary = year_summary(load_data(data), 2025, dt.date.fromisoformat(PER))
    figures = []
    monkeypatch.setattr(charts, "_save", lambda fig, path: figures.append(fig))
    charts.budget_chart(summary["budget"], data.parent / "budget.png")
    (fig,) = figures
    ax = fig.axes[0]
    bars = {
        container.get_label(): [bar.get_width() for bar in container] for container in ax.containers
    }
    # the efforts are drawn bottom up: industrispåret (no decision: its posts), stödplattformen
    assert bars == {
        "Beviljat (sökt där beslut saknas)": [100000, 200000],
        "Utfall": [100000, 207000],
    }


# -- comments and the report's own text -------------------------------------------------------


def test_a_deviation_over_ten_percent_without_a_comment_is_marked_and_warned(data):
    year_file(data, OVER_BEVILJAT, INDUSTRI_EJ_BESLUTAD)
    document, stderr = report()
    budget = section(document, "### Stödplattform för sociala företag")
    comments = budget.split("**Kommentarer**", 1)[1]
    assert "- **Stödresurs** (−15,0\u00a0%): **[Kommentar saknas]{.stod-saknas}**" in comments
    assert "- **Administration** (−26,0\u00a0%): **[Kommentar saknas]{.stod-saknas}**" in comments
    assert (
        "varning: kommentar saknas: posten 'Stödresurs' i 'stodplattformen' avviker −15,0"
    ) in stderr, stderr
    result = validera()
    assert (
        f"varning: posten 'Administration' avviker −26,0{NBSP}% från sin budget "
        f"({kr('50 000 kr')}, utfall {kr('37 000 kr')}); skriv varför i 'kommentar'"
    ) in result.stdout, show(result)


def test_ten_percent_exactly_needs_no_comment(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 250000
          budget:
            - {post: Stödresurs, belopp: 200000, utfall: 180000}
            - {post: Administration, belopp: 50000, utfall: 50000}
        """,
        INDUSTRI_EJ_BESLUTAD,
    )
    document, stderr = report()
    assert "Kommentar saknas" not in document and "kommentar saknas" not in stderr
    assert validera("--strikt").exit_code == 0


def test_comments_are_shown_under_the_tables_and_goals_not_reached_need_one(data):
    year_file(
        data,
        """
        - id: stodplattformen
          namn: Stödplattform för sociala företag
          sokt: 250000
          beviljat: 250000
          budget:
            - {post: Stödresurs, belopp: 200000, utfall: 150000,
               kommentar: "Tjänsten var *vakant* i tre månader."}
            - {post: Administration, belopp: 50000, utfall: 50000}
        """,
        INDUSTRI_EJ_BESLUTAD,
        rest="""
        mal:
          - {id: foretag, beskrivning: Ett nytt företag, matt: manuellt, malvarde: 1, utfall: 0,
             kommentar: Bildas först nästa år.}
          - {id: moten, beskrivning: Tjugo möten, matt: moten, malvarde: 20}
          - {id: timmar, beskrivning: Minst tio timmar, matt: stodtimmar, malvarde: 10}
        texter:
          uppfoljning: |
            Året gick **bra**.

            - en lista
        """,
    )
    document, stderr = report()
    budget = section(document, "### Stödplattform för sociala företag")
    assert "| Stödresurs |" in budget and "vakant" not in row(budget, "Stödresurs")  # narrow
    assert "- **Stödresurs** (−25,0\u00a0%): Tjänsten var *vakant* i tre månader." in budget
    goals = section(document, "## Mål")
    assert "- **Ett nytt företag** (ej uppnått): Bildas först nästa år." in goals, goals
    assert "- **Tjugo möten** (" in goals and "**[Kommentar saknas]{.stod-saknas}**" in goals
    assert "Minst tio timmar**" not in goals  # reached: no comment asked for
    assert "varning: kommentar saknas: målet 'moten' nåddes inte under 2025" in stderr, stderr
    assert "målet 'foretag'" not in stderr and "posten" not in stderr, stderr
    summary = section(document, "## Sammanfattning")
    assert "Året gick **bra**.\n\n- en lista\n" in summary  # the user's Markdown, kept
    assert validera("--strikt").exit_code == 0  # goals are the report's to ask about
    html = run("rapport", "2025", "--data", "data", "--per", PER, "-f", "html", "--ut", "-")
    assert html.exit_code == 0, show(html)
    assert "<strong>bra</strong>" in html.stdout and "<em>vakant</em>" in html.stdout


def test_a_goal_not_reached_before_the_year_is_over_needs_no_comment_yet(data):
    year_file(
        data,
        INDUSTRI_EJ_BESLUTAD,
        rest="""
        mal:
          - {id: moten, beskrivning: Tjugo möten, matt: moten, malvarde: 20}
        """,
    )
    result = run("rapport", "2025", "--data", "data", "--per", "2025-06-30", "--ut", "-")
    assert result.exit_code == 0, show(result)
    assert "Kommentar saknas" not in result.stdout and "kommentar saknas" not in result.stderr


def test_a_missing_summary_text_is_marked_and_warned(data):
    year_file(data, INDUSTRI_EJ_BESLUTAD)
    document, stderr = report()
    summary = section(document, "## Sammanfattning")
    assert "**[Texten saknas: fyll i texter.uppfoljning i ar/2025.yaml]{.stod-saknas}**" in summary
    assert "varning: texter.uppfoljning saknas i ar/2025.yaml" in stderr


# -- support hours per effort -----------------------------------------------------------------


def test_each_support_hour_figure_says_which_effort_it_covers(data):
    """130 hours in the summary, 123 in a goal on one effort: both say what they cover."""
    document, _ = report()
    summary = section(document, "## Sammanfattning")
    assert row(summary, "Stödtimmar till företagen") == "| Stödtimmar till företagen | 130 |"
    assert row(summary, "– varav stödplattformen") == "| – varav stödplattformen | 123 |"
    assert row(summary, "– varav industrispåret") == "| – varav industrispåret | 7 |"
    support = section(document, "## Stöd till företagen")
    # 123 and 7, both as digits: one of them is over twelve
    assert "Av timmarna hör 123 till stödplattformen och 7 till industrispåret." in support
    goal = row(section(document, "## Mål"), "Stödresursen ger företagen minst 150 timmars stöd")
    assert "| Stödtimmar (stödplattformen) | 150 | 123 |" in goal, goal
