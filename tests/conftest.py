"""Shared helpers: write small data repositories into tmp_path and run the CLI on them."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from stodplattform.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data"
FALL = Path(__file__).resolve().parent / "fall"
BASE = FALL / "_bas" / "data"
UPDATE = os.environ.get("STOD_UPPDATERA") == "1"  # rewrite golden and expected files

# Property tests (Hypothesis, marked `egenskap`): a quick run by default, a thorough one with
# STOD_EXEMPEL=2000 pytest -m egenskap. One profile for every module, set here. The quick run
# (CI, the README's test command) draws the same examples every time, so that a landing does
# not depend on luck; a thorough run draws new ones (and takes --hypothesis-seed).
EXAMPLES = int(os.environ.get("STOD_EXEMPEL", "50"))
settings.register_profile(
    "stod",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="STOD_EXEMPEL" not in os.environ,
)
settings.load_profile("stod")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "egenskap: egenskapstest (Hypothesis); STOD_EXEMPEL styr antalet exempel"
    )


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root (text dedented) and return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def copy_base(tmp_path: Path) -> Path:
    """A minimal valid data folder to mutate; returns the data folder."""
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    return target


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def show(result) -> str:
    return f"exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STOD_DATA", raising=False)
    return tmp_path


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The whole run keeps its cache in a temporary folder: never in the checkout, never in
    the user's own cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STOD_CACHE_DIR", str(tmp_path_factory.mktemp("stod-cache")))
        yield


def value_paths(value, path=()):
    """Every path into parsed values, with the keys themselves, a key that is not there, an
    index out of range and steps past a value: what checks and the schema point at."""
    yield path
    yield (*path, "saknas")
    yield (*path, 99)
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key, "[key]")
            yield from value_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from value_paths(item, (*path, i))
