"""A data folder: find its files, load and validate each, then run the cross-file checks."""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import helper, model
from .cache import ParseCache
from .cache import enabled as cache_enabled
from .loader import Source, display_path, load
from .problems import FEL, Problem, StodError, sort_problems

KINDS = ("foretag", "moten", "ar", "stod", "deltagare")
YEAR_RE = re.compile(r"\d{4}")


@dataclass
class Data:
    folder: Path
    sources: list[Source] = field(default_factory=list)
    plattform: model.Plattform | None = None
    plattform_source: Source | None = None
    foretag: dict[str, tuple[Source, model.Foretag]] = field(default_factory=dict)
    foretag_ids: set[str] = field(default_factory=set)  # every file, valid or not
    moten: list[tuple[Source, model.Mote]] = field(default_factory=list)
    ar: dict[int, tuple[Source, model.Verksamhetsar]] = field(default_factory=dict)
    ar_files: set[int] = field(default_factory=set)
    stod: dict[int, tuple[Source, list[tuple[int, model.Stodpost]]]] = field(default_factory=dict)
    deltagare: dict[int, tuple[Source, list[tuple[int, model.Deltagare]]]] = field(
        default_factory=dict
    )
    extra_problems: list[Problem] = field(default_factory=list)
    overrides: dict[Path, str] = field(default_factory=dict)
    cache: ParseCache | None = None
    helper: helper.Helper | None = None

    @property
    def problems(self) -> list[Problem]:
        found = list(self.extra_problems)
        for source in self.sources:
            found.extend(source.problems)
        return sort_problems(found)

    def narrow(self, year: int) -> None:
        """Let go of what the figures for `year` (aggregate.year_summary) do not use, before
        pandas and the document's libraries are loaded: other years' support and participant
        rows, and other years' meetings that have no open action. A national data folder
        holds hundreds of thousands. Companies and year files stay."""
        self.stod = {y: entry for y, entry in self.stod.items() if y == year}
        self.deltagare = {y: entry for y, entry in self.deltagare.items() if y == year}
        self.moten = [
            (source, mote)
            for source, mote in self.moten
            if mote.datum.year == year or any(a.status == "oppen" for a in mote.atgarder)
        ]

    @property
    def parter(self) -> dict[str, model.Part]:
        return {p.id: p for p in self.plattform.parter} if self.plattform else {}


def resolve_folder(option: Path | None) -> Path:
    """--data, else $STOD_DATA, else ./data; a missing folder stops the run."""
    from .start import folder_of  # one rule, for the replayed answer too

    folder = folder_of(option)
    if not folder.is_dir():
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
    from .checks import run_checks

    data = Data(folder, overrides={p.resolve(): t for p, t in (overrides or {}).items()})
    if use_cache and cache_enabled():
        data.cache = ParseCache(folder)
        if not data.overrides:
            data.helper = helper.start(data, _files_to_read(folder), _read, VALIDATORS)
    try:
        _read_all(data, folder)
    finally:
        if data.helper is not None:
            data.helper.join()
    run_checks(data)
    if data.cache is not None:
        data.cache.save()
    return data


def _read_all(data: Data, folder: Path) -> None:
    plattform = folder / "plattform.yaml"
    if plattform.is_file():
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
    _scan_other_files(data)
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
    """Parse and validate one file – or take both from the parse cache when it is unchanged.
    Returns the source and what `validate` made of it (None when the file could not be read)."""
    override = data.overrides.get(path.resolve()) if data.overrides else None
    name = path.relative_to(data.folder).as_posix()
    stat = None
    if data.helper is not None and name in data.helper.share:
        data.helper.join()  # its files are in the cache once it is done
    if override is None and data.cache is not None:
        stat = path.stat()
        hit = data.cache.get(name, stat)
        if hit is not None:
            source = Source(path, display_path(path), released=True)
            source.problems = [Problem(source.display, *p) for p in hit[0]]
            data.sources.append(source)
            return source, hit[1]
    source = _add(data, path, override)
    payload = validate(source) if source.parsed else None
    if stat is not None and not any(p.severity == FEL for p in source.problems):
        found = [(p.line, p.col, p.severity, p.message) for p in source.problems]
        data.cache.put(name, stat, found, payload)
    if override is None:
        source.release()  # the big files first: keep the peak low
    return source, payload


def _add(data: Data, path: Path, override: str | None = None) -> Source:
    from .checks import scan_file

    source = load(path, override)
    scan_file(source)
    data.sources.append(source)
    return source


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


def _files_to_read(folder: Path) -> list[tuple[str, Path]]:
    """Every data file of the kinds' folders, named as in the cache, in reading order."""
    found = []
    for kind in KINDS:
        if (folder / kind).is_dir():
            for path in sorted((folder / kind).iterdir()):
                if not _skipped(path) and path.suffix == ".yaml" and not path.is_dir():
                    found.append((f"{kind}/{path.name}", path))
    return found


def _yaml_files(data: Data, folder: Path) -> list[Path]:
    added = sorted(p for p in data.overrides if p.parent == folder.resolve() and not p.exists())
    if not folder.is_dir():
        return [folder / p.name for p in added]
    files = [folder / p.name for p in added]
    for path in sorted(folder.iterdir()):
        if _skipped(path):
            continue
        if path.is_dir():
            _unknown(data, path, "en undermapp här läses inte; lägg filerna direkt i mappen")
        elif path.suffix == ".yaml":
            files.append(path)
        elif path.suffix.lower() in (".yml", ".yaml"):
            _unknown(data, path, f"filen läses inte: döp om den till {path.stem}.yaml", "fel")
        else:
            _unknown(data, path, "filen läses inte (bara .yaml-filer hör hemma här)")
    return sorted(files)


def _scan_other_files(data: Data) -> None:
    for path in sorted(data.folder.iterdir()):
        if path.name.startswith(".") or path.name == "plattform.yaml":
            continue
        if path.is_dir() and path.name in KINDS:
            continue
        if path.name in ("plattform.yml", "Plattform.yaml"):
            _unknown(data, path, "filen läses inte: döp om den till plattform.yaml", "fel")
        elif path.is_dir():
            near = [k for k in KINDS if k.startswith(path.name.lower()[:3])]
            hint = f"; menade du '{near[0]}'?" if near else ""
            _unknown(data, path, f"okänd mapp, läses inte{hint}")
        elif path.suffix.lower() in (".yaml", ".yml"):
            _unknown(
                data, path, "okänd fil, läses inte; se docs/dataformat.md för var filer hör hemma"
            )


def _unknown(data: Data, path: Path, message: str, severity: str = "varning") -> None:
    data.extra_problems.append(Problem(display_path(path), 1, 1, severity, message))
