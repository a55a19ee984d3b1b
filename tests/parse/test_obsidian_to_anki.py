"""Obsidian_to_Anki's START … END blocks: a note type, its fields, the ID comment the plugin writes back."""

from __future__ import annotations

from notedeck import parse

TEXT = """# Statistics

Cards for the exam.

START
Basic
What is a p-value?
Back: The chance of data at least this extreme
if the null hypothesis holds.
<!--ID: 1700000000001-->
END

START
Basic (and reversed card)
Median
Back: The middle value of the sorted data.
END

START
Cloze
Text: The mean of a normal distribution is its {{c1::median}} too.
Back Extra: Symmetry.
END
"""


def test_each_block_is_a_card_of_its_note_type() -> None:
    reading = parse.read(TEXT, "s.md", ".md")
    assert reading.shape == "obsidian-to-anki"
    assert [(e.line, e.term, e.definition, e.reverse, e.extra) for e in reading.entries] == [
        (7, "What is a p-value?", "The chance of data at least this extreme\nif the null hypothesis holds.", False,
         ""),
        (15, "Median", "The middle value of the sorted data.", True, ""),
        (21, "The mean of a normal distribution is its {{c1::median}} too.", "", False, "Symmetry.")]
    assert reading.skipped == [3]  # the prose outside the blocks
