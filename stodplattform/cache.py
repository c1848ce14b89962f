"""The parse cache: each data file's own problems and validated models, so that an unchanged
file is neither parsed nor validated again.

An entry is keyed by the file's path, size and modification time, and the whole cache by the
tool's version and code; any mismatch means the file is read anew. The cache lives in
`.stod-cache/` beside the data folder (git-ignored), is written atomically, and is rebuilt
silently when it is missing, unreadable or from another version. Files with errors are not
cached: they are read again each time, which is what the user is fixing anyway.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import importlib.util
import os
import pickle
import sys
from pathlib import Path

from . import __version__

FOLDER = ".stod-cache"
FILE = "tolkning.pickle"


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


# A list file's valid entries as plain tuples: pickle writes named tuples several times slower.
_Rows = collections.namedtuple("_Rows", "kind indexes values")


def _pack(payload):
    if type(payload) is not list or not payload or not hasattr(payload[0][1], "_fields"):
        return payload
    kind = type(payload[0][1])
    if any(type(row) is not kind for _, row in payload):
        return payload
    indexes = [i for i, _ in payload]
    in_order = indexes == list(range(len(indexes)))
    return _Rows(kind, None if in_order else indexes, [tuple(row) for _, row in payload])


def _unpack(stored):
    if type(stored) is not _Rows:
        return stored
    rows = map(stored.kind._make, stored.values)
    return list(zip(stored.indexes or range(len(stored.values)), rows, strict=True))


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

    def get(self, name: str, stat: os.stat_result):
        """(problems, payload) for an unchanged file, else None."""
        entry = self.entries.get(name)
        if entry is None or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        self.seen[name] = entry
        return entry[2], _unpack(entry[3])

    def put(self, name: str, stat: os.stat_result, problems: list[tuple], payload) -> None:
        self.seen[name] = (stat.st_size, stat.st_mtime_ns, problems, _pack(payload))
        self.changed = True

    def save(self) -> None:
        if not self.changed and self.seen.keys() == self.entries.keys():
            return
        from .output import atomic_write

        try:
            content = pickle.dumps({"nyckel": self.key, "filer": self.seen}, protocol=5)
            atomic_write(self.path, content)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a cache that can't be written is only a slower next run
