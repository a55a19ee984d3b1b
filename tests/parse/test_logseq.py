"""Logseq pages: #card blocks, child blocks as the answer, properties never card text."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_cards_properties_and_clozes() -> None:
    text = ("tags:: networking\n\n- ## TCP\n- What does TCP guarantee? #card\n  card-repeats:: 1\n\t- ordered delivery\n"
            "\t- retransmission\n- #card Which port does HTTPS use?\n\t- 443\n- A /26 mask is {{cloze 255.255.255.192}} #card\n"
            "- a plain block\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("What does TCP guarantee?", "- ordered delivery\n- retransmission", 4),
        ("Which port does HTTPS use?", "443", 8), ("A /26 mask is {{c1::255.255.255.192}}", "", 10)]
    assert reading.skipped == [11]


def test_cards_under_a_heading_block_and_a_page_of_mostly_notes() -> None:
    """``- ## Arrays`` groups the cards nested under it; a page that is all outline is Logseq's with one card."""
    from notedeck import parse

    text = ("tags:: dsa\n\n- notes from the lecture\n- a link to the slides\n- more notes\n- ## Arrays\n"
            "\t- Access by index costs? #card\n\t\t- O(1)\n\t\t-\n- todo: read chapter 2\n- ---\n- last note\n")
    reading = parse.read(text, "p.md", ".md")
    assert reading.shape == "logseq"
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [("Access by index costs?", "O(1)", 7)]


def test_flashcard_is_a_card_tag_too() -> None:
    reading = ruler.read("- El {{cloze núcleo}} guarda el ADN. #flashcard\n  id:: 1\n- otra nota\n")
    assert [e.term for e in reading.entries] == ["El {{c1::núcleo}} guarda el ADN."]
