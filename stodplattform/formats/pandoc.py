"""Markdown → self-contained HTML and DOCX through pandoc (the binary the pypandoc-binary
wheel carries).

The Markdown comes from templates and data that may come from anyone, so pandoc runs in its
sandbox (`--sandbox`: it reads no file and fetches no URL beyond those named on its command
line), and the filter `sakerhet.lua` lets only stod's own charts be images, only http(s) and
mailto be links, and no attributes ({onclick=…}) through. Raw HTML and TeX in the Markdown
are not passed through, nor metadata blocks. The user's stil.css is checked and written into
the page by stod itself; of the user's referens.docx only the styles and the theme are taken
(`reference_docx`)."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..paths import builtin_templates
from ..problems import StodError

SOURCE_FORMAT = (
    "markdown-raw_html-raw_attribute-raw_tex-yaml_metadata_block-pandoc_title_block-mmd_title_block"
)
BUILTIN = builtin_templates()
FILTER = Path(__file__).resolve().parent / "sakerhet.lua"
LAYOUT = Path(__file__).resolve().parent / "layout.lua"  # after FILTER: widths, dates
CHART_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.png")
MAX_CSS_BYTES = 1_000_000
MAX_REFERENCE_BYTES = 50_000_000


def _pandoc() -> str:
    import pypandoc

    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        raise StodError(
            "pandoc hittas inte; installera om stod (paketet pypandoc-binary har pandoc med sig)"
        ) from None


def _run(
    args: list[str],
    markdown: str,
    per: dt.date,
    charts: Path,
    work: Path,
    *,
    table_font_pt: float = 11.0,
) -> bytes:
    """pandoc in its sandbox with stod's filters; `charts` holds the charts drawn for the
    document (given to pandoc as data: URIs), `work` a private folder for the filters,
    `table_font_pt` the size of table text the layout filter measures columns in."""
    # SOURCE_DATE_EPOCH makes pandoc's dates (DOCX metadata, zip entries) come from --per.
    epoch = int(dt.datetime(per.year, per.month, per.day, tzinfo=dt.UTC).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    lua = work / "stod-sakerhet.lua"
    lua.write_text(_chart_table(charts) + FILTER.read_text(encoding="utf-8"), encoding="utf-8")
    from .docx import TEXT_WIDTH

    layout = work / "stod-layout.lua"
    settings = f"LAYOUT = {{ text_width = {TEXT_WIDTH}, font_pt = {table_font_pt:g} }}\n"
    layout.write_text(settings + LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(
        [
            _pandoc(),
            "--sandbox",
            "--from",
            SOURCE_FORMAT,
            "--lua-filter",
            str(lua),
            "--lua-filter",
            str(layout),
            *args,
        ],  # fmt: skip
        input=markdown.encode("utf-8"),
        capture_output=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise StodError(f"pandoc kunde inte göra dokumentet: {message}")
    return done.stdout


def _chart_table(charts: Path) -> str:
    """The Lua table CHARTS: each PNG stod drew into `charts` → its data: URI."""
    entries = []
    for path in sorted(charts.iterdir()) if charts.is_dir() else []:
        if CHART_NAME.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            encoded = base64.b64encode(path.read_bytes()).decode("ascii")
            entries.append(f'  ["{path.name}"] = "data:image/png;base64,{encoded}",\n')
    return "CHARTS = {\n" + "".join(entries) + "}\n"


def _style(user_folder: Path | None, name: str, limit: int) -> tuple[Path, bytes]:
    """The user's mallar/<name> (a regular file inside mallar/) or the built-in one."""
    from ..render import check_user_folder, regular_file_inside, user_file

    path = user_file(user_folder, name)
    if path is None:
        return BUILTIN / name, (BUILTIN / name).read_bytes()
    check_user_folder(user_folder)
    return path, regular_file_inside(path, user_folder, limit)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.I | re.S)
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(;[\w.+-]+=[\w.+-]+)*(;base64)?,[^\s'\"()\\]*")


def checked_css(path: Path, data: bytes) -> str:
    """The style sheet without comments, if it reads nothing from outside itself: no
    @import, no url() other than a data: URI, nothing that could end the <style> element.
    Otherwise a Swedish error naming the file."""
    from ..paths import display_path

    shown = display_path(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StodError(f"{shown}: stilmallen är inte sparad som UTF-8") from None
    css = _CSS_COMMENT.sub("", text)
    if "\\" in css:  # an escape can spell url( or @import without the letters
        raise StodError(f"{shown}: stilmallen har tecknet '\\'; skriv tecknen som de är")
    if "<" in css:
        raise StodError(f"{shown}: stilmallen har tecknet '<', som inte hör hemma i en stilmall")
    if re.search(r"@import", css, re.I):
        raise StodError(
            f"{shown}: stilmallen hämtar en annan fil med @import; lägg in reglerna i filen"
        )
    if re.search(r"expression\s*\(|behavior\s*:|-moz-binding", css, re.I):
        raise StodError(f"{shown}: stilmallen kör kod (expression, behavior eller -moz-binding)")
    rest = _CSS_URL.sub(lambda m: "" if _DATA_URI.fullmatch(m.group(2).strip()) else "url(", css)
    if re.search(r"url\s*\(|image-set\s*\(|src\s*\(", rest, re.I):
        raise StodError(
            f"{shown}: stilmallen hämtar något med url(…); bara data:-adresser går, eftersom "
            "stod inte läser filer eller hämtar webbadresser när dokumentet görs"
        )
    return css.strip()


def to_html(markdown: str, title: str, resources: Path, per: dt.date, user_folder: Path | None):
    path, data = _style(user_folder, "stil.css", MAX_CSS_BYTES)
    css = checked_css(path, data)
    with tempfile.TemporaryDirectory(prefix="stod-pandoc-") as work:
        header = Path(work) / "stil.html"
        header.write_text(f'<style type="text/css">\n{css}\n</style>\n', encoding="utf-8")
        args = [
            "--to", "html5", "--standalone", "--embed-resources",
            "--metadata", "document-css=false",
            "--include-in-header", str(header),
            "--metadata", f"pagetitle={title}",
            "--metadata", "lang=sv-SE",
        ]  # fmt: skip
        return _run(args, markdown, per, resources, Path(work))


# What a user's referens.docx gives the documents: its styles (fonts, colours, headings) and
# its theme (the fonts and colours the styles name). Nothing else is taken: a header, a
# relationship to an outside address or an attached template in a reference document would
# otherwise go into every document, and Word fetches such things when the file is opened.
REFERENCE_PARTS = ("word/styles.xml", "word/theme/theme1.xml")
MAX_PART_BYTES = 5_000_000


def reference_docx(path: Path, data: bytes) -> bytes:
    """stod's own reference document with the styles and theme of the user's one in it."""
    import io
    import zipfile

    from ..paths import display_path

    builtin = (BUILTIN / "referens.docx").read_bytes()
    if data == builtin:
        return builtin
    shown = display_path(path)
    parts = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as user:
            for name in REFERENCE_PARTS:
                if name not in user.namelist():
                    continue
                if user.getinfo(name).file_size > MAX_PART_BYTES:
                    raise StodError(f"{shown}: '{name}' i Word-mallen är orimligt stor")
                parts[name] = user.read(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise StodError(f"{shown}: filen är inget Word-dokument (.docx) som går att läsa") from None
    if "word/styles.xml" not in parts:
        raise StodError(f"{shown}: Word-mallen har inga formatmallar (word/styles.xml)")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(builtin)) as base, zipfile.ZipFile(out, "w") as target:
        for info in base.infolist():
            content = parts.get(info.filename)
            target.writestr(info, base.read(info) if content is None else content)
    return out.getvalue()


def to_docx(
    markdown: str,
    title: str,
    resources: Path,
    per: dt.date,
    user_folder: Path | None,
    footer: tuple[str, str] = ("", ""),
):
    """The Word document, finished by `docx.finish`: `footer` is its two texts (slogan and
    website; the data version), the page numbers are added to them."""
    import io
    import zipfile

    from . import docx

    path, data = _style(user_folder, "referens.docx", MAX_REFERENCE_BYTES)
    with tempfile.TemporaryDirectory(prefix="stod-pandoc-") as work:
        reference = Path(work) / "referens.docx"  # the bytes checked, not a link to follow
        reference_bytes = reference_docx(path, data)
        reference.write_bytes(reference_bytes)
        with zipfile.ZipFile(io.BytesIO(reference_bytes)) as zipped:
            font_pt = docx.table_font_pt(zipped.read("word/styles.xml"))
        args = [
            "--to", "docx",
            "--reference-doc", str(reference),
            "--metadata", f"title-meta={title}",
            "--metadata", "lang=sv-SE",
            "--output", "-",
        ]  # fmt: skip
        written = _run(args, markdown, per, resources, Path(work), table_font_pt=font_pt)
    return docx.finish(written, title, *footer)


def docx_text(docx: bytes) -> str:
    """The text of a DOCX as plain text (for tests and comparisons)."""
    done = subprocess.run(
        [_pandoc(), "--from", "docx", "--to", "plain", "--wrap", "none"],
        input=docx,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")
