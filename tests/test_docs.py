"""The README is the users' manual: every command is in it, and its two commands are true."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from stodplattform.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    for group in app.registered_groups:
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    return names


def test_every_command_is_documented_with_an_example():
    headings = re.findall(r"^### (stod .+)$", README, re.M)
    for name in _commands():
        first, *rest = name.split()
        documented = any(
            h.startswith(f"stod {first}") and all(re.search(rf"\b{w}\b", h) for w in rest)
            for h in headings
        )
        assert documented, f"README saknar ett avsnitt om stod {name}"
        assert re.search(rf"^\$ stod {name}\b", README, re.M), f"README saknar exempel på {name}"


def test_readme_starts_with_the_two_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0].endswith("stod rapport 2025")
    assert block[1].endswith("pytest")


def test_ci_runs_the_readme_test_command():
    test_command = README.split("```sh\n", 1)[1].splitlines()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_lint_and_format():
    pytest.importorskip("ruff")
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
