"""The CNN and modern-architecture drawings: recognition, worked numbers and highlights."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from notedeck.render import diagrams
from notedeck.render.diagrams import cnn, modern
from notedeck.render.diagrams.svg import HIGHLIGHT_FILL, HIGHLIGHT_STROKE

SVG = "{http://www.w3.org/2000/svg}"
CNN = ("Convolutional Neural Network", "CNN", None)
FE = ("CNN Feature Extraction", None, "Feature Extraction")
CONV_LAYER = ("CNN Feature Extraction Convolutional Layer", None, "Convolutional Layer")


def labels(result: tuple[diagrams.Diagram, ...]) -> list[str]:
    return [d.drawing if d.highlight is None else f"{d.drawing}:{d.highlight}" for d in result]


def texts(name: str, highlight: str | None = None) -> dict[str, str]:
    """Text content of every element with an id, as drawn."""
    root = ET.fromstring(diagrams.make(name, highlight).svg)
    return {el.get("id", ""): el.text or "" for el in root.iter() if el.get("id")}


def number(text: str) -> int:
    return int(text.replace("\u2212", "-"))


def read_grid(found: dict[str, str], prefix: str) -> list[list[int]]:
    cells = {tuple(map(int, k[len(prefix) + 1:].split("-"))): number(v)
             for k, v in found.items() if re.fullmatch(rf"{prefix}-\d+-\d+", k)}
    size = max(r for r, _ in cells) + 1
    return [[cells[r, c] for c in range(size)] for r in range(size)]


# --- Recognition on the seed notes' hierarchy --------------------------------------------

@pytest.mark.parametrize(("term", "ancestors", "expected"), [
    (("Convolutional Neural Network", "CNN", None), [], ["cnn"]),
    (("CNN", None, None), [], ["cnn"]),
    (("CNN Input Layer", None, "Input Layer"), [CNN], ["cnn:input", "input-volume"]),
    (("CNN Feature Extraction", None, "Feature Extraction"), [CNN], ["cnn:feature-extraction", "feature-extraction"]),
    (CONV_LAYER, [FE, CNN], ["cnn:conv", "convolution"]),
    (("Convolutional Layer Kernel", None, "Kernel"), [CONV_LAYER, FE, CNN], ["convolution:kernel"]),
    (("CNN Feature Extraction Activation Function", None, "Activation Function"), [FE, CNN],
     ["cnn:activation", "activation"]),
    (("CNN Feature Extraction Pooling Layer", None, "Pooling Layer"), [FE, CNN], ["cnn:pooling", "pooling"]),
    (("CNN Feature Extraction Fully Connected Layer", None, "Fully Connected Layer"), [FE, CNN],
     ["cnn:fc", "fully-connected"]),
    (("CNN Layers (In, FE)", None, "Layers (In, FE)"), [CNN], []),
])
def test_seed_hierarchy(term: tuple[str, str | None, str | None],
                        ancestors: list[tuple[str, str | None, str | None]], expected: list[str]) -> None:
    assert labels(diagrams.diagrams_for(*term, ancestors)) == expected


@pytest.mark.parametrize(("text", "drawing"), [
    ("ConvNet", "cnn"), ("conv net", "cnn"), ("convolutional neural networks", "cnn"),
    ("input volume", "input-volume"), ("feature extraction", "feature-extraction"),
    ("convolution", "convolution"), ("conv layer", "convolution"), ("convolutional kernel", "convolution"),
    # Each activation has a curve of its own (issue 22); "activation function" shows the three side by side.
    ("ReLU", "relu"), ("sigmoid", "sigmoid"), ("tanh", "tanh"), ("activation layer", "activation"),
    ("max pooling", "pooling"), ("average pooling layer", "pooling"), ("maxpool", "pooling"),
    ("fully-connected layer", "fully-connected"), ("dense layer", "fully-connected"), ("FC", "fully-connected"),
    ("self-attention", "attention"), ("scaled dot-product attention", "attention"),
    ("multi-head attention", "multi-head-attention"), ("Transformer", "transformer"),
    ("residual connection", "residual"), ("skip connections", "residual"), ("ResNet", "residual"),
    ("autoencoder", "autoencoder"), ("Variational autoencoders", "vae"),  # a VAE is not the plain autoencoder
    ("dropout", "dropout"), ("batch normalization", "batch-norm"), ("BatchNorm", "batch-norm"),
    ("batch normalisation", "batch-norm"), ("BN", "batch-norm"),
])
def test_recognised(text: str, drawing: str) -> None:
    concept = diagrams.recognise(text)
    assert concept is not None and concept.drawing == drawing


@pytest.mark.parametrize("text", [
    "Artificial Neural Networks", "Recurrent Neural Network", "Feed-forward neural network", "LSTM Input Gate",
    "Input Gate", "Input Layer", "Kernel", "Filter", "Deep Learning", "Sequence Models", "Back-propagation",
    "Layers (In, FE)", "Long Short-Term Memory",
])
def test_not_recognised_by_these_modules(text: str) -> None:
    assert not any(c.matches(text) for c in cnn.CONCEPTS + modern.CONCEPTS)


# --- Worked numbers ----------------------------------------------------------------------

def test_output_size_formula() -> None:
    assert cnn.output_size(32, 5) == 28
    assert cnn.output_size(7, 3, padding=0, stride=2) == 3
    assert cnn.output_size(5, 3, padding=1, stride=2) == 3
    with pytest.raises(ValueError):
        cnn.output_size(6, 3, stride=2)
    sizes = [s.size for s in cnn.lenet_stages()]
    assert sizes == ["32×32×3", "28×28×6", "28×28×6", "14×14×6", "10×10×16", "10×10×16", "5×5×16"]


def test_convolution_cells_are_sums_of_products() -> None:
    found = texts("convolution")
    image, kernel, out = (read_grid(found, p) for p in ("convolution-in", "convolution-k", "convolution-out"))
    f, size = len(kernel), len(out)
    assert size == (len(image) - f + 2 * 0) // 1 + 1
    for r in range(size):
        for c in range(size):
            assert out[r][c] == sum(image[r + i][c + j] * kernel[i][j] for i in range(f) for j in range(f))
    r0, c0 = cnn.CONV_AT
    assert number(found["convolution-sum"].removeprefix("= ")) == out[r0][c0]
    assert found["convolution-size"].endswith(f"= {size}")


def test_pooling_output_is_max_of_each_window() -> None:
    found = texts("pooling")
    image, out = read_grid(found, "pooling-in"), read_grid(found, "pooling-out")
    assert len(out) == 2
    for r in range(2):
        for c in range(2):
            window = [image[2 * r + i][2 * c + j] for i in range(2) for j in range(2)]
            assert out[r][c] == max(window)
            letter = "abcd"[2 * r + c]
            assert found[f"pooling-max-{letter}"].endswith(f"max({', '.join(map(str, window))}) = {out[r][c]}")


def test_softmax_probabilities_shown() -> None:
    found = texts("fully-connected")
    shown = [float(found[f"fully-connected-p-{name}"]) for name, _ in cnn.FC_SCORES]
    assert shown == [0.13, 0.87, 0.0]


def test_batch_norm_worked_example() -> None:
    mean, var, normed, out = modern.batch_norm((2.0, 4.0, 6.0, 8.0), 2.0, 1.0, 1e-5)
    assert (mean, var) == (5.0, 5.0)
    assert sum(normed) == pytest.approx(0) and sum(v * v for v in normed) / 4 == pytest.approx(1, abs=1e-4)
    found = texts("batch-norm")
    assert [found[f"batch-norm-xhat-{k}"] for k in range(4)] == ["\u22121.34", "\u22120.45", "0.45", "1.34"]
    assert [found[f"batch-norm-y-{k}"] for k in range(4)] == [f"{2 * v + 1:.2f}".replace("-", "\u2212")
                                                              for v in normed]


# --- Highlights --------------------------------------------------------------------------

HIGHLIGHTED = [(d.name, h) for d in cnn.DRAWINGS + modern.DRAWINGS for h in d.highlights]


@pytest.mark.parametrize(("name", "highlight"), HIGHLIGHTED)
def test_highlight_has_id_stroke_and_marker(name: str, highlight: str) -> None:
    root = ET.fromstring(diagrams.make(name, highlight).svg)
    lit = [el for el in root.iter() if el.get("id") == f"{name}-{highlight}"]
    assert len(lit) == 1
    assert lit[0].get("stroke") == HIGHLIGHT_STROKE and lit[0].get("fill") == HIGHLIGHT_FILL
    assert any(el.text == "this card" for el in root.iter(f"{SVG}text"))
    plain = ET.fromstring(diagrams.make(name).svg)
    assert not any(el.get("stroke") == HIGHLIGHT_STROKE for el in plain.iter())


def test_highlight_names_are_the_expected_ones() -> None:
    got = {d.name: d.highlights for d in cnn.DRAWINGS + modern.DRAWINGS}
    assert got["cnn"] == ("input", "feature-extraction", "conv", "activation", "pooling", "fc")
    assert got["convolution"] == ("kernel",)
    assert got["activation"] == ("relu", "sigmoid", "tanh")


@pytest.mark.parametrize("drawing", cnn.DRAWINGS + modern.DRAWINGS, ids=lambda d: d.name)
def test_unknown_highlight_raises(drawing: diagrams.Drawing) -> None:
    with pytest.raises(ValueError):
        drawing.draw("no-such-part")
    with pytest.raises(diagrams.UnknownDiagram):
        diagrams.make(drawing.name, "no-such-part")


@pytest.mark.parametrize("drawing", cnn.DRAWINGS + modern.DRAWINGS, ids=lambda d: d.name)
def test_small_and_readable(drawing: diagrams.Drawing) -> None:
    for highlight in (None, *drawing.highlights):
        svg = diagrams.make(drawing.name, highlight).svg
        assert len(svg.encode()) < 8192
        root = ET.fromstring(svg)
        assert 360 <= float(root.get("width", "0")) <= 640
        sizes = [float(el.get("font-size", "99")) for el in root.iter() if el.get("font-size")]
        assert min(sizes) >= 13
