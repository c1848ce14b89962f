"""Field parsers: what users type (and paste from Excel) and what they are told."""

from __future__ import annotations

import datetime as dt

import pytest

from stodplattform.fields import (
    Invalid,
    parse_bool,
    parse_date,
    parse_hours,
    parse_id,
    parse_integer,
    parse_month,
)
from stodplattform.suggest import near


def test_dates():
    assert parse_date("2025-02-28", "datum") == dt.date(2025, 2, 28)
    with pytest.raises(Invalid, match=r"februari 2025 har 28 dagar"):
        parse_date("2025-02-30", "datum")
    with pytest.raises(Invalid, match=r"menade du 2025-01-14\?"):
        parse_date("14/1 2025", "datum")
    with pytest.raises(Invalid, match=r"menade du 2025-03-04\?"):
        parse_date("2025-3-4", "datum")
    with pytest.raises(Invalid, match=r"Excel, menade du 2025-01-14\?"):
        parse_date("45671", "datum")


def test_integers_from_excel():
    assert parse_integer("380000", "sokt") == 380000
    for pasted in ("380 000", "380\u00a0000", "380000 kr", "380 000 kr"):
        with pytest.raises(Invalid, match=r"bara siffror.*: 380000$"):
            parse_integer(pasted, "sokt")
    with pytest.raises(Invalid, match="tusentalspunkter: 380000"):
        parse_integer("380.000", "sokt")
    with pytest.raises(Invalid, match="negativt"):
        parse_integer("-5", "sokt")
    with pytest.raises(Invalid, match="heltal"):
        parse_integer("12,5", "sokt")


def test_hours():
    assert parse_hours("1.25", "timmar") == 1.25
    assert parse_hours("3", "timmar") == 3.0
    with pytest.raises(Invalid, match="decimalpunkt: 1.5"):
        parse_hours("1,5", "timmar")
    with pytest.raises(Invalid, match="större än 0, fick 'tre'"):
        parse_hours("tre", "timmar")
    with pytest.raises(Invalid, match="större än 0"):
        parse_hours("0", "timmar")
    with pytest.raises(Invalid, match="kvarts timme"):
        parse_hours("1.1", "timmar")


def test_months_ids_and_booleans():
    assert parse_month("2025-03", "start") == "2025-03"
    with pytest.raises(Invalid, match="utan dag: 2025-03"):
        parse_month("2025-03-01", "start")
    with pytest.raises(Invalid, match="ÅÅÅÅ-MM"):
        parse_month("2025-13", "start")
    assert parse_id("luddes-hundcenter", "id") == "luddes-hundcenter"
    with pytest.raises(Invalid, match="'odla-pa-angen'"):
        parse_id("Odla på ängen", "id")
    assert parse_bool("true", "adjungerad") is True
    with pytest.raises(Invalid, match="skriv false"):
        parse_bool("nej", "adjungerad")


def test_near_matches():
    ids = ["luddes-hundcenter", "atervinningsbutiken", "odla-pa-angen"]
    assert near("luddes", ids) == "luddes-hundcenter"
    assert near("Odla-på-ängen", ids) == "odla-pa-angen"
    assert near("atervinningsbutik", ids) == "atervinningsbutiken"
    assert near("xyz", ids) is None
    assert near("bokföring", ["bokforing", "hr"]) == "bokforing"
    assert near("beskriving", ["beskrivning", "datum"]) == "beskrivning"
