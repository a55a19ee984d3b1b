"""``--into``: put a built deck straight into a learner's collection, through Anki's own backend.

Only ``--into`` imports this module, and only it imports the optional ``anki`` package
(``pip install notedeck[anki]``). The collection is opened first: Anki's backend refuses a
collection that Anki has open (or is syncing), and then nothing is built or changed. Before
anything is written, the backend makes a backup where Anki keeps its own (``backups/``
beside the collection). The package is imported with the rules of *File → Import* (a note is
updated only where the package's is newer, history kept, nothing duplicated); what the
learner wrote in a note's ``Extra`` field is put back afterwards where the deck brings none,
because an import replaces every field. Notes the deck made and the notes no longer contain are listed, and removed only
with ``--delete``: only notes of notedeck's note types, in the deck's own decks, with a GUID
the build state gave them.

A note that became a cloze note (or stopped being one) changes note type: Anki's import
refuses it as "conflicting" and leaves the old note as it was. Such notes are listed; with
``--convert`` their note type is changed in the collection (keeping their cards' history, as
Notes → Change Note Type does) and the package is imported again, which updates them. A change
of note type is a change of the collection's schema: Anki's next sync must be one-way.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NotesError

FILENAME = "collection.anki2"


def anki_base() -> Path:
    """Where Anki keeps its profiles: ``$ANKI_BASE``, else the operating system's own place for it."""
    if base := os.environ.get("ANKI_BASE"):
        return Path(base)
    import platformdirs

    # ~/.local/share/Anki2 on Linux, ~/Library/Application Support/Anki2 on macOS, %APPDATA%\Anki2 on Windows.
    return Path(platformdirs.user_data_dir("Anki2", appauthor=False, roaming=True))


def locate(target: str) -> tuple[Path, bool]:
    """The collection ``target`` names, and whether it is still to be made: a ``collection.anki2``
    path (a new one where there is none yet), a folder holding one, or an Anki profile's name."""
    path = Path(target)
    if path.suffix == ".anki2":
        if path.is_file():
            return path, False
        if path.exists():
            raise NotesError.at(target, None, "is not a file: give the path of a collection.anki2 file")
        return path, True  # a first collection: made when it is opened
    if path.is_dir() and (target.endswith(("/", "\\")) or (path / FILENAME).is_file() or len(path.parts) > 1):
        if (path / FILENAME).is_file():
            return path / FILENAME, False
        raise NotesError.at(target, None, f"no {FILENAME} in this folder: give the path of a collection file "
                            f"(a new one is made at {path / FILENAME} if you name it), or an Anki profile's name")
    if path.is_file():
        return path, False
    base = anki_base()
    profile = base / target / FILENAME
    if profile.is_file():
        return profile, False
    known = sorted(p.parent.name for p in base.glob(f"*/{FILENAME}")) if base.is_dir() else []
    raise NotesError.at(target, None, f"no Anki profile {target!r} in {base}"
                        + (f" (profiles there: {', '.join(known)})" if known else "")
                        + "; set ANKI_BASE to Anki's folder, or give the path of a collection.anki2 file (a new, "
                        "empty collection is made there if there is none)")


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    """The collection, open for this process alone; a clear error if Anki has it open."""
    try:
        from anki.collection import Collection
        from anki.errors import DBError
    except ImportError:
        raise NotesError.at("--into", None, "needs Anki's own backend, the anki package: pip install anki (where "
                            "notedeck was installed with pipx: pipx inject notedeck anki)") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a first collection's folder
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
    switched: list[str] = field(default_factory=list)  # notes whose note type the deck changed (term ↔ cloze)
    adopted: list[str] = field(default_factory=list)  # notes still of the note type --adopt took them from
    retyped: list[str] = field(default_factory=list)  # adopted notes whose note type changed in Anki since: left
    converted: int = 0  # of those, changed in the collection (--convert)
    emptied: int = 0  # cards of converted notes that the new note type leaves empty, removed
    empty: int = 0  # cards of updated notes that their notes no longer make (a cloze number taken out)
    empty_removed: int = 0  # of those, removed (--delete)
    newer: list[str] = field(default_factory=list)  # notes updated although the collection's copy was newer
    held: list[str] = field(default_factory=list)  # stale notes not deleted: removed by a build --allow-removals let by
    nothing: bool = False  # the collection already had the deck as it is: no backup, no import
    created: bool = False  # the collection was made by this run


def _in_deck_tree(col: Any, note_id: int, root: str) -> bool:
    names = {col.decks.name(card.did) for card in col.get_note(note_id).cards()}
    return bool(names) and all(n == root or n.startswith(root + "::") for n in names)


@dataclass(frozen=True)
class Adoption:
    """How a note --adopt wrote is changed from the note type it had in Anki to notedeck's."""

    note_type: int  # the note type it was adopted from
    cloze: bool  # it became a cloze note (else a term note)
    fields: tuple[tuple[str, str], ...]  # (its field, notedeck's field)
    cards: tuple[tuple[int, int], ...]  # (its card's template ordinal, notedeck's)


def put(col: Any, path: Path, apkg: Path, model_ids: tuple[int, int], root: str, removed: Sequence[tuple[str, str]],
        delete: bool, convert: bool = False, held: Sequence[str] = (),
        adopted: Mapping[str, Adoption] | None = None) -> Outcome:
    """Import ``apkg`` into the open collection ``col`` (at ``path``) and tidy up after it.

    ``model_ids`` are the term and the cloze note types' ids; ``held`` are GUIDs of removed notes
    that ``delete`` leaves this time (a build removed most of their file); ``adopted`` are the notes
    --adopt wrote, by GUID, and how each is changed to notedeck's note type.
    """
    from anki.errors import BackendError

    try:
        return _put(col, path, apkg, model_ids, root, removed, delete, convert, set(held), adopted or {})
    except (BackendError, OSError) as err:
        raise NotesError.at(str(path), None, f"Anki's backend could not finish: {err}; the backup in "
                            f"{path.parent / 'backups'} holds the collection as it was") from None


def _put(col: Any, path: Path, apkg: Path, model_ids: tuple[int, int], root: str, removed: Sequence[tuple[str, str]],
         delete: bool, convert: bool, held: set[str], adopted: Mapping[str, Adoption]) -> Outcome:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

    if not _would_change(col, apkg, model_ids, root, removed, delete, held):
        stale, kept = _stale(col, model_ids, root, removed, held)
        return Outcome(path, None, unchanged=len(_package_notes(apkg)[0]), nothing=True,
                       stale=[term for _, term in stale], held=kept)
    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    started = time.time() - 1
    col.create_backup(backup_folder=str(backups), force=True, wait_for_completion=True)
    made = sorted((p for p in backups.iterdir() if p.stat().st_mtime >= started), key=lambda p: p.stat().st_mtime)
    outcome = Outcome(path, made[-1] if made else None)

    # What the learner wrote in Extra, by note id: the import replaces every field.
    extras = {nid: (mid, flds.split("\x1f")) for nid, mid, flds in
              col.db.all("select id, mid, flds from notes where mid in (?, ?)", *model_ids)}
    options = ImportAnkiPackageOptions(  # File → Import's own defaults
        update_notes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
    )
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=options)
    log = col.import_anki_package(request).log
    outcome.added, outcome.updated, outcome.unchanged = len(log.new), len(log.updated), len(log.duplicate)
    other = {model_ids[0]: model_ids[1], model_ids[1]: model_ids[0]}
    switched: dict[int, list[int]] = {}  # the note type a conflicting note of ours has → its notes
    taken: dict[int, list[int]] = {}  # the note type an adopted note still has in Anki → its notes
    for entry in log.conflicting:
        nid = entry.id.nid
        mid, guid = col.db.first("select mid, guid from notes where id = ?", nid)
        if mid in other:
            switched.setdefault(mid, []).append(nid)
            outcome.switched.append(_name(list(entry.fields)))
        elif guid in adopted:
            if adopted[guid].note_type == mid:
                taken.setdefault(mid, []).append(nid)
                outcome.adopted.append(_name(list(entry.fields)))
            else:
                outcome.retyped.append(_name(list(entry.fields)))
    updated = list(log.updated)
    converted: set[int] = set()
    if (switched or taken) and convert:
        how = {a.note_type: a for a in adopted.values()}
        for mid, nids in [*sorted(switched.items()), *sorted(taken.items())]:
            mods = col.db.all(f"select id, mod from notes where id in ({','.join('?' * len(nids))})", *nids)
            if mid in other:
                _change_note_type(col, nids, mid, other[mid])
            else:
                _adopt_note_type(col, nids, how[mid], model_ids[1] if how[mid].cloze else model_ids[0], path)
            # The change stamps "now" on each note, which would make it look newer than the package's:
            # it gets back the time it had, so the import below updates it.
            for nid, mod in mods:
                col.db.execute("update notes set mod = ? where id = ?", mod, nid)
            outcome.converted += len(nids)
            converted.update(nids)
        again = col.import_anki_package(request).log  # the converted notes now match: updated, history kept
        updated += list(again.updated)
        outcome.updated += len(again.updated)
        extras.update({nid: (other[mid], _moved_extra(extras[nid][1], mid, other[mid], col))
                       for mid, nids in switched.items() for nid in nids if nid in extras})
    # A note the learner touched in Anki after the package stamped it (their Extra, a tag; or a package
    # stamped by SOURCE_DATE_EPOCH) is newer there, so the import skipped it: its fields are applied here
    # (a converted note the second import skipped too).
    touched = {entry.id.nid for entry in [*log.new, *updated]} | \
        ({entry.id.nid for entry in log.conflicting} - converted)
    forced, outcome.extra_kept = _apply_newer(col, apkg, model_ids, touched)
    outcome.newer = [name for nid, name in forced if nid not in converted]
    outcome.updated += len(forced)
    outcome.unchanged -= min(outcome.unchanged, len(forced))
    if converted:
        # Cards the new note type makes nothing of (a reverse card become cloze 2, clozes 2 and up
        # become a term note's extra cards): removed, as Tools → Empty Cards would.
        empty = [cid for note in col.get_empty_cards().notes if note.note_id in converted for cid in note.card_ids]
        if empty:
            col.remove_cards_and_orphaned_notes(empty)
            outcome.emptied = len(empty)
    for nid in (entry.id.nid for entry in updated):
        if nid not in extras:
            continue
        mid, old_fields = extras[nid]
        extra_index = _field_index(col, mid, "Extra")
        kept = old_fields[extra_index] if len(old_fields) > extra_index else ""
        now = col.db.scalar("select flds from notes where id = ?", nid).split("\x1f")
        # The package's own Extra (a notes file with an Extra column) wins; an empty one never wipes the learner's.
        if kept and not now[extra_index]:
            now[extra_index] = kept
            # The same modification time and sync mark the import gave it: only the field is put back.
            col.db.execute("update notes set flds = ? where id = ?", "\x1f".join(now), nid)
            outcome.extra_kept += 1

    stale, outcome.held = _stale(col, model_ids, root, removed, held)
    outcome.stale = [term for _, term in stale]
    if delete and stale:
        col.remove_notes([nid for nid, _ in stale])
        outcome.removed = len(stale)
    # Cards the deck's notes no longer make (a cloze number taken out of a note): Anki keeps them,
    # empty, until Tools → Empty Cards. Only the cards of notedeck's notes in the deck's decks count.
    empty = [cid for note in col.get_empty_cards().notes
             if col.db.scalar("select mid from notes where id = ?", note.note_id) in model_ids
             and _in_deck_tree(col, note.note_id, root) for cid in note.card_ids]
    outcome.empty = len(empty)
    if delete and empty:
        col.remove_cards_and_orphaned_notes(empty)
        outcome.empty_removed = len(empty)
    return outcome


def _stale(col: Any, model_ids: tuple[int, int], root: str, removed: Sequence[tuple[str, str]], held: set[str]
           ) -> tuple[list[tuple[int, str]], list[str]]:
    """Notes of ours in the deck's decks that the notes no longer have: (note id, term) of those --delete
    removes, and the terms of those it leaves this time (``held``)."""
    stale, kept = [], []
    for guid, term in removed:
        for nid in col.db.list("select id from notes where guid = ? and mid in (?, ?)", guid, *model_ids):
            if _in_deck_tree(col, nid, root):
                if guid in held:
                    kept.append(term)
                else:
                    stale.append((nid, term))
    return stale, kept


def _would_change(col: Any, apkg: Path, model_ids: tuple[int, int], root: str,
                  removed: Sequence[tuple[str, str]], delete: bool, held: set[str]) -> bool:
    """Whether importing ``apkg`` (and ``delete``) would change anything in the collection: a note added,
    its fields, tags or note type changed, a newer note type, a deck to make, a note or card to delete."""
    import json
    import sqlite3
    import tempfile
    import zipfile

    notes, _ = _package_notes(apkg)
    for guid, mid, fields, tags in notes:
        row = col.db.first("select mid, flds, tags from notes where guid = ?", guid)
        if row is None or row[0] != mid or row[2].split() != tags.split():
            return True
        names = [f["name"] for f in col.models.get(mid)["flds"]]
        if any(new != old and not (name == "Extra" and not new)
               for name, new, old in zip(names, fields, row[1].split("\x1f"))):
            return True
    with zipfile.ZipFile(apkg) as zf, tempfile.TemporaryDirectory(prefix="notedeck-into-") as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(zf.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            models_json, decks_json = conn.execute("select models, decks from col").fetchone()
        finally:
            conn.close()
    for model in json.loads(models_json).values():
        have = col.models.get(int(model["id"]))
        if have is None or int(model.get("mod", 0)) > int(have.get("mod", 0)):
            return True
    if any(col.decks.id_for_name(deck["name"]) is None for deck in json.loads(decks_json).values()
           if deck.get("name") and deck["name"] != "Default"):
        return True
    if delete:
        for guid, _ in removed:
            if guid not in held and col.db.scalar("select count() from notes where guid = ? and mid in (?, ?)",
                                                  guid, *model_ids):
                return True
        if any(col.db.scalar("select mid from notes where id = ?", n.note_id) in model_ids
               for n in col.get_empty_cards().notes):
            return True
    return False


def _package_notes(apkg: Path) -> tuple[list[tuple[str, int, list[str], str]], dict[str, str]]:
    """The package's notes (GUID, note type, fields, tags) and its media (file name → name in the zip)."""
    import json
    import sqlite3
    import tempfile
    import zipfile

    with zipfile.ZipFile(apkg) as zf, tempfile.TemporaryDirectory(prefix="notedeck-into-") as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(zf.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            notes = [(guid, mid, flds.split("\x1f"), tags) for guid, mid, flds, tags in
                     conn.execute("select guid, mid, flds, tags from notes order by id")]
        finally:
            conn.close()
        media = {name: number for number, name in json.loads(zf.read("media")).items()}
    return notes, media


_MEDIA = re.compile(r'<img [^>]*src="([^"]+)"')


def _apply_newer(col: Any, apkg: Path, model_ids: tuple[int, int], touched: set[int]
                 ) -> tuple[list[tuple[int, str]], int]:
    """Give the package's fields and tags to every note of ours the import left because the collection's
    copy was newer, where they differ (an empty Extra in the package leaves the learner's); its media with
    it. The notes and their names, and how many kept the learner's Extra."""
    import zipfile

    notes, media = _package_notes(apkg)
    forced, kept = [], 0
    with zipfile.ZipFile(apkg) as zf:
        for guid, mid, fields, tags in notes:
            row = col.db.first("select id, mid, flds from notes where guid = ?", guid)
            if row is None or row[0] in touched or row[1] != mid or mid not in model_ids:
                continue
            nid, names = row[0], [f["name"] for f in col.models.get(mid)["flds"]]
            have = row[2].split("\x1f")
            if all(new == old or (name == "Extra" and not new) for name, new, old in zip(names, fields, have)):
                continue
            note = col.get_note(nid)
            for name, value in zip(names, fields):
                if name == "Extra" and not value:
                    kept += bool(note[name])
                    continue
                for wanted in _MEDIA.findall(value):  # the import copies media only for the notes it updates
                    if wanted in media and not col.media.have(wanted):
                        given = col.media.write_data(wanted, zf.read(media[wanted]))
                        value = value.replace(f'src="{wanted}"', f'src="{given}"')
                note[name] = value
            note.tags = tags.split()
            col.update_note(note)
            forced.append((nid, _name(fields)))
    return forced, kept


def _field_index(col: Any, mid: int, name: str) -> int:
    return next(i for i, f in enumerate(col.models.get(mid)["flds"]) if f["name"] == name)


def _moved_extra(fields: list[str], old_mid: int, new_mid: int, col: Any) -> list[str]:
    """A note's fields as they were, placed as the new note type has them (only Extra is read)."""
    moved = [""] * len(col.models.get(new_mid)["flds"])
    moved[_field_index(col, new_mid, "Extra")] = fields[_field_index(col, old_mid, "Extra")]
    return moved


# Fields that carry over under another name when a note changes between the term and the cloze note type.
_SAME_FIELD = {"Text": "Definition", "Definition": "Text"}


def _change_note_type(col: Any, nids: list[int], old_mid: int, new_mid: int) -> None:
    """Change the note type of ``nids`` as Notes → Change Note Type does: fields by name, the first card kept."""
    info = col.models.change_notetype_info(old_notetype_id=old_mid, new_notetype_id=new_mid)
    request = info.input
    old_names = list(info.old_field_names)
    del request.new_fields[:]
    for name in info.new_field_names:
        wanted = name if name in old_names else _SAME_FIELD.get(name, "")
        request.new_fields.append(old_names.index(wanted) if wanted in old_names else -1)
    if not request.is_cloze:  # into the term note type: the cloze 1 card becomes its term card
        del request.new_templates[:]
        request.new_templates.extend([0] + [-1] * (len(info.new_template_names) - 1))
    request.note_ids.extend(nids)
    col.models.change_notetype_of_notes(request)


def _adopt_note_type(col: Any, nids: list[int], adoption: Adoption, new_mid: int, path: Path) -> None:
    """Change adopted notes from the note type they had in Anki to notedeck's, as Notes → Change Note Type
    does: fields mapped as --adopt wrote them, the first card kept (and a reversed note's second card as the
    reverse card; a cloze note's cards keep their numbers), with their history."""
    from .notetype import CLOZE_NAME, NAME

    if col.models.get(new_mid) is None:
        raise NotesError.at(str(path), None, f"the note type {CLOZE_NAME if adoption.cloze else NAME!r} is not in "
                            "the collection after the import, so the adopted notes cannot be changed to it")
    info = col.models.change_notetype_info(old_notetype_id=adoption.note_type, new_notetype_id=new_mid)
    request = info.input
    old_names = list(info.old_field_names)
    source = {new: old for old, new in adoption.fields}
    del request.new_fields[:]
    request.new_fields.extend(old_names.index(source[name]) if source.get(name) in old_names else -1
                              for name in info.new_field_names)
    if not request.is_cloze:
        card_of = {new: old for old, new in adoption.cards}
        del request.new_templates[:]
        request.new_templates.extend(card_of.get(i, -1) for i in range(len(info.new_template_names)))
    request.note_ids.extend(nids)
    col.models.change_notetype_of_notes(request)


_TAG = re.compile(r"<[^>]+>")


def _name(fields: list[str]) -> str:
    """What a note is called in a report: its term, or a cloze note's text."""
    from .notetype import CLOZE_FIELDS

    name = fields[1] if len(fields) == len(CLOZE_FIELDS) and fields[1] else fields[0]
    return _TAG.sub("", name)[:60]
