"""A second process for the first read of a big data folder.

A cold read of a county's or a nation's data spends its time parsing and checking files one
at a time, on one core. When there is enough to do, stod forks a helper that reads the last
part of the files (in reading order: the year logs, then the last meetings) while the main
process reads the first part. The helper sends its parse-cache entries back through a pipe,
and the main process takes them as if they were kept from an earlier run: the same checks,
the same problems, only sooner. Files with errors are not sent (the cache never holds them)
and are read again by the main process, which is what places their problems. A helper that
fails, or a system other than Linux, means only that the main process reads the files itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

# Estimated seconds of reading: per file, and per kilobyte of a one-line list file or of a
# file of ordinary YAML. Below MIN_WORK a helper is not worth its start.
PER_FILE = 0.00008
PER_KB_LIST = 0.00005
PER_KB_YAML = 0.0001
MIN_WORK = 0.1
SHARE = 0.5  # of the estimated work, for the helper


class Helper:
    def __init__(self, data, pid: int, pipe: int, share: frozenset[str]):
        self.data = data
        self.pid: int | None = pid
        self.pipe = pipe
        self.share = share  # names of the files the helper reads

    def join(self) -> None:
        """Wait for the helper and take its entries into the parse cache."""
        if self.pid is None:
            return
        pid, self.pid, self.share = self.pid, None, frozenset()
        entries = {}
        try:
            with os.fdopen(self.pipe, "rb") as pipe:
                content = pipe.read()
            entries = pickle.loads(content)
        except Exception:  # a helper that failed: its files are read here instead
            entries = {}
        finally:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if entries:
            self.data.cache.entries.update(entries)
            self.data.cache.changed = True


def _plan(data, files: list[tuple[str, Path]]) -> list[tuple[str, Path, float]]:
    """The files the cache cannot answer for, in reading order, with their estimated cost."""
    plan = []
    for name, path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        if data.cache.knows(name, stat):
            continue
        per_kb = PER_KB_LIST if name.startswith(("stod/", "deltagare/")) else PER_KB_YAML
        plan.append((name, path, PER_FILE + per_kb * stat.st_size / 1024))
    return plan


def start(
    data, files: list[tuple[str, Path]], read: Callable, validators: dict[str, Callable]
) -> Helper | None:
    """Fork a helper for the last half of the work in `files` (names and paths in reading
    order), when there is enough of it."""
    # Linux only: macOS forks badly once system frameworks are loaded, Windows has no fork.
    if not sys.platform.startswith("linux") or data.cache is None:
        return None
    plan = _plan(data, files)
    total = sum(cost for _, _, cost in plan)
    if total < MIN_WORK:
        return None
    share: list[tuple[str, Path]] = []
    done = 0.0
    for name, path, cost in reversed(plan):
        if done + cost / 2 > total * SHARE:
            break
        share.append((name, path))
        done += cost
    if not share:
        return None
    names = frozenset(name for name, _ in share)
    try:
        pipe_in, pipe_out = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the helper: read, send, and leave without running any exit handlers
        code = 1
        try:
            os.close(pipe_in)
            for name, path in reversed(share):
                read(data, path, validators[name.split("/", 1)[0]])
            found = {n: e for n, e in data.cache.seen.items() if n in names}
            with os.fdopen(pipe_out, "wb") as pipe:
                pipe.write(pickle.dumps(found, protocol=5))
            code = 0
        finally:
            os._exit(code)
    os.close(pipe_out)
    return Helper(data, pid, pipe_in, names)
