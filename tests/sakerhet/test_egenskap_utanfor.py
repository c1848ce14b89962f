"""A property over whole runs: whatever a data repository holds (data files, its own templates
and stylesheet, links to files beside it), no file stod writes and nothing it prints contains
bytes from outside the repository that the data did not put there itself.

The repository only names the secret (a path, a link, an include); the secret's own token
must never come back. Each example is a whole command (pandoc, charts), so the default run is
small; STOD_EXEMPEL=2000 pytest -m egenskap gives a thorough one.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stodplattform.render import BUILTIN

from ..conftest import EXAMPLE, EXAMPLES, run

TOKEN = "HEMLIG-7f3a9c51e2"
SECRET_TEXT = f"namn: {TOKEN}\nkommun: {TOKEN}\nstatus: aktiv\n"
pytestmark = pytest.mark.egenskap
WHOLE_RUNS = max(6, EXAMPLES // 8)  # each example is a whole command


def _injections(secret: Path, rel_secret: str) -> dict:
    """Ways a repository can name the secret. Each takes the repository root and changes it."""
    uri = secret.as_uri()

    def prose(root: Path, snippet: str) -> None:
        path = root / "data" / "ar" / "2026.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("texter:\n", f"texter:\n  tidsram: |\n    Se {snippet} här.\n", 1)
        path.write_text(text, encoding="utf-8")

    def template(root: Path, line: str) -> None:
        for name in ("uppfoljning.md.j2", "ansokan.md.j2"):
            builtin = BUILTIN / name
            target = root / "mallar" / name
            target.parent.mkdir(exist_ok=True)
            if not target.exists():
                shutil.copyfile(builtin, target)
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{line}\n")

    def link(root: Path, rel: str) -> None:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(secret)

    def css(root: Path, text: str) -> None:
        (root / "mallar").mkdir(exist_ok=True)
        (root / "mallar" / "stil.css").write_text(text, encoding="utf-8")

    return {
        "bild-i-text-absolut": lambda r: prose(r, f"![bild]({secret})"),
        "bild-i-text-relativ": lambda r: prose(r, f"![bild]({rel_secret})"),
        "lank-file-i-text": lambda r: prose(r, f"[länk]({uri})"),
        "bild-i-mall": lambda r: template(r, f"![bild]({secret})"),
        "bild-i-mall-relativ": lambda r: template(r, f"![bild]({rel_secret})"),
        "include-absolut": lambda r: template(r, f'{{% include "{secret}" %}}'),
        "include-relativ": lambda r: template(r, f'{{% include "{rel_secret}" %}}'),
        "html-img-i-mall": lambda r: template(r, f'<img src="{uri}">'),
        "css-import": lambda r: css(r, f'@import url("{uri}");\n'),
        "css-url": lambda r: css(r, f'body {{ background: url("{secret}"); }}\n'),
        "datafil-lank": lambda r: link(r, "data/foretag/lankad.yaml"),
        "mall-lank": lambda r: link(r, "mallar/uppfoljning.md.j2"),
        "css-lank": lambda r: link(r, "mallar/stil.css"),
    }


COMMANDS = [
    ("rapport", "2025", "md"),
    ("rapport", "2025", "html"),
    ("rapport", "2025", "docx"),
    ("ansokan", "2026", "md"),
    ("ansokan", "2026", "html"),
    ("ansokan", "2026", "docx"),
    ("export", "2025", "xlsx"),
    ("export", "2025", "csv"),
]
NAMES = sorted(_injections(Path("/x"), "x"))


def _contents(folder: Path):
    """Every file's bytes, and every member of a zip (docx, xlsx) unpacked."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        yield path, content
        if content[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield path / member, archive.read(member)


@settings(max_examples=WHOLE_RUNS, suppress_health_check=list(HealthCheck))
@given(
    chosen=st.sets(st.sampled_from(NAMES), min_size=1, max_size=4),
    command=st.sampled_from(COMMANDS),
)
def test_no_output_holds_bytes_from_outside(chosen, command):
    with tempfile.TemporaryDirectory() as tmp:
        outside = Path(tmp) / "utanfor"
        outside.mkdir()
        secret = outside / "hemligt.txt"
        secret.write_text(SECRET_TEXT, encoding="utf-8")
        root = Path(tmp) / "repo"
        shutil.copytree(EXAMPLE, root / "data")
        injections = _injections(secret, "../../utanfor/hemligt.txt")
        for name in sorted(chosen):
            injections[name](root)
        verb, year, fmt = command
        out = root / "ut" / (f"dokument.{fmt}" if verb != "export" or fmt == "xlsx" else "csv")
        result = run(verb, year, "--data", str(root / "data"), "--format", fmt,
                     "--ut", str(out), "--per", "2026-02-15")  # fmt: skip
        printed = result.stdout + result.stderr
        assert "Traceback" not in printed, printed
        assert TOKEN not in printed, (chosen, command, printed)
        forms = [TOKEN.encode(), base64.b64encode(SECRET_TEXT.encode())]
        if (root / "ut").exists():
            for path, content in _contents(root / "ut"):
                for form in forms:
                    assert form not in content, (chosen, command, path)
