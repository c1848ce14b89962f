"""Writing documents: atomically, stamped, and never over what the user has edited.

Markdown and HTML carry their stamp as a last-line comment holding the SHA-256 of everything
above it. A DOCX can't carry one in its text, so its stamp lives in `.stod-stampel.json` beside
it. A file whose stamp no longer matches its content was edited (or not made by stod): it is
only overwritten with --skriv-over.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .problems import StodError

MANIFEST = ".stod-stampel.json"
_STAMP_RE = re.compile(rb"\n(<!-- stod-stampel: sha256:([0-9a-f]{64}) -->)\n?$")


def stamp_comment(content: bytes) -> bytes:
    """`content` with its stamp appended."""
    digest = hashlib.sha256(content).hexdigest()
    return content + f"<!-- stod-stampel: sha256:{digest} -->\n".encode()


def _embedded_stamp_ok(current: bytes) -> bool:
    m = _STAMP_RE.search(current)
    if not m:
        return False
    body = current[: m.start() + 1]
    return hashlib.sha256(body).hexdigest() == m.group(2).decode()


def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def unedited(path: Path) -> bool:
    """True when `path` is exactly as stod last wrote it."""
    current = path.read_bytes()
    if _embedded_stamp_ok(current):
        return True
    recorded = _manifest(path.parent).get(path.name)
    return recorded == hashlib.sha256(current).hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, content: bytes | Callable[[BinaryIO], None]) -> None:
    """Write via a temporary file in the same folder; a failure leaves the old file intact.
    `content` is the bytes, or a function that writes them to the open file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; documents are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_writable(path: Path, overwrite: bool) -> None:
    """Refuse (StodError) to replace a file the user has changed, unless `overwrite`."""
    from .loader import display_path

    if path.is_dir():
        raise StodError(f"{display_path(path)} är en mapp; ange en fil med --ut")
    if path.exists() and not overwrite and not unedited(path):
        raise StodError(
            f"{display_path(path)} har ändrats sedan stod skrev den (eller är inte gjord av stod); "
            "den skrivs inte över. Spara dina ändringar under ett annat namn, eller kör igen "
            "med --skriv-over"
        )


def write_document(path: Path, content: bytes, overwrite: bool, embed_stamp: bool) -> None:
    """Write a generated document, refusing to replace one the user has changed."""
    ensure_writable(path, overwrite)
    if embed_stamp:
        content = stamp_comment(content)
    atomic_write(path, content)
    manifest = _manifest(path.parent)
    manifest[path.name] = hashlib.sha256(content).hexdigest()
    atomic_write(
        path.parent / MANIFEST,
        (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    )
