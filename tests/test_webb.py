"""`stod webb`: the platform's public pages. Every public enterprise is there and nothing that
must stay internal is (participants, hours, amounts, internal meetings and their notes); the
pages are valid HTML5 in Swedish with their headings in order, work without a network or
JavaScript, load in a real browser without errors, and text from the data cannot become HTML
or a link to anything but the web and e-mail."""

from __future__ import annotations

import html
import html.parser
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from stodplattform.webbtext import mail_link, markdown_html, web_link

from .conftest import EXAMPLE, copy_base, run, show, write_files
from .test_kallelse import messages

PER = "2026-11-23"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _yaml(path: Path):
    return yaml.safe_load(path.read_text("utf-8"))


def _webb(*args: str):
    result = run("webb", "--per", PER, *args)
    assert result.exit_code == 0, show(result)
    return result


def _pages(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*.html"))
    }


def _public(data: Path) -> dict[str, dict]:
    """The enterprises that belong on the page, read straight from the files."""
    shown = {}
    for path in sorted((data / "foretag").glob("*.yaml")):
        company = _yaml(path)
        default = company["status"] in ("aktiv", "under_etablering")
        if company.get("publik", default):
            shown[path.stem] = company
    return shown


# -- the example platform ---------------------------------------------------------------------


def test_every_public_enterprise_has_its_page(example):
    result = _webb()
    assert result.stdout == ""
    assert messages(result) == "Skrev ut/webb/ (7 sidor och en stilmall)\n", show(result)
    site = example / "ut" / "webb"
    pages = _pages(site)
    public = _public(example / "data")
    assert len(public) == 6
    assert sorted(pages) == sorted(["index.html", *(f"foretag/{i}.html" for i in public)])
    assert (site / "stil.css").read_text("utf-8").strip()
    index = pages["index.html"]
    for company_id, company in public.items():
        name = html.escape(company["namn"], quote=False)
        assert f'<a href="foretag/{company_id}.html">{name}</a>' in index
        page = pages[f"foretag/{company_id}.html"]
        assert f"<h1>{name}</h1>" in page
        assert html.escape(company["verksamhet"], quote=False) in page
        first_words = " ".join(company["beskrivning"].split()[:6])
        assert first_words in " ".join(page.split()), company_id
        kontakt = company["kontakt"]
        assert f'<a href="mailto:{kontakt["epost"]}">{kontakt["epost"]}</a>' in page
        assert kontakt["telefon"] in page
        if "webbplats" in kontakt:
            assert f'<a href="https://{kontakt["webbplats"]}">' in page
    # left off: the enterprise with publik: false
    hidden = _yaml(example / "data" / "foretag" / "producerande-asf.yaml")
    assert hidden["publik"] is False
    for page in pages.values():
        assert hidden["namn"] not in page and "producerande-asf" not in page
    plattform = _yaml(example / "data" / "plattform.yaml")
    assert plattform["namn"] in index and plattform["slogan"] in index
    assert '<a href="mailto:info@samarkand2015.com">info@samarkand2015.com</a>' in index
    assert '<a href="https://www.samarkand2015.com">www.samarkand2015.com</a>' in index
    for part in plattform["parter"]:
        assert html.escape(part["organisation"]) in index


def _internal(data: Path) -> set[str]:
    """Everything in the data that must never be on the public pages."""
    secret: set[str] = set()
    for path in (data / "deltagare").glob("*.yaml"):
        secret |= {row["id"] for row in _yaml(path)}
    for path in (data / "stod").glob("*.yaml"):
        secret |= {row["beskrivning"] for row in _yaml(path) if row.get("beskrivning")}
    for path in (data / "ar").glob("*.yaml"):
        year = _yaml(path)
        for insats in year["insatser"]:
            amounts = [insats["sokt"], *(p["belopp"] for p in insats["budget"])]
            amounts += [p["utfall"] for p in insats["budget"] if p.get("utfall")]
            for amount in amounts:
                secret |= {
                    str(amount),
                    f"{amount:,}".replace(",", " "),
                    f"{amount:,}".replace(",", "\u00a0"),
                }
            secret |= {p["post"] for p in insats["budget"]}
            secret |= {p["kommentar"] for p in insats["budget"] if p.get("kommentar")}
        secret |= {m["beskrivning"] for m in year.get("mal", [])}
        secret |= {m["kommentar"] for m in year.get("mal", []) if m.get("kommentar")}
        for text in (year.get("texter") or {}).values():
            secret.add(" ".join(text.split()[:8]))
    for path in (data / "foretag").glob("*.yaml"):
        for figures in (_yaml(path).get("nyckeltal") or {}).values():
            secret |= {str(v) for v in figures.values() if v >= 1000}
    for path in (data / "moten").glob("*.yaml"):
        mote = _yaml(path)
        if mote["typ"] in ("fokusdag", "seminarium", "massa"):
            continue
        secret.add(mote["rubrik"])
        secret |= set(mote.get("dagordning", [])) | set(mote.get("beslut", []))
        secret |= {a["vad"] for a in mote.get("atgarder", [])}
    plattform = _yaml(data / "plattform.yaml")
    secret |= set(plattform["finansiar"].get("adress", []))
    secret.add(plattform["sokande"]["undertecknare"]["namn"])
    return secret


def test_nothing_internal_is_on_the_pages(example):
    _webb()
    site = example / "ut" / "webb"
    text = "\n".join(_pages(site).values())
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    secret = _internal(example / "data")
    assert len(secret) > 100  # the check looks for something
    leaks = sorted(s for s in secret if s in text or s in plain)
    assert not leaks, leaks
    for word in ("stödtimmar", "timmar", "deltagare", "budget", "kronor", " kr", "plattformsmöte",
                 "styrgruppsmöte", "verksamhetsledarträff", "IS-20"):  # fmt: skip
        assert word not in plain.lower(), word


def test_coming_public_events_only(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "moten/2025-01-20-seminarium.yaml": """
                datum: 2025-01-20
                typ: seminarium
                rubrik: Seminariet som varit
                narvaro: [samarkand]
            """,
            "moten/2025-09-24-fokusdag.yaml": """
                datum: 2025-09-24
                typ: fokusdag
                rubrik: Fokusdag om upphandling
                status: planerat
                tid: "09.00–15.00"
                plats: Folkets hus, Provby
                foretag: [aterbruket]
                antal_deltagare: 40
            """,
            "moten/2025-10-01-massa.yaml": """
                datum: 2025-10-01
                typ: massa
                rubrik: Mässan som ställdes in
                status: installt
            """,
            "moten/2025-10-08-plattformsmote.yaml": """
                datum: 2025-10-08
                typ: plattformsmote
                rubrik: Hemligt internt möte
                status: planerat
            """,
        },
    )
    result = run("webb", "--per", "2025-06-01")
    assert result.exit_code == 0, show(result)
    index = (in_tmp / "ut" / "webb" / "index.html").read_text("utf-8")
    events = index.split('id="evenemang"')[1].split("</section>")[0]
    assert '<time datetime="2025-09-24">Onsdag 24 september 2025</time>, 09.00–15.00' in events
    assert "<strong>Fokusdag om upphandling</strong> (fokusdag, Folkets hus, Provby)" in events
    for hidden in ("Seminariet som varit", "Mässan som ställdes in", "Hemligt internt möte", "40"):
        assert hidden not in index, hidden
    # once the day has passed, it is no longer coming
    run("webb", "--per", "2025-09-24", "--skriv-over")
    index = (in_tmp / "ut" / "webb" / "index.html").read_text("utf-8")
    assert "Fokusdag om upphandling" not in index
    assert "Inga fokusdagar, seminarier eller mässor är inplanerade just nu." in index


# -- valid, accessible, and working without a network -----------------------------------------


class _Outline(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict] = []
        self.urls: list[str] = []
        self.meta: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(values)
        if tag == "meta":
            self.meta.append(values)
        if tag == "html":
            self.html_lang = values.get("lang")
        self.urls += [values[k] for k in ("href", "src") if values.get(k)]
        if tag == "script" or any(k.startswith("on") for k in values):
            raise AssertionError(f"skript på sidan: <{tag} {values}>")


def test_pages_are_valid_html5_in_swedish_with_headings_in_order(example):
    html5lib = pytest.importorskip("html5lib", reason="html5lib saknas: pip install -e '.[test]'")
    _webb()
    site = example / "ut" / "webb"
    for name, page in _pages(site).items():
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(page)  # raises on the first parse error
        assert not parser.errors, (name, parser.errors)
        assert page.startswith("<!DOCTYPE html>\n")
        outline = _Outline()
        outline.feed(page)
        assert outline.html_lang == "sv", name
        assert {
            "name": "viewport",
            "content": "width=device-width, initial-scale=1",
        } in outline.meta
        assert outline.headings[0] == 1 and outline.headings.count(1) == 1, (name, outline.headings)
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            assert after <= before + 1, (name, outline.headings)
        assert all("alt" in image for image in outline.images), name
        for url in outline.urls:  # relative inside the site, or a web or e-mail address
            parts = urlsplit(url)
            if parts.scheme:
                assert parts.scheme in ("https", "mailto"), (name, url)
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            assert target.resolve().is_relative_to(site.resolve()), (name, url)
            assert target.is_file(), (name, url)


def test_the_pages_load_in_chromium_without_errors(example, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium finns inte på den här datorn; sidorna prövas inte i en webbläsare")
    _webb()
    site = (example / "ut" / "webb").resolve()
    for name in _pages(site):
        url = (site / name).as_uri()
        done = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                f"--user-data-dir={tmp_path / 'profil'}", "--no-first-run",
                "--enable-logging=stderr", "--v=1", "--dump-dom", url,
            ],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        assert "</main>" in done.stdout and "<h1>" in done.stdout, done.stdout[:500]
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        assert not console, (name, console)
        loaded = re.findall(r"FileURLLoader::Start: (\S+)", done.stderr)
        assert url in loaded and (site / "stil.css").as_uri() in loaded, (name, loaded)
        for loaded_url in loaded:  # every file it asked for exists, inside the site
            path = Path(unquote(urlsplit(loaded_url).path))
            assert path.is_file() and path.is_relative_to(site), (name, loaded_url)
        assert not re.search(r"https?://", " ".join(
            line for line in done.stderr.splitlines() if "URLLoader" in line
        ))  # fmt: skip


# -- text from the data ---------------------------------------------------------------------


def test_text_from_the_data_is_escaped_and_bad_addresses_left_out(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "foretag/aterbruket.yaml": """
                namn: "Kaffe & <b>Bröd</b>"
                kommun: Provby
                status: aktiv
                verksamhet: "<script>alert(1)</script>"
                beskrivning: |
                  Vi *bakar* bröd. Läs mer på [vår sida](https://exempel.example/om).
                kontakt:
                  epost: "inte en adress"
                  telefon: "<i>070</i>"
                  webbplats: "javascript:alert(1)"
            """,
        },
    )
    result = run("webb", "--per", "2025-06-01")
    assert result.exit_code == 0, show(result)
    assert messages(result).splitlines()[:2] == [
        "varning: data/foretag/aterbruket.yaml: 'kontakt.epost' (inte en adress) är ingen "
        "e-postadress och visas inte på webbsidan",
        "varning: data/foretag/aterbruket.yaml: 'kontakt.webbplats' (javascript:alert(1)) är "
        "ingen webbadress (som www.exempel.se eller https://…) och visas inte på webbsidan",
    ], show(result)
    page = (in_tmp / "ut" / "webb" / "foretag" / "aterbruket.html").read_text("utf-8")
    assert "<h1>Kaffe &amp; &lt;b&gt;Bröd&lt;/b&gt;</h1>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert "Telefon: &lt;i&gt;070&lt;/i&gt;" in page
    assert "javascript" not in page and "inte en adress" not in page
    assert (
        '<p>Vi <em>bakar</em> bröd. Läs mer på <a href="https://exempel.example/om">vår sida</a>.</p>'
        in page
    )


def test_markdown_in_a_description_is_made_safe():
    assert markdown_html("<script>x</script> och <b>fet</b>") == (
        "<p>&lt;script&gt;x&lt;/script&gt; och &lt;b&gt;fet&lt;/b&gt;</p>"
    )
    assert markdown_html("[klicka](javascript:alert(1))") == "<p>[klicka](javascript:alert(1))</p>"
    assert markdown_html("[fil](file:///etc/passwd) ![bild](https://x.example/a.png)") == (
        '<p>[fil](file:///etc/passwd) !<a href="https://x.example/a.png">bild</a></p>'
    )  # a picture is never fetched: at most a link to it
    assert markdown_html("# Rubrik\n\ntext") == "<p># Rubrik</p>\n<p>text</p>"
    assert markdown_html("[skriv](mailto:a@b.se)") == '<p><a href="mailto:a@b.se">skriv</a></p>'
    assert markdown_html("") == ""


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("www.example.se", "https://www.example.se"),
        ("example.se/om-oss", "https://example.se/om-oss"),
        ("http://example.se", "http://example.se"),
        ("https://example.se/a?b=c", "https://example.se/a?b=c"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt://x.se", None),
        ("file:///etc/passwd", None),
        ("//evil.example", None),
        ("ftp://example.se", None),
        ("www.exa mple.se", None),
        ('www.example.se" onclick="x', None),
        ("../../hemligt.html", None),
        ("", None),
    ],
)
def test_websites_become_https_links_or_nothing(value, href):
    link = web_link(value)
    assert (link["href"] if link else None) == href


def test_mail_addresses():
    assert mail_link("info@samarkand2015.com") == {
        "href": "mailto:info@samarkand2015.com",
        "text": "info@samarkand2015.com",
    }
    for bad in ("info", "a@b", "a@b.se?bcc=c@d.se", "<a@b.se>", "a b@c.se", "javascript:a@b.se"):
        assert mail_link(bad) is None, bad


# -- a user's own templates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("<script>alert(1)</script>", "elementet <script>"),
        ('<a href="javascript:alert(1)">x</a>', "adressen 'javascript:alert(1)' på <a>"),
        ('<p onclick="x()">x</p>', "attributet onclick på <p>"),
        ('<img src="https://spar.example/pixel.gif" alt="">', "en bild från en annan webbplats"),
        ('<img src="logga.png">', "en bild utan alt-text"),
        ('<iframe src="a.html"></iframe>', "elementet <iframe>"),
        (
            '<link rel="stylesheet" href="https://cdn.example/a.css">',
            "en <link> till en annan webbplats",
        ),
        (
            '<meta http-equiv="refresh" content="0;url=https://x.example">',
            '<meta http-equiv="refresh">',
        ),
    ],
)
def test_a_template_cannot_put_a_script_or_an_outside_resource_on_a_page(example, line, found):
    write_files(
        example,
        {
            "mallar/webb/index.html.j2": '{% extends "webb/sida.html.j2" %}{% block innehall %}'
            f"<h1>x</h1>{line}{{% endblock %}}\n"
        },  # fmt: skip
    )
    result = run("webb", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert messages(result).startswith(
        f"fel: mallar/webb/index.html.j2: webbsidan får inte innehålla {found}"
    ), show(result)
    assert not (example / "ut").exists()


def test_a_user_template_and_style_sheet_are_used(example):
    write_files(
        example,
        {
            "mallar/webb/foretag.html.j2": '{% extends "webb/sida.html.j2" %}'
            "{% block innehall %}<h1>Företaget {{ f.namn }}</h1>{{ f.beskrivning|prosa }}{% endblock %}\n",
            "mallar/webb/stil.css": "/* egen */\nbody { color: teal; }\n",
        },
    )
    _webb()
    site = example / "ut" / "webb"
    page = (site / "foretag" / "hantverkstan.html").read_text("utf-8")
    assert "<h1>Företaget Hantverkstan</h1><p>Hantverkstan i Smedjebacken syr" in page
    assert (site / "stil.css").read_text("utf-8") == "body { color: teal; }\n"
    (example / "mallar" / "webb" / "stil.css").write_text("@import 'https://x.example/a.css';\n")
    result = run("webb", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert "fel: mallar/webb/stil.css: stilmallen hämtar en annan fil med @import" in messages(
        result
    )


# -- writing ---------------------------------------------------------------------------------


def test_edited_pages_are_kept_and_pages_no_longer_shown_are_removed(example):
    _webb("--ut", "publikt")
    site = example / "publikt"
    index = site / "index.html"
    index.write_text(index.read_text("utf-8").replace("<h1>", "<h1>Hej "), encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = run("webb", "--per", PER, "--ut", "publikt")
    assert result.exit_code == 1, show(result)
    assert "fel: publikt/index.html har ändrats sedan stod skrev den" in messages(result)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before  # nothing
    # an enterprise taken off the public page loses its page
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8") + "publik: false\n", encoding="utf-8")
    result = _webb("--ut", "publikt", "--skriv-over")
    assert "Tog bort publikt/foretag/hantverkstan.html (företaget visas inte längre)" in messages(
        result
    )
    assert not (site / "foretag" / "hantverkstan.html").exists()
    assert "Hantverkstan" not in (site / "index.html").read_text("utf-8")
    assert "Skrev publikt/ (6 sidor och en stilmall)" in messages(result)


def test_a_page_edited_by_hand_is_not_removed(example):
    _webb("--ut", "publikt")
    page = example / "publikt" / "foretag" / "hantverkstan.html"
    page.write_text("<p>min egen</p>\n", encoding="utf-8")
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8") + "publik: false\n", encoding="utf-8")
    result = _webb("--ut", "publikt")
    assert page.read_text("utf-8") == "<p>min egen</p>\n"
    assert (
        "varning: publikt/foretag/hantverkstan.html hör till ett företag som inte längre visas, "
        "men sidan är ändrad för hand (eller inte gjord av stod) och togs inte bort; ta bort den själv"
    ) in messages(result), show(result)


def test_same_data_same_pages(example):
    _webb("--ut", "a")
    _webb("--ut", "b")
    a = {
        p.relative_to(example / "a"): p.read_bytes()
        for p in (example / "a").rglob("*")
        if p.is_file()
    }
    b = {
        p.relative_to(example / "b"): p.read_bytes()
        for p in (example / "b").rglob("*")
        if p.is_file()
    }
    assert a == b


def test_the_terminal_is_no_folder(example):
    result = run("webb", "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert messages(result) == "fel: webbsidorna kan inte skrivas till terminalen; ange --ut MAPP\n"


def test_data_with_errors_makes_no_pages(in_tmp):
    data = copy_base(in_tmp)
    write_files(data, {"foretag/aterbruket.yaml": "namn: X\nkommun: Y\nstatus: Aktiv\n"})
    result = run("webb")
    assert result.exit_code == 1, show(result)
    assert "'Aktiv' är inget giltigt värde för 'status'" in messages(result)
    assert not (in_tmp / "ut").exists()
