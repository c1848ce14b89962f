"""The parse cache: each data file's own problems and validated models, so that an unchanged
file is neither parsed nor validated again.

An entry is keyed by the file's path, size and modification time, and the whole cache by the
tool's version and code; any mismatch means the file is read anew. The cache lives in
`.stod-cache/` beside the data folder (git-ignored), is written atomically, and is rebuilt
silently when it is missing, unreadable or from another version. Files with errors are not
cached: they are read again each time, which is what the user is fixing anyway. Nor are files
saved less than two seconds ago (see SETTLED).
"""

from __future__ import annotations

import array
import collections
import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import time
from pathlib import Path

from . import __version__

FOLDER = ".stod-cache"
FILE = "tolkning.pickle"
# Seconds: a file younger than this may change again within the same clock tick without its
# modification time showing it, so nothing is kept for it yet.
SETTLED = 2.0


def enabled() -> bool:
    """Whether anything may be kept or read again: STOD_CACHE=0 turns it all off."""
    return os.environ.get("STOD_CACHE", "1") != "0"


@functools.cache
def code_key() -> str:
    """The version, the package's own files and the parsing libraries beneath them: a changed
    parser never trusts an old cache."""
    here = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__}:{sys.version}".encode())
    files = sorted(here.glob("*.py"))
    for name in ("yaml", "pydantic", "pydantic_core"):  # found, not imported
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in files:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


# A list file's valid entries, column by column; a column with few distinct values (dates,
# companies, areas, hours) as those values and an array of their positions. Pickle then writes
# a few hundred objects instead of a million, quickly and without a large memo.
_Rows = collections.namedtuple("_Rows", "kind indexes columns")


def _column(values: list):
    try:
        distinct = list(dict.fromkeys(values))
    except TypeError:  # unhashable values: as they are
        return values
    if len(distinct) * 2 > len(values):
        return values
    position = {value: i for i, value in enumerate(distinct)}
    return distinct, array.array("I", map(position.__getitem__, values))


def _pack(payload):
    if type(payload) is not list or not payload or not hasattr(payload[0][1], "_fields"):
        return payload
    kind = type(payload[0][1])
    if any(type(row) is not kind for _, row in payload):
        return payload
    indexes = [i for i, _ in payload]
    in_order = indexes == list(range(len(indexes)))
    columns = [_column(list(c)) for c in zip(*(row for _, row in payload), strict=True)]
    return _Rows(kind, None if in_order else indexes, columns)


def _unpack(stored):
    if type(stored) is not _Rows:
        return stored
    columns = [c if type(c) is list else list(map(c[0].__getitem__, c[1])) for c in stored.columns]
    rows = list(map(stored.kind, *columns))
    return list(zip(stored.indexes or range(len(rows)), rows, strict=True))


class ParseCache:
    def __init__(self, data_folder: Path):
        self.path = data_folder.parent / FOLDER / FILE
        self.key = code_key()
        self.entries: dict[str, tuple] = {}
        self.seen: dict[str, tuple] = {}
        self.changed = False
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("nyckel") == self.key:
                self.entries = stored["filer"]
        except Exception:  # missing, unreadable or foreign: start afresh
            self.entries = {}

    def knows(self, name: str, stat: os.stat_result) -> bool:
        """Whether the cache holds the file as it is (same size and modification time)."""
        entry = self.entries.get(name)
        return entry is not None and entry[:2] == (stat.st_size, stat.st_mtime_ns)

    def get(self, name: str, stat: os.stat_result):
        """(problems, payload) for an unchanged file, else None."""
        if not self.knows(name, stat):
            return None
        entry = self.seen[name] = self.entries[name]
        return entry[2], _unpack(entry[3])

    def put(self, name: str, stat: os.stat_result, problems: list[tuple], payload) -> None:
        if time.time() - stat.st_mtime < SETTLED:
            return
        self.seen[name] = (stat.st_size, stat.st_mtime_ns, problems, _pack(payload))
        self.changed = True

    def save(self) -> None:
        """Write the entries seen in this run, then let them go (their values live on in the
        loaded data)."""
        if not self.changed and self.seen.keys() == self.entries.keys():
            self.entries = self.seen = {}
            return
        from .output import atomic_write

        stored = {"nyckel": self.key, "filer": self.seen}

        def write(handle) -> None:
            pickler = pickle.Pickler(handle, protocol=5)
            pickler.fast = True  # no memo: the data has no cycles; the memo was most of the memory
            pickler.dump(stored)

        unwritable = (OSError, pickle.PicklingError, TypeError, AttributeError, ValueError)
        with contextlib.suppress(*unwritable, RecursionError):  # only a slower next run
            atomic_write(self.path, write)
        self.entries = self.seen = {}
