"""Mochi decks: card_id blocks between cards, --- between sides."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_sides_and_metadata() -> None:
    text = ("Front one?\n---\nBack one.\n\n```\ncode\n```\n---\ncard_id: a1\n---\nFront {{two}}?\n---\nBack two.\n"
            "---\ncard_id: null\n---\nFront three?\n---\nBack three.\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("Front one?", "Back one.\n\n```\ncode\n```", 1), ("Front {{c1::two}}?", "Back two.", 11),
        ("Front three?", "Back three.", 17)]


def test_without_card_ids_dashes_are_not_mochi_unless_declared() -> None:
    text = "Front?\n---\nBack.\n---\nOther?\n---\nAnswer.\n"
    assert "mochi" not in ruler.read(text).shapes
    assert [e.term for e in ruler.read(text, only=("mochi",)).entries] == ["Front?", "Other?"]
