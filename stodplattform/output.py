"""Writing documents: all or nothing, stamped, and never over what the user has edited.

Markdown and HTML carry their stamp as a last-line comment holding the SHA-256 of everything
above it. A DOCX can't carry one in its text, so its stamp lives in `.stod-stampel.json` beside
it. A file whose stamp no longer matches its content was edited (or not made by stod): it is
only overwritten with --skriv-over.

The files of one document (a report and its charts, an export's CSV files, the stamp file) are
written as one unit: every target is checked before the first write, everything is written to
temporary files, and only then are they moved into place one after the other. A failure on the
way (disk full, a file open in Excel) puts back what was there and leaves no temporary file.
What the operating system said is turned into a Swedish message in one place,
`os_error_message`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .problems import StodError

MANIFEST = ".stod-stampel.json"
TEMP_PREFIX = ".stod-"  # short: the temporary name must fit wherever the real name fits
TEMP_SUFFIX = ".tmp"
MANIFEST_MOST = 4 * 1024 * 1024  # a stamp file larger than this is not one of stod's
_STAMP_TAIL = 160  # the stamp comment and its newlines fit in this many bytes

Content = bytes | Callable[[BinaryIO], None]


def stamp_comment(content: bytes) -> bytes:
    """`content` with its stamp appended."""
    digest = hashlib.sha256(content).hexdigest()
    return content + f"<!-- stod-stampel: sha256:{digest} -->\n".encode()


def _embedded_stamp_ok(current: bytes) -> bool:
    import re

    tail = current[-_STAMP_TAIL:]
    m = re.search(rb"\n<!-- stod-stampel: sha256:([0-9a-f]{64}) -->\n?$", tail)
    if not m:
        return False
    body = current[: len(current) - len(tail) + m.start() + 1]
    return hashlib.sha256(body).hexdigest() == m.group(1).decode()


def _manifest(folder: Path) -> dict[str, str]:
    """The stamp file's {file name: sha256}; anything else in it (or a stamp file that is not
    a small regular file of JSON) is ignored, never an error."""
    path = folder / MANIFEST
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_MOST:
            return {}
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def unedited(path: Path) -> bool:
    """True when `path` is exactly as stod last wrote it."""
    current = path.read_bytes()
    if _embedded_stamp_ok(current):
        return True
    recorded = _manifest(path.parent).get(path.name)
    return recorded == hashlib.sha256(current).hexdigest()


# --- messages --------------------------------------------------------------------------------


def _shown(path) -> str:
    from .paths import display_path

    return display_path(Path(os.fsdecode(path)))


def os_error_message(error: OSError, path: Path | None = None, stage: str | None = None) -> str:
    """What the operating system said, in Swedish, naming the file.

    `path` is the file stod was working on (else the error's own file name); `stage` says what
    it was doing: "mapp" (making a folder), "skriv" (writing a temporary file beside the
    target), "byt" (putting the new file in the old one's place), "las" (reading), or None
    (not known: the last resort in `handles_errors`)."""
    target = path if path is not None else error.filename
    name = _shown(target) if target is not None else None
    folder = _shown(Path(os.fsdecode(target)).parent) if target is not None else None
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        reason = "disken är full (eller din kvot slut); frigör utrymme och försök igen"
    elif code in (errno.EACCES, errno.EPERM) or isinstance(error, PermissionError):
        if stage == "byt":
            reason = (
                "filen används av ett annat program – är den öppen i Excel eller Word? "
                "Stäng den och försök igen"
            )
        elif stage in ("skriv", "mapp"):
            reason = (
                f"du saknar skrivrätt i mappen {folder} (är den skrivskyddad?); "
                "välj en annan plats med --ut"
            )
        else:
            reason = "åtkomst nekad; kontrollera behörigheterna"
    elif code == errno.EROFS:
        reason = "filsystemet är skrivskyddat; välj en annan plats med --ut"
    elif code == errno.ENAMETOOLONG:
        reason = "namnet är för långt för filsystemet; välj ett kortare namn"
    elif code == errno.ENOENT:
        reason = "filen eller mappen finns inte"
    elif code == errno.ENOTDIR:
        reason = "en del av sökvägen är en fil, inte en mapp"
    elif code == errno.EISDIR:
        reason = "det är en mapp, inte en fil"
    elif code == errno.ELOOP:
        reason = "symboliska länkar som pekar på varandra i en slinga"
    elif code == errno.EBUSY or getattr(error, "winerror", None) in (32, 33):
        reason = "filen används av ett annat program; stäng det och försök igen"
    elif code in (errno.EMFILE, errno.ENFILE):
        reason = "för många öppna filer; försök igen"
    elif code == errno.EIO:
        reason = "läs- eller skrivfel på disken"
    elif code == errno.EPIPE:
        reason = "mottagaren slutade läsa"
    else:
        reason = f"systemfel ({error.strerror or error})"
    verb = {"mapp": "skapa", "skriv": "skriva", "byt": "skriva", "las": "läsa"}.get(stage or "")
    if name is None:
        return f"kan inte skriva till terminalen: {reason}" if code == errno.EPIPE else reason
    if stage == "mapp":
        return f"kan inte skapa mappen {name}: {reason}"
    return f"kan inte {verb} {name}: {reason}" if verb else f"{name}: {reason}"


# --- checks before the first write -----------------------------------------------------------


def _name_max(folder: Path) -> int:
    for existing in (folder, *folder.parents):
        try:
            return os.pathconf(existing, "PC_NAME_MAX")
        except (AttributeError, OSError, ValueError):
            continue
    return 255


def ensure_writable(path: Path, overwrite: bool, protected: bool = True) -> None:
    """Refuse (StodError) to write `path` where it can't be a regular file of stod's: a name
    too long, a folder, a device or pipe (which would hang), a file in the way of a folder.
    A `protected` file the user has changed is refused unless `overwrite`."""
    shown = _shown(path)
    most = _name_max(path.parent)
    for part in (path, *path.parents):  # the file and any folder still to be made
        size = len(os.fsencode(part.name))
        if size > most and not os.path.lexists(part):
            what = "filnamnet" if part == path else f"namnet på mappen {_shown(part)}"
            raise StodError(
                f"kan inte skriva {shown}: {what} är för långt ({size} byte; filsystemet "
                f"tillåter {most}); välj ett kortare namn med --ut"
            )
    for ancestor in path.parents:
        try:
            mode = ancestor.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as e:
            raise StodError(os_error_message(e, ancestor, "mapp")) from None
        if not stat.S_ISDIR(mode):
            raise StodError(f"kan inte skriva {shown}: {_shown(ancestor)} är en fil, inte en mapp")
        break
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a new file (or a link to nothing, which the new file replaces)
    except OSError as e:
        raise StodError(os_error_message(e, path, "skriv")) from None
    if stat.S_ISDIR(mode):
        raise StodError(f"{shown} är en mapp; ange en fil med --ut")
    if not stat.S_ISREG(mode):
        raise StodError(
            f"{shown} är ingen vanlig fil (en enhet, ett rör eller liknande); stod skriver bara "
            "vanliga filer – ange en annan fil med --ut, eller '-' för terminalen"
        )
    if not protected or overwrite:
        return
    try:
        same = unedited(path)
    except OSError as e:
        raise StodError(os_error_message(e, path, "las")) from None
    if not same:
        raise StodError(
            f"{shown} har ändrats sedan stod skrev den (eller är inte gjord av stod); "
            "den skrivs inte över. Spara dina ändringar under ett annat namn, eller kör igen "
            "med --skriv-over"
        )


# --- all or nothing --------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(folder: Path, content: Content) -> Path:
    """`content` in a new temporary file in `folder` (removed again if writing fails)."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; documents are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _backup(path: Path) -> Path | None:
    """A second name for the file now at `path`, to put it back if a later file fails."""
    if not os.path.lexists(path):
        return None
    while True:
        spare = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}.old")
        try:
            os.link(path, spare, follow_symlinks=False)
        except FileExistsError:
            continue
        except (NotImplementedError, OSError):  # no hard links here: a copy
            import shutil

            shutil.copy2(path, spare, follow_symlinks=False)
        return spare


def _make_folder(folder: Path, created: list[Path]) -> None:
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir(exist_ok=True)
        created.append(candidate)


def _write_all(files: list[tuple[Path, Content]], translate: bool) -> None:
    """Write every file or none: temporary files first, then each moved into place; on any
    failure the files already moved get their old content back and nothing is left over.
    With `translate`, an OSError becomes a StodError naming the file."""
    created: list[Path] = []
    temps: dict[Path, Path] = {}
    spares: dict[Path, Path | None] = {}
    done: list[Path] = []
    stage, current = "mapp", files[0][0] if files else None
    try:
        for path, content in files:
            current = path
            stage = "mapp"
            _make_folder(path.parent, created)
            stage = "skriv"
            temps[path] = _write_temp(path.parent, content)
        stage = "byt"
        for path, _ in files:  # one file alone is replaced atomically: nothing to put back
            current = path
            spares[path] = _backup(path) if len(files) > 1 else None
        for path, _ in files:
            current = path
            os.replace(temps[path], path)
            del temps[path]
            done.append(path)
    except BaseException as e:
        for path in reversed(done):  # put back what was there
            with contextlib.suppress(OSError):
                spare = spares.pop(path, None)
                if spare is not None:
                    os.replace(spare, path)
                else:
                    path.unlink()
        _remove([*temps.values(), *spares.values()])
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if translate and isinstance(e, OSError):
            where = current
            if stage == "mapp" and current is not None:
                where = Path(os.fsdecode(e.filename)) if e.filename else current.parent
            raise StodError(os_error_message(e, where, stage)) from None
        raise
    _remove(spares.values())


def _remove(paths: Iterable[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def atomic_write(path: Path, content: Content) -> None:
    """Write via a temporary file in the same folder; a failure leaves the old file intact and
    raises the OSError. `content` is the bytes, or a function that writes them to the file."""
    _write_all([(path, content)], translate=False)


def write_files(files: Iterable[tuple[Path, Content]]) -> None:
    """Write new or replace files as one unit, checked first; StodError on failure."""
    files = list(files)
    for path, _ in files:
        ensure_writable(path, overwrite=True, protected=False)
    _write_all(files, translate=True)


@dataclass
class Output:
    """One file of a document. A `protected` file gets a stamp in the stamp file and is not
    written over once the user has edited it; charts are only checked to be files."""

    path: Path
    content: bytes
    protected: bool = True


def write_outputs(outputs: list[Output], overwrite: bool) -> None:
    """Write a document's files and their stamps as one unit, after checking all of them."""
    for output in outputs:
        ensure_writable(output.path, overwrite, output.protected)
    manifests: dict[Path, dict[str, str]] = {}
    for output in outputs:
        if output.protected:
            folder = output.path.parent
            manifest = manifests.setdefault(folder, _manifest(folder))
            manifest[output.path.name] = hashlib.sha256(output.content).hexdigest()
    files: list[tuple[Path, Content]] = [(o.path, o.content) for o in outputs]
    for folder, manifest in manifests.items():
        ensure_writable(folder / MANIFEST, overwrite=True, protected=False)
        text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        files.append((folder / MANIFEST, text.encode("utf-8")))
    _write_all(files, translate=True)


def write_document(path: Path, content: bytes, overwrite: bool, embed_stamp: bool) -> None:
    """Write one generated document, refusing to replace one the user has changed."""
    if embed_stamp:
        content = stamp_comment(content)
    write_outputs([Output(path, content)], overwrite)


def write_stdout(content: bytes) -> None:
    """A document to standard output as UTF-8 bytes, whatever the console's code page."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (an IDE, a test harness)
        stream.write(content.decode("utf-8"))
        stream.flush()
        return
    stream.flush()
    buffer.write(content)
    buffer.flush()


def default_folder(data_folder: Path) -> Path:
    """ut/ beside the data folder (paths.output_folder), where files go without --ut – but
    never through a link out of the repository: a repository from someone else could point
    ut/ at another project's folder or a web server's."""
    from .paths import display_path, output_folder

    folder = output_folder(data_folder)
    repository = folder.parent.resolve()
    if folder.is_symlink() or not folder.resolve().is_relative_to(repository):
        raise StodError(
            f"{display_path(folder)} är en länk ut ur repot (till {folder.resolve()}); stod "
            "skriver inte genom den. Ta bort länken, eller ange var filerna ska med --ut."
        )
    return folder
