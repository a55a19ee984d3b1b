"""Write the ``.apkg``: the one module that imports genanki and writes files.

genanki builds the collection; what it leaves to chance is fixed here. Each note gets its
own id and modification time from the state (genanki stamps one time on everything), and
the zip is written with fixed entry times and deflated (genanki uses the temporary file's
time and stores entries uncompressed).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .notetype import NoteType

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class DeckSpec:
    """A deck of the package."""

    id: int
    name: str
    description: str


@dataclass(frozen=True)
class NoteSpec:
    """A note as it goes into the collection."""

    guid: str
    deck_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    id: int
    mod: int
    due: int  # the order in which new cards are shown


def collection_bytes(note_type: NoteType, note_type_mod: int, decks: Sequence[DeckSpec],
                     notes: Sequence[NoteSpec]) -> tuple[bytes, int]:
    """The SQLite collection as bytes, and how many cards it holds."""
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    model = genanki.Model(
        note_type.model_id, note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in note_type.templates],
        css=note_type.css,
    )
    with tempfile.TemporaryDirectory(prefix="notedeck-") as tmp:
        db_path = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(db_path)
        try:
            cursor = conn.cursor()
            cursor.executescript(APKG_SCHEMA)
            cursor.executescript(APKG_COL)
            for spec in decks:
                deck = genanki.Deck(spec.id, spec.name, spec.description)
                deck.add_model(model)
                deck.write_to_db(cursor, note_type_mod, iter(()))  # decks and note type only
            cards = 0
            for spec in notes:
                note = genanki.Note(model=model, fields=list(spec.fields), tags=list(spec.tags),
                                    guid=spec.guid, due=spec.due)
                ords = [card.ord for card in note.cards]
                # The note id, then each card's id: the note id plus the card's ordinal.
                note.write_to_db(cursor, spec.mod, spec.deck_id, iter([spec.id, *(spec.id + o for o in ords)]))
                cards += len(ords)
            conn.commit()
        finally:
            conn.close()
        return Path(db_path).read_bytes(), cards


def apkg_bytes(collection: bytes, media: dict[str, bytes]) -> bytes:
    """The package: collection, media map and media files, in a fixed order, deflated."""
    names = sorted(media)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _add(zf, "collection.anki2", collection)
        _add(zf, "media", json.dumps({str(i): name for i, name in enumerate(names)}).encode())
        for i, name in enumerate(names):
            _add(zf, str(i), media[name])
    return buffer.getvalue()


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=9)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
