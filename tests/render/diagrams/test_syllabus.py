"""Every drawing: the labels of the figure it is modelled on, its worked numbers, a build's own store,
and a deck carrying all of them imported into real Anki."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notedeck.render import diagrams
from notedeck.render.diagrams import cnn, language, vision

from ...conftest import Anki, run_main

SVG = "{http://www.w3.org/2000/svg}"
# What each figure must show, as text in the SVG (the seed's drawings are checked in test_diagrams
# and test_cnn_modern, byte for byte by their golden files).
LABELS = {
    "gan": ("Generator G", "Discriminator D", "noise z", "real x", "fake G(z)", "D(x) → 1 for real"),
    "vae": ("Encoder", "Decoder", "μ", "σ", "z = μ + σ ⊙ ε", "ε ~ N(0, I)", "x̂"),
    "diffusion": ("forward: add noise (fixed)", "reverse: remove noise (learned)", "pure noise", "data"),
    "rbm": ("hidden h", "visible v", "weights W", "(undirected)"),
    "dbn": ("h3", "h2", "h1", "v", "RBM: undirected", "directed down:"),
    "latent-space": ("input x", "decoder", "interpolate", "digit 3", "digit 7"),
    "seq2seq": ("c", "context", "⟨sos⟩", "⟨eos⟩", "je", "student"),
    "bidirectional-rnn": ("→h", "←h", "forward", "backward"),
    "word2vec": ("CBOW", "Skip-gram", "w(t)", "w(t−2)", "w(t+2)", "SUM", "proj"),
    "multi-head-attention": ("Concat", "Linear", "Scaled Dot-Product", "Attention", "h heads", "V", "K", "Q"),
    "positional-encoding": ("i = 0", "i = 6", "0", "40"),
    "bert": ("[CLS]", "[MASK]", "[SEP]", "Transformer encoder", "C", "“is”"),
    "gpt": ("Transformer decoder", "masked self-attention", "attention mask", "The", "cat"),
    "vit": ("MLP head", "Transformer encoder", "*", "image"),
    "moe": ("Router", "Expert 1", "Expert 4", "token x", "Σ gᵢ · Eᵢ(x)"),
    "conv-arithmetic": ("padding P = 1", "stride S = 2", "dilation D = 2", "transposed, stride 2", "output 5×5",
                        "output 2×2", "output 3×3"),
    "conv-volume": ("input 32×32×3", "4 filters, 5×5×3", "output 28×28×4"),
    "lenet": ("C1: conv 5×5, 6 → tanh", "28×28×6", "S2: avgpool 2×2", "14×14×6", "1×1×120", "10"),
    "alexnet": ("conv1: conv 11×11, 96, stride 4 → relu", "55×55×96", "27×27×96", "13×13×256", "6×6×256", "4096",
                "1000"),
    "vgg": ("224×224×64  ×2", "112×112×64", "7×7×512", "4096  ×2", "1000"),
    "inception": ("Previous layer", "Filter concatenation", "1×1 conv", "3×3 conv", "5×5 conv", "3×3 max pool"),
    "mobilenet": ("standard convolution", "1. depthwise", "2. pointwise", "32 filters of 3×3×1", "64 filters of 1×1×32"),
    "unet": ("encoder", "decoder", "1024 ch", "64 ch", "copy (skip connection)", "1×1 conv", "segmentation map"),
    "rcnn": ("CNN", "Region proposal", "RoI pooling", "class", "box", "R-CNN (2014)", "Faster R-CNN (2015)"),
    "yolo": ("7×7 grid", "dog", "output 7×7×(2·5 + 20) = 7×7×30"),
    "highway": ("H(x)", "T(x) = σ", "1 − T", "y = H(x) · T(x) + x · (1 − T(x))", "carry x"),
    "perceptron": ("Σ", "step", "ŷ", "w·x + b = 0", "bias b", "learning: w ← w + η (y − ŷ) x"),
    "relu": ("ReLU", "ReLU(z) = max(0, z)"),
    "leaky-relu": ("Leaky ReLU", "f(z) = max(αz, z),  α = 0.1"),
    "elu": ("ELU", "f(z) = z if z > 0, else eᶻ − 1"),
    "gelu": ("GELU", "GELU(z) = z · Φ(z)"),
    "sigmoid": ("Sigmoid σ", "σ(z) = 1 / (1 + e⁻ᶻ)", "range (0, 1), σ(0) = 0.5"),
    "tanh": ("tanh", "tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)"),
    "layer-norm": ("Layer norm", "Batch norm", "per example, over its features", "per feature, over the batch"),
    "softmax": ("logits z", "probabilities", "0.66", "0.24", "0.10", "2.0", "1.0", "0.1"),
    "transformer": ("Multi-Head Attention", "Masked Multi-Head Attention", "Add & Norm", "Feed Forward",
                    "Input Embedding", "Output Embedding", "Linear", "Softmax", "K, V from the encoder",
                    "positional encoding", "output probabilities", "N×", "×N"),
}


def texts(name: str, highlight: str | None = None) -> list[str]:
    root = ET.fromstring(diagrams.make(name, highlight).svg)
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def test_every_new_drawing_has_its_labels_listed() -> None:
    seed = {"deep-learning", "neuron", "feed-forward", "backprop", "sequence", "rnn", "rnn-patterns", "lstm", "gru",
            "cnn", "input-volume", "feature-extraction", "convolution", "activation", "pooling", "fully-connected",
            "attention", "residual", "autoencoder", "dropout", "batch-norm"}
    assert set(diagrams.DRAWINGS) - seed == set(LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labels(name: str) -> None:
    for highlight in (None, *diagrams.DRAWINGS[name].highlights):
        shown = texts(name, highlight)
        missing = [label for label in LABELS[name] if label not in shown]
        assert not missing, f"{name}:{highlight} lacks {missing}"


@pytest.mark.parametrize(("name", "highlight"), [(n, h) for n in sorted(LABELS) for h in diagrams.DRAWINGS[n].highlights])
def test_the_highlighted_part_is_marked(name: str, highlight: str) -> None:
    root = ET.fromstring(diagrams.make(name, highlight).svg)
    lit = [el for el in root.iter() if el.get("id") == f"{name}-{highlight}"]
    assert len(lit) == 1, "one element names the part"
    assert "this card" in [el.text for el in root.iter(f"{SVG}text")], "a text marker, never colour alone"
    assert highlight.replace("-", " ") in diagrams.make(name, highlight).alt.lower()


# --- Worked numbers, computed ---------------------------------------------------------------------


def test_softmax_probabilities() -> None:
    z = [s for _, s in vision.SOFTMAX_LOGITS]
    expected = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    shown = {el.get("id"): float(el.text or "") for el in ET.fromstring(diagrams.make("softmax").svg).iter()
             if (el.get("id") or "").startswith("softmax-p-")}
    assert [shown[f"softmax-p-{n}"] for n, _ in vision.SOFTMAX_LOGITS] == [round(p, 2) for p in expected]


def test_convolution_arithmetic_sizes() -> None:
    for panel in vision._PANELS:  # every panel the drawing has (private on purpose: no public list of them)
        out = vision.arithmetic(panel)
        if panel.key == "transposed":
            assert out == (panel.size - 1) * panel.stride + panel.kernel
        else:
            span = panel.dilation * (panel.kernel - 1) + 1
            assert out == (panel.size + 2 * panel.padding - span) // panel.stride + 1
        assert any(t == f"output {out}×{out}" for t in texts("conv-arithmetic"))


def test_named_cnns_match_their_papers() -> None:
    alex = [layer.shape for layer in vision.layers.parse(vision.ALEXNET).layers]
    assert alex[1] == (55, 55, 96) and alex[8] == (6, 6, 256)  # Krizhevsky et al.: 55×55×96 … 6×6×256
    vgg = vision.layers.parse(vision.VGG16)
    assert sum(layer.times for layer in vgg.layers if layer.op in ("conv", "dense")) == 16  # 16 weight layers
    assert vgg.layers[-3].shape == (7, 7, 512)


def test_perceptron_line_separates_its_points() -> None:
    (w1, w2), b = vision.PERCEPTRON_W, vision.PERCEPTRON_B
    assert all((w1 * x1 + w2 * x2 + b > 0) == bool(label) for (x1, x2), label in vision.PERCEPTRON_POINTS)


def test_mobilenet_cost_ratio() -> None:
    standard, separable, ratio = vision.separable_cost(**{k: vision.MOBILE[k] for k in "kmnf"})
    assert ratio == pytest.approx(1 / vision.MOBILE["n"] + 1 / vision.MOBILE["k"] ** 2)
    assert f"standard 3·3·32·64·56·56 = {standard:,}" in texts("mobilenet")


def test_positional_encoding_formula() -> None:
    assert language.positional_encoding(0, 0) == 0 and language.positional_encoding(0, 1) == 1
    assert language.positional_encoding(7, 4) == pytest.approx(math.sin(7 / 10000 ** (4 / 16)))


def test_moe_uses_the_top_two_experts() -> None:
    alt = diagrams.make("moe").alt
    assert "experts 2 and 4" in alt and "0.71 and 0.29" in alt


def test_conv_volume_parameters() -> None:
    (w, ch), f, k = vision.CONV_IN, vision.CONV_K, vision.CONV_FILTERS
    assert f"size ({w} − {f})/1 + 1 = {cnn.output_size(w, f)};  parameters ({f}·{f}·{ch} + 1)·{k} = " \
           f"{(f * f * ch + 1) * k}" in texts("conv-volume")


# --- No state outside a build ---------------------------------------------------------------------


def test_the_package_keeps_no_pictures_between_builds() -> None:
    assert not hasattr(diagrams, "RECALLED") and not hasattr(diagrams, "MADE")
    assert not hasattr(diagrams.make, "cache_info")
    first, second = diagrams.DiagramStore(), diagrams.DiagramStore()
    first.make("lstm", "forget")
    assert list(first.made) == [("lstm", "forget")] and not second.made


def test_a_store_serves_what_the_render_cache_recalled() -> None:
    store = diagrams.DiagramStore({("gan", None): ("<svg>cached</svg>\n", "a cached GAN")})
    assert store.make("gan").svg == "<svg>cached</svg>\n"
    assert store.pictures() == {("gan", None): ("<svg>cached</svg>\n", "a cached GAN")}
    assert diagrams.DiagramStore().make("gan").svg.startswith("<svg")


# --- A deck with every picture, imported into real Anki -------------------------------------------


def test_a_deck_of_every_picture_imports_into_anki(tmp_path: Path, anki: Anki) -> None:
    pictures = [(n, h) for n, d in diagrams.DRAWINGS.items() for h in (None, *d.highlights)]
    lines = []
    for k, (name, highlight) in enumerate(pictures):
        request = name if highlight is None else f"{name}:{highlight}"
        lines += [f"Picture {k + 1} [diagram: {request}]", f"the {request} picture"]
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "all.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_main("--deck", "All", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "dist" / "All.apkg")
    notes = anki.notes()
    assert len(notes) == len(pictures)
    media = Path(anki.col.media.dir())
    for k, (name, highlight) in enumerate(pictures):
        note = notes[f"Picture {k + 1}"]
        (src,) = re.findall(r'src="([^"]+)"', note["Diagram"])
        stem = name if highlight is None else f"{name}-{highlight}"
        assert re.fullmatch(rf"{re.escape(stem)}-[0-9a-f]{{16}}\.svg", src)
        assert (media / src).read_text(encoding="utf-8") == diagrams.make(name, highlight).svg
        assert 'class="diagram"' in note.cards()[0].answer()
