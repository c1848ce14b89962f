"""The budget's rules, shared by the checks (`stod validera`) and the report's figures: what a
post and an effort are measured against, the deviation, and when a comment is due.

A post is measured against its revised amount (`reviderat`, after the funder's decision) when
it is given, else against the amount applied for (`belopp`). An effort is measured against
what was granted (`beviljat`) once there is a decision, else against its posts. A leaf: plain
Python, no imports from the package.
"""

from __future__ import annotations

GRANS = 0.10  # a post that deviates more than ±10 % of its budget needs a comment


def post_budget(post) -> int:
    """What a budget post is measured against: `reviderat` when given, else `belopp`."""
    return post.reviderat if post.reviderat is not None else post.belopp


def reviderad(insats) -> bool:
    return any(p.reviderat is not None for p in insats.budget)


def stangd(insats) -> bool:
    """Every post has its outcome: the effort's accounts for the year are closed."""
    return all(p.utfall is not None for p in insats.budget)


def insats_budget(insats) -> int:
    """What the effort's outcome is measured against: the grant once decided, else the sum of
    its posts (then the amount applied for)."""
    if insats.beviljat is not None:
        return insats.beviljat
    return sum(post_budget(p) for p in insats.budget)


def ofordelat(insats) -> int:
    """The part of the grant that is not spread on the posts: beviljat minus the posts' budget
    (−50 000 when 250 000 kr was applied for, 200 000 granted and no post revised); 0 when the
    posts sum to the grant or there is no decision."""
    if insats.beviljat is None:
        return 0
    return insats.beviljat - sum(post_budget(p) for p in insats.budget)


def avvikelse(utfall, planerat) -> dict:
    """The outcome against the plan, in kronor and as a share of the plan (None: no outcome)."""
    deviation = utfall - planerat if utfall is not None else None
    share = deviation / planerat if deviation is not None and planerat else None
    return {"avvikelse": deviation, "avvikelse_andel": share}


def kommentar_kravs(post, closed: bool) -> bool:
    """A post of a closed effort whose outcome deviates more than ±10 % from its budget (or has
    an outcome against a budget of 0 kr) needs a comment on why."""
    if not closed or post.utfall is None:
        return False
    planned = post_budget(post)
    if planned == 0:
        return post.utfall != 0
    return abs(post.utfall - planned) / planned > GRANS


def procent_text(share: float) -> str:
    """0.315 → '+31,5 %' for messages (the documents format with their own filters)."""
    sign = "+" if share > 0 else "−" if share < 0 else "±"
    return f"{sign}{abs(share) * 100:.1f}".replace(".", ",") + "\u00a0%"


def kr_text(amount: int) -> str:
    """207000 → '207 000 kr' for messages."""
    sign = "−" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", "\u00a0") + "\u00a0kr"
