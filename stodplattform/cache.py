"""The parse cache: each data file's own warnings and its values, so that an unchanged file is
not parsed again.

Where: the user's cache folder (`platformdirs.user_cache_dir("stod")`, or $STOD_CACHE_DIR),
and inside it one folder per data folder, named by a hash of the data folder's resolved path.
Folders are made 0700 and files 0600 on POSIX (participant rows are in them); a folder that
belongs to someone else or that others may write to is not used.

What: one JSON line per data file without errors, keyed by a hash of the tool's code, the
file's name in the data folder and its bytes: the file's own problems (warnings), its values
as dicts, lists and text, and – after a tab – where each value stood (module `positions`), so
that a check across files can point at a line and column of a file taken from here without
reading or parsing it. Nothing in it can run code, and nothing in it is trusted blindly: the
values are validated again when taken (`repository._read`), and an entry that cannot be
decoded, has the wrong shape or whose values do not pass the schema as they stand is a miss –
the file is read anew, without a word. The positions are decoded only when a problem needs
them; positions not in their shape place that file's problems at its first line. Files with errors are not kept: they are
read each time, which is what the user is fixing anyway. `STOD_CACHE=0` turns it all off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import __version__
from .paths import KINDS, MAX_DATA_BYTES, OPEN_NO_WAIT, folder_of

ENTRIES = "tolkning.jsonl"
POSIX = os.name == "posix"


def enabled() -> bool:
    """Whether anything may be kept or read again: STOD_CACHE=0 turns it all off."""
    return os.environ.get("STOD_CACHE", "1") != "0"


@functools.cache
def code_key() -> str:
    """The version, the package's own files and the parsing libraries beneath them: a changed
    parser never trusts an old entry."""
    here = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__}:{sys.version}".encode())
    files = sorted(here.rglob("*.py"))
    for name in ("yaml", "pydantic", "pydantic_core"):  # found, not imported
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in files:
        info = path.stat()
        digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def root() -> Path:
    """The user's cache folder for stod: $STOD_CACHE_DIR, else the platform's own."""
    if os.environ.get("STOD_CACHE_DIR"):
        return Path(os.environ["STOD_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("stod", appauthor=False))


def folder_for(data_folder: Path) -> Path:
    """The cache folder of one data folder (not made here)."""
    where = os.path.realpath(data_folder)
    name = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return root() / name


def _private(folder: Path, make: bool = True) -> bool:
    """Whether `folder` is this user's alone (on POSIX: owned by the user, and no one else
    may write to it), made 0700 first with `make` (and the cache root above it, when
    missing). A folder of the user's that others may read or write is made 0700; one that
    belongs to someone else is not used. The root, perhaps given by $STOD_CACHE_DIR, is never
    changed."""
    try:
        if make:
            with contextlib.suppress(FileExistsError):
                os.makedirs(folder.parent, mode=0o700)
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, mode=0o700)
        if POSIX:
            info = os.lstat(folder)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return False
            if info.st_mode & 0o077:
                os.chmod(folder, 0o700)
        elif not folder.is_dir():
            return False
    except OSError:
        return False
    return True


MAX_KEPT_BYTES = 1024 * 1024 * 1024  # a kept file larger than this is not read


def read_kept(path: Path, limit: int = MAX_KEPT_BYTES) -> bytes | None:
    """The bytes of a file stod keeps, or None when it is missing or not what stod writes:
    not a regular file (a pipe would make stod wait, a device read without end), a link, or
    larger than `limit`."""
    flags = OPEN_NO_WAIT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            content = handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return content if len(content) <= limit else None


def read_json(path: Path):
    """A JSON file's content, or None when it is missing, unreadable or not JSON."""
    content = read_kept(path)
    if content is None:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def write_json(folder: Path, name: str, content) -> None:
    """Write `content` as JSON to `folder/name`."""
    try:
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, TypeError, RecursionError):
        return
    write_text(folder, name, text)


def write_text(folder: Path, name: str, text: str) -> None:
    write_bytes(folder, name, text.encode("utf-8", "surrogatepass"))


def write_bytes(folder: Path, name: str, content: bytes) -> None:
    """Write `folder/name` atomically, 0600; a failure is only a slower next run."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")  # 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, folder / name)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _problems(found) -> list[tuple[int, int, str, str]] | None:
    """Kept problems in their shape, or None: only warnings (a file with errors is not kept)."""
    if type(found) is not list:
        return None
    out = []
    for p in found:
        if not (
            type(p) is list
            and len(p) == 4
            and type(p[0]) is int
            and type(p[1]) is int
            and p[0] >= 1
            and p[1] >= 1
            and p[2] == "varning"
            and type(p[3]) is str
        ):
            return None
        out.append(tuple(p))
    return out


class ParseCache:
    """The entries of one data folder, in one file of JSON lines: an entry's key, a space,
    `[problems, values]`, a tab and the positions (JSON never holds a raw tab). Read at the
    start and split into lines; a line is decoded only when its file is read. Written again,
    atomically, with the entries of this run, when anything was added or not used."""

    def __init__(self, data_folder: Path):
        self.folder = folder_for(data_folder)
        self.code = code_key()
        self.lines: dict[str, bytes] = {}
        self.seen: set[str] = set()
        self.changed = False
        if not _private(self.folder, make=False):
            return
        content = read_kept(self.folder / ENTRIES)
        if content is None:
            return
        lines = content.split(b"\n")
        for line in lines:  # as bytes: half the memory of text with å, ä and ö in it
            if line[40:41] == b" ":
                with contextlib.suppress(UnicodeDecodeError):
                    self.lines[line[:40].decode("ascii")] = line

    def key(self, name: str, raw: bytes) -> str:
        """An entry's key: a hash of the code, the file's name in the data folder and its
        bytes."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{self.code}\0{name}\0".encode("utf-8", "surrogateescape"))
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[list[tuple], object, bytes] | None:
        """(problems, values, positions as JSON) kept for the entry, or None."""
        line = self.lines.get(key)
        if line is None:
            return None
        tab = line.rfind(b"\t")
        if tab < 0:
            return None
        try:
            stored = json.loads(line[41:tab])
        except (ValueError, RecursionError):
            return None
        if type(stored) is not list or len(stored) != 2:
            return None
        problems = _problems(stored[0])
        if problems is None:
            return None
        self.seen.add(key)
        return problems, stored[1], line[tab + 1 :]

    def put(self, key: str, problems: list[tuple], values, positions: bytes | None) -> None:
        if positions is None:
            return
        try:
            entry = json.dumps([[list(p) for p in problems], values], ensure_ascii=False)
        except (ValueError, TypeError, RecursionError):
            return
        line = f"{key} {entry}".encode("utf-8", "surrogatepass")
        self.lines[key] = line + b"\t" + positions
        self.seen.add(key)
        self.changed = True

    def save(self) -> None:
        """Write the entries used in this run (the others belong to files that have changed
        or gone), if that is not what the file already holds."""
        if (self.changed or self.seen != self.lines.keys()) and _private(self.folder):
            write_bytes(self.folder, ENTRIES, b"\n".join(self.lines[k] for k in self.seen))
        self.lines, self.seen, self.changed = {}, set(), False


# -- the kept answer of `stod validera` --------------------------------------------------------

ANSWER = "validera.json"


def today() -> dt.date:
    return dt.date.today()


def snapshot(folder: Path) -> str | None:
    """A hash of everything `stod validera`'s answer depends on: the tool's code, the data
    folder as given and resolved, the working folder (messages show paths relative to it),
    today's date (some warnings depend on it), and every entry of the data folder and of its
    kinds' folders – name, kind, where a link leads, and the bytes of each regular file. None
    when a folder cannot be listed."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        digest.update("\0".join(map(str, parts)).encode("utf-8", "surrogateescape") + b"\n")

    try:
        shown = os.path.relpath(folder)
    except ValueError:  # another drive on Windows
        shown = str(folder)
    where = (os.path.realpath(folder), os.path.realpath(folder.absolute()), os.getcwd())
    add(code_key(), shown, *where, today().isoformat())
    try:
        folders = [(folder, "")]
        while folders:
            current, prefix = folders.pop()
            with os.scandir(current) as found:
                entries = sorted(found, key=lambda e: e.name)
            for entry in entries:
                name = prefix + entry.name
                link = os.path.realpath(entry.path) if entry.is_symlink() else ""
                try:
                    info = os.stat(entry.path)
                except OSError as e:  # a dangling link or a loop: its message
                    add(name, link, "fel", e.errno)
                    continue
                add(name, link, stat.S_IFMT(info.st_mode), info.st_size)
                if stat.S_ISDIR(info.st_mode) and not prefix and entry.name in KINDS:
                    folders.append((Path(entry.path), name + "/"))
                elif stat.S_ISREG(info.st_mode) and info.st_size <= MAX_DATA_BYTES:
                    digest.update(_content(entry.path))
    except OSError:
        return None
    return digest.hexdigest()


def _content(path: str) -> bytes:
    """A regular file's bytes; opened without blocking in case it is no longer one."""
    fd = os.open(path, OPEN_NO_WAIT)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"\0ingen vanlig fil"
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_DATA_BYTES + 1)
    finally:
        os.close(fd)


def replay(data: str | None, strikt: bool, fmt: str) -> int | None:
    """Print the kept answer for the data folder (--data `data`) and return the exit code,
    or None when there is none for the folder as it is now (the ordinary way then)."""
    folder = folder_of(data)
    where = folder_for(folder)
    if not enabled() or not os.path.isdir(folder) or not _private(where, make=False):
        return None
    stored = read_json(where / ANSWER)
    try:
        key, files, found = stored["nyckel"], stored["filer"], stored["problem"]
        if type(key) is not str or type(files) is not int or type(found) is not list:
            return None
        if not all(
            type(p) is list
            and len(p) == 5
            and type(p[0]) is str
            and type(p[1]) is int
            and type(p[2]) is int
            and p[3] in ("fel", "varning")
            and type(p[4]) is str
            for p in found
        ):
            return None
        if key != snapshot(folder):
            return None
        from .problems import Problem, report

        problems = [Problem(*p) for p in found]
    except (TypeError, KeyError):  # nothing kept, or not in this shape: the ordinary way
        return None
    return report(problems, files, fmt, strikt)  # as the ordinary run shows it


def keep(folder: Path, before: str | None, files: int, problems: list) -> None:
    """Keep the answer of a run that began with the snapshot `before`."""
    if before is None or not enabled():
        return
    where = folder_for(folder)
    if _private(where):
        found = [[p.path, p.line, p.col, p.severity, p.message] for p in problems]
        write_json(where, ANSWER, {"nyckel": before, "filer": files, "problem": found})
