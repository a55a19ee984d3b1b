"""Diagrams on real cards: every seed architecture card carries its picture after an Anki import."""

from __future__ import annotations

import re
from pathlib import Path

from ...conftest import Anki, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}

# Term → the pictures its card shows, as "drawing" or "drawing-highlight" (issue 3's list).
SEED_DIAGRAMS = {
    "Deep Learning": ["deep-learning"],
    "Artificial Neural Networks": ["neuron"],
    "How to train DL": [],
    "Back-propagation": ["backprop"],
    "Sequence Models": ["sequence"],
    "Recurrent Neural Network": ["rnn"],
    "Feed-forward neural network": ["feed-forward"],
    "One-to-One RNN": ["rnn-patterns-one-to-one"],
    "One-to-Many RNN": ["rnn-patterns-one-to-many"],
    "Many-to-Many RNN": ["rnn-patterns-many-to-many"],
    "Long Short-Term Memory": ["lstm"],
    "LSTM Gates Names": ["lstm-gates"],
    "LSTM Input Gate": ["lstm-input"],
    "LSTM Forget Gate": ["lstm-forget"],
    "LSTM Output Gate": ["lstm-output"],
    "Convolutional Neural Network": ["cnn"],
    "CNN Layers (In, FE)": [],
    "CNN Input Layer": ["cnn-input", "input-volume"],
    "CNN Feature Extraction": ["cnn-feature-extraction", "feature-extraction"],
    "CNN Feature Extraction Convolutional Layer": ["cnn-conv", "convolution"],
    "Convolutional Layer Kernel": ["convolution-kernel"],
    "CNN Feature Extraction Activation Function": ["cnn-activation", "activation"],
    "CNN Feature Extraction Pooling Layer": ["cnn-pooling", "pooling"],
    "CNN Feature Extraction Fully Connected Layer": ["cnn-fc", "fully-connected"],
}
_IMG = re.compile(r'<img class="diagram" src="([^"]+)-[0-9a-f]{16}\.svg" alt="([^"]+)">')


def pictures(field: str) -> list[str]:
    found = _IMG.findall(field)
    assert len(found) == field.count("<img"), field
    assert all(len(alt) > 20 for _, alt in found), "every picture needs an alt that says what it shows"
    return [stem for stem, _ in found]


def test_every_seed_architecture_card_carries_its_diagram(workdir: Path, anki: Anki) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    notes = anki.notes()
    assert {term: pictures(note["Diagram"]) for term, note in notes.items()} == SEED_DIAGRAMS
    media = Path(anki.col.media.dir())
    for note in notes.values():
        for name in re.findall(r'src="([^"]+)"', note["Diagram"]):
            svg = (media / name).read_text(encoding="utf-8")
            assert svg.startswith("<svg") and "<title" in svg
        # Anki's own renderer puts the picture on the back of the card, not the front.
        card = note.cards()[0]
        if note["Diagram"]:
            assert 'class="diagram"' in card.answer() and 'class="diagram"' not in card.question()


def test_unseen_notes_get_diagrams_and_markers_choose_or_refuse(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.md").write_text(
        "ConvNet\na network of convolutions\n"
        "Max pooling\nkeeps the largest value of each window\n"
        "Rectified Linear Unit (ReLU)\nmax(0, x)\n"
        "LSTM cell\na recurrent unit with gates\n"
        "LSTM cell Forget Gate\ndecides what to drop from the cell state\n"
        "Gated Recurrent Unit (GRU)\na lighter gated cell\n"
        "Transformer\nattention all the way\n"
        "Dropout\nrandomly silences units while training\n"
        "Batch normalization\nnormalises activations over the batch\n"
        "Residual connection\nadds the input back\n"
        "Autoencoder\ncompresses and reconstructs\n"
        "Self-attention\nevery token looks at every other\n"
        "Gradient clipping [diagram: backprop]\nlimits the size of the gradient\n"
        "LSTM trivia [diagram: none]\nno picture wanted\n"
        "Gate that forgets [diagram: lstm:forget]\na named picture with a part lit up\n",
        encoding="utf-8")
    run = run_main("--deck", "Mine", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "dist" / "Mine.apkg")
    got = {term: pictures(note["Diagram"]) for term, note in anki.notes().items()}
    assert got == {
        "ConvNet": ["cnn"], "Max pooling": ["pooling"], "Rectified Linear Unit": ["relu"],
        "LSTM cell": ["lstm"], "LSTM cell Forget Gate": ["lstm-forget"], "Gated Recurrent Unit": ["gru"],
        "Transformer": ["transformer"], "Dropout": ["dropout"], "Batch normalization": ["batch-norm"],
        "Residual connection": ["residual"], "Autoencoder": ["autoencoder"], "Self-attention": ["attention"],
        "Gradient clipping": ["backprop"], "LSTM trivia": [], "Gate that forgets": ["lstm-forget"],
    }


def test_unknown_part_in_a_marker_is_reported_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text("Neuron\na unit\nGate [diagram: lstm:bogus]\nx\n")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes/n.txt:3: diagram 'lstm' has no part 'bogus'; its parts: forget, "
                                       "input, output, gates, cell-state")
