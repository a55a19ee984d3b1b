"""RemNote outlines: typed separators, children as answers, clozes joined into one card."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_separators_and_children() -> None:
    text = ("- Genetics\n  - DNA :: the genetic molecule\n    - Shape ;; a double helix\n"
            "  - adenine << pairs with thymine\n  - allele <> a form of a gene\n  - Transcription steps >>>\n"
            "    - initiation\n    - elongation\n  - The {{nucleus}} holds {{DNA}}\n  - a note\n- warten auf―to wait for\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.reverse) for e in reading.entries] == [
        ("DNA", "the genetic molecule", True), ("Shape", "a double helix", False),
        ("pairs with thymine", "adenine", False), ("allele", "a form of a gene", True),
        ("Transcription steps", "- initiation\n- elongation", False),
        ("The {{c1::nucleus}} holds {{c1::DNA}}", "", False), ("warten auf", "to wait for", False)]
    assert reading.skipped == [10]  # a bullet without a marker; "Genetics" gives context


def test_a_list_without_remnote_marks_is_not_an_outline() -> None:
    assert ruler.read("- Biology — Genetics\n- Epoch: one pass\n").shapes == ("bullets",)
