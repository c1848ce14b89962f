"""What pandoc does not write into a Word document, added to the DOCX it returns: the footer
(the platform's slogan and website, the data version, "Sida N av M"), the title in the file's
properties, and table grids measured on the page the reference document sets.

The page itself (A4, margins) comes from the section properties of mallar/referens.docx,
which pandoc copies; headings are kept with what follows them by the heading styles there.
Same DOCX in, same bytes out: the zip is rewritten in its own order with its own times."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

# The page of stod's reference document (mallar/referens.docx, w:sectPr): A4 with 2.5 cm
# margins. A user's referens.docx gives styles and theme only, so the page is always this one.
PAGE_WIDTH = 11906  # twips (1/20 pt): 210 mm
PAGE_HEIGHT = 16838  # 297 mm
MARGIN = 1418  # 2.5 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PANDOC_TEXT_WIDTH = 7920  # the width pandoc's table grids are drawn for (5.5 in)

FOOTER_PART = "word/footer1.xml"
FOOTER_ID = "rIdStodSidfot"
FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def table_font_pt(styles_xml: bytes) -> float:
    """The size of table text the styles give: the table style's, else the document's
    default, else Word's 11 pt. The styles may come from a user's referens.docx: found with
    plain searches (no pattern that can take long), and a size outside 4–72 pt is ignored."""
    text = styles_xml.decode("utf-8", "replace")
    for scope in (_element(text, 'w:styleId="Table"', "</w:style>"),
                  _element(text, "<w:docDefaults>", "</w:docDefaults>")):  # fmt: skip
        size = re.search(r'<w:sz w:val="(\d{1,4})"', scope)
        if size and 8 <= int(size.group(1)) <= 144:
            return int(size.group(1)) / 2
    return 11.0


def _element(text: str, start: str, end: str) -> str:
    """The text from the first `start` to the `end` after it ('' when either is missing)."""
    i = text.find(start)
    j = text.find(end, i) if i != -1 else -1
    return text[i:j] if j != -1 else ""


def _run(text: str, props: str = "") -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str, props: str) -> str:
    """A Word field (PAGE, NUMPAGES) with the value shown until it is updated."""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(shown, props)}"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer_xml(first: str, version: str) -> bytes:
    """Two lines in small grey type: the slogan and website in the middle; the data version
    on the left and "Sida N av M" on the right."""
    props = '<w:rPr><w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    italic = '<w:rPr><w:i/><w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    para = '<w:pPr><w:pStyle w:val="Footer"/><w:spacing w:before="0" w:after="0"/>{}</w:pPr>'
    top = para.format(
        '<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="C9D8A8"/></w:pBdr>'
        '<w:jc w:val="center"/>'
    )
    bottom = para.format(f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>')
    lines = [f"<w:p>{top}{_run(first, italic)}</w:p>"] if first else []
    lines.append(
        f"<w:p>{bottom}{_run(version, props) if version else ''}"
        f"<w:r>{props}<w:tab/></w:r>{_run('Sida ', props)}{_field('PAGE', '1', props)}"
        f"{_run(' av ', props)}{_field('NUMPAGES', '1', props)}</w:p>"
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W}" xmlns:r="{R}">{"".join(lines)}</w:ftr>'
    )
    return xml.encode("utf-8")


def _scale_grid(document: str) -> str:
    """pandoc draws table grids for a 5.5 in text width; the page here is wider."""

    def scaled(match: re.Match) -> str:
        width = round(int(match.group(1)) * TEXT_WIDTH / PANDOC_TEXT_WIDTH)
        return f'<w:gridCol w:w="{width}" />'

    return re.sub(r'<w:gridCol w:w="(\d+)"\s*/>', scaled, document)


def _kept_together(document: str) -> str:
    """No table row split over two pages, and a line that leads in to what follows ('Uppnådda
    mål 2025:', 'Medfinansiering utöver bidraget:') kept on the page of what it introduces,
    as the headings are by their style."""
    document = document.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>")
    document = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", document)

    def lead_in(match: re.Match) -> str:
        paragraph = match.group(0)
        text = "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", paragraph)).rstrip()
        if not text.endswith(":") or "<w:keepNext" in paragraph:
            return paragraph
        if "<w:pPr>" not in paragraph:
            return paragraph.replace("<w:p>", "<w:p><w:pPr><w:keepNext/></w:pPr>", 1)
        style = re.search(r"<w:pPr>(<w:pStyle [^>]*/>)?", paragraph)
        return paragraph[: style.end()] + "<w:keepNext/>" + paragraph[style.end() :]

    return re.sub(r"<w:p>(?:(?!</w:p>).)*</w:p>", lead_in, document, flags=re.S)


def _with_footer(document: str) -> str:
    """A reference to the footer first in the document's last section properties."""
    reference = f'<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
    at = document.rfind("<w:sectPr")
    if at < 0:  # pandoc writes one; should it not, a section of its own
        return document.replace("</w:body>", f"<w:sectPr>{reference}</w:sectPr></w:body>", 1)
    end = document.index(">", at) + 1
    return document[:end] + reference + document[end:]


def _relationship(rels: str) -> str:
    entry = f'<Relationship Type="{FOOTER_TYPE}" Id="{FOOTER_ID}" Target="footer1.xml" />'
    return rels.replace("</Relationships>", entry + "</Relationships>", 1)


def _content_type(types: str) -> str:
    entry = f'<Override PartName="/{FOOTER_PART}" ContentType="{FOOTER_CONTENT}" />'
    return types.replace("</Types>", entry + "</Types>", 1)


def _title(core: str, title: str) -> str:
    element = f"<dc:title>{escape(title)}</dc:title>"
    if re.search(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", core, re.S):
        return re.sub(
            r"<dc:title\s*/>|<dc:title>.*?</dc:title>", lambda _: element, core, count=1, flags=re.S
        )
    return core.replace("</cp:coreProperties>", element + "</cp:coreProperties>", 1)


def finish(docx: bytes, title: str, footer_first: str, footer_version: str) -> bytes:
    """The DOCX pandoc wrote with stod's footer, title property and page-wide table grids."""
    changes = {
        "word/document.xml": lambda t: _with_footer(_kept_together(_scale_grid(t))),
        "word/_rels/document.xml.rels": _relationship,
        "[Content_Types].xml": _content_type,
        "docProps/core.xml": lambda t: _title(t, title),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        infos = source.infolist()
        for info in infos:
            data = source.read(info)
            change = changes.get(info.filename)
            if change is not None:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
        footer = zipfile.ZipInfo(FOOTER_PART, date_time=infos[0].date_time)
        footer.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(footer, footer_xml(footer_first, footer_version))
    return out.getvalue()
