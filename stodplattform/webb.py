"""The platform's public web pages (`stod webb`): index.html, one page per public enterprise
and a style sheet, as plain files that work from a folder and on any web host.

What the pages may show is chosen here, before any template sees it: the platform's name,
region, slogan and contact, its parties' organisations and roles, the public enterprises
and the coming public events. Nothing else reaches the templates – no participant, support
hour, amount, internal meeting or person named as a party's representative – so that not
even a user's own template can put it on the web."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import model, vocab
from .dataset import Data
from .svtext import sv_key

PUBLIC_STATUS = ("aktiv", "under_etablering")  # shown unless `publik: false`
PUBLIC_EVENTS = ("fokusdag", "seminarium", "massa")  # the meetings anyone may come to
INDEX = "webb/index.html.j2"
PAGE = "webb/foretag.html.j2"
STYLE = "webb/stil.css"
PAGES = "foretag"  # the enterprises' pages, in a folder of their own


@dataclass
class Site:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # pages of enterprises no longer shown
    warnings: list[str] = field(default_factory=list)


def is_public(foretag: model.Foretag) -> bool:
    if foretag.publik is not None:
        return foretag.publik
    return foretag.status in PUBLIC_STATUS


def context(data: Data, per: dt.date, warnings: list[str]) -> dict:
    """Everything the pages show, as plain values; a contact that is not a web or e-mail
    address is left out with a warning."""
    from .motesdokument import weekday_date

    plattform = data.plattform
    shown = data.plattform_source.display if data.plattform_source else "plattform.yaml"
    kontakt = plattform.kontakt
    site = {
        "namn": plattform.namn,
        "region": plattform.region,
        "kommuner": list(plattform.kommuner),
        "slogan": plattform.slogan,
        "webbplats": _web(plattform.webbplats, shown, "webbplats", warnings),
        "kontakt": _contact(kontakt, shown, warnings) if kontakt else None,
    }
    parter = [
        {"organisation": p.organisation, "roll": p.roll, "adjungerad": p.adjungerad}
        for p in plattform.parter
    ]
    foretag = []
    for company_id, (source, company) in data.foretag.items():
        if not is_public(company):
            continue
        contact = _contact(company.kontakt or model.Kontaktuppgifter(), source.display, warnings)
        if not contact["webbplats"] and company.webbplats:
            contact["webbplats"] = _web(company.webbplats, source.display, "webbplats", warnings)
        foretag.append(
            {
                "id": company_id,
                "namn": company.namn,
                "kommun": company.kommun,
                "verksamhet": company.verksamhet,
                "beskrivning": company.beskrivning,
                "under_etablering": company.status == "under_etablering",
                "kontakt": contact if any(contact.values()) else None,
                "sida": f"{PAGES}/{company_id}.html",
            }
        )
    foretag.sort(key=lambda f: (sv_key(f["namn"]), f["id"]))
    evenemang = [
        {
            "datum": mote.datum,
            "dag": weekday_date(mote.datum),
            "tid": mote.tid,
            "plats": mote.plats,
            "typ": vocab.MOTESTYPER[mote.typ],
            "rubrik": mote.rubrik,
        }
        for _, mote in sorted(data.moten, key=lambda e: (e[1].datum, e[0].path.name))
        if mote.typ in PUBLIC_EVENTS and mote.status != "installt" and mote.datum > per
    ]
    return {
        "plattform": site,
        "parter": parter,
        "foretag": foretag,
        "evenemang": evenemang,
        "per": per,
    }


def _web(value, shown: str, key: str, warnings: list[str]) -> dict | None:
    from .webbtext import web_link

    if not value:
        return None
    link = web_link(value)
    if link is None:
        warnings.append(
            f"{shown}: '{key}' ({str(value)[:60]}) är ingen webbadress (som www.exempel.se eller "
            "https://…) och visas inte på webbsidan"
        )
    return link


def _contact(kontakt: model.Kontaktuppgifter, shown: str, warnings: list[str]) -> dict:
    from .webbtext import mail_link

    epost = mail_link(kontakt.epost) if kontakt.epost else None
    if kontakt.epost and epost is None:
        warnings.append(
            f"{shown}: 'kontakt.epost' ({kontakt.epost[:60]}) är ingen e-postadress och visas "
            "inte på webbsidan"
        )
    return {
        "namn": kontakt.namn,
        "epost": epost,
        "telefon": kontakt.telefon,
        "webbplats": _web(kontakt.webbplats, shown, "kontakt.webbplats", warnings),
    }


def pages(data: Data, per: dt.date, warnings: list[str]) -> dict[str, bytes]:
    """The site's files, {path inside the folder ('/' between parts): content}."""
    from .formats.pandoc import checked_css
    from .paths import user_templates
    from .render import check_user_folder, regular_file_inside, render, user_file
    from .webbtext import check_page

    user_folder = user_templates(data.folder)
    values = context(data, per, warnings)
    files = {"index.html": _page(render(INDEX, {**values, "rot": ""}, user_folder, html=True))}
    for company in values["foretag"]:
        page = render(PAGE, {**values, "f": company, "rot": "../"}, user_folder, html=True)
        files[company["sida"]] = _page(page)
    for name, content in files.items():
        template = PAGE if name.startswith(PAGES + "/") else INDEX
        check_page(content.decode("utf-8"), _template_shown(user_folder, template))
    path = user_file(user_folder, "webb") and user_file(user_folder / "webb", "stil.css")
    if path is None:
        path = _builtin(STYLE)
        css = checked_css(path, path.read_bytes())
    else:
        check_user_folder(user_folder)
        css = checked_css(path, regular_file_inside(path, user_folder))
    files["stil.css"] = (css + "\n").encode("utf-8")
    return files


def _page(text: str) -> bytes:
    return text.encode("utf-8")


def _builtin(name: str) -> Path:
    from .paths import builtin_templates

    return builtin_templates().joinpath(*name.split("/"))


def _template_shown(user_folder: Path, name: str) -> str:
    from .paths import display_path

    path = user_folder.joinpath(*name.split("/"))
    return display_path(path) if path.is_file() else f"(inbyggd mall) {name}"


def _refuse_links_out(target: Path, paths: list[Path]) -> None:
    """StodError when a page would land outside `target` through a link inside it (a
    `foretag` that leads elsewhere, say in a repository from someone else): stod writes the
    site in the folder it was given and nowhere else."""
    from .paths import display_path
    from .problems import StodError

    root = os.path.realpath(target)
    for path in paths:
        real = os.path.realpath(path.parent)
        try:
            inside = os.path.commonpath([real, root]) == root
        except ValueError:  # another drive on Windows
            inside = False
        if not inside:
            raise StodError(
                f"{display_path(path.parent)} är en länk ut ur {display_path(target)}; stod "
                "skriver bara sidorna i mappen – ta bort länken och försök igen"
            )


def write_site(data: Data, target: Path, per: dt.date, overwrite: bool) -> Site:
    """Write the pages into `target`, all or nothing; a page the user has edited since stod
    wrote it is not replaced without `overwrite`. Pages of enterprises no longer shown are
    removed afterwards when stod made them and no one has changed them."""
    from .output import Output, unedited, write_outputs
    from .paths import display_path

    site = Site()
    files = pages(data, per, site.warnings)
    outputs = [
        Output(target.joinpath(*name.split("/")), content) for name, content in files.items()
    ]
    _refuse_links_out(target, [o.path for o in outputs])
    folder = target / PAGES
    stale = sorted(
        path
        for path in (folder.iterdir() if folder.is_dir() else ())
        if path.suffix == ".html" and f"{PAGES}/{path.name}" not in files and path.is_file()
    )
    write_outputs(outputs, overwrite)
    site.written = [o.path for o in outputs]
    for path in stale:
        try:
            if unedited(path):
                os.remove(path)
                site.removed.append(path)
                continue
        except OSError:
            pass
        site.warnings.append(
            f"{display_path(path)} hör till ett företag som inte längre visas, men sidan är "
            "ändrad för hand (eller inte gjord av stod) och togs inte bort; ta bort den själv"
        )
    return site
