"""`stod ny …`: add an enterprise, a meeting, a support entry or a participant.

Every addition is checked with the same rules as `stod validera`, with the new content in
place, before anything is written. Yearly logs get the new entry appended as text, so the
user's comments and formatting stay exactly as they were.

Each addition holds a lock (`.stod.lock` beside the data folder) from reading the file to
writing it, so additions made at the same time (two terminals, a script in parallel) wait for
each other and every one of them is kept; a participant's pseudonym is chosen inside the lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .dataset import Data
from .output import write_files
from .paths import display_path
from .problems import FEL, StodError, as_text
from .repository import load_data
from .suggest import fold
from .textedit import append_lines
from .yamltext import flow_list, inline, scalar

LOCK = ".stod.lock"
LOCK_WAIT = 120.0  # seconds; an addition takes well under one


def lock_path(folder: Path) -> Path:
    return folder.resolve().parent / LOCK


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the data folder's lock: one addition at a time, across processes."""
    from filelock import FileLock, Timeout

    path = lock_path(folder)
    lock = FileLock(str(path), timeout=LOCK_WAIT)
    try:
        lock.acquire()
    except Timeout:  # (a kind of OSError: first)
        raise StodError(
            f"datamappen är låst av en annan körning av stod ({display_path(path)}) sedan mer än "
            f"{LOCK_WAIT:.0f} sekunder; vänta tills den är klar och försök igen"
        ) from None
    except OSError as e:  # the folder above the data can't be written
        from .output import os_error_message

        if path.is_symlink():  # filelock does not follow a link (a link could aim anywhere)
            raise StodError(
                f"låsfilen {display_path(path)} är en länk; ta bort den och försök igen"
            ) from None
        raise StodError(os_error_message(e, path, "skriv")) from None
    try:
        yield
    finally:
        lock.release()


def commit(folder: Path, target: Path, text: str, loaded: Data | None = None) -> None:
    """Write `text` to `target` if that adds no error anywhere in the data (as it is now, or as
    `loaded` inside the same lock). The caller holds `locked(folder)` from before it read what
    `text` is made from."""
    current = loaded if loaded is not None else load_data(folder)
    before = {p for p in current.problems if p.severity == FEL}
    after = load_data(folder, overrides={target: text}).problems
    new = [p for p in after if p.severity == FEL and p not in before]
    if new:
        raise StodError(
            f"{display_path(target)} skrevs inte; det nya skulle ge fel:\n" + as_text(new).rstrip()
        )
    write_files([(target, text.encode("utf-8"))])


def slug(text: str) -> str:
    """'Luddes Hundcenter' → 'luddes-hundcenter'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("_", "-")).strip("-")[:60] or "ny"


def add_foretag(folder: Path, values: dict) -> Path:
    ident = values.pop("id") or slug(values["namn"])
    target = folder / "foretag" / f"{ident}.yaml"
    with locked(folder):
        if target.exists():
            raise StodError(f"{display_path(target)} finns redan; välj ett annat --id")
        commit(folder, target, _block(values))
    return target


def _block(values: dict) -> str:
    """`key: value` lines, lists inline, empty values left out."""
    lines = []
    for key, value in values.items():
        if value in (None, "", []):
            continue
        lines.append(f"{key}: {flow_list(value) if isinstance(value, list) else scalar(value)}")
    return "\n".join(lines) + "\n"


def add_mote(folder: Path, values: dict) -> Path:
    name = values.pop("namn") or values["typ"]
    stem = f"{values['datum']}-{slug(name)}"
    with locked(folder):
        target = folder / "moten" / f"{stem}.yaml"
        number = 2
        while target.exists():
            target = folder / "moten" / f"{stem}-{number}.yaml"
            number += 1
        commit(folder, target, _block(values))
    return target


def add_stod(folder: Path, values: dict) -> Path:
    year = values["datum"][:4]
    target = folder / "stod" / f"{year}.yaml"
    line = "- " + inline(values)
    with locked(folder):
        commit(folder, target, append_lines(target, [line], f"# Stödlogg {year}\n"))
    return target


def next_pseudonym(data: Data, prefix: str, year: int) -> str:
    used = [
        int(d.id.rsplit("-", 1)[1])
        for _, (_, people) in data.deltagare.items()
        for _, d in people
        if d.id and d.id.startswith(f"{prefix}-{year}-")
    ]
    number = max(used, default=0) + 1
    return f"{prefix}-{year}-{number:02d}"


def default_prefix(data: Data, insats: str) -> str:
    """The prefix already used for the effort's participants, else the effort's initials."""
    for _, (_, people) in sorted(data.deltagare.items(), reverse=True):
        for _, d in people:
            if d.insats == insats and d.id:
                return d.id.split("-", 1)[0]
    words = [w for w in insats.split("-") if w]
    letters = "".join(w[0] for w in words)
    if len(letters) < 2:
        letters = insats.replace("-", "")[:2]
    return re.sub(r"[^A-Z]", "", letters.upper())[:4] or "DE"


def add_deltagare(folder: Path, values: dict, prefix: str | None) -> tuple[Path, str]:
    year = int(values["start"][:4])
    target = folder / "deltagare" / f"{year}.yaml"
    header = f"# Deltagare {year}. Bara pseudonymer; nyckeln till personerna finns inte här.\n"
    with locked(folder):
        data = load_data(folder)
        ident = next_pseudonym(data, prefix or default_prefix(data, values["insats"]), year)
        line = "- " + inline({"id": ident, **values})
        commit(folder, target, append_lines(target, [line], header), data)
    return target, ident


# -- Choosing from a list, as `stod ny` asks ------------------------------------------------------


def resolve_choice(answer: str, options: dict[str, str], name: str) -> str:
    """The id or code an answer to a question stands for: the id itself, its number in the
    list shown, or the id or name written another way ('Bokföring', 'LUDDES HUNDCENTER',
    'luddes hundcenter'); a part of a name that only one option has (at least three
    letters). Anything else is `Invalid`, with the near match or the options."""
    from .fields import Invalid
    from .suggest import did_you_mean

    text = answer.strip()
    if text in options:
        return text
    ids = list(options)
    if text.isdigit() and 1 <= int(text) <= len(ids):
        return ids[int(text) - 1]
    key = _key(text)
    same = [i for i, label in options.items() if key in (_key(i), _key(label))]
    if len(same) == 1:
        return same[0]
    if len(key) >= 3:
        part = [i for i, label in options.items() if key in _key(i) or key in _key(label)]
        if len(part) == 1:
            return part[0]
        if len(part) > 1:
            raise Invalid(
                f"'{text}' passar in på flera: {', '.join(part[:8])}"
                f"{' …' if len(part) > 8 else ''}; skriv mer av namnet eller id:t"
            )
    raise Invalid(f"'{text}' är inget giltigt värde för '{name}'{did_you_mean(text, ids)}")


def _key(text: str) -> str:
    return fold(text).replace("-", "_")


def enterprise_choices(data: Data) -> dict[str, str]:
    """The enterprises to choose from: id → name, in Swedish order of name."""
    from .svtext import sv_key

    named = {i: f.namn for i, (_, f) in data.foretag.items()}
    named.update({i: i for i in data.foretag_ids if i not in named})  # files with errors
    return dict(sorted(named.items(), key=lambda item: sv_key(item[1])))


def party_choices(data: Data) -> dict[str, str]:
    """The platform's parties: id → organisation and role, in the order of plattform.yaml."""
    return {p.id: f"{p.organisation}, {p.roll}" for p in data.parter.values()}


def effort_choices(data: Data, year: int) -> dict[str, str]:
    """The year's efforts: id → name, from ar/ÅR.yaml (empty when the year has no file)."""
    entry = data.ar.get(year)
    return {i.id: i.namn for i in entry[1].insatser} if entry else {}
