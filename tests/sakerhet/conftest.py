"""What the attack tests share: a copy of the example repository with a secret beside it."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import EXAMPLE

SECRET = "HEMLIGHET51c2e8"  # letters and digits: the same when %-encoded in a data: URI


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """The example data in tmp_path/repo, an empty mallar/, a secret file beside (outside) the
    repository in tmp_path/hemlig.txt, and the working folder in the repository."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "data")
    (root / "mallar").mkdir()
    (tmp_path / "hemlig.txt").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("STOD_DATA", raising=False)
    return root
