"""Rebuild whenever a notes file is saved: poll, wait for the save to settle, build."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import sources

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(args: Sequence[str]) -> Snapshot:
    """Name, size and modification time of every notes file the arguments name right now."""
    entries = []
    for arg in args:
        path = Path(arg)
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in sources.NOTE_SUFFIXES) \
            if path.is_dir() else [path]
        for file in files:
            try:
                st = file.stat()
            except OSError:
                entries.append((str(file), -1, -1))
                continue
            entries.append((str(file), st.st_size, st.st_mtime_ns))
    return tuple(entries)


def watch(args: Sequence[str], rebuild: Callable[[], object], poll: float = 0.25, settle: float = 0.4) -> None:
    """Call ``rebuild`` once, then after every change that has stayed unchanged for ``settle`` s.

    Editors often save in several writes (truncate, write, rename): waiting for the files
    to settle builds once per save instead of once per write.
    """
    rebuild()
    last = snapshot(args)
    while True:
        time.sleep(poll)
        now = snapshot(args)
        if now == last:
            continue
        while True:
            time.sleep(settle)
            settled = snapshot(args)
            if settled == now:
                break
            now = settled
        last = now
        rebuild()
