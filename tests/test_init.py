"""`stod init`: a new repository is valid at once; what to fill in shows as warnings."""

from __future__ import annotations

import datetime as dt
import shutil

import yaml

from .conftest import ROOT, run, show


def test_init_then_validera_is_clean(in_tmp):
    result = run(
        "init",
        "norrbotten",
        "--region",
        "Norrbotten",
        "--finansiar",
        "Samordningsförbundet Norrbotten",
    )
    assert result.exit_code == 0, show(result)
    data = in_tmp / "norrbotten" / "data"
    for kind in ("foretag", "moten", "ar", "stod", "deltagare"):
        assert (data / kind).is_dir()
    assert "ut/" in (in_tmp / "norrbotten" / ".gitignore").read_text("utf-8")
    hooks = yaml.safe_load((in_tmp / "norrbotten" / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "stod validera"
    if shutil.which("git"):
        assert (in_tmp / "norrbotten" / ".git").is_dir()
    check = run("validera", "--data", str(data))
    assert check.exit_code == 0, show(check)
    assert ": fel:" not in check.stdout
    assert "varning: fyll i 'sokande.organisation' (det står FYLL I)" in check.stdout
    assert "Stödplattform för sociala företag i Norrbotten" in (data / "plattform.yaml").read_text(
        "utf-8"
    )
    assert run("validera", "--data", str(data), "--strikt").exit_code == 1
    year = str(dt.date.today().year)
    report = run("rapport", year, "--data", str(data), "--ut", "-")
    assert report.exit_code == 0, show(report)


def test_init_refuses_an_existing_data_folder(in_tmp):
    (in_tmp / "finns" / "data").mkdir(parents=True)
    result = run("init", "finns")
    assert result.exit_code == 1 and "stod init skriver aldrig över en datamapp" in result.stderr


def test_project_ships_a_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "stod-validera" and hooks[0]["entry"] == "stod validera"
