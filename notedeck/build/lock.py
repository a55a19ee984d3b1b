"""The build lock: two builds of the same notes never interleave, on any operating system.

The lock is an OS file lock (``flock`` on Linux and macOS, ``LockFileEx`` on Windows, through
the ``filelock`` library), so it goes with the process, even when the process is killed.
Its file lives in the user's cache folder, never among the notes: nothing is left for the
learner to commit or delete.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import NotesError

DEFAULT_WAIT = 120.0  # seconds: a 100,000-note build takes well under this


def lock_path(folder: Path) -> Path:
    """The lock file of a notes folder: one per folder, named by the folder's full path."""
    import platformdirs

    key = hashlib.sha256(os.path.normcase(str(folder.resolve())).encode()).hexdigest()[:24]
    return Path(platformdirs.user_cache_dir("notedeck", appauthor=False)) / "locks" / f"{key}.lock"


@contextmanager
def locked(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the build lock of ``folder``; wait up to ``wait`` seconds (``NOTEDECK_LOCK_WAIT``) for it."""
    from filelock import FileLock, Timeout

    if wait is None:
        try:
            wait = float(os.environ.get("NOTEDECK_LOCK_WAIT", DEFAULT_WAIT))
        except ValueError:
            raise NotesError.at("NOTEDECK_LOCK_WAIT", None, "must be a number of seconds") from None
    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NotesError.at(str(path.parent), None, f"cannot make the build lock's folder: {err.strerror}") from None
    try:
        with FileLock(path, timeout=wait):
            yield
    except Timeout:
        raise NotesError.at(str(folder), None, "another build of these notes is still running: "
                            "wait for it to finish, then build again") from None
