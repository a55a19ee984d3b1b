"""Obsidian: the Spaced Repetition plugin's markers and the Flashcards plugin's #card headings."""

from __future__ import annotations

from notedeck.parse.shapes import ruler
from notedeck.parse.shapes.obsidian import inline_card


def test_markers_comments_tags_and_highlights() -> None:
    text = ("#flashcards/bio\n\nNucleus::Holds the ==chromosomes==. <!--SR:!2024-04-11,12,250-->\n"
            "Mitochondrion:::Makes ATP.\n\nWhich process moves water?\n?\nOsmosis, see [[Membrane]].\n"
            "<!--SR:!2024-05-01,30,270-->\n\nThe ==bilayer== has ==hydrophobic== tails.\n\nSome prose.\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line, e.reverse) for e in reading.entries] == [
        ("Nucleus", "Holds the **chromosomes**.", 3, False),  # a highlight in an answer is emphasis, no cloze
        ("Mitochondrion", "Makes ATP.", 4, True),
        ("Which process moves water?", "Osmosis, see Membrane.", 6, False),
        ("The ==bilayer== has ==hydrophobic== tails.", "", 11, False)]  # a paragraph of highlights: clozes
    assert reading.skipped == [13] and reading.strong == 4


def test_dataview_fields_are_no_cards() -> None:
    assert inline_card("status:: done") is None
    assert inline_card("Status codes 4xx:::client errors") == ("Status codes 4xx", "client errors", True)


def test_card_tagged_headings() -> None:
    text = "# HTTP\n\n## What does 304 mean? #card\nNot modified.\n\n## Idempotent\n#card-reverse\nSame effect.\n"
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.reverse, e.headings) for e in reading.entries] == [
        ("What does 304 mean?", "Not modified.", False, ("HTTP",)), ("Idempotent", "Same effect.", True, ("HTTP",))]


def test_cards_written_as_list_items() -> None:
    """``- **Front** :: Back`` and ``- **Front?**`` above a ``?``: the bullet and the bold are no part of the front."""
    text = ("#flashcards/net\n\n- **What is ARP?** :: Address resolution.\n<!--SR:!2025-04-02,12,250-->\n\n"
            "- **Private ranges?**\n?\n  - `10.0.0.0/8`\n  - `192.168.0.0/16`\n<!--SR:!2025-04-10,20,250-->\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries] == [
        ("What is ARP?", "Address resolution."), ("Private ranges?", "- `10.0.0.0/8`\n- `192.168.0.0/16`")]
    assert reading.shapes == ("obsidian",)


def test_a_line_and_the_list_of_highlights_under_it_are_one_cloze_card() -> None:
    text = ("#flashcards/physics\n\nThe equations:\n- Velocity: ==$v = u + at$==\n"
            "- Without time:==$v^2 = u^2 + 2as$==\n"
            "<!--SR:!2025-05-03,10,250!2025-05-04,11,250-->\n")
    reading = ruler.read(text)
    assert [(e.term, e.line) for e in reading.entries] == [
        ("The equations:\n- Velocity: ==$v = u + at$==\n- Without time:==$v^2 = u^2 + 2as$==", 3)]
    assert reading.shapes == ("obsidian",) and reading.skipped == []
