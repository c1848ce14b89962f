"""From data to a written document: figures → template → format → file (or stdout)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import StodError

FORMATS = ("md", "html", "docx")


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    content: bytes | None = None  # when written to stdout


def default_output(root: Path, stem: str, fmt: str) -> Path:
    return root / "ut" / f"{stem}.{fmt}"


def make_document(
    *,
    template: str,
    context: dict,
    charts,
    title: str,
    fmt: str,
    out: Path | None,
    per: dt.date,
    user_folder: Path | None,
    overwrite: bool,
) -> Result:
    """Render `template` and write it as `fmt` to `out` (None = stdout).

    `charts(folder) -> {name: file}` draws the document's charts into a folder; Markdown files
    get them in a folder beside them, HTML and DOCX carry them inside.
    """
    from .formats import pandoc
    from .output import Output, ensure_writable, stamp_comment, write_outputs
    from .render import render

    if out is None and fmt == "docx":
        raise StodError("ett Word-dokument kan inte skrivas till terminalen; ange --ut FIL")
    if out is not None:
        ensure_writable(out, overwrite)  # before the work; checked again with the charts
    result = Result()
    with tempfile.TemporaryDirectory(prefix="stod-") as scratch:
        scratch_dir = Path(scratch)
        drawn = charts(scratch_dir) if (out is not None or fmt != "md") else {}
        chart_dir = out.with_name(out.stem + "-diagram") if out is not None else None
        if fmt == "md" and chart_dir is not None:
            diagram = {name: f"{chart_dir.name}/{file}" for name, file in drawn.items()}
        else:
            diagram = dict(drawn)
        markdown = render(template, {**context, "diagram": diagram}, user_folder)
        if fmt == "md":
            content = markdown.encode("utf-8")
        elif fmt == "html":
            content = pandoc.to_html(markdown, title, scratch_dir, per, user_folder)
        else:
            content = pandoc.to_docx(markdown, title, scratch_dir, per, user_folder)
        if out is None:
            result.content = content
            return result
        if fmt in ("md", "html"):
            content = stamp_comment(content)
        outputs = [Output(out, content)]
        if fmt == "md":  # the charts beside it, written with it as one unit
            outputs += [
                Output(chart_dir / file, (scratch_dir / file).read_bytes(), protected=False)
                for file in drawn.values()
            ]
        write_outputs(outputs, overwrite)
        result.written = [o.path for o in outputs]
    return result
