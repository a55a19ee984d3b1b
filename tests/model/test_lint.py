"""Lint: warnings that never stop a build, unless --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.model import cards as cards_module
from notedeck.model.cards import Card, make_cards
from notedeck.model.lint import config_from, lint
from notedeck.parse.shapes.plain import parse

from ..conftest import SEED, run_main


def warnings(text: str) -> list[str]:
    return [str(p) for p in lint(make_cards(parse(text, "n.txt"), "n.txt").cards, "n.txt")]


def test_seed_warnings_are_the_two_real_ones() -> None:
    assert warnings(SEED.read_text(encoding="utf-8")) == [
        "n.txt:1: warning: 'ANN' is used before it is defined (line 3): move its card up, or spell it out here",
        "n.txt:5: warning: the definition of 'How to train DL' is only the term 'Back-propagation' (line 7): "
        "say what it means in words, so the card can be answered",
    ]


def test_misaligned_lines() -> None:
    text = ("Neuron\na unit\n"
            "The loss measures how wrong the predictions of the model are on average.\nLoss\n"
            "Optimiser\nStochastic Gradient Descent (SGD)\n")
    assert warnings(text) == [
        "n.txt:3: warning: the term 'The loss measures how wrong the predictions of the model are on average.' "
        "reads like a sentence: are the term and definition lines swapped, or is a line missing above?",
        "n.txt:5: warning: the definition of 'Optimiser' reads like a term ('Stochastic Gradient Descent (SGD)'): "
        "is a line missing above?",
    ]


def test_terms_differing_only_by_punctuation() -> None:
    assert warnings("Back-propagation\ngradients flow back\nBackpropagation\nthe same, again\n") == [
        "n.txt:3: warning: the term 'Backpropagation' differs from 'Back-propagation' (line 1) only by "
        "punctuation: merge them, or make the difference clear",
    ]


def test_long_answer() -> None:
    long = " ".join(["word"] * 46)
    assert warnings(f"Essay\n{long}\nShort\n{' '.join(['word'] * 45)}\n") == [
        "n.txt:1: warning: the answer for 'Essay' has 46 words: split it into smaller cards of one fact each "
        "(at most 45 words reads back well)",
    ]


def test_abbreviation_used_after_definition_is_fine() -> None:
    assert warnings("Deep Learning (DL)\nmany layers\nDL framework\nsoftware for DL\n") == []


def test_warnings_print_but_do_not_fail_unless_strict(workdir: Path) -> None:
    run = run_main(cwd=workdir, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0 and run.err.count("warning:") == 2
    strict = run_main("--strict", cwd=workdir, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert strict.code == 2 and strict.err.splitlines()[-1] == "2 problems; nothing was written."


def _cards(text: str) -> list[Card]:
    return cards_module.make_cards(parse(text, "n.txt"), "n.txt").cards


def test_repeated_warnings_are_summarised_with_the_list_behind_verbose() -> None:
    long = " ".join(["word"] * 60)
    text = "".join(f"Term {i}\n{long} {' '.join(['more'] * i)}\n" for i in range(23))
    summary = [str(p) for p in lint(_cards(text), "n.txt")]
    assert summary == ["n.txt: warning: 23 of 23 answers are over 45 words, median 71: consider splitting them — "
                       "lines 1, 3, 5, 7, 9 and 18 more (--verbose lists each; [lint] disable = [\"long-answers\"] "
                       "turns this check off)"]
    every = lint(_cards(text), "n.txt", config_from({}, "x", verbose=True))
    assert len(every) == 23 and every[0].line == 1
    assert lint(_cards(text), "n.txt", config_from({"max_answer_words": 100}, "x")) == []
    assert lint(_cards(text), "n.txt", config_from({"disable": ["long-answers"]}, "x")) == []


def test_order_warnings_only_where_the_order_means_something() -> None:
    lesson = "Recurrent Neural Network\nuses ANN units\nArtificial Neural Network (ANN)\nlayers of units\n" \
             "Backpropagation\nhow ANNs learn\nZebra crossing\nx\n"
    assert any("'ANN' is used before it is defined" in str(p) for p in lint(_cards(lesson), "n.txt"))
    glossary_text = "Activation\nwhat an ANN unit outputs\nArtificial Neural Network (ANN)\nlayers of units\n" \
                    "Backpropagation\nhow ANNs learn\nConvolution\na sliding filter\nDropout\nrandom zeroing\n"
    assert not any("used before" in str(p) for p in lint(_cards(glossary_text), "n.txt"))


def test_unknown_lint_settings_are_named() -> None:
    from notedeck.errors import NotesError

    with pytest.raises(NotesError, match=r"disable must be a list of checks from: shifted, definition-is-a-term"):
        config_from({"disable": ["long-answer"]}, "notedeck.toml")
    with pytest.raises(NotesError, match="unknown settings max_words"):
        config_from({"max_words": 3}, "notedeck.toml")
