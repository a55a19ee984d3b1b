"""Bullet glossaries: every separator people use, sub-bullets continue, a list of notes is no glossary."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_each_separator_and_sub_bullets() -> None:
    text = "- das Brot – bread\n- **bestellen** — to order\n- kochen: to cook\n- `fit()` - trains\n" \
           "- **Buffer overflow**: writing past a buffer\n  - overwrites a return address\n"
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries] == [
        ("das Brot", "bread"), ("bestellen", "to order"), ("kochen", "to cook"), ("`fit()`", "trains"),
        ("Buffer overflow", "writing past a buffer\n- overwrites a return address")]


def test_a_list_where_most_items_have_no_term_is_prose() -> None:
    reading = ruler.read("- The questions follow a blog post\n- Legend: easy, medium\n- Please send a fix\n")
    assert reading.entries == [] and reading.skipped == [1, 2, 3]


def test_an_item_without_a_term_inside_a_glossary_is_skipped() -> None:
    reading = ruler.read("- Epoch: one pass\n- Batch: a group\n- remember to shuffle\n")
    assert [e.term for e in reading.entries] == ["Epoch", "Batch"] and reading.skipped == [3]
