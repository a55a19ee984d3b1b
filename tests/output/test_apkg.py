"""The streamed package writer gives the bytes of the in-memory one."""

from __future__ import annotations

import hashlib
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
