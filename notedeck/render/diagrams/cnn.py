"""Convolutional networks: the LeNet-style pipeline and the worked pictures of its stages.

Every size and worked number is computed here from the grids and hyper-parameters, so a
changed kernel or input can never leave a stale number in a picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .registry import Concept, Drawing, Part, Picture
from .svg import FILLS, INK, MONO, MUTED, El, add_arrow, add_box, add_tag, add_text, document, num, path_data

Grid = tuple[tuple[int, ...], ...]
MINUS = "\u2212"  # a real minus sign: a hyphen looks too short next to digits


def check_highlight(name: str, highlight: str | None, known: Sequence[str]) -> None:
    """Raise ValueError for a highlight key the drawing does not have."""
    if highlight is not None and highlight not in known:
        raise ValueError(f"diagram {name!r} has no part {highlight!r}; its parts: {', '.join(known) or 'none'}")


def signed(value: float, digits: int = 0) -> str:
    """A number with a real minus sign, e.g. ``−1`` or ``0.45``."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


# --- Worked numbers ---------------------------------------------------------------------


def output_size(width: int, field: int, padding: int = 0, stride: int = 1) -> int:
    """Output width of a convolution or pooling window: (W − F + 2P)/S + 1.

    >>> output_size(32, 5), output_size(28, 2, stride=2), output_size(5, 3, padding=1, stride=2)
    (28, 14, 3)
    """
    span = width - field + 2 * padding
    if span < 0 or span % stride:
        raise ValueError(f"a {field}-wide window with stride {stride} does not tile width {width}")
    return span // stride + 1


def convolve(image: Grid, kernel: Grid, stride: int = 1) -> Grid:
    """Valid 2-D cross-correlation (what CNN libraries call convolution)."""
    f = len(kernel)
    size = output_size(len(image), f, 0, stride)
    return tuple(
        tuple(
            sum(image[r * stride + i][c * stride + j] * kernel[i][j] for i in range(f) for j in range(f))
            for c in range(size)
        )
        for r in range(size)
    )


def max_pool(image: Grid, field: int = 2, stride: int = 2) -> Grid:
    """Max pooling of one depth slice."""
    size = output_size(len(image), field, 0, stride)
    return tuple(
        tuple(
            max(image[r * stride + i][c * stride + j] for i in range(field) for j in range(field))
            for c in range(size)
        )
        for r in range(size)
    )


@dataclass(frozen=True)
class Stage:
    """One step of the LeNet-style pipeline and the volume it outputs."""

    key: str
    name: str
    height: int
    depth: int

    @property
    def size(self) -> str:
        return f"{self.height}×{self.height}×{self.depth}"


def lenet_stages() -> tuple[Stage, ...]:
    """32×32×3 → (conv 5×5 → ReLU → max pool 2×2/2) ×2, sizes from the output-size formula."""
    stages = [Stage("input", "Input image", 32, 3)]
    for filters in (6, 16):
        h = stages[-1].height
        conv = output_size(h, 5)
        stages.append(Stage("conv", f"Conv 5×5 ×{filters}", conv, filters))
        stages.append(Stage("activation", "ReLU", conv, filters))
        stages.append(Stage("pooling", "Max pool 2×2", output_size(conv, 2, stride=2), filters))
    return tuple(stages)


# --- Shared shapes ----------------------------------------------------------------------


def volume(parent: El, x: float, y: float, side: float, depth: float, fill: str) -> None:
    """An oblique box: a side × side front face whose depth recedes up and to the right."""
    o = depth
    parent.add("path", d=path_data([(x, y), (x + side, y), (x + side + o, y - o), (x + o, y - o)], True),
               fill=fill, stroke=INK, stroke_width=1.2)
    parent.add("path", d=path_data([(x + side, y), (x + side + o, y - o), (x + side + o, y + side - o),
                                    (x + side, y + side)], True), fill=fill, stroke=INK, stroke_width=1.2)
    parent.add("rect", x=x, y=y, width=side, height=side, fill=fill, stroke=INK, stroke_width=1.2)


def grid_lines(parent: El, x: float, y: float, rows: int, cols: int, cell: float, fill: str,
               ident: str | None = None, lit: bool = False) -> None:
    """A rows × cols table of cells: one rectangle and one path of inner lines."""
    add_box(parent, x, y, cols * cell, rows * cell, fill, ident=ident, rx=0, lit=lit)
    inner = "".join(f"M{num(x + c * cell)} {num(y)}v{num(rows * cell)}" for c in range(1, cols))
    inner += "".join(f"M{num(x)} {num(y + r * cell)}h{num(cols * cell)}" for r in range(1, rows))
    parent.add("path", d=inner, stroke=INK, stroke_width=0.8, fill="none")


def grid_numbers(parent: El, x: float, y: float, grid: Grid, cell: float, prefix: str) -> None:
    """The numbers of a grid, each with an id ``prefix-row-col`` so tests can read them back."""
    group = parent.add("g", font_size=16, text_anchor="middle", font_family=MONO)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            group.add("text", signed(value), x=x + (c + 0.5) * cell, y=y + (r + 0.5) * cell + 6,
                      id=f"{prefix}-{r}-{c}")


# --- cnn: the pipeline ------------------------------------------------------------------

CNN_PARTS = ("input", "feature-extraction", "conv", "activation", "pooling", "fc")
_STAGE_FILL = {"conv": FILLS["blue"], "activation": FILLS["green"], "pooling": FILLS["orange"]}


def draw_cnn(highlight: str | None = None) -> Picture:
    """LeNet-style pipeline: input → (conv → ReLU → pool) ×2 → flatten → fully connected → scores."""
    check_highlight("cnn", highlight, CNN_PARTS)
    stages = lenet_stages()
    last = stages[-1]
    flat = last.height * last.height * last.depth
    classes = 10
    root = document("cnn", 600, 440, "Convolutional neural network pipeline",
                    f"Input {stages[0].size} → feature extraction (convolution, ReLU, max pooling, "
                    f"twice) → flatten {flat} → fully connected → {classes} class scores.")
    bw, bh, xs = 170, 52, (15, 215, 415)

    def box(x: float, y: float, key: str, title: str, detail: str, fill: str, ident: str) -> None:
        lit = key == highlight
        add_box(root, x, y, bw, bh, fill, ident=ident if lit else None, lit=lit)
        add_text(root, x + bw / 2, y + 20, title, size=15, weight="bold")
        add_text(root, x + bw / 2, y + 39, detail, size=14)
        if lit:  # below the box: above it sits the block's title or a connecting arrow
            add_tag(root, x + bw - 38, y + bh + 5)

    # Row 1: the input volume and a legend for the sizes.
    lit_input = highlight == "input"
    add_box(root, 15, 18, bw, 70, FILLS["grey"], ident="cnn-input" if lit_input else None, lit=lit_input)
    for i, (letter, colour) in enumerate((("B", "blue"), ("G", "green"), ("R", "red"))):
        x, y = 29 + 6 * (2 - i), 34 + 6 * i
        root.add("rect", x=x, y=y, width=34, height=34, fill=FILLS[colour], stroke=INK, stroke_width=1.2)
    add_text(root, 128, 42, "Input", size=15, weight="bold")
    add_text(root, 128, 61, stages[0].size, size=14)
    add_text(root, 128, 79, "R, G, B", size=14)
    if lit_input:
        add_tag(root, 15 + bw - 44, 18)
    add_text(root, 215, 40, "size = height × width × depth", size=14, anchor="start", fill=MUTED)
    add_text(root, 215, 62, "conv/pool output: (W − F + 2P)/S + 1", size=14, anchor="start", fill=MUTED)
    add_text(root, 215, 82, "pooling: 2×2 window, stride 2", size=14, anchor="start", fill=MUTED)

    # Rows 2–3: the feature-extraction block, conv → activation → pooling repeated.
    lit_fe = highlight == "feature-extraction"
    frame = add_box(root, 6, 108, 588, 205, "none", ident="cnn-feature-extraction" if lit_fe else None,
                    rx=10, dashed=not lit_fe, lit=lit_fe)
    if not lit_fe:
        frame.attrs = [(k, MUTED if k == "stroke" else v) for k, v in frame.attrs]
    add_text(root, 140, 130, "Feature extraction (×2)", size=14, weight="bold", anchor="start")
    if lit_fe:
        add_tag(root, 540, 108)
    add_arrow(root, root, [(100, 88), (100, 143)])  # after the frame, which would cover it
    for row, y in enumerate((145, 241)):
        for col, stage in enumerate(stages[1 + 3 * row: 4 + 3 * row]):
            detail = f"{'stride 2 ' if stage.key == 'pooling' else ''}→ {stage.size}"
            box(xs[col], y, stage.key, stage.name, detail, _STAGE_FILL[stage.key],
                f"cnn-{stage.key}" if row == 0 else f"cnn-{stage.key}-2")
            if col < 2:
                add_arrow(root, root, [(xs[col] + bw, y + bh / 2), (xs[col + 1] - 2, y + bh / 2)])
    add_arrow(root, root, [(500, 197), (500, 219), (100, 219), (100, 239)])
    add_arrow(root, root, [(500, 293), (500, 331), (100, 331), (100, 353)])

    # Row 4: classifier head.
    y = 355
    box(xs[0], y, "flatten", "Flatten", f"{last.size} → {flat}", FILLS["grey"], "cnn-flatten")
    box(xs[1], y, "fc", "Fully connected", f"{flat} → {classes}", FILLS["purple"], "cnn-fc")
    box(xs[2], y, "scores", "Softmax", f"{classes} class scores", FILLS["red"], "cnn-scores")
    for col in (0, 1):
        add_arrow(root, root, [(xs[col] + bw, y + bh / 2), (xs[col + 1] - 2, y + bh / 2)])
    alt = "CNN pipeline: " + " → ".join(
        [f"input {stages[0].size}"] + [f"{s.name} {s.size}" for s in stages[1:]]
        + [f"flatten {flat}", f"fully connected {classes}", "softmax class scores"])
    if highlight:
        alt += f"; the {highlight.replace('-', ' ')} stage is highlighted"
    return Picture(root, alt)


# --- input-volume -----------------------------------------------------------------------


def draw_input_volume(highlight: str | None = None) -> Picture:
    """An H×W×3 image volume as three colour slices with height, width and depth marked."""
    check_highlight("input-volume", highlight, ())
    h = w = 32
    d = 3
    root = document("input-volume", 470, 370, "CNN input volume",
                    f"A {h}×{w}×{d} image: red, green and blue slices of height {h} and width {w}.")
    add_text(root, 235, 24, "Input volume: height × width × depth", size=15, weight="bold")
    side, step, x0, y0 = 180, 30, 60, 110
    for i, (letter, colour) in reversed(list(enumerate((("R", "red"), ("G", "green"), ("B", "blue"))))):
        x, y = x0 + i * step, y0 - i * step
        add_box(root, x, y, side, side, FILLS[colour], rx=0)
        if i:
            add_text(root, x + side - 15, y + 21, letter, size=16, weight="bold")
    # A few pixel lines on the front slice: each cell holds one number per channel.
    cells = 8
    inner = "".join(f"M{num(x0 + k * side / cells)} {y0}v{side}M{x0} {num(y0 + k * side / cells)}h{side}"
                    for k in range(1, cells))
    root.add("path", d=inner, stroke=MUTED, stroke_width=0.6, fill="none")
    add_text(root, x0 + side / 2, y0 + side / 2 + 9, "R", size=28, weight="bold")
    # Dimension lines.
    root.add("path", d=f"M40 {y0}v{side}M34 {y0}h12M34 {y0 + side}h12M{x0} {y0 + side + 15}h{side}"
             f"M{x0} {y0 + side + 9}v12M{x0 + side} {y0 + side + 9}v12", stroke=INK, stroke_width=1.4)
    root.add("text", f"height H = {h}", x=30, y=y0 + side / 2, font_size=14, text_anchor="middle",
             transform=f"rotate(-90 30 {y0 + side / 2})")
    add_text(root, x0 + side / 2, y0 + side + 36, f"width W = {w}", size=14)
    bx, by = x0 + side + 12, y0 + side + 12
    root.add("path", d=path_data([(bx, by), (bx + 2 * step, by - 2 * step)]), stroke=INK, stroke_width=1.4)
    add_text(root, bx + 2 * step + 8, by - step - 10, f"depth = {d}", size=14, anchor="start")
    add_text(root, bx + 2 * step + 8, by - step + 8, "(R, G, B channels)", size=14, anchor="start")
    add_text(root, 235, y0 + side + 62, f"{h} × {w} × {d} = {h * w * d} numbers", size=14, fill=MUTED)
    return Picture(root, f"Input volume {h}×{w}×{d}: three stacked slices labelled R, G and B; "
                         f"height {h}, width {w}, depth {d} colour channels.")


# --- feature-extraction -----------------------------------------------------------------


def draw_feature_extraction(highlight: str | None = None) -> Picture:
    """Volumes shrinking and deepening through conv + ReLU and pooling, twice."""
    check_highlight("feature-extraction", highlight, ())
    stages = [s for s in lenet_stages() if s.key != "conv"]  # conv and ReLU keep the same size
    root = document("feature-extraction", 640, 270, "CNN feature extraction",
                    "Conv + ReLU then max pooling, repeated: feature maps get smaller and deeper.")
    scale, per_channel, gap, centre = 2.6, 1.4, 72, 130
    ops = {"activation": ("conv 5×5", "+ ReLU"), "pooling": ("max pool", "2×2, s 2")}
    fills = {"input": FILLS["grey"], "activation": FILLS["green"], "pooling": FILLS["orange"]}
    x = 30.0
    for i, stage in enumerate(stages):
        side, depth = stage.height * scale, stage.depth * per_channel
        if i:
            add_arrow(root, root, [(x - gap + 6, centre), (x - 6, centre)])
            for k, line in enumerate(ops[stage.key]):
                add_text(root, x - gap / 2, centre - 30 + 17 * k, line, size=13)
        volume(root, x, centre - side / 2, side, depth, fills[stage.key])
        add_text(root, x + (side + depth) / 2, 198, stage.size, size=14, weight="bold")
        add_text(root, x + (side + depth) / 2, 217, "input" if i == 0 else "maps", size=13, fill=MUTED)
        x += side + depth + gap
    first, last = stages[0], stages[-1]
    add_text(root, 320, 248, f"smaller: {first.height} → {last.height} wide;  deeper: {first.depth} → "
                             f"{last.depth} feature maps", size=14)
    add_text(root, 320, 32, "repeat: convolution → activation → pooling", size=15, weight="bold")
    return Picture(root, "Feature extraction: " + " → ".join(s.size for s in stages)
                   + "; each conv + ReLU and pooling step makes the maps smaller and deeper.")


# --- convolution ------------------------------------------------------------------------

CONV_IMAGE: Grid = (
    (3, 3, 2, 1, 0),
    (0, 2, 3, 1, 0),
    (3, 1, 2, 2, 0),
    (2, 0, 0, 2, 0),
    (2, 0, 0, 0, 1),
)
CONV_KERNEL: Grid = ((1, 0, -1), (1, 0, -1), (1, 0, -1))  # responds to vertical edges
CONV_AT = (1, 1)  # the window shown: output row 1, column 1


def draw_convolution(highlight: str | None = None) -> Picture:
    """CS231n-style worked convolution: window, kernel, sum of products, feature map, size."""
    check_highlight("convolution", highlight, ("kernel",))
    image, kernel, stride, pad = CONV_IMAGE, CONV_KERNEL, 1, 0
    out = convolve(image, kernel, stride)
    w, f = len(image), len(kernel)
    size = output_size(w, f, pad, stride)
    r0, c0 = CONV_AT
    root = document("convolution", 620, 450, "Convolution with a 3×3 kernel",
                    "A 3×3 window of the input times the kernel, summed, gives one cell of the feature map.")
    cell = 34
    ix, iy, kx, ky, ox = 20, 62, 250, 96, 430
    lit = highlight == "kernel"
    add_text(root, ix + w * cell / 2, 40, f"input {w}×{w}", size=15, weight="bold")
    add_text(root, kx + f * cell / 2, 74, f"kernel {f}×{f}", size=15, weight="bold")
    add_text(root, ox + size * cell / 2, 74, f"feature map {size}×{size}", size=15, weight="bold")
    grid_lines(root, ix, iy, w, w, cell, FILLS["grey"])
    root.add("rect", id="convolution-window", x=ix + c0 * stride * cell, y=iy + r0 * stride * cell,
             width=f * cell, height=f * cell, fill=FILLS["orange"], stroke=INK, stroke_width=3)
    inner = "".join(f"M{num(ix + (c0 + k) * cell)} {num(iy + r0 * cell)}v{f * cell}"
                    f"M{num(ix + c0 * cell)} {num(iy + (r0 + k) * cell)}h{f * cell}" for k in range(1, f))
    root.add("path", d=inner, stroke=INK, stroke_width=0.8, fill="none")
    grid_numbers(root, ix, iy, image, cell, "convolution-in")
    add_text(root, 222, ky + f * cell / 2 + 8, "∗", size=26)
    grid_lines(root, kx, ky, f, f, cell, FILLS["purple"], ident="convolution-kernel" if lit else None, lit=lit)
    grid_numbers(root, kx, ky, kernel, cell, "convolution-k")
    add_text(root, kx + f * cell / 2, ky + f * cell + 22, "learned weights", size=13, fill=MUTED)
    if lit:
        add_tag(root, kx + f * cell / 2, ky + f * cell + 48)
    add_text(root, 395, ky + f * cell / 2 + 8, "=", size=26)
    grid_lines(root, ox, ky, size, size, cell, FILLS["blue"])
    root.add("rect", id="convolution-out-cell", x=ox + c0 * cell, y=ky + r0 * cell, width=cell, height=cell,
             fill=FILLS["orange"], stroke=INK, stroke_width=3)
    grid_numbers(root, ox, ky, out, cell, "convolution-out")
    add_text(root, ix + w * cell / 2, iy + w * cell + 22, "orange: one 3×3 window", size=13, fill=MUTED)
    add_text(root, ox + size * cell / 2, ky + size * cell + 22, "one output cell", size=13, fill=MUTED)

    # The sum of products, one kernel row per line, computed from the grids above.
    y = 282
    add_text(root, 20, y, "window · kernel, summed (sum of products):", size=14, anchor="start", weight="bold")
    terms = [[f"{signed(image[r0 * stride + i][c0 * stride + j])}·{_paren(kernel[i][j])}" for j in range(f)]
             for i in range(f)]
    for i, row_terms in enumerate(terms):
        lead = "  " if i == 0 else "+ "
        add_text(root, 30, y + 24 * (i + 1), lead + " + ".join(row_terms), size=14, anchor="start", mono=True)
    add_text(root, 30, y + 24 * (f + 1), f"= {signed(out[r0][c0])}", size=14, anchor="start", mono=True,
             weight="bold", ident="convolution-sum")
    add_text(root, 20, y + 24 * (f + 1) + 34, f"stride S = {stride}: the window moves {stride} cell at a time; "
             f"padding P = {pad}", size=14, anchor="start")
    add_text(root, 20, y + 24 * (f + 1) + 58, f"output size = (W − F + 2P)/S + 1 = ({w} − {f} + 2·{pad})/"
             f"{stride} + 1 = {size}", size=14, anchor="start", ident="convolution-size")
    alt = (f"Convolution: a {f}×{f} window of a {w}×{w} input times the {f}×{f} kernel, summed, gives "
           f"{signed(out[r0][c0])}, one cell of the {size}×{size} feature map; stride {stride}, padding {pad}.")
    if lit:
        alt += " The kernel is highlighted."
    return Picture(root, alt)


def _paren(value: int) -> str:
    return f"({signed(value)})" if value < 0 else signed(value)


# --- activation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """One activation function as drawn in its own small panel."""

    key: str
    title: str
    fn: Callable[[float], float]
    y_range: tuple[float, float]
    y_ticks: tuple[float, ...]
    formula: tuple[str, ...]
    span: str
    dash: str | None
    colour: str


CURVES = (
    Curve("relu", "ReLU", lambda z: max(0.0, z), (-1.0, 3.2), (1.0, 2.0, 3.0),
          ("g(z) = max(0, z)",), "range [0, ∞)", None, "#1f5fa8"),
    Curve("sigmoid", "Sigmoid σ", lambda z: 1 / (1 + math.exp(-z)), (-1.3, 1.3), (1.0,),
          ("σ(z) = 1 / (1 + e⁻ᶻ)",), "range (0, 1)", "8 5", "#1e7a3c"),
    Curve("tanh", "tanh", math.tanh, (-1.3, 1.3), (1.0, -1.0),
          ("tanh(z) =", "(eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)"), "range (−1, 1)", "2 4", "#a04a00"),
)


def draw_activation(highlight: str | None = None) -> Picture:
    """ReLU, sigmoid and tanh in three small panels: axes, ticks, formulas, distinct dashes."""
    check_highlight("activation", highlight, tuple(c.key for c in CURVES))
    root = document("activation", 640, 328, "Activation functions",
                    "ReLU (solid), sigmoid (dashed) and tanh (dotted) plotted for z from −3 to 3.")
    for i, curve in enumerate(CURVES):
        _activation_panel(root, 10 + i * 210, curve, curve.key == highlight)
    alt = "Activation functions: ReLU max(0, z) solid, sigmoid 1/(1+e^−z) dashed, tanh dotted"
    return Picture(root, alt + (f"; {highlight} is highlighted." if highlight else "."))


def _activation_panel(root: El, x0: float, curve: Curve, lit: bool) -> None:
    pw, y0 = 200, 10
    panel = add_box(root, x0, y0, pw, 300, "none", ident=f"activation-{curve.key}" if lit else None, rx=8,
                    lit=lit)
    if not lit:  # a quiet frame, so that only the highlighted panel stands out
        panel.attrs = [(k, MUTED if k == "stroke" else ("1" if k == "stroke-width" else v)) for k, v in panel.attrs]
    add_text(root, x0 + pw / 2, y0 + 26, curve.title, size=16, weight="bold")
    if lit:
        add_tag(root, x0 + pw / 2, y0 + 300)
    # Plot box: z in [−3, 3] across, the curve's own range up.
    left, right, top, bottom = x0 + 22, x0 + pw - 18, y0 + 44, y0 + 184
    lo, hi = curve.y_range

    def px(z: float) -> float:
        return left + (z + 3) / 6 * (right - left)

    def py(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    axes = f"M{num(left)} {num(py(0))}H{num(right)}M{num(px(0))} {num(top)}V{num(bottom)}"
    axes += "".join(f"M{num(px(t))} {num(py(0) - 4)}v8" for t in (-2, -1, 1, 2))
    axes += "".join(f"M{num(px(0) - 4)} {num(py(t))}h8" for t in curve.y_ticks)
    root.add("path", d=axes, stroke=MUTED, stroke_width=1.2, fill="none")
    for t in (-2, 2):
        add_text(root, px(t), py(0) + 19, signed(t), size=13, fill=MUTED)
    for t in curve.y_ticks:
        add_text(root, px(0) - 8, py(t) + 5, signed(t, 1 if t % 1 else 0), size=13, anchor="end", fill=MUTED)
    add_text(root, right + 2, py(0) - 8, "z", size=14, anchor="end")
    samples = [(px(k * 3 / 30), py(curve.fn(k * 3 / 30))) for k in range(-30, 31)]
    line = root.add("path", d=path_data(samples), fill="none", stroke=curve.colour, stroke_width=3)
    if curve.dash:
        line.attrs.append(("stroke-dasharray", curve.dash))
    for k, text in enumerate(curve.formula):
        add_text(root, x0 + pw / 2, y0 + 218 + 20 * k, text, size=14)
    add_text(root, x0 + pw / 2, y0 + 268, curve.span, size=14, fill=MUTED)


# --- pooling ----------------------------------------------------------------------------

POOL_INPUT: Grid = ((1, 1, 2, 4), (5, 6, 7, 8), (3, 2, 1, 0), (1, 2, 3, 4))  # CS231n's example
_WINDOWS = (("A", "red"), ("B", "green"), ("C", "yellow"), ("D", "blue"))


def draw_pooling(highlight: str | None = None) -> Picture:
    """CS231n max pooling: 4×4 input, four 2×2 windows, stride 2, the computed 2×2 output."""
    check_highlight("pooling", highlight, ())
    image, field, stride = POOL_INPUT, 2, 2
    out = max_pool(image, field, stride)
    n, m = len(image), len(out)
    root = document("pooling", 560, 420, "Max pooling 2×2, stride 2",
                    "Each 2×2 window of a 4×4 slice is replaced by its maximum.")
    cell, ix, iy, ox, oy = 44, 40, 64, 360, 108
    add_text(root, ix + n * cell / 2, 28, f"one depth slice {n}×{n}", size=15, weight="bold")
    add_text(root, ox + m * cell / 2, 72, f"output {m}×{m}", size=15, weight="bold")
    for k, (letter, colour) in enumerate(_WINDOWS):
        r, c = divmod(k, m)
        root.add("rect", x=ix + c * field * cell, y=iy + r * field * cell, width=field * cell,
                 height=field * cell, fill=FILLS[colour])
        root.add("rect", x=ox + c * cell, y=oy + r * cell, width=cell, height=cell, fill=FILLS[colour])
        above = r == 0
        add_text(root, ix + (c + 0.5) * field * cell, iy - 8 if above else iy + n * cell + 20, letter,
                 size=14, weight="bold")
        add_text(root, ox + (c + 0.5) * cell, oy - 8 if above else oy + m * cell + 20, letter,
                 size=14, weight="bold")
    for x, y, size, step in ((ix, iy, n, cell), (ox, oy, m, cell)):
        thin = "".join(f"M{num(x + k * step)} {y}v{size * step}M{x} {num(y + k * step)}h{size * step}"
                       for k in range(1, size))
        root.add("path", d=thin, stroke=INK, stroke_width=0.8, fill="none")
    # Thick borders between the windows: position, not only colour, tells them apart.
    half = n * cell / 2
    root.add("path", d=f"M{ix + half} {iy}v{n * cell}M{ix} {iy + half}h{n * cell}", stroke=INK, stroke_width=3)
    root.add("rect", x=ix, y=iy, width=n * cell, height=n * cell, fill="none", stroke=INK, stroke_width=3)
    root.add("rect", x=ox, y=oy, width=m * cell, height=m * cell, fill="none", stroke=INK, stroke_width=3)
    grid_numbers(root, ix, iy, image, cell, "pooling-in")
    grid_numbers(root, ox, oy, out, cell, "pooling-out")
    mid = iy + n * cell / 2
    add_arrow(root, root, [(ix + n * cell + 14, mid), (ox - 14, mid)], width=2)
    add_text(root, (ix + n * cell + ox) / 2, mid - 12, f"max pool {field}×{field}", size=14, weight="bold")
    add_text(root, (ix + n * cell + ox) / 2, mid + 24, f"stride {stride}", size=14)
    y = 290
    for k, (letter, _) in enumerate(_WINDOWS):
        r, c = divmod(k, m)
        cells = [image[r * stride + i][c * stride + j] for i in range(field) for j in range(field)]
        add_text(root, 40 + 260 * (k % 2), y + 22 * (k // 2),
                 f"{letter}: max({', '.join(map(signed, cells))}) = {signed(out[r][c])}", size=14,
                 anchor="start", mono=True, ident=f"pooling-max-{letter.lower()}")
    add_text(root, 40, y + 62, f"output size (W − F)/S + 1 = ({n} − {field})/{stride} + 1 = {m}",
             size=14, anchor="start")
    add_text(root, 40, y + 86, "depth unchanged: every depth slice is pooled on its own", size=14,
             anchor="start")
    add_text(root, 40, y + 110, "no parameters: nothing to learn, just max", size=14, anchor="start")
    return Picture(root, f"Max pooling 2×2 with stride 2: the {n}×{n} slice's four windows give the "
                         f"{m}×{m} output {out}; depth unchanged, no parameters.")


# --- fully-connected --------------------------------------------------------------------

FC_SCORES = (("cat", 3.2), ("car", 5.1), ("frog", -1.7))  # CS231n's softmax example


def softmax(scores: Sequence[float]) -> tuple[float, ...]:
    """Probabilities e^z / Σ e^z (shifted by the maximum for numerical safety)."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return tuple(e / sum(exps) for e in exps)


def draw_fully_connected(highlight: str | None = None) -> Picture:
    """A flattened feature vector wired to every class score, then softmax probabilities."""
    check_highlight("fully-connected", highlight, ())
    last = lenet_stages()[-1]
    flat = last.height * last.height * last.depth
    probs = softmax([s for _, s in FC_SCORES])
    root = document("fully-connected", 620, 334, "Fully connected layer",
                    "Every value of the flattened feature vector is connected to every class score.")
    volume(root, 22, 165, 40, 22, FILLS["orange"])
    add_text(root, 52, 233, last.size, size=14, weight="bold")
    add_text(root, 52, 251, "feature maps", size=13, fill=MUTED)
    add_arrow(root, root, [(92, 185), (168, 185)])
    add_text(root, 130, 175, "flatten", size=14)
    vx, ox, r = 200, 380, 14
    ins = [(f"x{'₁₂₃'[k]}", 100 + 40 * k) for k in range(3)] + [(f"x{_sub(flat)}", 270)]
    outs = [(name, 125 + 60 * k) for k, (name, _) in enumerate(FC_SCORES)]
    wires = "".join(f"M{vx + r} {y1}L{ox - r} {y2}" for _, y1 in ins for _, y2 in outs)
    root.add("path", d=wires, stroke=MUTED, stroke_width=1, fill="none")
    for label, y in ins:
        root.add("circle", cx=vx, cy=y, r=r, fill=FILLS["orange"], stroke=INK, stroke_width=1.5)
        add_text(root, vx - r - 6, y + 5, label, size=14, anchor="end")
    add_text(root, vx, 228, "⋮", size=18)
    add_text(root, vx, 310, f"vector of {flat}", size=14)
    add_text(root, 290, 40, "z = Wx + b", size=14, weight="bold")
    add_text(root, 290, 58, "every input → every score", size=13, fill=MUTED)
    for (name, score), (_, y) in zip(FC_SCORES, outs):
        root.add("circle", cx=ox, cy=y, r=r + 6, fill=FILLS["purple"], stroke=INK, stroke_width=1.5)
        add_text(root, ox, y + 5, signed(score, 1), size=13)
        add_text(root, ox + r + 12, y + 5, name, size=14, anchor="start")
    add_text(root, ox, 88, "scores z", size=14, weight="bold")
    add_box(root, 474, 105, 66, 160, FILLS["red"])
    add_text(root, 507, 190, "softmax", size=14)
    for (name, _), (_, y), p in zip(FC_SCORES, outs, probs):
        add_arrow(root, root, [(448, y), (472, y)])
        add_arrow(root, root, [(540, y), (556, y)])
        add_text(root, 560, y + 5, f"{p:.2f}", size=14, anchor="start", ident=f"fully-connected-p-{name}")
    add_text(root, 575, 88, "p", size=14, weight="bold")
    add_text(root, 507, 298, "pₖ = exp(zₖ) / Σⱼ exp(zⱼ)", size=14)
    add_text(root, 507, 318, "probabilities, sum to 1", size=13, fill=MUTED)
    return Picture(root, f"Fully connected layer: the {last.size} maps flattened to {flat} values, each "
                         "wired to every class score (cat, car, frog), then softmax probabilities "
                         + ", ".join(f"{p:.2f}" for p in probs) + ".")


def _sub(value: int) -> str:
    return str(value).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


# --- Registry ---------------------------------------------------------------------------

DRAWINGS: tuple[Drawing, ...] = (
    Drawing("cnn", "Convolutional neural network", CNN_PARTS, draw_cnn),
    Drawing("input-volume", "CNN input volume", (), draw_input_volume),
    Drawing("feature-extraction", "CNN feature extraction", (), draw_feature_extraction),
    Drawing("convolution", "Convolution with a kernel", ("kernel",), draw_convolution),
    Drawing("activation", "Activation functions", tuple(c.key for c in CURVES), draw_activation),
    Drawing("pooling", "Max pooling", (), draw_pooling),
    Drawing("fully-connected", "Fully connected layer", (), draw_fully_connected),
)

# Stage names as they appear as children (short names) of a CNN or its feature extraction.
_CONV = r"conv(olution(al)?)?( layers?)?"
_ACT = r"(non-?linear )?activation( functions?| layers?)?|relu( layers?)?"
_POOL = r"((max|average|avg)[- ]?)?pool(ing)?( layers?)?|max ?pool(ing)?"
_FC = r"fully[- ]connected( layers?)?|fc( layers?)?|dense( layers?)?"
_KERNEL = r"(conv(olution(al)?)? )?(layer )?(kernels?|filters?)"
_STAGE_PARTS = (
    Part((_CONV,), "cnn", "conv"),
    Part((_ACT,), "cnn", "activation"),
    Part((_POOL,), "cnn", "pooling"),
    Part((_FC,), "cnn", "fc"),
)

# Convolution details drawn elsewhere (vision.py): a CNN's or a convolution's children.
_DETAILS = (
    Part((r"(zero[- ])?padding|pad|same padding|valid padding",), "conv-arithmetic", "padding"),
    Part((r"strides?|stride length",), "conv-arithmetic", "stride"),
    Part((r"dilat(ed|ion)( convolutions?| rate)?|atrous( convolutions?)?",), "conv-arithmetic", "dilation"),
    Part((r"(transposed|fractionally[- ]strided) convolutions?|deconvolutions?( layers?)?|up-?convolutions?",),
         "conv-arithmetic", "transposed"),
    Part((r"(input |colou?r )?channels?|depth( of the input)?",), "conv-volume", "channels"),
    Part((r"feature maps?|activation maps?|output (volume|feature maps?)",), "conv-volume", "feature-maps"),
    Part((r"(number of )?filters( and kernels)?|filter banks?",), "conv-volume", "filters"),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("cnn", (r"convolutional neural networks?( \(cnns?\))?", r"cnns?", r"conv ?nets?",
                    r"(deep )?convolutional (neural )?(networks?|nets?)( \(cnns?\))?"), parts=(
        Part((r"(cnn )?input( layer| volume)?",), "cnn", "input"),
        Part((r"(cnn )?feature extraction",), "cnn", "feature-extraction"),
        *_STAGE_PARTS,
        Part((_KERNEL,), "convolution", "kernel"),
        *_DETAILS,
    )),
    Concept("input-volume", (r"(cnn |convolutional )?input volume", r"cnn input( layer)?")),
    Concept("feature-extraction", (r"(cnn )?feature extraction( layers?)?",),
            parts=(*_STAGE_PARTS, Part((_KERNEL,), "convolution", "kernel"), *_DETAILS)),
    Concept("convolution", (r"convolution(al)?( layers?)?", r"conv( layers?)?",
                            r"convolution(al)? (kernels?|filters?)"),
            parts=(Part((_KERNEL,), "convolution", "kernel"), *_DETAILS)),
    Concept("activation", (r"(cnn )?(feature extraction )?activation( functions?| layers?)?",
                           r"relu|rectified linear units?( \(relu\))?|sigmoid( function)?|tanh|"
                           r"(non-?linear|nonlinear) activation( functions?)?")),
    Concept("pooling", (r"(cnn )?(feature extraction )?" + f"({_POOL})",)),
    Concept("fully-connected", (r"(cnn )?(feature extraction )?" + f"({_FC})",)),
)
