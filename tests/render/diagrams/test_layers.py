"""The ``layers`` block: grammar, computed shapes, errors at the block's line, and what a card shows."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notedeck.render import diagrams
from notedeck.render.diagrams import layers
from notedeck.render.diagrams.svg import HIGHLIGHT_STROKE

from ...conftest import Anki, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
LENET = """input 32×32×1
conv 5×5, 6 -> tanh
pool 2×2
conv 5×5, 16
pool 2×2
dense 120
dense 84
dense 10 -> softmax
"""


def shapes(source: str) -> list[str]:
    return [layers.shape_text(layer.shape) for layer in layers.parse(source).layers]


def test_the_issues_example_computes_its_shapes() -> None:
    assert shapes(LENET) == ["32×32×1", "28×28×6", "14×14×6", "10×10×16", "5×5×16", "120", "84", "10"]


@pytest.mark.parametrize(("source", "last"), [
    ("input 224×224×3\nconv 7×7, 64, stride 2, pad 3", "112×112×64"),
    ("input 56×56×64\nconv 3×3, 64, same -> relu\nconv 3×3, 64, same\nadd from 1", "56×56×64"),
    ("input 28×28×1\nconv 3×3, 8 ×2", "24×24×8"),  # a repeated line applies twice
    ("input 16×16×32\nconv 1×1, 16\nconcat from 1", "16×16×48"),
    ("input 8×8×64\ndeconv 2×2, 32, stride 2", "16×16×32"),
    ("input 8×8×64\nupsample 2", "16×16×64"),
    ("input 50\nembedding 300\nlstm 128", "128"),
    ("input 50\nembedding 300\nlstm 128, sequences\ndense 10 -> softmax", "50×10"),
    ("input 784\ndense 128 -> relu\ndropout\ndense 10 -> softmax", "10"),
    ("input 32×32×3\nflatten\ndense 10", "10"),
])
def test_shapes(source: str, last: str) -> None:
    assert shapes(source)[-1] == last


@pytest.mark.parametrize(("source", "line", "message"), [
    ("", 1, "the layers block is empty: write one layer a line, starting with 'input'"),
    ("conv 3×3, 8", 1, "the block starts with 'conv': write the input first, e.g. 'input 32×32×3'"),
    # Every kind there is (private on purpose: the message lists them all, and new kinds come often).
    ("input 32×32×3\nconvolve 3×3", 2, "unknown layer 'convolve'; known: " + ", ".join(sorted(layers._KINDS))),
    ("input 32×32×3\nconv 3×3", 2, "conv needs its number of filters, e.g. 'conv 3×3, 64'"),
    ("input 32×32×3\n\n# a comment\npool", 4, "pool needs its window size, e.g. 'pool 3×3'"),
    ("input 4×4×3\nconv 5×5, 8", 2, "conv: a 5×5 window does not fit a 4-wide input"),
    ("input 8×8×3\nconv 3×3, 8\nadd from 1", 3, "add from 1: the shapes differ (6×6×8 and 8×8×3); add needs equal "
     "shapes"),
    ("input 8×8×3\nadd from 4", 2, "from 4: there is no layer 4 above this line (layers 1–1)"),
    ("input 8×8×3\nconv 3×3, 8 -> swoosh", 2, "unknown activation 'swoosh' after '->'; known: "
     + ", ".join(layers.ACTIVATIONS)),
    ("input 784\ndense", 2, "dense needs its number of units, e.g. 'dense 128'"),
    ("input 8×8×3\na: relu\nA: relu", 3, "the label 'A' is used twice"),
    ("input 8\n" + "relu\n" * 14, 15, "a layers block draws at most 14 layers: repeat a line with ×N, or describe a "
     "block of layers with 'block NAME'"),
])
def test_errors_name_the_line(source: str, line: int, message: str) -> None:
    with pytest.raises(layers.LayersError) as caught:
        layers.parse(source)
    assert (caught.value.line, str(caught.value)) == (line, message)


def test_a_line_is_highlighted_by_label_or_number() -> None:
    block = layers.parse("input 32×32×1\nC1: conv 5×5, 6\nS2: pool 2×2")
    assert block.parts == ("1", "c1", "s2")
    root = ET.fromstring(diagrams.DiagramStore().drawn("x", "c1", lambda: layers.draw(block, "c1")).svg)
    lit = [el for el in root.iter() if el.get("id") == "layers-c1"]
    assert len(lit) == 1 and lit[0].get("stroke") == HIGHLIGHT_STROKE
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "C1: conv 5×5, 6" in texts and "28×28×6" in texts and "this card" in texts


NOTES = """Convolutional Neural Network (CNN)
a network of convolutions
LeNet-5
the first CNN trained with back-propagation:

    ```layers
    input 32×32×1
    C1: conv 5×5, 6 -> tanh
    S2: pool 2×2
    C3: conv 5×5, 16 -> tanh
    S4: pool 2×2
    F5: dense 120 -> tanh
    F6: dense 84 -> tanh
    output: dense 10 -> softmax
    ```

    Trained on MNIST digits.
LeNet-5 C3
sixteen 5×5 convolutions over the S2 maps
Subsampling [diagram: lenet-5:s2]
LeNet's average pooling
"""


def test_a_block_is_the_cards_diagram_and_not_its_text(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "nets.txt").write_text(NOTES, encoding="utf-8")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "dist" / "Nets.apkg")
    notes = anki.notes()
    lenet = notes["LeNet-5"]
    assert "input 32" not in lenet["Definition"] and "layers" not in lenet["Definition"]
    assert "Trained on MNIST digits." in lenet["Definition"] and "first CNN" in lenet["Definition"]
    shown = {term: re.findall(r'src="([^"]+)"', note["Diagram"]) for term, note in notes.items()}
    assert len(shown["LeNet-5"]) == 1 and re.fullmatch(r"lenet-5-[0-9a-f]{8}-[0-9a-f]{16}\.svg", shown["LeNet-5"][0])
    assert shown["LeNet-5 C3"][0].startswith("lenet-5-") and "-c3-" in shown["LeNet-5 C3"][0]  # the child's line
    assert "-s2-" in shown["Subsampling"][0]  # named by a marker
    media = Path(anki.col.media.dir())
    svg = (media / shown["LeNet-5 C3"][0]).read_text(encoding="utf-8")
    assert 'id="layers-c3"' in svg and ">C3: conv 5×5, 16 → tanh<" in svg and ">10×10×16<" in svg


def test_an_unreadable_block_is_an_error_at_its_line_in_the_file(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "nets.txt").write_text(NOTES.replace("S4: pool 2×2", "S4: pool"), encoding="utf-8")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes/nets.txt:11: layers block: pool needs its window size, "
                                       "e.g. 'pool 3×3'")
    assert not (tmp_path / "dist").exists()


def test_a_marker_naming_no_line_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "nets.txt").write_text(NOTES.replace("lenet-5:s2", "lenet-5:s9"), encoding="utf-8")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes/nets.txt:20: the layers block 'LeNet-5' has no line 's9'; its lines: "
                                       "1, c1, s2, c3, s4, f5, f6, output")
