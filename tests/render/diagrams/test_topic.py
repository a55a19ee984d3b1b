"""The topic verdict: a deck that is not about neural networks gets no diagrams, one that is keeps them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ...conftest import Anki, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


HISTORY = ["Attention\tthe act of paying heed to something", "Gate\ta hinged barrier in a wall or fence",
           "Residual\twhat is left over after the main part is gone",
           "Pooling\tputting resources together for a common purpose",
           "Transformer\ta device that changes the voltage of an alternating current",
           "Feudalism\tthe medieval system of land held in exchange for service",
           "Serf\ta farm labourer bound to a lord's land", "Guild\tan association of craftsmen or merchants",
           "Manor\tthe estate of a lord and the land around it", "Tithe\tone tenth of produce paid to the church"]


def _history(tmp_path: Path, lines: list[str] = HISTORY) -> None:
    (tmp_path / "notes").mkdir(exist_ok=True)
    (tmp_path / "notes" / "history.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_vocabulary_deck_with_architecture_words_gets_no_diagrams(tmp_path: Path, anki: Anki) -> None:
    _history(tmp_path)
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "0 media files" in run.report and "diagrams on 0 cards" in run.report
    assert re.search(r"  diagrams skipped: this deck is not about neural networks \([1-5] cards name an "
                     r"architecture, and 0 of 10 \(0%\) use neural-network terms", run.report), run.report
    with zipfile.ZipFile(tmp_path / "out.apkg") as zf:
        assert zf.read("media") == b"{}"
    anki.import_apkg(tmp_path / "out.apkg")
    assert all(not anki.col.get_note(i)["Diagram"] for i in anki.col.find_notes(""))


def test_a_marker_still_wins_in_a_deck_that_is_not_about_neural_networks(tmp_path: Path) -> None:
    _history(tmp_path, [HISTORY[0], "Gate [diagram: lstm]\ta hinged barrier", *HISTORY[2:]])
    assert "1 media files" in run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).report


def test_diagrams_on_draws_them_in_a_deck_that_is_not_about_neural_networks(tmp_path: Path) -> None:
    _history(tmp_path)
    (tmp_path / "notedeck.toml").write_text('diagrams = "on"\n')
    on = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).report
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
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "diagrams skipped" not in run.report
    anki.import_apkg(tmp_path / "out.apkg")
    drawn = {anki.col.get_note(i)["Term"] for i in anki.col.find_notes("") if anki.col.get_note(i)["Diagram"]}
    assert {"Self-attention", "Transformer", "Residual connection", "Dropout"} <= drawn
