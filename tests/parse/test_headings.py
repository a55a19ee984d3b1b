"""A heading per card: the term level is where most sections hold an answer rather than cards."""

from __future__ import annotations

from notedeck import parse
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


def test_an_answer_heading_under_each_question_is_a_label_not_a_card() -> None:
    text = ("# Preguntas de entrevista\n\n## ¿Qué es una API REST?\n\n### Respuesta\n\nUna interfaz sobre HTTP que "
            "expone recursos.\n\n## ¿Qué es idempotente?\n\n### Respuesta\n\nUna operación que repetida da el mismo "
            "resultado.\n\n- GET\n- PUT\n\n## ¿Qué es CORS?\n\n### Respuesta:\n\nUna política del navegador.\n")
    reading = parse.read(text, "p.md", ".md")
    assert [(e.term, e.line) for e in reading.entries] == [("¿Qué es una API REST?", 3), ("¿Qué es idempotente?", 9),
                                                           ("¿Qué es CORS?", 18)]
    assert reading.entries[1].definition == "Una operación que repetida da el mismo resultado.\n\n- GET\n- PUT"
    assert reading.skipped == []


def test_a_section_called_solution_among_many_terms_is_a_term() -> None:
    text = "".join(f"## Term {i}\n\nIts definition {i}.\n\n" for i in range(6)) + "## Solution\n\nA mixture.\n"
    assert [e.term for e in parse.read(text, "g.md", ".md").entries][-1] == "Solution"


def test_beside_labelled_cards_the_headings_group_and_a_section_of_prose_is_notes() -> None:
    """An introduction, a summary and a practice list under headings are no cards when Q:/A: posts are the cards."""
    text = ("# Notes\n\n## Summary\n\nCells are the unit of life.\n\n"
            "## Cards\n\n**Q: What makes ATP?**\nA: Mitochondria.\n\n"
            "**Q: What holds the DNA?**\nA: The nucleus.\n\n## Practice\n\n- Draw a cell.\n")
    reading = ruler.read(text)
    assert [(e.term, e.headings) for e in reading.entries] == [
        ("What makes ATP?", ("Notes", "Cards")), ("What holds the DNA?", ("Notes", "Cards"))]
    assert reading.skipped == [5, 17]
    # Without such cards the same sections are a heading per card.
    assert [e.term for e in ruler.read("## Summary\n\nCells.\n\n## Practice\n\nDraw one.\n").entries] == \
        ["Summary", "Practice"]


def test_front_and_back_label_headings_make_one_card_of_the_text_under_them() -> None:
    text = "---\nid: x1\n---\n\n# Front\nDecorators — how?\n\n# Back\nA function that wraps a function.\n"
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == \
        [("Decorators — how?", "A function that wraps a function.", 6)]
    text = "## Vorderseite\nWas ist ein Atom?\n\n## Rückseite\nDer kleinste Baustein.\n"
    assert [(e.term, e.definition) for e in ruler.read(text).entries] == \
        [("Was ist ein Atom?", "Der kleinste Baustein.")]
    # A "Back" heading with no "Front" before it is a term like any other.
    assert [e.term for e in ruler.read("## Back\nThe rear.\n\n## Side\nThe flank.\n").entries] == ["Back", "Side"]


def test_an_answer_label_opening_a_headings_answer_is_dropped() -> None:
    text = ("## What is a TTL?\n\n**Answer:** Time to live.\n\n## What is LRU?\n\n**Answer**:\nLeast recently used.\n\n"
            "## Who decides?\n\nAnswers vary by team.\n")
    assert [(e.term, e.definition) for e in ruler.read(text).entries] == [
        ("What is a TTL?", "Time to live."), ("What is LRU?", "Least recently used."),
        ("Who decides?", "Answers vary by team.")]  # a word that begins with "Answer" is no label
