"""Same data, same --per, same templates: the same bytes, also from two separate processes
with different hash seeds (set and dict orders, string hashes) – not only twice in one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

from .conftest import EXAMPLE

# Runs in a fresh interpreter: makes every document and export of the example data and prints
# {file: content as text} (a DOCX and an XLSX as the text of their parts).
DRIVER = textwrap.dedent(
    """
    import json, sys, zipfile
    from pathlib import Path
    from typer.testing import CliRunner
    from stodplattform.formats.pandoc import docx_text

    root = Path(sys.argv[1])
    runs = [
        ["rapport", "2025", "--format", "md"],
        ["rapport", "2025", "--format", "html"],
        ["rapport", "2025", "--format", "docx"],
        ["ansokan", "2026", "--format", "md"],
        ["export", "2025", "--format", "csv"],
        ["export", "2025", "--format", "xlsx"],
    ]
    from stodplattform.cli import app
    for args in runs:
        result = CliRunner().invoke(app, [*args, "--data", str(root / "data"),
                                          "--per", "2026-02-15", "--skriv-over"])
        assert result.exit_code == 0, result.output
    out = {}
    for path in sorted((root / "ut").rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix == ".docx":
            out[name] = docx_text(path.read_bytes())
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                out[name] = {m: z.read(m).decode("utf-8", "replace") for m in sorted(z.namelist())}
        else:
            out[name] = path.read_bytes().hex()
    print(json.dumps(out))
    """
)


def _documents(tmp_path, seed: str) -> dict:
    root = tmp_path / f"seed-{seed}"
    shutil.copytree(EXAMPLE, root / "data")
    env = {**os.environ, "PYTHONHASHSEED": seed, "STOD_CACHE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(root)],
        capture_output=True, text=True, env=env, cwd=root, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_same_bytes_from_processes_with_different_hash_seeds(tmp_path):
    first = _documents(tmp_path, "1")
    second = _documents(tmp_path, "4242")
    assert len(first) >= 8  # md with its charts, html, docx, ansokan, csv files, xlsx
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"skiljer sig mellan två körningar: {differ}"
