"""``--into``: put a built deck straight into a learner's collection, through Anki's own backend.

Only ``--into`` imports this module, and only it imports the optional ``anki`` package
(``pip install notedeck[anki]``). The collection is opened first: Anki's backend refuses a
collection that Anki has open (or is syncing), and then nothing is built or changed. Before
anything is written, the backend makes a backup where Anki keeps its own (``backups/``
beside the collection). The package is imported with the rules of *File → Import* (a note is
updated only where the package's is newer, history kept, nothing duplicated); what the
learner wrote in a note's ``Extra`` field is put back afterwards where the deck brings none,
because an import replaces every field. Notes the deck made and the notes no longer contain are listed, and removed only
with ``--delete``: only notes of notedeck's note type, in the deck's own decks, with a GUID
the build state gave them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NotesError

FILENAME = "collection.anki2"


def anki_base() -> Path:
    """Where Anki keeps its profiles: ``$ANKI_BASE``, else the operating system's own place for it."""
    if base := os.environ.get("ANKI_BASE"):
        return Path(base)
    import platformdirs

    # ~/.local/share/Anki2 on Linux, ~/Library/Application Support/Anki2 on macOS, %APPDATA%\Anki2 on Windows.
    return Path(platformdirs.user_data_dir("Anki2", appauthor=False, roaming=True))


def locate(target: str) -> Path:
    """A ``collection.anki2`` path, or the collection of the Anki profile named ``target``."""
    path = Path(target)
    if path.suffix == ".anki2" or path.is_file():
        if not path.is_file():
            raise NotesError.at(target, None, "no such collection: give the path of a collection.anki2 file, or "
                                "the name of an Anki profile")
        return path
    base = anki_base()
    profile = base / target / FILENAME
    if profile.is_file():
        return profile
    known = sorted(p.parent.name for p in base.glob(f"*/{FILENAME}")) if base.is_dir() else []
    raise NotesError.at(target, None, f"no Anki profile {target!r} in {base}"
                        + (f" (profiles there: {', '.join(known)})" if known else "")
                        + "; set ANKI_BASE to Anki's folder, or give the path of a collection.anki2 file")


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    """The collection, open for this process alone; a clear error if Anki has it open."""
    try:
        from anki.collection import Collection
        from anki.errors import DBError
    except ImportError:
        raise NotesError.at("--into", None, "needs Anki's backend: pip install 'notedeck[anki]'") from None
    try:
        col = Collection(str(path))
    except DBError as err:
        raise NotesError.at(str(path), None, f"Anki has this collection open ({err}): close Anki (or wait for "
                            "its sync to finish), then run again; nothing was changed") from None
    try:
        yield col
    finally:
        col.close()


@dataclass
class Outcome:
    """What ``--into`` did to the collection."""

    collection: Path
    backup: Path | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    extra_kept: int = 0
    stale: list[str] = field(default_factory=list)  # terms of notes the deck made and the notes no longer have
    removed: int = 0


def _in_deck_tree(col: Any, note_id: int, root: str) -> bool:
    names = {col.decks.name(card.did) for card in col.get_note(note_id).cards()}
    return bool(names) and all(n == root or n.startswith(root + "::") for n in names)


def put(col: Any, path: Path, apkg: Path, model_id: int, root: str, removed: Sequence[tuple[str, str]],
        delete: bool) -> Outcome:
    """Import ``apkg`` into the open collection ``col`` (at ``path``) and tidy up after it."""
    from anki.errors import BackendError

    try:
        return _put(col, path, apkg, model_id, root, removed, delete)
    except (BackendError, OSError) as err:
        raise NotesError.at(str(path), None, f"Anki's backend could not finish: {err}; the backup in "
                            f"{path.parent / 'backups'} holds the collection as it was") from None


def _put(col: Any, path: Path, apkg: Path, model_id: int, root: str, removed: Sequence[tuple[str, str]],
         delete: bool) -> Outcome:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    started = time.time() - 1
    col.create_backup(backup_folder=str(backups), force=True, wait_for_completion=True)
    made = sorted((p for p in backups.iterdir() if p.stat().st_mtime >= started), key=lambda p: p.stat().st_mtime)
    outcome = Outcome(path, made[-1] if made else None)

    # What the learner wrote in Extra, by note id: the import replaces every field.
    extras = {nid: flds.split("\x1f") for nid, flds in col.db.all("select id, flds from notes where mid = ?", model_id)}
    options = ImportAnkiPackageOptions(  # File → Import's own defaults
        update_notes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
    )
    log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log
    outcome.added, outcome.updated, outcome.unchanged = len(log.new), len(log.updated), len(log.duplicate)
    extra_at = col.models.get(model_id)["flds"]
    extra_index = next(i for i, f in enumerate(extra_at) if f["name"] == "Extra")
    for entry in log.updated:
        nid = entry.id.nid
        old_fields = extras.get(nid)
        if old_fields is None:
            continue
        kept = old_fields[extra_index] if len(old_fields) > extra_index else ""
        now = col.db.scalar("select flds from notes where id = ?", nid).split("\x1f")
        # The package's own Extra (a notes file with an Extra column) wins; an empty one never wipes the learner's.
        if kept and not now[extra_index]:
            now[extra_index] = kept
            # The same modification time and sync mark the import gave it: only the field is put back.
            col.db.execute("update notes set flds = ? where id = ?", "\x1f".join(now), nid)
            outcome.extra_kept += 1

    stale = []
    for guid, term in removed:
        for nid in col.db.list("select id from notes where guid = ? and mid = ?", guid, model_id):
            if _in_deck_tree(col, nid, root):
                stale.append((nid, term))
    outcome.stale = [term for _, term in stale]
    if delete and stale:
        col.remove_notes([nid for nid, _ in stale])
        outcome.removed = len(stale)
    return outcome
