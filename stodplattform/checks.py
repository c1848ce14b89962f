"""Checks across fields and files. Each `check_x(data)` files its problems with their source."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter

from . import privacy
from .budgetkontroll import check_budget
from .dataset import Data
from .dubbletter import check_dubbletter
from .fields import ID_RE
from .gammal_text import check_gamla_texter
from .kontaktkontroll import check_kontakt
from .model import is_partial
from .suggest import did_you_mean

MOTE_NAME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)")


def run_checks(data: Data) -> None:
    for check in CHECKS:
        check(data)


def _unknown_ref(value: str, known, what: str, where: str = "") -> str:
    where = f" {where}" if where else ""
    return f"{what} '{value}' finns inte{where}{_hint(value, tuple(sorted(known)))}"


@functools.lru_cache(maxsize=256)
def _hint(value: str, known: tuple[str, ...]) -> str:
    """A removed company is named on hundreds of rows: its near match is found once."""
    return did_you_mean(value, known, listing=False)


def check_plattform(data: Data) -> None:
    if data.plattform is None or data.plattform_source is None:
        return
    source = data.plattform_source
    seen: dict[str, int] = {}
    for i, part in enumerate(data.plattform.parter):
        if part.id in seen:
            source.fel(
                f"parten '{part.id}' finns redan (post {seen[part.id] + 1})", ("parter", i, "id")
            )
        seen.setdefault(part.id, i)
    conveners = [i for i, p in enumerate(data.plattform.parter) if p.sammankallande]
    if len(conveners) > 1:
        source.varning(
            "fler än en part är sammankallande", ("parter", conveners[1], "sammankallande")
        )


def check_foretag(data: Data) -> None:
    for stem, (source, foretag) in data.foretag.items():
        if not ID_RE.fullmatch(stem):
            source.fel(
                f"filnamnet '{stem}.yaml' ska vara en kod med små bokstäver a–z, siffror och "
                "bindestreck (t.ex. luddes-hundcenter.yaml)"
            )
        if foretag.orgnr is not None and (message := privacy.orgnr_problem(foretag.orgnr)):
            source.fel(message, ("orgnr",))
        if foretag.startar and foretag.nyckeltal:
            for year in foretag.nyckeltal:
                if year < foretag.startar:
                    source.varning(
                        f"nyckeltal för {year}, före startåret {foretag.startar}",
                        ("nyckeltal", str(year), "[key]"),
                    )
        counts = Counter(foretag.behov)
        for i, code in enumerate(foretag.behov):
            if counts[code] > 1 and foretag.behov.index(code) != i:
                source.varning(f"behovet '{code}' står två gånger", ("behov", i))


def _check_mote_refs(data: Data, source, mote) -> None:
    for i, ref in enumerate(mote.foretag or []):
        if ref not in data.foretag_ids:
            source.fel(_unknown_ref(ref, data.foretag_ids, "företaget"), ("foretag", i))
    if data.plattform is None:
        return
    parter = data.parter
    for i, ref in enumerate(mote.narvaro or []):
        if ref not in parter:
            source.fel(_unknown_ref(ref, parter, "parten", "i plattform.yaml"), ("narvaro", i))
    for i, ref in enumerate(getattr(mote, "kallade", None) or []):
        if ref not in parter:
            source.fel(_unknown_ref(ref, parter, "parten", "i plattform.yaml"), ("kallade", i))
    for i, atgard in enumerate(mote.atgarder or []):
        if atgard.ansvarig not in parter:
            source.fel(
                _unknown_ref(atgard.ansvarig, parter, "parten", "i plattform.yaml"),
                ("atgarder", i, "ansvarig"),
            )


def check_moten(data: Data) -> None:
    for source, mote in data.moten:
        _check_mote_refs(data, source, mote)
        if is_partial(mote):
            continue
        m = MOTE_NAME_RE.fullmatch(source.path.stem)
        if not m:
            source.fel(
                "filnamnet ska vara datum och ett kort namn, t.ex. "
                f"moten/{mote.datum.isoformat()}-plattformsmote.yaml"
            )
        elif m.group(1) != mote.datum.isoformat():
            source.fel(
                f"'datum' är {mote.datum.isoformat()} men filnamnet säger {m.group(1)}; "
                "ändra det ena så att de stämmer",
                ("datum",),
            )
        for i, ref in enumerate(mote.narvaro):
            if mote.narvaro.index(ref) != i:
                source.varning(f"'{ref}' står två gånger i närvaron", ("narvaro", i))
        if mote.status != "genomfort" and (mote.beslut or mote.narvaro):
            source.varning(
                f"mötet har status '{mote.status}' men har närvaro eller beslut; "
                "ska status vara 'genomfort'?",
                ("status",),
            )


def check_ar(data: Data) -> None:
    parter = data.parter
    for year, (source, arsfil) in data.ar.items():
        if arsfil.ar != year:
            source.fel(f"'ar' är {arsfil.ar} men filen heter {year}.yaml", ("ar",))
        insats_ids = [i.id for i in arsfil.insatser]
        for i, insats in enumerate(arsfil.insatser):
            at = ("insatser", i)
            if insats_ids.index(insats.id) != i:
                source.fel(f"insatsen '{insats.id}' finns redan i filen", (*at, "id"))
            total = sum(post.belopp for post in insats.budget)
            if total != insats.sokt:
                diff = total - insats.sokt
                source.fel(
                    f"budgetposterna för '{insats.id}' summerar till {total} kr men 'sokt' är "
                    f"{insats.sokt} kr (skillnad {diff:+d} kr)",
                    (*at, "sokt"),
                )
            if insats.beviljat is not None and insats.beviljat > insats.sokt:
                source.fel(
                    f"'beviljat' ({insats.beviljat} kr) är mer än 'sokt' ({insats.sokt} kr)",
                    (*at, "beviljat"),
                )
            with_outcome = [p.utfall is not None for p in insats.budget]
            if any(with_outcome) and not all(with_outcome):
                j = with_outcome.index(False)
                source.varning(
                    f"posten '{insats.budget[j].post}' saknar 'utfall' medan andra poster har det",
                    (*at, "budget", j),
                )
            for j, med in enumerate(insats.medfinansiering):
                mat = (*at, "medfinansiering", j)
                if data.plattform is not None and med.part not in parter:
                    source.fel(
                        _unknown_ref(med.part, parter, "parten", "i plattform.yaml"),
                        (*mat, "part"),
                    )
                if med.typ == "tid" and med.timmar is None:
                    source.fel("medfinansiering av typen 'tid' anger 'timmar'", mat)
                if med.typ != "tid" and med.belopp is None:
                    source.fel(f"medfinansiering av typen '{med.typ}' anger 'belopp' (kr)", mat)
        _check_mal(source, arsfil, insats_ids)
        for i, rapport in enumerate(arsfil.rapporter):
            if rapport.senast.year not in (year, year + 1):
                source.varning(
                    f"rapporten ska vara inne {rapport.senast.isoformat()}, långt från {year}",
                    ("rapporter", i, "senast"),
                )
            _check_rapport_per(source, year, i, rapport)


def _check_rapport_per(source, year: int, i: int, rapport) -> None:
    """`per`: the day a report's figures are as of; within or after its year, and not in a
    month after the day it was handed in (the figures are counted by month: a report handed
    in on 28 April may well be as of 30 April)."""
    if rapport.per is None:
        return
    at = ("rapporter", i, "per")
    if rapport.per.year < year:
        source.fel(
            f"'per' ({rapport.per.isoformat()}) ligger före året {year}; rapportens siffror "
            f"gäller en dag under {year} eller senare",
            at,
        )
    elif rapport.inlamnad is not None and f"{rapport.per:%Y-%m}" > f"{rapport.inlamnad:%Y-%m}":
        source.varning(
            f"'per' ({rapport.per.isoformat()}) ligger i en senare månad än 'inlamnad' "
            f"({rapport.inlamnad.isoformat()}); en rapport kan inte ha siffror för en månad "
            "som inte hade börjat när den lämnades in – stämmer datumen?",
            at,
        )


def _check_mal(source, arsfil, insats_ids: list[str]) -> None:
    mal_ids = [m.id for m in arsfil.mal]
    for i, mal in enumerate(arsfil.mal):
        at = ("mal", i)
        if mal_ids.index(mal.id) != i:
            source.fel(f"målet '{mal.id}' finns redan i filen", (*at, "id"))
        if mal.insats is not None and mal.insats not in insats_ids:
            source.fel(_unknown_ref(mal.insats, insats_ids, "insatsen"), (*at, "insats"))
        if mal.matt == "manuellt" and mal.utfall is None and arsfil.ar < dt.date.today().year:
            source.varning(
                f"målet '{mal.id}' mäts manuellt men saknar 'utfall'; det visas som ej redovisat",
                at,
            )
        if mal.matt != "manuellt" and mal.utfall is not None:
            source.fel(
                f"'utfall' räknas fram ur data för måttet '{mal.matt}'; ta bort 'utfall' "
                "eller sätt matt: manuellt",
                (*at, "utfall"),
            )
        if mal.insats is not None and mal.matt in ("moten", "plattformsmoten"):
            source.varning(
                f"måttet '{mal.matt}' gäller hela plattformen; 'insats' används inte", at
            )


def _year_insatser(data: Data, year: int) -> list[str] | None:
    """The year's effort ids, or None when the year file is missing or broken."""
    entry = data.ar.get(year)
    return [i.id for i in entry[1].insatser] if entry else None


def check_stod(data: Data) -> None:
    for year, (source, poster) in data.stod.items():
        insatser = _year_insatser(data, year)
        if year not in data.ar_files:
            source.varning(f"ar/{year}.yaml saknas; stödet kan inte knytas till årets insatser")
        for i, post in poster:
            if post.datum is not None and post.datum.year != year:
                source.fel(
                    f"datumet {post.datum.isoformat()} ligger inte i {year}; flytta posten till "
                    f"stod/{post.datum.year}.yaml",
                    (i, "datum"),
                )
            if post.foretag is not None and post.foretag not in data.foretag_ids:
                source.fel(
                    _unknown_ref(post.foretag, data.foretag_ids, "företaget"), (i, "foretag")
                )
            if post.insats is not None and insatser is not None and post.insats not in insatser:
                source.fel(
                    _unknown_ref(post.insats, insatser, "insatsen", f"i ar/{year}.yaml"),
                    (i, "insats"),
                )


def check_deltagare(data: Data) -> None:
    first_seen: dict[str, tuple[int, object]] = {}
    for year in sorted(data.deltagare):
        source, personer = data.deltagare[year]
        insatser = _year_insatser(data, year)
        if year not in data.ar_files:
            source.varning(f"ar/{year}.yaml saknas; deltagarna kan inte knytas till insatser")
        ids_here: dict[str, int] = {}
        for i, d in personer:
            _check_deltagare_refs(data, source, year, insatser, i, d)
            if is_partial(d):
                continue
            if d.id in ids_here:
                source.fel(
                    f"deltagaren '{d.id}' står redan i filen (post {ids_here[d.id] + 1})", (i, "id")
                )
            ids_here.setdefault(d.id, i)
            _check_period(source, year, i, d)
            earlier = first_seen.get(d.id)
            if earlier is not None and earlier[0] != year:
                _check_same_person(source, i, d, *earlier)
            else:
                first_seen[d.id] = (year, d)
        _check_continuing(data, year, personer)


def _check_deltagare_refs(data: Data, source, year: int, insatser, i: int, d) -> None:
    parter = data.parter
    if insatser is not None and d.insats is not None and d.insats not in insatser:
        source.fel(_unknown_ref(d.insats, insatser, "insatsen", f"i ar/{year}.yaml"), (i, "insats"))
    if data.plattform is not None and d.remitterad_av and d.remitterad_av not in parter:
        source.fel(
            _unknown_ref(d.remitterad_av, parter, "parten", "i plattform.yaml"),
            (i, "remitterad_av"),
        )
    if d.foretag and d.foretag not in data.foretag_ids:
        source.fel(_unknown_ref(d.foretag, data.foretag_ids, "företaget"), (i, "foretag"))


def _check_period(source, year: int, i: int, d) -> None:
    if d.slut is not None and d.slut < d.start:
        source.fel(f"'slut' ({d.slut}) ligger före 'start' ({d.start})", (i, "slut"))
    if d.start > f"{year}-12" or (d.slut is not None and d.slut < f"{year}-01"):
        source.fel(
            f"deltagaren var inte aktiv under {year} ({d.start} – {d.slut or 'pågår'}); "
            "flytta posten till rätt års fil",
            (i, "start"),
        )
    if d.slut is not None and d.utfall is None:
        source.fel("'utfall' saknas; det anges när 'slut' är satt", (i,))
    if d.slut is None and d.utfall is not None:
        source.fel("'utfall' anges först när 'slut' är satt; lägg till 'slut'", (i, "utfall"))


def _check_same_person(source, i: int, d, year: int, first) -> None:
    for name in ("insats", "start", "kon", "aldersgrupp"):
        if getattr(d, name) != getattr(first, name):
            source.fel(
                f"'{name}' för {d.id} är '{getattr(d, name)}' men '{getattr(first, name)}' i "
                f"deltagare/{year}.yaml; samma deltagare ska ha samma uppgifter",
                (i, name),
            )
    if first.slut is not None and d.slut is not None and first.slut != d.slut:
        source.fel(
            f"'slut' för {d.id} är {d.slut} men {first.slut} i deltagare/{year}.yaml",
            (i, "slut"),
        )
    elif first.slut is not None and first.slut[:4] == str(year):
        source.fel(
            f"{d.id} avslutades {first.slut} enligt deltagare/{year}.yaml men står kvar här",
            (i, "id"),
        )


def _check_continuing(data: Data, year: int, personer) -> None:
    following = data.deltagare.get(year + 1)
    if following is None:
        return
    source_next, next_personer = following
    present = {d.id for _, d in next_personer}
    source, _ = data.deltagare[year]
    for i, d in personer:
        if not is_partial(d) and d.slut is None and d.id not in present:
            source.varning(
                f"{d.id} har inget 'slut' men saknas i deltagare/{year + 1}.yaml; "
                "avslutades deltagaren under året?",
                (i, "id"),
            )


def check_zero_amounts(data: Data) -> None:
    """An effort still at 0 kr (as `stod init` leaves it): to fill in, not an error."""
    for source, arsfil in data.ar.values():
        for i, insats in enumerate(arsfil.insatser):
            if insats.sokt == 0:
                source.varning(
                    f"'sokt' för '{insats.id}' är 0 kr; fyll i beloppet", ("insatser", i, "sokt")
                )


def _prose_fields(arsfil) -> list[tuple[tuple, str]]:
    """Where a year file has prose that goes into a document: every field of Texter, whatever
    fields it has, and the comments on budget posts and goals."""
    found = []
    texter = getattr(arsfil, "texter", None)
    if texter is not None:
        for name in type(texter).model_fields:
            value = getattr(texter, name, None)
            if name != "extra" and isinstance(value, str):
                found.append((("texter", name), value))
    for i, insats in enumerate(getattr(arsfil, "insatser", None) or []):
        for j, post in enumerate(getattr(insats, "budget", None) or []):
            if isinstance(getattr(post, "kommentar", None), str):
                found.append((("insatser", i, "budget", j, "kommentar"), post.kommentar))
    for i, mal in enumerate(getattr(arsfil, "mal", None) or []):
        if isinstance(getattr(mal, "kommentar", None), str):
            found.append((("mal", i, "kommentar"), mal.kommentar))
    return found


def check_texter(data: Data) -> None:
    """The prose of the year files and the enterprises' descriptions goes into the documents as
    Markdown: no images, and links only to web and e-mail addresses (prosa.py)."""
    from .prosa import prose_problems

    for source, arsfil in data.ar.values():
        texts, found = [], set()
        for at, value in _prose_fields(arsfil):
            texts.append(value)
            for message in prose_problems(value):
                found.add(message)
                source.fel(message, at)
        # The texts stand in one document: a reference defined in one is used in another.
        for message in prose_problems("\n\n".join(texts)):
            if message not in found:
                source.fel(f"{message} (länken eller bilden går över två texter)", ("texter",))
    for source, foretag in data.foretag.values():
        if isinstance(getattr(foretag, "beskrivning", None), str):
            for message in prose_problems(foretag.beskrivning):
                source.fel(message, ("beskrivning",))


CHECKS = [
    check_plattform,
    check_foretag,
    check_moten,
    check_ar,
    check_stod,
    check_deltagare,
    check_zero_amounts,
    check_budget,
    check_texter,
    check_gamla_texter,
    check_dubbletter,
    check_kontakt,
]
