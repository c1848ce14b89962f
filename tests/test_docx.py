"""The Word documents read as XML: A4 with 2.5 cm margins, a footer with the platform's slogan,
website, data version and page numbers, the title in the file's properties, and table columns
wide enough for the widest unbreakable token of each column."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

from .conftest import EXAMPLE, run, show

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH = 11906 - 2 * 1418  # twips: A4 less 2.5 cm on each side
CELL_MARGINS = 2 * 85  # twips: the table style's left and right cell margins in referens.docx
TABLE_PT = 10  # the table text size the table style in referens.docx sets

# How wide a character is, in ems of the font size (Calibri; Carlito, which LibreOffice uses
# in its place, has the same metrics): its digits are all 0.507 em (tabular figures), a space
# 0.226 em, ".,:;-" about 0.25 em, the narrow letters "fijlt" about 0.27 em (i 0.229, l 0.229,
# f 0.305, t 0.335), and 0.44 em is about the average of the other letters (a 0.479, e 0.498,
# m 0.799, n 0.525, r 0.349, s 0.391). The model, not the filter's table of widths, is the
# measure here: a column narrower than the model says would break the token in Word.
DIGIT_EM, SPACE_EM, PUNCT_EM, NARROW_EM, OTHER_EM = 0.507, 0.226, 0.25, 0.27, 0.44


def char_em(c: str) -> float:
    if c.isdigit():
        return DIGIT_EM
    if c == "\xa0":
        return SPACE_EM
    if c in ".,:;-":
        return PUNCT_EM
    return NARROW_EM if c in "fijlt" else OTHER_EM


def token_twips(token: str, pt: float = TABLE_PT) -> float:
    return sum(char_em(c) for c in token) * pt * 20


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, bytes]:
    """The example data in a git repository of its own; the report and application as DOCX."""
    root = tmp_path_factory.mktemp("docx")
    shutil.copytree(EXAMPLE, root / "data")
    git = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "data"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("STOD_DATA", raising=False)
        for name, args in {
            "rapport": ("rapport", "2025", "--per", "2026-02-15"),
            "ansokan": ("ansokan", "2026", "--per", "2025-11-20"),
        }.items():
            target = root / f"{name}.docx"
            result = run(*args, "--format", "docx", "--ut", str(target))
            assert result.exit_code == 0, show(result)
            out[name] = target.read_bytes()
    head = subprocess.run([*git, "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    out["commit"], out["datum"] = head.stdout.split()
    return out


def part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.parametrize("name", ["rapport", "ansokan"])
def test_page_is_a4_with_swedish_margins(documents, name):
    body = ET.fromstring(part(documents[name], "word/document.xml")).find(f"{W}body")
    section = body.findall(f"{W}sectPr")[-1]
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    assert size is not None and margins is not None, "ingen sidstorlek eller marginal"
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    for side in ("top", "bottom", "left", "right"):
        assert margins.get(f"{W}{side}") == "1418", side


@pytest.mark.parametrize("name", ["rapport", "ansokan"])
def test_footer_has_slogan_website_version_and_page_numbers(documents, name):
    docx = documents[name]
    document = part(docx, "word/document.xml")
    rels = part(docx, "word/_rels/document.xml.rels")
    reference = re.search(r'<w:footerReference w:type="default" r:id="([^"]+)"', document)
    assert reference, "ingen sidfot i avsnittet"
    target = re.search(rf'Id="{reference.group(1)}" Target="([^"]+)"', rels)
    assert target, rels
    assert f'PartName="/word/{target.group(1)}"' in part(docx, "[Content_Types].xml")
    footer = part(docx, f"word/{target.group(1)}")
    text = "".join(ET.fromstring(footer).itertext())
    assert "För ett innovativt, hållbart och attraktivt Västerbergslagen." in text
    assert "www.samarkand2015.com" in text
    assert f"version {documents['commit']} ({documents['datum']})" in text
    fields = [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)]
    assert fields == ["PAGE", "NUMPAGES"]


def test_title_in_file_properties(documents):
    def title(docx):
        core = ET.fromstring(part(docx, "docProps/core.xml"))
        return core.find("{http://purl.org/dc/elements/1.1/}title").text

    assert title(documents["rapport"]) == (
        "Uppföljning 2025 – Stödplattform för sociala företag i Västerbergslagen"
    )
    assert (
        title(documents["ansokan"]) == "Stödplattform för sociala företag i Västerbergslagen 2026"
    )


def cell_text(cell) -> str:
    paragraphs = cell.findall(f".//{W}p")
    return " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs)


@pytest.mark.parametrize("name", ["rapport", "ansokan"])
def test_no_token_is_wider_than_its_column(documents, name):
    """Each column is at least as wide as its widest unbreakable token (a date, an amount
    with its non-breaking spaces, a word) at 10 pt, so Word breaks no word, date or amount."""
    body = ET.fromstring(part(documents[name], "word/document.xml"))
    tables = body.iter(f"{W}tbl")
    too_narrow = []
    count = 0
    for number, table in enumerate(tables, 1):
        count += 1
        grid = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
        assert sum(grid) <= TEXT_WIDTH + len(grid), (number, grid)
        for row in table.iter(f"{W}tr"):
            for column, cell in enumerate(row.findall(f"{W}tc")):
                for token in cell_text(cell).split():
                    if token_twips(token) + CELL_MARGINS > grid[column]:
                        too_narrow.append((number, column + 1, token, grid[column]))
    assert count > 0
    assert not too_narrow, too_narrow


def test_token_width_model():
    """The model above against Calibri's advance widths for two tokens of the report."""
    assert token_twips("2025-02-12") == pytest.approx((8 * 0.507 + 2 * 0.25) * 200)
    assert token_twips("300\xa0000\xa0kr") == pytest.approx(
        (6 * 0.507 + 2 * 0.226 + 2 * 0.44) * 200
    )


@pytest.mark.parametrize("name", ["rapport", "ansokan"])
def test_rows_are_not_split_and_lead_in_lines_stay_with_what_follows(documents, name):
    """Every table row is kept on one page (a company's need on the next page without the
    company's name), and a line ending in ':' stays with what it introduces (found by a reader
    of the pages: 'Medfinansiering utöver bidraget:' alone at the foot of a page)."""
    document = part(documents[name], "word/document.xml")
    rows = re.findall(r"<w:tr>(?:(?!</w:tr>).)*</w:tr>", document, re.S)
    assert rows and all("<w:cantSplit/>" in row for row in rows)
    assert all(row.count("<w:cantSplit/>") == 1 for row in rows)
    leads = [
        p
        for p in re.findall(r"<w:p>(?:(?!</w:p>).)*</w:p>", document, re.S)
        if "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", p)).rstrip().endswith(":")
    ]
    assert leads and all("<w:keepNext/>" in p for p in leads)
    ET.fromstring(document)  # still well-formed


def test_missing_text_stands_out_in_word(in_tmp):
    """A draft with a text to write marks it in Word too (bold on yellow, the character style
    'Saknas' of referens.docx), not in plain black where it is easily sent as it is."""
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("ansokan", "2027", "--per", "2026-11-20", "--format", "docx", "--ut", "a.docx")
    assert result.exit_code == 0, show(result)
    docx = (in_tmp / "a.docx").read_bytes()
    document = part(docx, "word/document.xml")
    marked = re.findall(r'<w:rStyle w:val="Saknas"\s*/>.*?<w:t[^>]*>([^<]*)</w:t>', document)
    assert any("Texten saknas" in text for text in marked), marked
    styles = part(docx, "word/styles.xml")
    style = re.search(r'<w:style [^>]*w:styleId="Saknas".*?</w:style>', styles, re.S).group(0)
    assert re.search(r"<w:b\s*/>", style) and 'w:fill="FFF1B8"' in style
