"""A heading per card: the term level is where most sections hold an answer rather than cards."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_questions_with_free_answers_are_cards_and_a_deeper_heading_is_part_of_the_answer() -> None:
    text = ("# Interview\n\n## 1) What is a closure? [[src](https://x.org)]\n\nA function with its scope.\n\n"
            "### Example\n\n```js\nf()\n```\n\n## 2) What is hoisting?\n\n- var\n- let: in the dead zone\n\n"
            "## 3) Unanswered?\n")
    reading = ruler.read(text)
    assert [(e.term, e.line) for e in reading.entries] == [("What is a closure?", 3), ("What is hoisting?", 13)]
    assert reading.entries[0].definition == "A function with its scope.\n\n### Example\n\n```js\nf()\n```"
    assert reading.entries[1].definition == "- var\n- let: in the dead zone"  # the list is the answer
    assert reading.skipped == [18] and reading.found == {"level": "2"}


def test_letter_headings_over_bullet_cards_group_them() -> None:
    text = "## A\n\n- **Adam**: an optimiser\n- **Accuracy**: right answers\n\n## B\n\n- **Batch**: a group\n"
    reading = ruler.read(text)
    assert reading.shapes == ("bullets",)
    assert [(e.term, e.headings) for e in reading.entries] == [("Adam", ("A",)), ("Accuracy", ("A",)),
                                                                ("Batch", ("B",))]


def test_a_remembered_level_is_read_again() -> None:
    text = "# One\n\nfirst\n\n# Two\n\nsecond\n\n## Sub\n\nthird\n"
    assert [e.term for e in ruler.read(text, only=("headings",), level=2).entries] == ["Sub"]
    assert [e.term for e in ruler.read(text, only=("headings",), level=1).entries] == ["One", "Two"]
