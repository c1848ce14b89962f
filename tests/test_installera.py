"""Installing and the first steps: a path with spaces is quoted in the commands stod suggests,
and the pre-commit hook `stod init` writes runs `stod` when it is on PATH (installed as a
program) and `stod init` says so when it is not."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stodplattform.paths import shell_quote

from .conftest import run, show

EXE = ".exe" if os.name == "nt" else ""
STOD = Path(sys.executable).with_name(f"stod{EXE}")
PRE_COMMIT = Path(sys.executable).with_name(f"pre-commit{EXE}")  # the test extra has it


@pytest.mark.parametrize(
    "path, posix, windows",
    [
        ("norrbotten/data", "norrbotten/data", "norrbotten/data"),
        ("min plattform/data", "'min plattform/data'", '"min plattform/data"'),
        (r"C:\Users\Anna Öberg\stöd", r"'C:\Users\Anna Öberg\stöd'", r'"C:\Users\Anna Öberg\stöd"'),
        ("kostnad$2025", "'kostnad$2025'", "'kostnad$2025'"),
        ("Kalles' data", "'Kalles'\"'\"' data'", '"Kalles\' data"'),
    ],
)  # fmt: skip
def test_shell_quote(path, posix, windows):
    assert shell_quote(path, windows=False) == posix
    assert shell_quote(path, windows=True) == windows
    assert shlex.split(shell_quote(path, windows=False)) == [path]


def test_init_quotes_a_path_with_spaces(in_tmp):
    result = run("init", "min plattform", "--region", "Norrbotten")
    assert result.exit_code == 0, show(result)
    data = os.path.join("min plattform", "data")
    hint = result.stderr.split("Nästa steg: ", 1)[1]
    assert f"fyll i {os.path.join(data, 'plattform.yaml')} och kör sedan:" in hint
    command = hint.split("sedan:", 1)[1].strip().splitlines()[0]
    assert command == f"stod validera --data {shell_quote(data)}"
    if os.name != "nt":
        assert shlex.split(command) == ["stod", "validera", "--data", data]


def test_init_plain_path_hint_is_unchanged(in_tmp):
    result = run("init", "norrbotten")
    assert "Nästa steg: fyll i norrbotten/data/plattform.yaml och kör 'stod validera --data " in (
        result.stderr.replace("\\", "/")
    ), show(result)


def test_init_says_when_the_hook_would_not_find_stod(in_tmp, monkeypatch):
    empty = in_tmp / "ingen-stod"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("init", "utan")
    assert result.exit_code == 0, show(result)
    assert "obs: kommandot stod finns inte i PATH" in result.stderr
    assert "uv tool install ." in result.stderr and "pipx install ." in result.stderr
    config = (in_tmp / "utan" / ".pre-commit-config.yaml").read_text("utf-8")
    assert "uv tool install pre-commit" in config and "pre-commit install" in config


def _on_path(tmp: Path) -> Path:
    """A folder with only stod in it, as `uv tool install` or pipx leave one on PATH."""
    if not STOD.exists():
        pytest.skip(f"{STOD} finns inte (stod är inte installerat i miljön)")
    tools = tmp / "verktyg"
    tools.mkdir()
    try:
        (tools / STOD.name).symlink_to(STOD)
    except OSError:
        shutil.copy2(STOD, tools / STOD.name)
    return tools


def test_hook_runs_stod_when_it_is_on_path(in_tmp):
    tools = _on_path(in_tmp)
    assert run("init", "repo", "--region", "Norrbotten").exit_code == 0
    repo = in_tmp / "repo"
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    # language: system runs the entry as a command found on PATH, in the repository's root
    env = {**os.environ, "PATH": os.pathsep.join([str(tools), os.defpath])}
    program, *args = shlex.split(hook["entry"])
    found = shutil.which(program, path=env["PATH"])
    assert found is not None and Path(found).parent == tools
    done = subprocess.run(
        [found, *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Kontrollerade" in done.stdout + done.stderr


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit är inte installerat")
def test_hook_with_pre_commit_itself(in_tmp):
    tools = _on_path(in_tmp)
    assert run("init", "repo").exit_code == 0
    repo = in_tmp / "repo"
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(tools), str(Path(shutil.which("git")).parent), os.defpath]),
        "PRE_COMMIT_HOME": str(in_tmp / "pre-commit-home"),
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    done = subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and "Passed" in done.stdout, done.stdout + done.stderr
