"""Bold-term paragraphs and bold questions: the answer runs to the next bold term, heading, rule or <br/>."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_bold_line_then_its_definition_and_list() -> None:
    text = "**Confusion Matrix**\nA table of predictions:\n- true positives\n- false positives\n\n**Epoch**: one pass\n"
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries] == [
        ("Confusion Matrix", "A table of predictions:\n- true positives\n- false positives"), ("Epoch", "one pass")]


def test_bold_questions_end_at_a_br() -> None:
    text = "**What is overfitting? 👶**\n\nFitting the noise.\n\n<br/>\n\nA note after the break.\n"
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries] == [("What is overfitting? 👶", "Fitting the noise.")]
    assert reading.skipped == [7]


def test_a_bold_labelled_note_beside_marked_cards_is_no_card() -> None:
    text = ("**Space:** O(n) in the worst case.\n\n"
            "<details><summary>What is a hash?</summary>\n\nA digest.\n</details>\n\n"
            "<details><summary>What is a bucket?</summary>\n\nA slot.\n</details>\n\n"
            "<details><summary>What is a probe?</summary>\n\nA search step.\n</details>\n")
    reading = ruler.read(text)
    assert [e.term for e in reading.entries] == ["What is a hash?", "What is a bucket?", "What is a probe?"]
    assert reading.skipped == [1]
    # Without such cards, the same paragraphs are a bold-term glossary.
    assert [e.term for e in ruler.read("**Space:** O(n).\n\n**Time:** O(1).\n").entries] == ["Space", "Time"]


def test_one_bold_word_opening_every_answer_is_a_label_not_a_term() -> None:
    text = "".join(f"### Q{n}: Question {n}?\n\n**Level**: Easy\n\nAnswer {n}.\n\n" for n in range(1, 5))
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries][:1] == [("Question 1?", "**Level**: Easy\n\nAnswer 1.")]
    assert reading.shapes == ("headings",) and len(reading.entries) == 4
