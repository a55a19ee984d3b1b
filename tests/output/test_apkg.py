"""The streamed package writer gives the bytes of the in-memory one."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from notedeck.output import notetype, apkg as package


def _notes(count: int) -> list[package.NoteSpec]:
    return [
        package.NoteSpec(f"g{i}", 7, (f"Term {i}", "", f"<p>definition {i} " + "word " * (i % 40) + "</p>", "ctx",
                                      "", "", f"n.txt:{i}", "y" if i % 5 == 0 else ""),
                         ("Deck::Topic",), 1_764_000_000_000 + 10 * i, 1_764_000_000, i + 1)
        for i in range(count)
    ]


def test_streamed_package_is_byte_identical(tmp_path: Path) -> None:
    nt = notetype.load()
    decks = [package.DeckSpec(7, "Deck", "<p>about</p>")]
    notes = _notes(3000)
    collection, cards = package.collection_bytes(nt, 1_764_000_000, decks, notes)
    assert cards == 3000 + 600  # a reverse card where the Reverse field is filled
    db = tmp_path / "collection.anki2"
    assert package.write_collection(db, nt, 1_764_000_000, decks, iter(notes)) == cards
    assert db.read_bytes() == collection
    media = {"b.svg": b"<svg>b</svg>", "a.svg": b"<svg>a</svg>" * 100}
    expected = package.apkg_bytes(collection, media)
    out = tmp_path / "out" / "deck.apkg"
    digest = package.write_apkg(out, db, media)
    assert out.read_bytes() == expected
    assert digest == hashlib.sha256(expected).hexdigest()
    assert [p.name for p in out.parent.iterdir()] == ["deck.apkg"]  # no temporary file left


def _rows(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT * FROM notes ORDER BY id").fetchall(),
                conn.execute("SELECT * FROM cards ORDER BY id").fetchall())
    finally:
        conn.close()


def test_batched_rows_are_the_rows_written_one_note_at_a_time(tmp_path: Path, monkeypatch) -> None:
    """Rows go in a batch at a time: the same rows as a note and its cards at a time (a batch of one),
    with cloze notes, clozes above 10 and ids 1 apart (an adopted deck's) among them."""
    nt, cloze_nt = notetype.load(), notetype.load_cloze()
    decks = [package.DeckSpec(7, "Deck", "<p>about</p>")]
    notes = _notes(4500)
    for i in range(0, 4500, 7):  # every 7th a cloze note, some with clozes past 10
        numbers = (1, 2, 12) if i % 3 else (1,)
        notes[i] = package.NoteSpec(f"c{i}", 7, ("{{c1::x}}", f"T{i}", "", "", "", "", "n.txt:1"), ("t",),
                                    notes[i].id, notes[i].mod, notes[i].due, numbers)
    for i in range(1, 40, 2):  # an adopted deck's ids, 1 apart: a card's id may be taken
        notes[i] = replace(notes[i], id=notes[i - 1].id + 1)
    spare = max(n.id for n in notes) + 10
    batched = tmp_path / "batched.anki2"
    cards = package.write_collection(batched, nt, 1_764_000_000, decks, iter(notes), (cloze_nt, 1_764_000_000), spare)
    monkeypatch.setattr(package, "_BATCH", 1)
    single = tmp_path / "single.anki2"
    assert package.write_collection(single, nt, 1_764_000_000, decks, iter(notes), (cloze_nt, 1_764_000_000),
                                    spare) == cards
    assert _rows(batched) == _rows(single)
    again = tmp_path / "again.anki2"
    monkeypatch.setattr(package, "_BATCH", 2000)
    package.write_collection(again, nt, 1_764_000_000, decks, iter(notes), (cloze_nt, 1_764_000_000), spare)
    assert again.read_bytes() == batched.read_bytes()  # the same notes, the same file
