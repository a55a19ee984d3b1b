"""Rebuild whenever a notes file is saved.

The ``watchfiles`` library listens to the operating system's own change events (inotify,
FSEvents, ReadDirectoryChangesW) and polls only where there are none (some network and
container file systems). It gathers the events of one save: editors often save in several
writes (truncate, write, rename), and they make one build, not three.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from ..inputs import files as sources

Snapshot = tuple[tuple[str, str], ...]
SETTLE_MS = 300  # a save is over when its files have been quiet this long
MOST_MS = 1600  # ...or after this long, however busy they are
RECHECK_MS = 1000


def _subdecks(args: Sequence[str]) -> bool:
    """Whether the settings make the notes folder's folders subdecks (then they are watched too)."""
    from ..errors import NotesError
    from ..inputs.settings import find

    try:
        return bool(args) and find(Path(args[0])).subdecks
    except NotesError:  # the build says what is wrong with the settings
        return False


def _files(args: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    deep = _subdecks(args)
    for arg in args:
        path = Path(arg)
        files.extend(sources.in_folder(path, deep) if path.is_dir() else [path])
    return files


def snapshot(args: Sequence[str]) -> Snapshot:
    """Name and content digest of every notes file the arguments name right now.

    Content, not modification times: a touch, or a save that puts back the same bytes, is no change.
    """
    entries = []
    for file in _files(args):
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            digest = "unreadable"
        entries.append((str(file), digest))
    return tuple(entries)


def watched(args: Sequence[str]) -> tuple[list[Path], Callable[[object, str], bool]]:
    """The folders to listen to, and which events in them concern the notes.

    A named file is watched through its folder: editors that save by writing a new file and
    renaming it over the old one replace the file a watch on the file itself would follow.
    """
    folders = {Path(a).resolve() if Path(a).is_dir() else Path(a).resolve().parent for a in args}
    named = {Path(a).resolve() for a in args if not Path(a).is_dir()}
    whole = {Path(a).resolve() for a in args if Path(a).is_dir()}

    deep = _subdecks(args)

    def concerns(_change: object, path: str) -> bool:
        p = Path(path)
        inside = p.parent in whole or (deep and any(folder in whole for folder in p.parents))
        return p in named or (inside and p.suffix.lower() in sources.NOTE_SUFFIXES)

    return sorted(folders), concerns


def watch(args: Sequence[str], rebuild: Callable[[], object]) -> None:
    """Call ``rebuild`` once, then once after every save that changed a notes file."""
    import watchfiles

    last = snapshot(args)  # before the build: a save made while it runs is seen afterwards
    rebuild()
    folders, concerns = watched(args)
    # Every RECHECK_MS without an event the files are compared anyway: a save made while the
    # watcher was starting, or on a file system whose events go missing, still gets built.
    for _ in watchfiles.watch(*folders, watch_filter=concerns, step=SETTLE_MS, debounce=MOST_MS,
                              recursive=_subdecks(args), rust_timeout=RECHECK_MS, yield_on_timeout=True):
        now = snapshot(args)
        if now != last:
            last = now
            rebuild()
