"""The architectures learners meet after CNNs and RNNs: attention, residual blocks and friends.

Each picture follows the figure its paper made standard, so that a learner who later reads
the paper recognises it (Vaswani et al. 2017, He et al. 2015, Srivastava et al. 2014,
Ioffe & Szegedy 2015).
"""

from __future__ import annotations

import math

from .cnn import check_highlight, signed
from .registry import Concept, Drawing, Part, Picture
from .flow import Canvas
from .svg import (
    FILLS, HIGHLIGHT_FILL, HIGHLIGHT_STROKE, INK, MUTED, El, add_arrow, add_box, add_text, document, num,
    path_data,
)


def _block(root: El, cx: float, y: float, w: float, h: float, label: str, fill: str,
           dashed: bool = False, size: float = 15) -> None:
    """A labelled box centred on ``cx`` with its top at ``y``."""
    add_box(root, cx - w / 2, y, w, h, fill, dashed=dashed)
    add_text(root, cx, y + h / 2 + size * 0.35, label, size=size, weight="bold")


# --- attention --------------------------------------------------------------------------


def draw_attention(highlight: str | None = None) -> Picture:
    """Scaled dot-product attention drawn bottom-up as in Vaswani et al. 2017, Fig. 2."""
    check_highlight("attention", highlight, ())
    root = document("attention", 470, 470, "Scaled dot-product attention",
                    "Queries meet keys, the scores are scaled and softmaxed, and weight the values.")
    add_text(root, 235, 26, "Attention(Q, K, V) = softmax(QKᵀ / √dₖ) V", size=15, weight="bold")
    cx, w, h = 140, 170, 36
    steps = (  # (top y, label, fill, note beside it)
        (70, "MatMul", FILLS["purple"], ("weighted sum of", "the values")),
        (140, "Softmax", FILLS["green"], ("weights: each row", "sums to 1")),
        (210, "Mask (optional)", FILLS["grey"], ("decoder: hide", "future positions")),
        (280, "Scale ÷ √dₖ", FILLS["yellow"], ("keeps scores from", "growing with dₖ")),
        (350, "MatMul  QKᵀ", FILLS["purple"], ("how well each query", "matches each key")),
    )
    for top, label, fill, note in steps:
        _block(root, cx, top, w, h, label, fill, dashed=label.startswith("Mask"))
        for k, line in enumerate(note):
            add_text(root, 245, top + 15 + 17 * k, line, size=13, anchor="start", fill=MUTED)
    for upper, lower in zip(steps, steps[1:]):
        add_arrow(root, root, [(cx, lower[0]), (cx, upper[0] + h + 2)])
    add_arrow(root, root, [(cx, 70), (cx, 46)])
    add_text(root, cx + 10, 58, "output", size=13, anchor="start", fill=MUTED)
    # Inputs along the bottom: Q and K into the first MatMul, V up the right into the last.
    for label, x in (("Q", 100), ("K", 180), ("V", 420)):
        add_box(root, x - 20, 420, 40, 32, FILLS["blue"])
        add_text(root, x, 442, label, size=16, weight="bold")
    add_arrow(root, root, [(100, 420), (100, 388)])
    add_arrow(root, root, [(180, 420), (180, 388)])
    add_arrow(root, root, [(420, 420), (420, 124), (200, 124), (200, 108)])  # V enters from below
    return Picture(root, "Scaled dot-product attention: Q and K multiplied (QKᵀ), scaled by 1/√dₖ, "
                         "optional mask, softmax gives weights, which multiply V to give the output.")


# --- transformer ------------------------------------------------------------------------


TRANSFORMER_PARTS = ("encoder", "decoder", "masked-attention", "cross-attention", "feed-forward", "add-norm",
                     "positional-encoding")


def draw_transformer(highlight: str | None = None) -> Picture:
    """Vaswani et al. 2017, Fig. 1: the encoder and decoder stacks, cross-attention between them, linear + softmax."""
    c = Canvas("transformer", 620, 600, "The Transformer (encoder and decoder)",
               "Encoder: self-attention and feed forward, each with add & norm. Decoder: masked self-attention, "
               "cross-attention over the encoder's output, feed forward. Embeddings plus positional encoding in; "
               "linear and softmax out.", highlight, TRANSFORMER_PARTS)
    w = 190
    c.frame(40, 244, 240, 224, key="encoder", label="encoder")
    c.frame(340, 132, 240, 336, key="decoder", label="decoder")
    c.text(30, 370, "N×", size=17, weight="bold", anchor="end")
    c.text(590, 300, "×N", size=17, weight="bold", anchor="start")

    def sublayer(cx: float, y: float, label: str, fill: str, key: str | None, norm: str | None = None) -> None:
        """A sub-layer with its add & norm above it and the residual connection around both."""
        c.box(cx - w / 2, y, w, 40, label, fill, key=key, size=14 if len(label) < 24 else 13, tag="none")
        c.box(cx - w / 2, y - 40, w, 26, "Add & Norm", "yellow", key=norm, size=13, tag="none")
        c.arrow((cx, y), (cx, y - 12))
        c.line((cx, y + 52), (cx - w / 2 - 12, y + 52), (cx - w / 2 - 12, y - 27))
        c.arrow((cx - w / 2 - 12, y - 27), (cx - w / 2 - 2, y - 27))
        if c.lit(key):
            c.tag_at(cx + w / 2 - 40, y + 40)
        if c.lit(norm):
            c.tag_at(cx + w / 2 - 40, y - 14)

    # Encoder: self-attention, then feed-forward.
    sublayer(160, 410, "Multi-Head Attention", "orange", None, norm="add-norm")
    sublayer(160, 316, "Feed Forward", "blue", "feed-forward")
    c.arrow((160, 276), (160, 234), (330, 234), (330, 336), (363, 336))
    c.text(241, 226, "K, V from the encoder", size=13, weight="bold")
    # Decoder: masked self-attention, cross-attention over the encoder's output, feed-forward.
    sublayer(460, 410, "Masked Multi-Head Attention", "orange", "masked-attention")
    sublayer(460, 316, "Multi-Head Attention", "orange", "cross-attention")
    sublayer(460, 222, "Feed Forward", "blue", None)
    for cx in (160, 460):
        c.arrow((cx, 370), (cx, 358))
    c.arrow((460, 276), (460, 264))
    # Inputs: embeddings plus positional encoding.
    for cx, label, below in ((160, "Input Embedding", "inputs"), (460, "Output Embedding", "outputs (shifted right)")):
        c.box(cx - w / 2, 530, w, 34, label, "red", size=14)
        c.text(cx, 586, below, size=13, muted=True)
        c.arrow((cx, 530), (cx, 506))
        circle = c.root.add("circle", cx=cx, cy=494, r=11, fill="none", stroke=INK, stroke_width=1.5)
        if c.lit("positional-encoding"):
            circle.attrs = [(k, HIGHLIGHT_FILL if k == "fill" else HIGHLIGHT_STROKE if k == "stroke" else
                             "3.5" if k == "stroke-width" else v) for k, v in circle.attrs]
            if cx == 160:
                circle.attrs.insert(0, ("id", "transformer-positional-encoding"))
        c.text(cx, 500, "+", size=16, weight="bold")
        c.arrow((cx, 483), (cx, 464))
        c.text(cx + 18, 499, "positional encoding", size=13, anchor="start")
    if c.lit("positional-encoding"):
        c.tag_at(240, 516)
    # Output head.
    c.arrow((460, 182), (460, 126))
    c.box(400, 92, 120, 30, "Linear", "purple", size=14)
    c.arrow((460, 92), (460, 76))
    c.box(400, 44, 120, 30, "Softmax", "green", size=14)
    c.arrow((460, 44), (460, 26))
    c.text(360, 20, "output probabilities", size=13, anchor="end")
    return c.picture("Transformer after Vaswani et al.: the encoder (N× multi-head self-attention and feed forward, "
                     "each with add & norm and a residual) reads input embeddings plus positional encoding; the "
                     "decoder (N× masked multi-head self-attention, multi-head cross-attention over the encoder's "
                     "output, feed forward, each with add & norm) reads the outputs shifted right; a linear layer and "
                     "a softmax give the output probabilities.")


# --- residual ---------------------------------------------------------------------------


def draw_residual(highlight: str | None = None) -> Picture:
    """He et al. 2015, Fig. 2: two weight layers F(x) plus the identity shortcut x."""
    check_highlight("residual", highlight, ())
    root = document("residual", 420, 420, "Residual block",
                    "x passes through two weight layers giving F(x); an identity shortcut adds x back.")
    cx, w = 190, 170
    add_text(root, cx, 28, "x", size=18, weight="bold")
    add_arrow(root, root, [(cx, 36), (cx, 78)])
    _block(root, cx, 80, w, 40, "weight layer", FILLS["blue"])
    add_arrow(root, root, [(cx, 120), (cx, 168)])
    add_text(root, cx + 10, 149, "relu", size=15, anchor="start")
    _block(root, cx, 170, w, 40, "weight layer", FILLS["blue"])
    add_arrow(root, root, [(cx, 210), (cx, 255)])
    root.add("circle", cx=cx, cy=272, r=16, fill=FILLS["yellow"], stroke=INK, stroke_width=1.8)
    root.add("path", d=f"M{cx - 9} 272h18M{cx} 263v18", stroke=INK, stroke_width=2)
    add_arrow(root, root, [(cx, 288), (cx, 340)])
    add_text(root, cx + 10, 320, "relu", size=15, anchor="start")
    # Brace marking the residual function F(x) beside the two layers.
    root.add("path", d="M90 80h-10v130h10M80 145h-8", stroke=INK, stroke_width=1.5, fill="none")
    add_text(root, 66, 150, "F(x)", size=16, anchor="end", weight="bold")
    add_text(root, cx - 24, 300, "F(x) + x", size=16, anchor="end", weight="bold")
    # The identity shortcut: taken from x, around the layers, into the sum.
    add_arrow(root, root, [(cx, 52), (330, 52), (330, 272), (cx + 18, 272)], width=2)
    add_text(root, 340, 150, "x", size=16, anchor="start", weight="bold")
    add_text(root, 340, 170, "identity", size=14, anchor="start")
    add_text(root, 210, 372, "the layers learn only the residual F(x);", size=14)
    add_text(root, 210, 394, "the shortcut adds no parameters", size=14)
    return Picture(root, "Residual block: x → weight layer → relu → weight layer gives F(x); an identity "
                         "shortcut carries x around to ⊕, giving F(x) + x, then relu.")


# --- autoencoder ------------------------------------------------------------------------


def draw_autoencoder(highlight: str | None = None) -> Picture:
    """An hourglass: input x, encoder, bottleneck code z, decoder, reconstruction x̂."""
    check_highlight("autoencoder", highlight, ())
    root = document("autoencoder", 560, 300, "Autoencoder",
                    "The encoder squeezes x into a small code z; the decoder rebuilds x̂ from z.")
    wide, narrow, mid, cell = 6, 2, 140, 24

    def column(x: float, count: int, fill: str) -> None:
        top = mid - count * cell / 2
        add_box(root, x, top, cell, count * cell, fill, rx=0)
        if count > 1:
            root.add("path", d="".join(f"M{x} {num(top + k * cell)}h{cell}" for k in range(1, count)),
                     stroke=INK, stroke_width=0.8)

    def trapezoid(x0: float, x1: float, h0: float, h1: float, fill: str, label: str) -> None:
        pts = [(x0, mid - h0 / 2), (x1, mid - h1 / 2), (x1, mid + h1 / 2), (x0, mid + h0 / 2)]
        root.add("path", d=path_data(pts, closed=True), fill=fill, stroke=INK, stroke_width=1.5)
        add_text(root, (x0 + x1) / 2, mid + 5, label, size=15, weight="bold")

    column(40, wide, FILLS["grey"])
    trapezoid(76, 232, wide * cell, narrow * cell + 20, FILLS["blue"], "encoder")
    column(268, narrow, FILLS["yellow"])
    trapezoid(304, 460, narrow * cell + 20, wide * cell, FILLS["orange"], "decoder")
    column(496, wide, FILLS["grey"])
    for x0, x1 in ((64, 76), (232, 268), (292, 304), (460, 496)):
        root.add("path", d=f"M{x0} {mid}H{x1}", stroke=INK, stroke_width=1.5)
    add_text(root, 52, 228, "input x", size=14, weight="bold")
    add_text(root, 280, 190, "code z", size=14, weight="bold")
    add_text(root, 280, 208, "(bottleneck)", size=13, fill=MUTED)
    add_text(root, 508, 228, "output x̂", size=14, weight="bold")
    add_text(root, 508, 246, "reconstruction", size=13, fill=MUTED)
    add_text(root, 280, 34, f"{wide} values → {narrow} → {wide} values", size=14, fill=MUTED)
    add_text(root, 280, 280, "trained so that x̂ ≈ x:  loss = ‖x − x̂‖²", size=14)
    return Picture(root, f"Autoencoder: input x ({wide} values) → encoder → bottleneck code z ({narrow} "
                         f"values) → decoder → reconstruction x̂; trained to make x̂ close to x.")


# --- dropout ----------------------------------------------------------------------------

DROPOUT_LAYERS = (4, 5, 5, 2)
# Which units the example mask drops (layer, unit): fixed so the picture never changes.
DROPPED = ((0, 1), (1, 0), (1, 3), (2, 2), (2, 4))


def draw_dropout(highlight: str | None = None) -> Picture:
    """Srivastava et al. 2014, Fig. 1: a standard net beside the thinned net after dropout."""
    check_highlight("dropout", highlight, ())
    root = document("dropout", 640, 330, "Dropout",
                    "Left: a standard fully connected network. Right: the same network after dropout, "
                    "with dropped units crossed out and their connections removed.")
    for k, (title, dropped) in enumerate((("(a) standard neural net", ()), ("(b) after applying dropout", DROPPED))):
        _dropout_net(root, 20 + 320 * k, title, dropped)
    legend = root.add("g")
    root_x, y = 200, 292
    legend.add("circle", cx=root_x, cy=y, r=10, fill="none", stroke=INK, stroke_width=1.5,
               stroke_dasharray="4 3")
    legend.add("path", d=f"M{root_x - 6} {y - 6}l12 12M{root_x + 6} {y - 6}l-12 12", stroke=INK, stroke_width=2)
    add_text(root, root_x + 18, y + 5, "dropped unit: ✕, dashed outline, no connections", size=14, anchor="start")
    add_text(root, 320, 318, "each training step keeps every unit with probability p", size=14, fill=MUTED)
    return Picture(root, "Dropout: a standard 4-5-5-2 network beside the same network after dropout, where "
                         f"{len(DROPPED)} hidden and input units are crossed out with their connections removed.")


def _dropout_net(root: El, x0: float, title: str, dropped: tuple[tuple[int, int], ...]) -> None:
    add_text(root, x0 + 140, 26, title, size=15, weight="bold")
    gap, r = 80, 13

    def pos(layer: int, unit: int) -> tuple[float, float]:
        n = DROPOUT_LAYERS[layer]
        return x0 + 20 + layer * gap, 150 + (unit - (n - 1) / 2) * 46

    edges = ""
    for layer in range(len(DROPOUT_LAYERS) - 1):
        for a in range(DROPOUT_LAYERS[layer]):
            for b in range(DROPOUT_LAYERS[layer + 1]):
                if (layer, a) in dropped or (layer + 1, b) in dropped:
                    continue
                (ax, ay), (bx, by) = pos(layer, a), pos(layer + 1, b)
                edges += f"M{num(ax + r)} {num(ay)}L{num(bx - r)} {num(by)}"
    root.add("path", d=edges, stroke=MUTED, stroke_width=1, fill="none")
    for layer, n in enumerate(DROPOUT_LAYERS):
        for unit in range(n):
            x, y = pos(layer, unit)
            if (layer, unit) in dropped:
                root.add("circle", cx=x, cy=y, r=r, fill="none", stroke=INK, stroke_width=1.5,
                         stroke_dasharray="4 3")
                root.add("path", d=f"M{num(x - 8)} {num(y - 8)}l16 16M{num(x + 8)} {num(y - 8)}l-16 16",
                         stroke=INK, stroke_width=2.2)
            else:
                fill = FILLS["blue"] if layer in (0, len(DROPOUT_LAYERS) - 1) else FILLS["green"]
                root.add("circle", cx=x, cy=y, r=r, fill=fill, stroke=INK, stroke_width=1.5)


# --- batch-norm -------------------------------------------------------------------------

BN_BATCH = (2.0, 4.0, 6.0, 8.0)
BN_GAMMA, BN_BETA, BN_EPS = 2.0, 1.0, 1e-5


def batch_norm(xs: tuple[float, ...], gamma: float, beta: float, eps: float) -> tuple[float, float, tuple[float, ...],
                                                                                       tuple[float, ...]]:
    """Mean, variance, normalised values and scaled-and-shifted outputs of one mini-batch."""
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    normed = tuple((x - mean) / math.sqrt(var + eps) for x in xs)
    return mean, var, normed, tuple(gamma * v + beta for v in normed)


def draw_batch_norm(highlight: str | None = None) -> Picture:
    """Ioffe & Szegedy 2015, Alg. 1, with a worked mini-batch on three number lines."""
    check_highlight("batch-norm", highlight, ())
    mean, var, normed, out = batch_norm(BN_BATCH, BN_GAMMA, BN_BETA, BN_EPS)
    m = len(BN_BATCH)
    root = document("batch-norm", 610, 390, "Batch normalisation",
                    "Normalise each feature over the mini-batch, then scale by γ and shift by β.")
    add_text(root, 20, 28, f"over a mini-batch of m values x₁ … xₘ (here m = {m}):", size=15, weight="bold",
             anchor="start")
    steps = (
        ("1. mean", "μ = (1/m) Σ xᵢ"),
        ("2. variance", "σ² = (1/m) Σ (xᵢ − μ)²"),
        ("3. normalise", "x̂ᵢ = (xᵢ − μ) / √(σ² + ε)"),
        ("4. scale and shift", "yᵢ = γ x̂ᵢ + β   (γ, β learned)"),
    )
    for k, (name, formula) in enumerate(steps):
        add_text(root, 30, 58 + 26 * k, name, size=14, anchor="start")
        add_text(root, 190, 58 + 26 * k, formula, size=15, anchor="start")
    lines = (
        ("x", BN_BATCH, f"batch: μ = {signed(mean, 0)}, σ² = {signed(var, 0)}", FILLS["grey"]),
        ("x̂", normed, "normalised: mean 0, variance 1", FILLS["blue"]),
        ("y", out, f"γ = {signed(BN_GAMMA, 0)}, β = {signed(BN_BETA, 0)}: mean β, spread γ", FILLS["green"]),
    )
    for k, (name, values, note, fill) in enumerate(lines):
        _number_line(root, 200 + 76 * k, name, values, note, fill, f"batch-norm-{'x xhat y'.split()[k]}")
    return Picture(root, f"Batch normalisation of the mini-batch {', '.join(signed(v) for v in BN_BATCH)}: mean "
                         f"{signed(mean)}, variance {signed(var)}, normalised to "
                         f"{', '.join(signed(v, 2) for v in normed)}, then y = {signed(BN_GAMMA)}·x̂ + "
                         f"{signed(BN_BETA)} gives {', '.join(signed(v, 2) for v in out)}.")


def _number_line(root: El, y: float, name: str, values: tuple[float, ...], note: str, fill: str,
                 prefix: str) -> None:
    lo, hi, left, right = -2.0, 8.5, 70.0, 590.0

    def px(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    add_text(root, 40, y + 6, name, size=17, weight="bold")
    add_text(root, px(lo), y - 30, note, size=14, anchor="start", fill=MUTED)
    axis = f"M{num(left)} {num(y)}H{num(right)}" + "".join(
        f"M{num(px(t))} {num(y - 4)}v8" for t in range(int(lo), int(hi) + 1))
    root.add("path", d=axis, stroke=MUTED, stroke_width=1.2)
    add_text(root, px(0), y + 20, "0", size=13, fill=MUTED)
    for k, v in enumerate(values):
        root.add("circle", cx=px(v), cy=y, r=6, fill=fill, stroke=INK, stroke_width=1.5)
        add_text(root, px(v), y - 11, signed(v, 2 if v % 1 else 0), size=13, ident=f"{prefix}-{k}")


# --- Registry ---------------------------------------------------------------------------

DRAWINGS: tuple[Drawing, ...] = (
    Drawing("attention", "Scaled dot-product attention", (), draw_attention),
    Drawing("transformer", "Transformer", TRANSFORMER_PARTS, draw_transformer),
    Drawing("residual", "Residual block", (), draw_residual),
    Drawing("autoencoder", "Autoencoder", (), draw_autoencoder),
    Drawing("dropout", "Dropout", (), draw_dropout),
    Drawing("batch-norm", "Batch normalisation", (), draw_batch_norm),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("transformer", (r"(the )?transformers?( (encoder|architecture|model|networks?|blocks?))?( \(vaswani.*\))?",
                            r"transformer encoder( block| layer)?", r"transformer (encoder[- ])?decoder",
                            r"attention is all you need"),
            parts=(Part((r"(transformer )?encoder( stack| blocks?| layers?)?",), "transformer", "encoder"),
                   Part((r"(transformer )?decoder( stack| blocks?| layers?)?",), "transformer", "decoder"),
                   Part((r"masked (multi-?head )?(self[- ])?attention|causal (self[- ])?attention|look-?ahead mask",),
                        "transformer", "masked-attention"),
                   Part((r"(encoder[- ]decoder|cross)[- ]attention",), "transformer", "cross-attention"),
                   Part((r"(position[- ]wise )?feed[- ]?forward( networks?| layers?| sub-?layers?)?( \(ffn\))?|ffn",),
                        "transformer", "feed-forward"),
                   Part((r"add (&|and) norm|residual connections? (and|&) layer norm(alisation|alization)?",),
                        "transformer", "add-norm"),
                   Part((r"(sinusoidal )?positional? (encodings?|embeddings?)",), "transformer", "positional-encoding"))),
    Concept("transformer", (r"cross[- ]attention|encoder[- ]decoder attention",), highlight="cross-attention"),
    Concept("attention", (r"(scaled dot[- ]product |self[- ])?attention( mechanisms?| layers?| heads?| models?)?",
                          r"dot[- ]product attention", r"(query|queries),? keys?,? (and )?values?|qkv")),
    Concept("residual", (r"residual (connections?|blocks?|learning|networks?|units?)", r"skip connections?",
                         r"res ?nets?( \(res ?net\))?", r"identity (shortcuts?|mappings?)")),
    Concept("autoencoder", (r"(denoising |sparse |undercomplete |deep )?auto-?encoders?( \(d?aes?\))?", r"d?aes?")),
    Concept("dropout", (r"dropout( layers?| regulari[sz]ation)?",)),
    Concept("batch-norm", (r"batch[- ]?norm(ali[sz]ation)?( layers?)?( \(bn\))?", r"bn")),
)
