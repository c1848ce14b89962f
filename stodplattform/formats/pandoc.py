"""Markdown → self-contained HTML and DOCX through pandoc (the binary the pypandoc-binary
wheel carries). Raw HTML in the Markdown is not passed through: names from the data can't
inject markup."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from ..problems import StodError

SOURCE_FORMAT = "markdown-raw_html-raw_attribute-raw_tex"
BUILTIN = Path(__file__).resolve().parent.parent / "mallar"


def _pandoc() -> str:
    import pypandoc

    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        raise StodError(
            "pandoc hittas inte; installera om stod (paketet pypandoc-binary har pandoc med sig)"
        ) from None


def _run(args: list[str], markdown: str, per: dt.date) -> bytes:
    # SOURCE_DATE_EPOCH makes pandoc's dates (DOCX metadata, zip entries) come from --per.
    epoch = int(dt.datetime(per.year, per.month, per.day, tzinfo=dt.UTC).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    done = subprocess.run(
        [_pandoc(), "--from", SOURCE_FORMAT, *args],
        input=markdown.encode("utf-8"),
        capture_output=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise StodError(f"pandoc kunde inte göra dokumentet: {message}")
    return done.stdout


def _style(user_folder: Path | None, name: str) -> Path:
    if user_folder is not None and (user_folder / name).is_file():
        return user_folder / name
    return BUILTIN / name


def to_html(markdown: str, title: str, resources: Path, per: dt.date, user_folder: Path | None):
    args = [
        "--to", "html5", "--standalone", "--embed-resources",
        "--css", str(_style(user_folder, "stil.css")),
        "--resource-path", str(resources),
        "--metadata", f"pagetitle={title}",
        "--metadata", "lang=sv-SE",
    ]  # fmt: skip
    return _run(args, markdown, per)


def to_docx(markdown: str, title: str, resources: Path, per: dt.date, user_folder: Path | None):
    args = [
        "--to", "docx",
        "--reference-doc", str(_style(user_folder, "referens.docx")),
        "--resource-path", str(resources),
        "--metadata", f"title-meta={title}",
        "--metadata", "lang=sv-SE",
        "--output", "-",
    ]  # fmt: skip
    return _run(args, markdown, per)


def docx_text(docx: bytes) -> str:
    """The text of a DOCX as plain text (for tests and comparisons)."""
    done = subprocess.run(
        [_pandoc(), "--from", "docx", "--to", "plain", "--wrap", "none"],
        input=docx,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")
