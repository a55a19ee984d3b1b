"""Write the ``.apkg``: the one module that imports genanki and writes files.

genanki builds the collection; what it leaves to chance is fixed here. Each note gets its
own id and modification time from the state (genanki stamps one time on everything), and
the zip is written with fixed entry times and deflated (genanki uses the temporary file's
time and stores entries uncompressed).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .notetype import NoteType

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True, slots=True)
class DeckSpec:
    """A deck of the package."""

    id: int
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """A note as it goes into the collection."""

    guid: str
    deck_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    id: int
    mod: int
    due: int  # the order in which new cards are shown
    cloze: tuple[int, ...] = ()  # a cloze note's numbers: a card each, of the cloze note type


def collection_bytes(note_type: NoteType, note_type_mod: int, decks: Sequence[DeckSpec],
                     notes: Iterable[NoteSpec], cloze_type: tuple[NoteType, int] | None = None) -> tuple[bytes, int]:
    """The SQLite collection as bytes, and how many cards it holds."""
    with tempfile.TemporaryDirectory(prefix="notedeck-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        cards = write_collection(db_path, note_type, note_type_mod, decks, notes, cloze_type)
        return db_path.read_bytes(), cards


def _model(note_type: NoteType) -> Any:
    import genanki

    return genanki.Model(
        note_type.model_id, note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in note_type.templates],
        css=note_type.css, model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def write_collection(db_path: Path, note_type: NoteType, note_type_mod: int, decks: Sequence[DeckSpec],
                     notes: Iterable[NoteSpec], cloze_type: tuple[NoteType, int] | None = None,
                     spare_ids: int = 0) -> int:
    """Write the SQLite collection to ``db_path`` (a new file); return how many cards it holds.

    ``notes`` is read once, in order, so it may be a generator: a large deck need not be held
    in memory twice. ``cloze_type`` is the cloze note type and its modification time, for a
    deck with cloze notes; ``spare_ids`` the first of the card ids no note's own ids can reach
    (for clozes numbered above 10).
    """
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    model = _model(note_type)
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.cursor()
        # A new file in a temporary folder: no crash can leave it half written for anyone to
        # read, so SQLite need not sync to disk after each statement (the bytes are the same).
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        for spec in decks:
            deck = genanki.Deck(spec.id, spec.name, spec.description)
            deck.add_model(model)
            deck.write_to_db(cursor, note_type_mod, iter(()))  # decks and note type only
        cloze_model = None
        if cloze_type is not None:  # with its own time: its CSS reaches a collection when it changes
            cloze_model = _model(cloze_type[0])
            models = json.loads(cursor.execute("SELECT models FROM col").fetchone()[0])
            models[str(cloze_model.model_id)] = cloze_model.to_json(cloze_type[1], decks[-1].id)
            cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
        cards = _write_notes(cursor, model, cloze_model, notes, spare_ids)
        conn.commit()
    finally:
        conn.close()
    return cards


def _write_notes(cursor: sqlite3.Cursor, model: Any, cloze_model: Any, notes: Iterable[NoteSpec],
                 spare_ids: int) -> int:
    """Insert the notes and their cards: the rows genanki's ``Note.write_to_db`` gives.

    genanki's own path costs more than the inserts: a ``Note`` object per note, a check of every
    field for invalid HTML (ours is generated, escaped HTML) and a test for its deprecated
    built-in note types. The rows are the same; they go in a batch at a time (below), so the file's
    pages are laid out otherwise than genanki's, the same way every time.
    """
    # Which templates make a card: genanki's rule, from the fields each template needs.
    required = [(ord_, any if how == "any" else all, tuple(fields)) for ord_, how, fields in model._req]
    sort_index, field_count, mid = model.sort_field_index, len(model.fields), model.model_id
    cards = 0
    # Rows go in by executemany, a batch at a time: a batch's notes, then their cards (one statement
    # a row cost more than the inserts). The rows are genanki's; only the order in which the two tables
    # grow differs, and it is always the same, so the same notes give the same file.
    note_rows: list[tuple[Any, ...]] = []
    card_rows: list[tuple[Any, ...]] = []

    def flush() -> None:
        cursor.executemany(_INSERT_NOTE, note_rows)
        cursor.executemany(_INSERT_CARD, card_rows)
        note_rows.clear()
        card_rows.clear()

    add_note, add_card = note_rows.append, card_rows.append
    # Note ids a build makes are 10 apart, so a note's cards never take another's ids; ids a deck brought
    # from Anki (--adopt) may be 1 apart: a card whose id is taken gets the next spare one.
    taken: set[int] = set()
    for spec in notes:
        fields = spec.fields
        if spec.cloze:
            if cloze_model is None:
                raise ValueError(f"note {spec.guid} is a cloze note, and the package has no cloze note type")
            spare_ids = _write_cloze(add_note, add_card, cloze_model, spec, spare_ids, taken)
            cards += len(spec.cloze)
        else:
            if len(fields) != field_count:
                raise ValueError(f"note {spec.guid} has {len(fields)} fields; the note type has {field_count}")
            if any(" " in tag for tag in spec.tags):
                raise ValueError(f"note {spec.guid} has a tag with a space: {spec.tags}")
            add_note((spec.id, spec.guid, mid, spec.mod, -1, " " + " ".join(spec.tags) + " ",
                      "\x1f".join(fields), fields[sort_index], 0, 0, ""))
            for ord_, test, needs in required:
                if test(fields[i] for i in needs):
                    # The card's id is the note id plus its ordinal, so a card keeps its id across builds.
                    card_id = spec.id + ord_
                    if card_id in taken:
                        card_id, spare_ids = spare_ids, spare_ids + 1
                    taken.add(card_id)
                    add_card((card_id, spec.id, spec.deck_id, ord_, spec.mod, -1, 0, 0, spec.due,
                              0, 0, 0, 0, 0, 0, 0, 0, ""))
                    cards += 1
        if len(note_rows) >= _BATCH:
            flush()
    flush()
    return cards


_BATCH = 2000  # notes a batch: their rows are few MB at most


def _write_cloze(add_note: Any, add_card: Any, model: Any, spec: NoteSpec, spare_ids: int, taken: set[int]) -> int:
    """A cloze note and a card per cloze number (card ``n - 1`` for ``{{cn::…}}``, as Anki numbers them).

    Returns the next spare card id.
    """
    if len(spec.fields) != len(model.fields):
        raise ValueError(f"note {spec.guid} has {len(spec.fields)} fields; the cloze note type has {len(model.fields)}")
    if any(" " in tag for tag in spec.tags):
        raise ValueError(f"note {spec.guid} has a tag with a space: {spec.tags}")
    add_note((spec.id, spec.guid, model.model_id, spec.mod, -1, " " + " ".join(spec.tags) + " ",
              "\x1f".join(spec.fields), spec.fields[model.sort_field_index], 0, 0, ""))
    for number in spec.cloze:
        ord_ = number - 1
        # Note ids are 10 apart: clozes 1 to 10 take the note's own ids; any beyond, ids past every note's.
        if ord_ < 10 and spec.id + ord_ not in taken:
            card_id = spec.id + ord_
        else:
            card_id, spare_ids = spare_ids, spare_ids + 1
        taken.add(card_id)
        add_card((card_id, spec.id, spec.deck_id, ord_, spec.mod, -1, 0, 0, spec.due,
                  0, 0, 0, 0, 0, 0, 0, 0, ""))
    return spare_ids


_INSERT_NOTE = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);"
_INSERT_CARD = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);"


def apkg_bytes(collection: bytes, media: dict[str, bytes]) -> bytes:
    """The package: collection, media map and media files, in a fixed order, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _add(zf, "collection.anki2", collection)
        _add_media(zf, media)
    return buffer.getvalue()


def write_apkg(path: Path, collection: Path, media: dict[str, bytes]) -> str:
    """Write the package to ``path`` as ``write_atomically(path, apkg_bytes(...))`` would, byte
    for byte, but with the collection read from its file in pieces: a large deck's collection
    and package are never whole in memory. Returns the package's sha256 (hex)."""
    digest = hashlib.sha256()
    with _atomic_file(path) as f:
        with zipfile.ZipFile(f, "w") as zf:
            info = _info("collection.anki2")
            info.file_size = collection.stat().st_size  # as writestr sets it: decides Zip64 the same way
            info._compresslevel = _LEVEL  # what writestr(..., compresslevel=) sets
            with collection.open("rb") as src, zf.open(info, "w") as dest:
                while chunk := src.read(_CHUNK):
                    dest.write(chunk)  # deflate's output does not depend on how its input is cut
            _add_media(zf, media)
        f.seek(0)
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# zlib's default, chosen by bench/deflate_levels.py (bench/RESULTS.md): at 100k cards level 9 made the
# package 1.5 % smaller than 6 in 2.3 times the time; level 1 was 3 times quicker than 6 but 13 % larger
# (0.41 times genanki's package at 10k, past the 0.4 asked). Any level gives the same bytes for the same
# collection every time.
_LEVEL = 6
_CHUNK = 1 << 20


def _add_media(zf: zipfile.ZipFile, media: dict[str, bytes]) -> None:
    names = sorted(media)
    _add(zf, "media", json.dumps({str(i): name for i, name in enumerate(names)}).encode())
    for i, name in enumerate(names):
        _add(zf, str(i), media[name])


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    zf.writestr(_info(name), data, compresslevel=_LEVEL)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new, never half."""
    write_chunks(path, (data,))


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """``write_atomically`` for data that comes in pieces (a large state file, say)."""
    with _atomic_file(path) as f:
        for chunk in chunks:
            f.write(chunk)


def write_if_changed(path: Path, chunks: Iterable[bytes]) -> bool:
    """``write_chunks``, unless ``path`` already holds exactly these bytes (then it is left untouched,
    its time too). The pieces go to the temporary file as they come: never all in memory."""
    try:
        with path.open("rb") as f:
            before = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        before = None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "w+b") as f:
            for chunk in chunks:
                digest.update(chunk)
                f.write(chunk)
            if digest.hexdigest() == before:
                Path(tmp).unlink()
                return False
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A temporary file beside ``path`` that replaces it, synced, when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
