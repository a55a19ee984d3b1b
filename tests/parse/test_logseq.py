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
