"""From data to a written document: the document assembled (template, context, charts, title,
luckor), then rendered, formatted and written to a file or returned for stdout.

`rapport` and `ansokan` assemble; `write` does the rest for either. The commands only parse
their options, call these and print what came back."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .dataset import Data
from .paths import user_templates
from .problems import StodError

FORMATS = ("md", "html", "docx")


@dataclass
class Document:
    """A document ready to render: which template, with what, under what title, and what
    the document had to show as missing (`luckor`: printed as warnings)."""

    stem: str  # the default file's name without format: uppfoljning-2025
    template: str
    context: dict
    title: str
    luckor: list[str]
    per: dt.date
    data_folder: Path
    charts: Callable[[Path], dict[str, str]] = lambda folder: {}  # draws into folder


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    content: bytes | None = None  # when written to stdout


def rapport(data: Data, year: int, per: dt.date) -> Document:
    """The follow-up report for `year` as of `per`. `data` is narrowed to the year first
    (`Data.narrow`): it is not good for another year afterwards."""
    data.narrow(year)
    from .aggregate import year_summary  # pandas and matplotlib after the data is narrowed
    from .formats.charts import report_charts
    from .gitinfo import data_version

    summary = year_summary(data, year, per)
    return Document(
        stem=f"uppfoljning-{year}",
        template="uppfoljning.md.j2",
        context={
            "r": summary,
            "plattform": data.plattform,
            "version": data_version(data.folder),
            "stod_version": __version__,
        },
        title=f"Uppföljning {year} – {data.plattform.namn}",
        luckor=summary["luckor"],
        per=per,
        data_folder=data.folder,
        charts=lambda folder: report_charts(summary, folder),
    )


def ansokan(data: Data, year: int, per: dt.date | None) -> Document:
    """The draft application for `year`, with last year's results as of `per` (None: as of
    `ansokan_per`). `data` is narrowed to the year before (the application's figures are last
    year's)."""
    if per is None:
        per = ansokan_per(data, year, dt.date.today())
    data.narrow(year - 1)
    from .application import application  # pandas after the data: the peaks do not add up
    from .gitinfo import data_version

    figures = application(data, year, per)
    return Document(
        stem=f"ansokan-{year}",
        template="ansokan.md.j2",
        context={
            "a": figures,
            "plattform": data.plattform,
            "version": data_version(data.folder),
            "stod_version": __version__,
        },
        title=figures["rubrik"],
        luckor=figures["luckor"],
        per=per,
        data_folder=data.folder,
    )


def ansokan_per(data: Data, year: int, today: dt.date) -> dt.date:
    """The day an application's figures are as of without --per: its signing date
    (`ansokningsdatum`) when set, so that a draft made later does not put full-year figures
    under an earlier signature; today when it is not set or still ahead."""
    signed = data.ar[year][1].ansokningsdatum
    return min(signed, today) if signed is not None else today


def write(document: Document, fmt: str, out: Path | None, *, stdout: bool = False,
          overwrite: bool = False) -> Result:  # fmt: skip
    """Render `document` as `fmt` and write it to `out` (None: ut/<stem>.<fmt> beside the data
    folder), or return its bytes with `stdout`. The user's mallar/ beside the data folder
    goes before the built-in templates."""
    if not stdout and out is None:
        from .output import default_folder

        out = default_folder(document.data_folder) / f"{document.stem}.{fmt}"
    return make_document(
        template=document.template,
        context=document.context,
        charts=document.charts,
        title=document.title,
        fmt=fmt,
        out=None if stdout else out,
        per=document.per,
        user_folder=user_templates(document.data_folder),
        overwrite=overwrite,
        footer=footer(document) if fmt == "docx" else ("", ""),
    )


def footer(document: Document) -> tuple[str, str]:
    """The Word document's footer texts: the platform's slogan and website, and the version
    of the data it was made from (the page numbers are added by the format)."""
    plattform = document.context.get("plattform")
    first = " · ".join(
        text for text in (getattr(plattform, "slogan", None), getattr(plattform, "webbplats", None))
        if text
    )  # fmt: skip
    if "version" in document.context:
        version = document.context["version"]
    else:
        from .gitinfo import data_version

        version = data_version(document.data_folder)
    if not version:
        return first, ""
    if not version.get("commit"):
        return first, "Data: ännu inte incheckade i git"
    text = f"Data: version {version['commit']} ({version['datum']})"
    return first, text + (", med ej incheckade ändringar" if version.get("andrad") else "")


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
    footer: tuple[str, str] = ("", ""),
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
            content = pandoc.to_docx(markdown, title, scratch_dir, per, user_folder, footer)
        if out is None:
            result.content = content
            return result
        if fmt in ("md", "html"):
            content = stamp_comment(content)
        outputs = [Output(out, content)]
        if fmt == "md":  # the charts beside it, written with it as one unit and stamped
            outputs += [
                Output(chart_dir / file, (scratch_dir / file).read_bytes())
                for file in drawn.values()
            ]
        write_outputs(outputs, overwrite)
        result.written = [o.path for o in outputs]
    return result
