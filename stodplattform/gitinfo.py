"""Which version of the data a document was made from (git commit, date, uncommitted changes)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def data_version(folder: Path) -> dict | None:
    """{'commit', 'datum', 'andrad'} for the data folder's repository, or None outside git."""
    git = shutil.which("git")
    if git is None:
        return None

    def run(*args: str) -> str | None:
        done = subprocess.run(
            [git, "-C", str(folder), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else None

    if run("rev-parse", "--is-inside-work-tree") != "true":
        return None
    head = run("log", "-1", "--format=%h %cs")
    if not head:
        return {"commit": None, "datum": None, "andrad": True}
    commit, date = head.split(" ", 1)
    changes = run("status", "--porcelain", "--untracked-files=normal", "--", ".")
    return {"commit": commit, "datum": date, "andrad": bool(changes)}
