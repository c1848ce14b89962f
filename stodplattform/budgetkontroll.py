"""The budget's checks in `stod validera` (SPEC §5), by the rules of avvikelse.py that the
report uses too: revised amounts that add up to the grant, an outcome over the grant, and a
post that deviates more than ±10 % from its budget without a comment on why.

Goals are not checked here: most are counted from the support log, the meetings and the
participants only when the report is made (its `luckor` say what is missing)."""

from __future__ import annotations

from .avvikelse import (
    avvikelse,
    kommentar_kravs,
    kr_text,
    ofordelat,
    post_budget,
    procent_text,
    reviderad,
    stangd,
)
from .dataset import Data


def check_budget(data: Data) -> None:
    """The budget against the funder's decision (SPEC §5, avvikelse.py): revised amounts that
    add up to the grant; an outcome over the grant; a post of a closed effort that deviates
    more than ±10 % from its budget without a comment on why. An outcome over the grant is
    quiet once every post over its budget says why in its comment; the report states it all
    the same."""
    for source, arsfil in data.ar.values():
        for i, insats in enumerate(arsfil.insatser):
            at = ("insatser", i)
            _check_reviderat(source, insats, at)
            closed = stangd(insats)
            for j, post in enumerate(insats.budget):
                if kommentar_kravs(post, closed) and not post.kommentar:
                    planned = post_budget(post)
                    share = avvikelse(post.utfall, planned)["avvikelse_andel"]
                    how = (
                        f"avviker {procent_text(share)} från"
                        if share is not None
                        else "har utfall mot"
                    )
                    source.varning(
                        f"posten '{post.post}' {how} sin budget ({kr_text(planned)}, utfall "
                        f"{kr_text(post.utfall)}); skriv varför i 'kommentar', annars står "
                        "”Kommentar saknas” i rapporten",
                        (*at, "budget", j, "utfall"),
                    )
            if not closed or insats.beviljat is None:
                continue
            utfall = sum(p.utfall for p in insats.budget)
            over = [p for p in insats.budget if p.utfall > post_budget(p)]
            if utfall > insats.beviljat and not (over and all(p.kommentar for p in over)):
                hint = (
                    "ange 'reviderat' på posterna så att de summerar till det beviljade, och "
                    if ofordelat(insats) and not reviderad(insats)
                    else ""
                )
                source.varning(
                    f"utfallet för '{insats.id}' är {kr_text(utfall)}, "
                    f"{kr_text(utfall - insats.beviljat)} mer än det beviljade "
                    f"({kr_text(insats.beviljat)}); {hint}skriv varför i 'kommentar' på de "
                    "poster som gått över sin budget",
                    at,
                )


def _check_reviderat(source, insats, at: tuple) -> None:
    if not reviderad(insats):
        return
    if insats.beviljat is None:
        source.varning(
            f"'reviderat' är angivet på posterna för '{insats.id}' men 'beviljat' saknas; "
            "ange finansiärens beslut i 'beviljat'",
            (*at, "sokt"),
        )
        return
    total = sum(post_budget(p) for p in insats.budget)
    if total != insats.beviljat:
        source.varning(
            f"budgetposterna för '{insats.id}' summerar till {kr_text(total)} med de reviderade "
            f"beloppen men 'beviljat' är {kr_text(insats.beviljat)} (skillnad "
            f"{kr_text(total - insats.beviljat)}); en post utan 'reviderat' räknas med sitt "
            "'belopp'",
            (*at, "beviljat"),
        )
