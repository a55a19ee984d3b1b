"""``<details>`` questions: the summary is the term, the wrapped answer its definition."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_summary_and_answer_and_an_empty_answer_skipped() -> None:
    text = ("<details>\n<summary>What <code>kubectl</code> lists Pods?</summary><br><b>\n\n`kubectl get pods -A`\n"
            "</b></details>\n\n<details>\n<summary>Not answered yet</summary><br><b>\n</b></details>\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("What `kubectl` lists Pods?", "`kubectl get pods -A`", 2)]
    assert reading.skipped == [8] and reading.strong == 1


def test_a_summary_that_only_says_answer_takes_the_question_from_the_paragraph_above() -> None:
    text = ("**1.** Why is the sky blue?\n\n"
            "<details><summary>Show answer</summary>\n\nRayleigh scattering.\n</details>\n\n"
            "<details><summary>Answer</summary>\n\nNo question above this one.\n</details>\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("Why is the sky blue?", "Rayleigh scattering.", 1)]
    assert 8 in reading.skipped
