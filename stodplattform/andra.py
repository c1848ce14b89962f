"""`stod avsluta`, `stod klar` and `stod inlamnad`: one value changed in the data, the rest of
the file byte for byte as it was (textedit), checked by the rules of `stod validera` and
written atomically under the data folder's lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import model, vocab
from .dataset import Data
from .fields import Invalid, parse_date, parse_month
from .hints import cite, command
from .newdata import locked
from .paths import display_path
from .privacy import find_identity_numbers
from .problems import StodError
from .repository import load_data
from .suggest import did_you_mean, fold
from .textedit import (
    FileText,
    append_lines,
    check_and_write,
    check_edit,
    compose,
    node_at,
    read_text,
    set_keys,
)
from .yamltext import inline, scalar


class Choice(StodError):
    """More than one thing fits and the user must say which: the options, numbered."""

    def __init__(self, message: str, options: list[str]):
        super().__init__(message)
        self.options = options


@dataclass
class Done:
    """What a change did, for the message: the file, and the sentence to show."""

    path: Path
    message: str
    warnings: list


def _parse(parser, value: str, option: str):
    try:
        return parser(value, option)
    except Invalid as e:
        raise StodError(str(e)) from None


def code_of(value: str, vocabulary: dict[str, str], option: str) -> str:
    """A code of the vocabulary from its code or its label, in any case and with or without
    å, ä, ö ('Fortsatt i annan insats' → fortsatt_annan_insats)."""
    wanted = fold(value).replace("-", "_")
    for code, label in vocabulary.items():
        if wanted in (fold(code).replace("-", "_"), fold(label).replace("-", "_")):
            return code
    raise StodError(
        f"'{value}' är inget giltigt värde för {option}{did_you_mean(value, list(vocabulary))}"
    )


def _edit_entry(file, path: tuple, changes: dict[str, str], after=None) -> str:
    root = compose(file)
    node = node_at(root, path)
    new_text = set_keys(file, file.text, node, changes, after)
    check_edit(file, new_text, path, changes)
    return file.content(new_text)


# -- stod avsluta ------------------------------------------------------------------------------


def avsluta(folder: Path, ident: str, slut: str, utfall: str) -> Done:
    """End a participant's effort: `slut` and `utfall` set in the file of the year it ended."""
    if any(find_identity_numbers(ident)):
        raise StodError(
            "ange deltagarens pseudonym (som IS-2025-01), aldrig ett personnummer; "
            "personnummer hör inte hemma i stod"
        )
    ident = ident.strip().upper()
    month = _parse(parse_month, slut.strip(), "--slut")
    code = code_of(utfall, vocab.DELTAGARUTFALL, "--utfall")
    year = int(month[:4])
    with locked(folder):
        data = load_data(folder)
        found = sorted(
            (y, i, d)
            for y, (_, people) in data.deltagare.items()
            for i, d in people
            if d.id == ident
        )
        if not found:
            known = sorted({d.id for _, (_, people) in data.deltagare.items() for _, d in people})
            raise StodError(
                f"deltagaren '{ident}' finns inte i någon fil i deltagare/{did_you_mean(ident, known, False)}"
            )
        here = [f for f in found if f[0] == year]
        if here:
            _, i, d = here[0]
            if d.slut is not None:
                raise StodError(
                    f"{ident} är redan avslutad {d.slut} (utfall: {d.utfall}) i "
                    f"deltagare/{year}.yaml; ändra i filen om det är fel"
                )
            target = folder / "deltagare" / f"{year}.yaml"
            text = _edit_entry(
                read_text(target), (i,), {"slut": month, "utfall": code}, {"slut": "start"}
            )
        else:
            earlier = [f for f in found if f[0] < year]
            if not earlier:  # only in later years: the rules say what is wrong
                y, i, _ = found[0]
                target = folder / "deltagare" / f"{y}.yaml"
                text = _edit_entry(
                    read_text(target), (i,), {"slut": month, "utfall": code}, {"slut": "start"}
                )
            else:  # still running at the end of an earlier year: into the year it ended
                target, text = _carried(folder, earlier[-1][2], month, code, year)
        warnings = check_and_write(folder, {target: text}, data)
    return Done(
        target, f"{ident} avslutad {month} med utfall {code} i {display_path(target)}", warnings
    )


def _carried(folder: Path, d, month: str, code: str, year: int) -> tuple[Path, str]:
    """A participant who went on into `year` and ended there, as a new line of that year's file
    with the same pseudonym and particulars."""
    if d.slut is not None:
        raise StodError(f"{d.id} är redan avslutad {d.slut}; ändra i filen om det är fel")
    values = {k: getattr(d, k, None) for k in model.Deltagare.model_fields}
    values.update(slut=month, utfall=code)
    target = folder / "deltagare" / f"{year}.yaml"
    return target, append_lines(target, ["- " + inline(values)], deltagare_header(year))


def deltagare_header(year: int) -> str:
    return f"# Deltagare {year}. Bara pseudonymer; nyckeln till personerna finns inte här.\n"


# -- stod klar ---------------------------------------------------------------------------------


def _open_actions(data: Data, when: dt.date) -> list[tuple]:
    found = []
    for source, mote in data.moten:
        if getattr(mote, "datum", None) != when:
            continue
        for j, atgard in enumerate(getattr(mote, "atgarder", None) or []):
            if atgard.status == "oppen":
                found.append((source.path, mote, j, atgard))
    return found


def _action_text(atgard) -> str:
    senast = f", senast {atgard.senast.isoformat()}" if atgard.senast else ""
    return f"{atgard.vad} ({atgard.ansvarig}{senast})"


def klar(folder: Path, datum: str, nr: int | None) -> Done:
    """Mark an open follow-up action of the meeting held on `datum` as done."""
    when = _parse(parse_date, datum, "DATUM")
    with locked(folder):
        data = load_data(folder)
        meetings = [m for _, m in data.moten if getattr(m, "datum", None) == when]
        if not meetings:
            raise StodError(f"inget möte den {when.isoformat()} i moten/{_nearest(data, when)}")
        actions = _open_actions(data, when)
        if not actions:
            raise StodError(f"mötet den {when.isoformat()} har inga öppna åtgärder")
        listing = [f"{n}. {_action_text(a)}" for n, (_, _, _, a) in enumerate(actions, start=1)]
        if nr is None and len(actions) > 1:
            raise Choice(
                f"mötet den {when.isoformat()} har {len(actions)} öppna åtgärder; ange vilken "
                f"med dess nummer, t.ex.{cite(command(f'klar {when.isoformat()} 1', folder))}",
                listing,
            )
        if nr is not None and not 1 <= nr <= len(actions):
            raise StodError(
                f"det finns ingen öppen åtgärd nummer {nr} för mötet den {when.isoformat()}; "
                f"välj 1–{len(actions)}:\n  " + "\n  ".join(listing)
            )
        path, _, j, atgard = actions[(nr or 1) - 1]
        text = _edit_entry(read_text(path), ("atgarder", j), {"status": "klar"})
        warnings = check_and_write(folder, {path: text}, data)
    return Done(path, f"Klar: {atgard.vad} ({display_path(path)})", warnings)


def _nearest(data: Data, when: dt.date) -> str:
    dates = sorted({m.datum for _, m in data.moten if getattr(m, "datum", None)})
    if not dates:
        return ""
    closest = sorted(dates, key=lambda d: abs((d - when).days))[:3]
    return "; närmaste möten: " + ", ".join(d.isoformat() for d in sorted(closest))


# -- stod inlamnad -----------------------------------------------------------------------------


def _matching_reports(rapporter: list, typ: str, senast: dt.date | None) -> list[int]:
    wanted = fold(typ)
    exact = [i for i, r in enumerate(rapporter) if fold(r.typ) == wanted]
    found = exact or [
        i
        for i, r in enumerate(rapporter)
        if fold(r.typ).startswith(wanted) or wanted.startswith(fold(r.typ))
    ]
    if senast is not None:
        found = [i for i in found if rapporter[i].senast == senast]
    return found


def inlamnad(
    folder: Path,
    year: int,
    typ: str,
    datum: str | None,
    senast: str | None = None,
    per: str | None = None,
) -> Done:
    """Record the date a report to the funder was handed in (without `datum`: today, or with
    `per` for a report already handed in, the date that stands), and with `per` the day its
    figures are as of."""
    when = _parse(parse_date, datum, "--datum") if datum else None
    by = _parse(parse_date, senast, "--senast") if senast else None
    as_of = _parse(parse_date, per, "--per") if per else None
    with locked(folder):
        data = load_data(folder)
        target = folder / "ar" / f"{year}.yaml"
        if year not in data.ar:
            if year in data.ar_files:
                raise StodError(
                    f"ar/{year}.yaml har fel; rätta dem först, se"
                    f"{cite(command('validera', folder))}"
                )
            raise StodError(f"ar/{year}.yaml finns inte{did_you_mean(str(year), _years(data))}")
        rapporter = data.ar[year][1].rapporter
        if not rapporter:
            raise StodError(f"ar/{year}.yaml har inga rapporter (lägg till dem under 'rapporter:')")
        found = _matching_reports(rapporter, typ, by)
        listing = [f"{r.typ} (senast {r.senast.isoformat()})" for r in rapporter]
        if not found:
            raise StodError(
                f"ingen rapport '{typ}' i ar/{year}.yaml"
                f"{did_you_mean(typ, [r.typ for r in rapporter])}"
            )
        if len(found) > 1:
            raise Choice(
                f"'{typ}' passar flera rapporter i ar/{year}.yaml; skriv hela namnet inom "
                "citattecken (eller ange --senast)",
                [listing[i] for i in found],
            )
        i = found[0]
        rapport = rapporter[i]
        if when is None:
            when = rapport.inlamnad if as_of is not None and rapport.inlamnad else dt.date.today()
        changes = {}
        if rapport.inlamnad != when:
            changes["inlamnad"] = scalar(when.isoformat())
        if as_of is not None and rapport.per != as_of:
            changes["per"] = scalar(as_of.isoformat())
        if not changes:
            also = f" med siffror per {as_of.isoformat()}" if as_of else ""
            return Done(target, f"{rapport.typ} är redan inlämnad {when.isoformat()}{also}", [])
        file = read_text(target)
        text = file.text
        for key, value in changes.items():  # one by one: a new key after the one added before
            now = FileText(file.path, text, file.bom, file.newline)
            text = set_keys(now, text, node_at(compose(now), ("rapporter", i)), {key: value})
        check_edit(file, text, ("rapporter", i), changes)
        warnings = check_and_write(folder, {target: file.content(text)}, data)
    message = f"{rapport.typ} inlämnad {when.isoformat()}"
    if rapport.inlamnad and rapport.inlamnad != when:
        message += f" (i stället för {rapport.inlamnad.isoformat()})"
    if as_of is not None:
        message += f" med siffror per {as_of.isoformat()}"
        if rapport.per and rapport.per != as_of:
            message += f" (i stället för {rapport.per.isoformat()})"
    return Done(target, f"{message} i {display_path(target)}", warnings)


def _years(data: Data) -> list[str]:
    return [str(y) for y in sorted(data.ar_files)]
