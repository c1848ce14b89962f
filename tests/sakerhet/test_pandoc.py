"""pandoc reads no local file and fetches no URL; only stod's charts are images, only http(s)
and mailto links and no attributes reach the HTML; images and other links in the year
files' prose are refused at validation."""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import re
import threading
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from stodplattform.formats import pandoc
from stodplattform.prosa import prose_problems

from ..conftest import run, show
from .conftest import SECRET

PER = "2026-02-15"


def _secret_forms(tmp_path: Path) -> list[bytes]:
    raw = (tmp_path / "hemlig.txt").read_bytes()
    return [SECRET.encode(), base64.b64encode(raw)[:16], base64.b64encode(raw[1:])[:16]]


def _all_bytes(path: Path) -> list[bytes]:
    """The file's bytes and, for a DOCX, every member of the zip."""
    data = path.read_bytes()
    if path.suffix != ".docx":
        return [data]
    with zipfile.ZipFile(BytesIO(data)) as z:
        return [data, *(z.read(name) for name in z.namelist())]


def _assert_no_secret(tmp_path: Path, *paths: Path) -> None:
    for path in paths:
        for blob in _all_bytes(path):
            for form in _secret_forms(tmp_path):
                assert form not in blob, f"hemligheten finns i {path.name}"


def _make(fmt: str, name: str = "rapport"):
    out = Path("ut") / f"{name}.{fmt}"
    args = ("rapport", "2025") if name == "rapport" else ("ansokan", "2026")
    per = PER if name == "rapport" else "2025-11-20"
    result = run(*args, "--data", "data", "--format", fmt, "--ut", str(out), "--per", per)
    return result, out


# -- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_image_in_a_template_reads_no_file(repo, tmp_path, fmt):
    secret = tmp_path / "hemlig.txt"
    (repo / "mallar" / "uppfoljning.md.j2").write_text(
        f"# Rapport\n\n![a]({secret})\n\n![b](../hemlig.txt)\n\n![c](file://{secret})\n\n"
        f"![d](<{secret}>)\n\n[e]: {secret}\n\n![e]\n",
        encoding="utf-8",
    )
    result, out = _make(fmt)
    assert result.exit_code == 0, show(result)
    _assert_no_secret(tmp_path, out)


def test_pandoc_itself_reads_no_file(tmp_path, monkeypatch):
    """Below the templates: Markdown with the secret as an image, straight to pandoc."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hemlig.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "diagram").mkdir()
    markdown = f"![a]({tmp_path / 'hemlig.txt'})\n\n![b](hemlig.txt)\n\n![c](../hemlig.txt)\n"
    (tmp_path / "html").write_bytes(
        pandoc.to_html(markdown, "T", tmp_path / "diagram", dt.date(2026, 1, 1), None)
    )
    docx = pandoc.to_docx(markdown, "T", tmp_path / "diagram", dt.date(2026, 1, 1), None)
    (tmp_path / "x.docx").write_bytes(docx)
    _assert_no_secret(tmp_path, tmp_path / "html", tmp_path / "x.docx")


@pytest.mark.parametrize(
    "css",
    [
        '@import "{secret}";',
        "@import url(../../hemlig.txt);",
        "@IMPORT '{secret}';",
        "body {{ background: url({secret}); }}",
        "body {{ background: URL( '../hemlig.txt' ); }}",
        "body {{ background: \\75rl({secret}); }}",
        "body {{ }} </style><script>alert(1)</script>",
        "body {{ width: expression(alert(1)); }}",
        "body {{ behavior: url(x.htc); }}",
    ],
)
def test_style_sheet_that_reaches_out_is_refused(repo, tmp_path, css):
    (repo / "mallar" / "stil.css").write_text(
        css.format(secret=tmp_path / "hemlig.txt"), encoding="utf-8"
    )
    result, out = _make("html")
    assert result.exit_code == 1, show(result)
    assert result.stderr.startswith("fel: mallar/stil.css: stilmallen "), show(result)
    assert not out.exists()


def test_style_sheet_with_data_uri_is_fine(repo):
    (repo / "mallar" / "stil.css").write_text(
        "/* egen */\nbody { background: url('data:image/png;base64,iVBORw0KGgo='); }\n",
        encoding="utf-8",
    )
    result, out = _make("html")
    assert result.exit_code == 0, show(result)
    html = out.read_text(encoding="utf-8")
    assert "url('data:image/png;base64,iVBORw0KGgo=')" in html
    assert "/* egen */" not in html


@pytest.mark.parametrize(("name", "fmt"), [("stil.css", "html"), ("referens.docx", "docx")])
def test_style_files_linked_from_outside_are_refused(repo, tmp_path, name, fmt):
    (repo / "mallar" / name).symlink_to(tmp_path / "hemlig.txt")
    result, out = _make(fmt)
    assert result.exit_code == 1, show(result)
    assert f"fel: mallar/{name}: filen är en länk som leder ut ur mappen" in result.stderr
    assert not out.exists()


def _reference(repo, change) -> None:
    """mallar/referens.docx: the built-in one with `change(name, content) -> content`."""
    target = BytesIO()
    with (
        zipfile.ZipFile(pandoc.BUILTIN / "referens.docx") as base,
        zipfile.ZipFile(target, "w") as out,
    ):
        for name in base.namelist():
            out.writestr(name, change(name, base.read(name)))
        for name, content in change(None, None) or []:
            out.writestr(name, content)
    (repo / "mallar" / "referens.docx").write_bytes(target.getvalue())


def _docx_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_own_reference_docx_gives_its_styles(repo):
    def change(name, content):
        if name == "word/styles.xml":
            return re.sub(rb'w:ascii="[^"]+"', b'w:ascii="Comic Sans MS"', content)
        return content

    _reference(repo, change)
    result, out = _make("docx")
    assert result.exit_code == 0, show(result)
    assert b"Comic Sans MS" in _docx_members(out)["word/styles.xml"]


HEADER = (
    b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<w:p><w:hyperlink r:id="rIdOnda"><w:r><w:t>klick</w:t></w:r></w:hyperlink></w:p></w:hdr>'
)
RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rIdOnda" TargetMode="External" Target="http://127.0.0.1:9/spara.png" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>'
    b"</Relationships>"
)


def test_own_reference_docx_gives_nothing_but_styles(repo):
    """Found by an attack: a header linking outside, and an attached template fetched from a
    web address, in the reference document went into every Word document."""

    def change(name, content):
        if name is None:
            return [("word/header1.xml", HEADER), ("word/_rels/header1.xml.rels", RELS),
                    ("word/_rels/settings.xml.rels", RELS.replace(b"rIdOnda", b"rIdMall"))]  # fmt: skip
        if name == "word/settings.xml":
            return content.replace(
                b"</w:settings>", b'<w:attachedTemplate r:id="rIdMall"/></w:settings>'
            )
        if name == "word/document.xml":
            return content.replace(b"<w:sectPr>", b'<w:sectPr><w:headerReference r:id="rIdOnda"/>')
        return content

    _reference(repo, change)
    result, out = _make("docx")
    assert result.exit_code == 0, show(result)
    members = _docx_members(out)
    assert not [n for n in members if "header" in n], sorted(members)
    for name, content in members.items():
        assert b"127.0.0.1" not in content and b"attachedTemplate" not in content, name


def test_a_reference_docx_that_is_no_docx_is_refused(repo):
    (repo / "mallar" / "referens.docx").write_bytes(b"inte en zip")
    result, _ = _make("docx")
    assert result.exit_code == 1, show(result)
    assert "mallar/referens.docx: filen är inget Word-dokument" in result.stderr, show(result)


# -- the network ------------------------------------------------------------------------------


@pytest.fixture
def listener():
    """A web server on the loopback address that records every request."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(base64.b64decode("iVBORw0KGgo="))

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_no_url_is_fetched(repo, listener, fmt):
    url, requests = listener
    (repo / "mallar" / "uppfoljning.md.j2").write_text(
        f"# Rapport\n\n![bild]({url}/bild.png)\n\n[länk]({url}/sida)\n\n<{url}/auto>\n",
        encoding="utf-8",
    )
    result, out = _make(fmt)
    assert result.exit_code == 0, show(result)
    assert requests == []
    if fmt == "html":
        assert f'src="{url}' not in out.read_text(encoding="utf-8")


# -- links and attributes ---------------------------------------------------------------------

HOSTILE = """\
# Rapport {onclick=alert(1)}

[klicka](javascript:alert(1)) och <javascript:alert(2)> och [fil](file:///etc/passwd)

[ok](https://example.org){onclick=alert(3) style="color:red"} [post](mailto:a@example.org)

[x]{onclick=alert(4) .klass} och `kod`{onmouseover=alert(5)}

::: {onclick=alert(6)}
text
:::

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==) [v](vbscript:x) [r](//evil.example/x)

[ref]: javascript:alert(8)

[ref] och ![svg](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

<script>alert(9)</script> <a href="javascript:alert(10)">a</a>
"""


def _live(html: str) -> list[str]:
    """Live markup: event attributes, style attributes, scripts, and link or image targets
    that are not web, e-mail, #place or raster data: addresses."""
    body = html.split("<body", 1)[1]
    found = re.findall(r"<[^>]*\s(?:on\w+|style)\s*=", body, re.I)
    found += re.findall(r"<script", body, re.I)
    found += [
        h for h in re.findall(r'href="([^"]*)"', body) if not re.match(r"https?:|mailto:|#", h)
    ]
    found += [
        s
        for s in re.findall(r'src="([^"]*)"', body)
        if not re.match(r"data:image/(png|jpeg|gif);", s)
    ]
    return found


def test_no_live_markup_from_a_template(repo):
    (repo / "mallar" / "uppfoljning.md.j2").write_text(HOSTILE, encoding="utf-8")
    result, out = _make("html")
    assert result.exit_code == 0, show(result)
    html = out.read_text(encoding="utf-8")
    assert _live(html) == []
    assert '<a href="https://example.org">ok</a>' in html
    assert '<a href="mailto:a@example.org">post</a>' in html
    assert '<span class="klass">x</span>' in html  # classes stay


def test_no_live_links_in_docx(repo):
    (repo / "mallar" / "uppfoljning.md.j2").write_text(HOSTILE, encoding="utf-8")
    result, out = _make("docx")
    assert result.exit_code == 0, show(result)
    with zipfile.ZipFile(out) as z:
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    targets = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
    assert targets and all(re.match(r"https?:|mailto:", t) for t in targets), targets


def test_charts_are_still_in_html_and_docx(repo):
    result, out = _make("html")
    assert result.exit_code == 0, show(result)
    # 2025 in the example data: hours, budget and the years side by side; the outcomes are
    # too few to draw
    assert out.read_text(encoding="utf-8").count('src="data:image/png;base64,') == 3
    result, out = _make("docx")
    assert result.exit_code == 0, show(result)
    with zipfile.ZipFile(out) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 3


# -- validation -------------------------------------------------------------------------------


def _add_to_bakgrund(root: Path, line: str) -> None:
    path = root / "data" / "ar" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    head = "texter:\n  bakgrund: |\n"
    assert head in text
    path.write_text(text.replace(head, head + f"    {line}\n", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Se ![logga]({secret}) här.", "bilder kan inte läggas in i texterna"),
        ("Se ![logga](../hemlig.txt) här.", "bilder kan inte läggas in i texterna"),
        ("Se ![logga](http://127.0.0.1:9/x.png) här.", "bilder kan inte läggas in i texterna"),
        ("[klicka](javascript:alert(1))", "länken till 'javascript:' går inte"),
        ("<javascript:alert(1)>", "länken till 'javascript:' går inte"),
        ("[x](file:///etc/passwd)", "länken till 'file:' går inte"),
    ],
)
def test_prose_with_images_or_other_links_is_refused(repo, tmp_path, line, message):
    _add_to_bakgrund(repo, line.format(secret=tmp_path / "hemlig.txt"))
    result = run("validera", "--data", "data")
    assert result.exit_code == 1, show(result)
    assert re.search(
        rf"^data/ar/2026\.yaml:\d+:\d+: fel: {re.escape(message)}", result.stdout, re.M
    ), show(result)
    result, out = _make("html", "ansokan")
    assert result.exit_code == 1, show(result)
    assert not out.exists()


def test_prose_with_web_links_is_fine(repo):
    _add_to_bakgrund(repo, "Läs [mer](https://example.org) eller skriv till <info@example.org>.")
    result = run("validera", "--data", "data")
    assert result.exit_code == 0, show(result)


def test_every_field_of_texter_is_scanned(monkeypatch):
    """A field added to Texter later is scanned too: the check walks the model's fields."""
    from stodplattform import checks, model

    class Ny(model.Texter):
        framtid: str | None = None

    problems = []

    class Source:
        def fel(self, message, at):
            problems.append((message, at))

    class Arsfil:
        texter = Ny(framtid="![x](/etc/passwd)")

    class Data:
        ar = {2026: (Source(), Arsfil())}
        foretag = {}

    checks.check_texter(Data())
    assert problems == [(prose_problems("![x](y)")[0], ("texter", "framtid"))]


@pytest.mark.parametrize(
    ("path", "at"),
    [
        ("ar/2025.yaml", "insatser[0].budget[0].kommentar"),
        ("ar/2025.yaml", "mal[0].kommentar"),
        ("ar/2025.yaml", "texter.uppfoljning"),
        ("foretag/atervinningsbutiken.yaml", "beskrivning"),
    ],
)
def test_comments_and_descriptions_are_scanned_like_texts(repo, path, at):
    """The comments on budget posts and goals, the follow-up text and an enterprise's
    description go into documents too: an image there is an error at its line."""
    import yaml

    file = repo / "data" / path
    doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    node = doc
    steps = at.replace("]", "").replace("[", ".").split(".")
    for step in steps[:-1]:
        node = node[int(step)] if step.isdigit() else node.setdefault(step, {})
    node[steps[-1]] = "Se ![x](/etc/passwd)"
    file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = run("validera", "--data", "data")
    assert result.exit_code == 1, show(result)
    assert any("bild" in line and path in line for line in result.stdout.splitlines()), show(result)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("![x](y)", 1),
        ("![x][r]\n\n[r]: https://a.se/b.png", 1),
        ("`![x](y)`", 0),
        ("\\![x](https://a.se)", 0),
        ("[a](https://a.se) [b](mailto:b@c.se) [c](#bakgrund) <https://d.se>", 0),
        ("[a [b] c](data:text/html,x)", 1),
        ("[a](<javascript:x>)", 1),
        ("[a](relativ.pdf)", 1),
        ("Tre [sic] saker (a) och ![ingen bild", 0),
        # found by an attack: definitions inside a quote or a list, a backtick in a target,
        # raw HTML (a Markdown viewer shows it live), an entity spelling the scheme
        ("> [bq]: javascript:x\n>\n> se [klick][bq]", 1),
        ("- [li]: file:///etc/passwd\n\n  punkt [länk][li]", 1),
        ("- ![bild][b]\n\n[b]: https://a.se/b.png", 1),
        ("[x](https://a/`) [y](javascript:z) `", 1),
        ('<img src="https://a.se/p.png" onerror="alert(1)">', 1),
        ('Text <a href="javascript:alert(1)">klick</a>', 1),
        ("<script>alert(1)</script>", 1),
        ("<iframe src='file:///etc/passwd'></iframe>", 1),
        ("[k](&#106;avascript:alert(1))", 1),
        ("En fotnot[^1] och 2 < 3.\n\n[^1]: Se rapporten.", 0),
        # found by a second attack: a footnote label as an image, a first line that is code
        # here and HTML once the document strips the text
        ("Se bild ![^2].\n\n[^2]: https://a.se/p.png", 1),
        ("    <img src=x onerror=alert(1)>\n\nText.", 1),
        ("    ![x](https://a.se/p.png)\n\nText.", 1),
    ],
)
def test_prose_scanner(text, found):
    assert len(prose_problems(text)) == found, prose_problems(text)


@pytest.mark.parametrize(
    "styles",
    [
        # found by an attack: a pattern that took quadratic time, and a number too long for a float
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + b'<w:style w:styleId="Table"/>' * 150_000
        + b"</w:styles>",
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:style w:type="table" w:styleId="Table"><w:rPr><w:sz w:val="'
        + b"9" * 5000
        + b'"/></w:rPr></w:style></w:styles>',
    ],
    ids=["manga-stilar", "jattestort-tal"],
)
def test_hostile_styles_in_reference_docx_end_quickly(repo, styles):
    import subprocess
    import sys

    _reference(repo, lambda name, content: styles if name == "word/styles.xml" else content)
    done = subprocess.run(
        [sys.executable, "-m", "stodplattform", "rapport", "2025", "--data", "data",
         "--format", "docx", "--ut", "ut/r.docx", "--per", PER],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr


def test_a_reference_across_two_texts_is_found(tmp_path, monkeypatch):
    """Found by a second attack: the texts stand in one document, so a reference defined in
    one text and used as an image in another is an image."""
    from ..conftest import copy_base

    monkeypatch.chdir(tmp_path)
    data = copy_base(tmp_path)
    path = data / "ar" / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "texter:\n  bakgrund: |\n    Text.\n\n    [logga]: https://a.se/p.png\n"
        + "  genomforande: |\n    Se ![logga].\n",
        encoding="utf-8",
    )
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "går över två texter" in result.stdout, show(result)
