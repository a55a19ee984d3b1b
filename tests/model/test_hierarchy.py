"""Inference that knows when to stay quiet: hierarchy, diagrams, aliases and lint on real-sized decks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from notedeck.model import cards as cards_module
from notedeck.model.cards import Card
from notedeck.model.lint import config_from, lint
from notedeck.parse.shapes.plain import parse

from ..conftest import Anki, run_cli
from ..generated import glossary, vocabulary

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _depth(deck: list[Card], card: Card) -> int:
    depth = 0
    while card.parent is not None:
        card, depth = deck[card.parent], depth + 1
    return depth


def test_a_five_thousand_word_vocabulary_gets_almost_no_hierarchy() -> None:
    text = vocabulary(5000)
    deck = cards_module.make_cards(parse(text, "spanish.txt"), "spanish.txt").cards
    assert len(deck) == 5000
    parented = [c for c in deck if c.parent is not None]
    assert len(parented) <= 0.01 * len(deck), [(c.name, deck[c.parent].name) for c in parented[:20]]
    assert max(_depth(deck, c) for c in deck) <= 1
    # The disambiguators keep terms apart instead of colliding: "the bank (bench)", "the bank (money)".
    assert any(c.name.endswith("(ES)") for c in deck) and all(c.alias is None for c in deck)


def test_a_seven_hundred_term_glossary_gets_shallow_precise_parents() -> None:
    deck = cards_module.make_cards(parse(glossary(700), "glossary.txt"), "glossary.txt").cards
    parented = [c for c in deck if c.parent is not None]
    assert len(parented) <= 0.05 * len(deck)
    assert max(_depth(deck, c) for c in deck) <= 2
    # Every link there is: the child is its parent's whole name with content words added.
    for child in parented:
        parent = deck[child.parent]
        assert child.name.startswith(parent.name + " ") or child.name.endswith(" " + parent.name)


def test_a_vocabulary_deck_with_architecture_words_gets_no_diagrams(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    history = ["Attention\tthe act of paying heed to something", "Gate\ta hinged barrier in a wall or fence",
               "Residual\twhat is left over after the main part is gone",
               "Pooling\tputting resources together for a common purpose",
               "Transformer\ta device that changes the voltage of an alternating current",
               "Feudalism\tthe medieval system of land held in exchange for service",
               "Serf\ta farm labourer bound to a lord's land", "Guild\tan association of craftsmen or merchants",
               "Manor\tthe estate of a lord and the land around it", "Tithe\tone tenth of produce paid to the church"]
    (tmp_path / "notes" / "history.txt").write_text("\n".join(history) + "\n", encoding="utf-8")
    run = run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "0 media files" in run.report and "diagrams on 0 cards" in run.report
    assert re.search(r"  diagrams skipped: this deck is not about neural networks \([1-5] cards name an "
                     r"architecture, and 0 of 10 \(0%\) use neural-network terms", run.report), run.report
    with zipfile.ZipFile(tmp_path / "out.apkg") as zf:
        assert zf.read("media") == b"{}"
    anki.import_apkg(tmp_path / "out.apkg")
    assert all(not anki.col.get_note(i)["Diagram"] for i in anki.col.find_notes(""))
    # A marker still wins, and "on" draws them anyway.
    (tmp_path / "notes" / "history.txt").write_text(
        "\n".join([history[0], "Gate [diagram: lstm]\ta hinged barrier", *history[2:]]) + "\n", encoding="utf-8")
    assert "1 media files" in run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).report
    (tmp_path / "notedeck.toml").write_text('diagrams = "on"\n')
    on = run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).report
    assert re.search("diagrams on [1-5] cards", on) and "diagrams skipped" not in on


TRANSFORMER_NOTES = """\
# Transformers

- **Self-attention**: each token's output is a weighted sum of all value vectors, weighted by softmax scores
- **Multi-head attention**: several self-attention heads in parallel, their outputs concatenated
- **Positional encoding**: sine and cosine signals added to the embeddings so order is known
- **Transformer**: an encoder-decoder model built from attention and feed-forward sublayers
- **Residual connection**: adds a sublayer's input to its output, so gradients flow through deep stacks
- **Layer normalization**: rescales each token's activations to zero mean and unit variance
- **Dropout**: randomly zeroes activations during training to reduce overfitting
"""


def test_a_neural_network_deck_written_by_someone_else_keeps_its_diagrams(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "transformers.md").write_text(TRANSFORMER_NOTES, encoding="utf-8")
    run = run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "diagrams skipped" not in run.report
    anki.import_apkg(tmp_path / "out.apkg")
    drawn = {anki.col.get_note(i)["Term"] for i in anki.col.find_notes("") if anki.col.get_note(i)["Diagram"]}
    assert {"Self-attention", "Transformer", "Residual connection", "Dropout"} <= drawn


def test_hierarchy_can_be_switched_off_in_the_settings_or_by_the_file(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    notes = "Recurrent Neural Network (RNN)\na loop\nDeep RNN\nstacked RNNs\n"
    (tmp_path / "notes" / "n.txt").write_text(notes, encoding="utf-8")
    assert "inferred: 1 parent," in run_cli("notes", cwd=tmp_path, env=EPOCH).report
    (tmp_path / "notes" / "n.txt").write_text("#hierarchy:false\n" + notes, encoding="utf-8")
    assert "inferred: 0 parents," in run_cli("notes", cwd=tmp_path, env=EPOCH).report
    (tmp_path / "notes" / "n.txt").write_text(notes, encoding="utf-8")
    (tmp_path / "notedeck.toml").write_text("hierarchy = false\n")
    assert "inferred: 0 parents," in run_cli("notes", cwd=tmp_path, env=EPOCH).report


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
