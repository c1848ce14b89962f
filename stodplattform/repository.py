"""A data folder: find its files, load and validate each, then run the cross-file checks."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

from . import model
from .cache import ParseCache
from .cache import enabled as cache_enabled
from .checks import run_checks
from .dataset import Data
from .filescan import scan_file
from .loader import Source, decode, parse, read_raw, unreadable
from .paths import KINDS, display_path, folder_of
from .problems import FEL, Problem, StodError

YEAR_RE = re.compile(r"\d{4}")


def resolve_folder(option: Path | None) -> Path:
    """--data, else $STOD_DATA, else ./data; a missing folder stops the run."""
    folder = folder_of(option)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise StodError(f"datamappen '{folder}' är en fil, inte en mapp; ange mappen med --data")
    if not os.path.isdir(folder):
        raise StodError(
            f"datamappen '{folder}' finns inte; ange den med --data KATALOG, "
            "eller skapa en ny med 'stod init KATALOG'"
        )
    return folder


def load_data(
    folder: Path, overrides: dict[Path, str] | None = None, use_cache: bool = True
) -> Data:
    """Load and check every file; `overrides` gives new content for files (existing or not),
    so that an addition can be checked in full before it is written."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: the collector would dominate
    try:
        return _load_data(folder, overrides, use_cache)
    finally:
        if enabled:
            gc.enable()


# How each kind of file is validated (list files entry by entry).
VALIDATORS = {
    "plattform": lambda s: model.validate(s, model.Plattform),
    "foretag": lambda s: model.validate(s, model.Foretag),
    "moten": lambda s: model.validate(s, model.Mote, partial=True),
    "ar": lambda s: model.validate(s, model.Verksamhetsar),
    "stod": lambda s: model.validate_list(s, model.Stodpost),
    "deltagare": lambda s: model.validate_list(s, model.Deltagare),
}


def _load_data(folder: Path, overrides: dict[Path, str] | None, use_cache: bool) -> Data:
    data = Data(folder, overrides={_real(p): t for p, t in (overrides or {}).items()})
    data.roots = (os.path.realpath(folder), os.path.dirname(os.path.realpath(folder.absolute())))
    if use_cache and cache_enabled():
        data.cache = ParseCache(folder)
    _read_all(data, folder)
    run_checks(data)
    if data.cache is not None and not data.overrides:
        data.cache.save()
    return data


def _real(path: Path) -> Path:
    """The path with every link followed (never raises, also not on a link loop)."""
    return Path(os.path.realpath(path))


def _read_all(data: Data, folder: Path) -> None:
    try:
        top = _listing(folder)
    except OSError as e:
        raise StodError(f"datamappen '{display_path(folder)}' {unreadable(e, folder)}") from None
    plattform = folder / "plattform.yaml"
    if "plattform.yaml" in top:
        if top["plattform.yaml"].is_symlink() and _is_outside(data, plattform):
            data.outside.add(plattform)
        source, data.plattform = _read(data, plattform, VALIDATORS["plattform"])
        data.plattform_source = source
    else:
        data.extra_problems.append(
            Problem(
                display_path(plattform),
                1,
                1,
                "fel",
                "plattform.yaml saknas; den beskriver plattformen (namn, region, finansiär, "
                "parter) – se docs/dataformat.md",
            )
        )
    _scan_other_files(data, top)
    for path in _yaml_files(data, folder / "foretag"):
        data.foretag_ids.add(path.stem)
        source, foretag = _read(data, path, VALIDATORS["foretag"])
        if foretag is not None:
            data.foretag[path.stem] = (source, foretag)
    for path in _yaml_files(data, folder / "moten"):
        source, mote = _read(data, path, VALIDATORS["moten"])
        if mote is not None:
            data.moten.append((source, mote))
    data.moten.sort(key=lambda sm: (str(sm[1].datum), sm[0].path.name))
    for path in _yaml_files(data, folder / "ar"):
        year = _year_of(data, path)
        source, arsfil = _read(data, path, VALIDATORS["ar"])
        if year is None:
            continue
        data.ar_files.add(year)
        if arsfil is not None:
            data.ar[year] = (source, arsfil)
    for kind, target in (("stod", data.stod), ("deltagare", data.deltagare)):
        for path in _yaml_files(data, folder / kind):
            year = _year_of(data, path)
            source, items = _read(data, path, VALIDATORS[kind])
            if year is not None and items is not None:
                target[year] = (source, items)


def _read(data: Data, path: Path, validate):
    """Parse and validate one file – or take its values from the parse cache and validate
    them. Returns the source and what `validate` made of it (None when it could not be read)."""
    source = Source(path, display_path(path))
    data.sources.append(source)
    override = data.overrides.get(_real(path)) if data.overrides else None
    if override is not None:
        parse(source, override)
        scan_file(source)
        return source, validate(source) if source.parsed else None
    if path in data.outside:
        source.varning(
            "filen är en länk ut ur datarepot (mappen som har data/) och läses inte; "
            "kopiera in filen i stället"
        )
        return source, None
    raw = read_raw(source)
    if raw is None:
        return source, None
    key = None
    if data.cache is not None:
        key = data.cache.key(source.path.relative_to(data.folder).as_posix(), raw)
        hit = data.cache.get(key)
        if hit is not None:
            kept, source.plain, source.where = hit
            source.problems = [Problem(source.display, *p) for p in kept]
            payload = validate(source)
            if len(source.problems) == len(kept):
                source.release()
                return source, payload
            # Values the schema does not take as they stand: read the file anew.
            source.problems, source.plain, source.where = [], None, None
    parse(source, decode(source, raw))
    scan_file(source)
    if not source.parsed:
        return source, None
    if key is not None:
        source.plain = source.values()  # made once: for the schema and for the cache
    payload = validate(source)
    if key is not None and not any(p.severity == FEL for p in source.problems):
        found = [(p.line, p.col, p.severity, p.message) for p in source.problems]
        data.cache.put(key, found, source.plain, source.positions())
    source.release()  # the big files first: keep the peak low
    return source, payload


def _year_of(data: Data, path: Path) -> int | None:
    if YEAR_RE.fullmatch(path.stem):
        return int(path.stem)
    data.extra_problems.append(
        Problem(
            display_path(path),
            1,
            1,
            "fel",
            f"filnamnet ska vara ett årtal, t.ex. {path.parent.name}/2025.yaml",
        )
    )
    return None


def _skipped(path: Path) -> bool:
    """Hidden files and Office's lock files (~$…): never data, never mentioned."""
    return path.name.startswith((".", "~$"))


def _listing(folder: Path) -> dict[str, os.DirEntry]:
    """The folder's entries by name; raises OSError when it cannot be read."""
    with os.scandir(folder) as entries:
        return {entry.name: entry for entry in entries}


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # e.g. a link loop: not a folder, read (and refused) as a file
        return False


def _is_outside(data: Data, path: Path) -> bool:
    """Whether the path, links followed, leads outside the data folder and its repository
    (the folder that holds it)."""
    real = os.path.realpath(path)
    for root in data.roots:
        try:
            if os.path.commonpath([real, root]) == root:
                return False
        except ValueError:  # another drive on Windows
            continue
    return True


def _yaml_files(data: Data, folder: Path) -> list[Path]:
    resolved = _real(folder)
    added = sorted(p for p in data.overrides if p.parent == resolved and not p.exists())
    files = [folder / p.name for p in added]
    try:
        entries = _listing(folder)
    except (FileNotFoundError, NotADirectoryError):
        return files
    except OSError as e:
        data.extra_problems.append(
            Problem(display_path(folder), 1, 1, FEL, "mappen " + unreadable(e, folder))
        )
        return files
    outside = None  # whether the folder itself leads outside, found when first needed
    for name in sorted(entries):
        entry, path = entries[name], folder / name
        if _skipped(path):
            continue
        if _is_dir(entry):
            _unknown(data, path, "en undermapp här läses inte; lägg filerna direkt i mappen")
        elif path.suffix == ".yaml":
            if outside is None:
                outside = _is_outside(data, folder)
            if outside or (entry.is_symlink() and _is_outside(data, path)):
                data.outside.add(path)
            files.append(path)
        elif path.suffix.lower() in (".yml", ".yaml"):
            _unknown(data, path, f"filen läses inte: döp om den till {path.stem}.yaml", "fel")
        else:
            _unknown(data, path, "filen läses inte (bara .yaml-filer hör hemma här)")
    return sorted(files)


def _scan_other_files(data: Data, top: dict[str, os.DirEntry]) -> None:
    for name in sorted(top):
        path = data.folder / name
        if name.startswith(".") or name == "plattform.yaml":
            continue
        directory = _is_dir(top[name])
        if directory and name in KINDS:
            continue
        if name in ("plattform.yml", "Plattform.yaml"):
            _unknown(data, path, "filen läses inte: döp om den till plattform.yaml", "fel")
        elif directory:
            near = [k for k in KINDS if k.startswith(name.lower()[:3])]
            hint = f"; menade du '{near[0]}'?" if near else ""
            _unknown(data, path, f"okänd mapp, läses inte{hint}")
        elif path.suffix.lower() in (".yaml", ".yml"):
            _unknown(
                data, path, "okänd fil, läses inte; se docs/dataformat.md för var filer hör hemma"
            )


def _unknown(data: Data, path: Path, message: str, severity: str = "varning") -> None:
    data.extra_problems.append(Problem(display_path(path), 1, 1, severity, message))
