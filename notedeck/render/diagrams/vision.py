"""Vision and the syllabus's other figures: convolution arithmetic, the named CNNs, U-Net, detectors,
perceptron, highway networks, one activation curve at a time, layer norm and softmax.

Modelled on Dumoulin & Visin 2016 (convolution arithmetic), CS231n (a conv layer's volumes),
LeCun et al. 1998, Krizhevsky et al. 2012, Simonyan & Zisserman 2015 (their layer tables, as
``layers`` blocks), Szegedy et al. 2015 (the Inception module), Howard et al. 2017
(depthwise separable convolution), Ronneberger et al. 2015 (U-Net), Ren et al. 2015
(Faster R-CNN), Redmon et al. 2016 (YOLO), Srivastava et al. 2015 (highway networks),
Rosenblatt's perceptron, Ba et al. 2016 (layer norm). Worked numbers are computed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from . import layers
from .cnn import output_size, softmax, volume
from .flow import Canvas, check_highlight
from .registry import Concept, Drawing, Part, Picture
from .svg import FILLS, INK, MUTED, add_box, add_circle, add_text, document, num, path_data

# --- Convolution arithmetic (Dumoulin & Visin) -------------------------------------------

ARITHMETIC_PARTS = ("padding", "stride", "dilation", "transposed")


@dataclass(frozen=True)
class _Panel:
    key: str
    title: str
    size: int  # input width
    kernel: int
    stride: int
    padding: int
    dilation: int


_PANELS = (
    _Panel("padding", "padding P = 1", 5, 3, 1, 1, 1),
    _Panel("stride", "stride S = 2", 5, 3, 2, 0, 1),
    _Panel("dilation", "dilation D = 2", 7, 3, 1, 0, 2),
    _Panel("transposed", "transposed, stride 2", 2, 3, 2, 0, 1),
)


def arithmetic(p: _Panel) -> int:
    """Output width of a panel: (W + 2P − D(K − 1) − 1)/S + 1, or (W − 1)S + K for the transposed one.

    >>> [arithmetic(p) for p in _PANELS]
    [5, 2, 3, 5]
    """
    if p.key == "transposed":
        return (p.size - 1) * p.stride + p.kernel
    effective = p.dilation * (p.kernel - 1) + 1
    return output_size(p.size, effective, p.padding, p.stride)


def _cells(c: Canvas, x: float, y: float, n: int, cell: float, fill: str, dashed_ring: int = 0) -> None:
    """An n×n grid of cells; the outer ``dashed_ring`` cells are zero padding: dashed, unfilled."""
    def grid(x0: float, y0: float, m: int, fill_colour: str, dashed: bool) -> None:
        side = m * cell
        lines = "".join(f"M{num(x0 + k * cell)} {num(y0)}v{num(side)}M{num(x0)} {num(y0 + k * cell)}h{num(side)}"
                        for k in range(1, m))
        rect = c.root.add("rect", x=x0, y=y0, width=side, height=side, fill=fill_colour,
                          stroke=MUTED if dashed else INK, stroke_width=1)
        path = c.root.add("path", d=lines, stroke=MUTED if dashed else INK, stroke_width=1)
        if dashed:
            rect.attrs.append(("stroke-dasharray", "3 2"))
            path.attrs.append(("stroke-dasharray", "3 2"))

    if dashed_ring:
        grid(x, y, n, "none", True)
    inner = n - 2 * dashed_ring
    if inner > 0:
        grid(x + dashed_ring * cell, y + dashed_ring * cell, inner, FILLS[fill], False)


def _arith_panel(c: Canvas, left: float, top: float, p: _Panel) -> None:
    out = arithmetic(p)
    c.frame(left, top, 300, 262, key=p.key, quiet=False)
    c.text(left + 150, top + 24, p.title, size=15, weight="bold")
    cell = 16
    if p.key == "transposed":
        # The 2×2 input spread out with zeros between and a border of 2: a convolution then gives 5×5.
        n = (p.size - 1) * p.stride + 1 + 2 * (p.kernel - 1)
        x0, y0 = left + 16, top + 48
        _cells(c, x0, y0, n, cell, "blue", dashed_ring=p.kernel - 1)
        for r in range(p.size):
            for col in range(p.size):
                c.root.add("rect", x=x0 + (2 + col * p.stride) * cell, y=y0 + (2 + r * p.stride) * cell,
                           width=cell, height=cell, fill="#8fb5e6", stroke=INK, stroke_width=1)
        window = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
        note = f"input {p.size}×{p.size}: zeros between, border {p.kernel - 1}"
        formula = f"(W − 1)·S + K = ({p.size} − 1)·{p.stride} + {p.kernel} = {out}"
    else:
        n = p.size + 2 * p.padding
        x0, y0 = left + 16, top + 48 + (7 - n) * cell / 2
        _cells(c, x0, y0, n, cell, "blue", dashed_ring=p.padding)
        window = [(i * p.dilation, j * p.dilation) for i in range(p.kernel) for j in range(p.kernel)]
        note = f"input {p.size}×{p.size}, kernel {p.kernel}×{p.kernel}" + (", zero border" if p.padding else "")
        effective = p.dilation * (p.kernel - 1) + 1
        formula = (f"(W + 2P − K)/S + 1 = ({p.size} + {2 * p.padding} − {effective})/{p.stride} + 1 = {out}")
    path = "".join(f"M{num(x0 + j * cell)} {num(y0 + i * cell)}h{cell}v{cell}h-{cell}z" for i, j in window)
    c.root.add("path", d=path, fill="#f0a04b", fill_opacity="0.75", stroke=INK, stroke_width=1.6)
    if p.key == "stride":  # the window's next position, two cells on
        nxt = "".join(f"M{num(x0 + (j + p.stride) * cell)} {num(y0 + i * cell)}h{cell}v{cell}h-{cell}z"
                      for i in range(p.kernel) for j in range(p.kernel))
        c.root.add("path", d=nxt, fill="none", stroke=INK, stroke_width=2, stroke_dasharray="4 3")
        c.arrow((x0 + 1.5 * cell, y0 - 6), (x0 + 3.5 * cell, y0 - 6), width=1.4)
    ox, oy = left + 200, top + 60 + (5 - out) * cell / 2
    c.arrow((x0 + n * cell + 10, top + 110), (ox - 8, top + 110), width=1.4)
    _cells(c, ox, oy, out, cell, "green")
    c.text(ox + out * cell / 2, oy + out * cell + 18, f"output {out}×{out}", size=13, weight="bold")
    c.text(left + 150, top + 214, note, size=13, muted=True)
    c.text(left + 150, top + 236, formula, size=13)


def draw_conv_arithmetic(highlight: str | None = None) -> Picture:
    """Dumoulin & Visin 2016: padding, stride, dilation and transposed convolution, each with its output size."""
    c = Canvas("conv-arithmetic", 620, 560, "Convolution arithmetic",
               "Four panels: zero padding keeps a 5×5 input 5×5; stride 2 makes it 2×2; a kernel dilated by 2 "
               "covers 5×5 cells of a 7×7 input, giving 3×3; a transposed convolution turns 2×2 into 5×5.",
               highlight, ARITHMETIC_PARTS)
    for k, panel in enumerate(_PANELS):
        _arith_panel(c, 8 + 306 * (k % 2), 8 + 272 * (k // 2), panel)
    return c.picture("Convolution arithmetic: " + "; ".join(
        f"{p.title}: input {p.size}×{p.size}, kernel {p.kernel}×{p.kernel}, output {arithmetic(p)}×{arithmetic(p)}"
        for p in _PANELS) + ".")


# --- A conv layer's volumes: channels, filters, feature maps ----------------------------

VOLUME_PARTS = ("channels", "filters", "feature-maps")
CONV_IN, CONV_K, CONV_FILTERS = (32, 3), 5, 4


def draw_conv_volume(highlight: str | None = None) -> Picture:
    """CS231n: an H×W×C input, K filters of F×F×C, K feature maps; parameters (F·F·C + 1)·K."""
    (w, ch), f, k = CONV_IN, CONV_K, CONV_FILTERS
    out = output_size(w, f)
    params = (f * f * ch + 1) * k
    c = Canvas("conv-volume", 620, 380, "Convolutional layer: channels, filters and feature maps",
               f"A {w}×{w}×{ch} input volume; {k} filters, each {f}×{f}×{ch}, spanning all input channels; "
               f"each filter slides over the input and gives one {out}×{out} feature map, so the output is "
               f"{out}×{out}×{k}.", highlight, VOLUME_PARTS)
    c.frame(8, 40, 180, 250, key="channels")
    for i in range(ch - 1, -1, -1):
        add_box(c.root, 34 + 14 * i, 110 - 14 * i, 110, 110, FILLS[("red", "green", "blue")[i]], rx=0)
    c.text(98, 262, f"input {w}×{w}×{ch}", size=14, weight="bold")
    c.text(98, 280, f"{ch} channels (R, G, B)", size=13, muted=True)
    c.frame(210, 40, 180, 250, key="filters")
    for j in range(k):
        volume(c.root, 262 + 12 * (j % 2), 70 + 48 * j, 34, 14, FILLS["orange"])
    c.text(300, 262, f"{k} filters, {f}×{f}×{ch}", size=14, weight="bold")
    c.text(300, 280, "each spans all channels", size=13, muted=True)
    c.frame(412, 40, 200, 250, key="feature-maps")
    for j in range(k - 1, -1, -1):
        add_box(c.root, 450 + 14 * j, 100 - 14 * j, 100, 100, FILLS["green"], rx=0)
    c.text(512, 262, f"output {out}×{out}×{k}", size=14, weight="bold")
    c.text(512, 280, "one feature map per filter", size=13, muted=True)
    c.arrow((190, 165), (250, 165))
    c.arrow((360, 165), (444, 165))
    c.text(310, 22, "convolution: each filter × every position → one map", size=15, weight="bold")
    c.text(310, 322, f"size ({w} − {f})/1 + 1 = {out};  parameters ({f}·{f}·{ch} + 1)·{k} = {params}", size=14)
    c.text(310, 346, "depth of the output = number of filters", size=13, muted=True)
    return c.picture(f"Convolutional layer: a {w}×{w}×{ch} input (three channels), {k} filters of {f}×{f}×{ch}, "
                     f"and {k} feature maps of {out}×{out}; each filter gives one map; {params} parameters.")


# --- The named CNNs, as layers blocks ----------------------------------------------------

LENET = """input 32×32×1
C1: conv 5×5, 6 -> tanh
S2: avgpool 2×2
C3: conv 5×5, 16 -> tanh
S4: avgpool 2×2
C5: conv 5×5, 120 -> tanh
F6: dense 84 -> tanh
output: dense 10 -> softmax
"""
ALEXNET = """input 227×227×3
conv1: conv 11×11, 96, stride 4 -> relu
pool1: maxpool 3×3, stride 2
conv2: conv 5×5, 256, same -> relu
pool2: maxpool 3×3, stride 2
conv3: conv 3×3, 384, same -> relu
conv4: conv 3×3, 384, same -> relu
conv5: conv 3×3, 256, same -> relu
pool5: maxpool 3×3, stride 2
fc6: dense 4096 -> relu
fc7: dense 4096 -> relu
fc8: dense 1000 -> softmax
"""
VGG16 = """input 224×224×3
conv 3×3, 64, same -> relu ×2
maxpool 2×2
conv 3×3, 128, same -> relu ×2
maxpool 2×2
conv 3×3, 256, same -> relu ×3
maxpool 2×2
conv 3×3, 512, same -> relu ×3
maxpool 2×2
conv 3×3, 512, same -> relu ×3
maxpool 2×2
fc: dense 4096 -> relu ×2
output: dense 1000 -> softmax
"""
_NAMED = (
    ("lenet", "LeNet-5 (LeCun et al. 1998)", LENET, "C = convolution, S = subsampling (pooling), F = fully connected"),
    ("alexnet", "AlexNet (Krizhevsky et al. 2012)", ALEXNET, "ReLU, dropout on fc6–fc7, trained on two GPUs"),
    ("vgg", "VGG-16 (Simonyan & Zisserman 2015)", VGG16, "only 3×3 convolutions and 2×2 pooling, 16 weight layers"),
)


def _named(ident: str, title: str, source: str, note: str) -> Callable[[str | None], Picture]:
    block = layers.parse(source, title)

    def draw(highlight: str | None = None) -> Picture:
        return layers.draw(block, highlight, title=title, ident=ident, note=note)

    return draw


# --- Inception module -------------------------------------------------------------------


def draw_inception(highlight: str | None = None) -> Picture:
    """Szegedy et al. 2015, Fig. 2(b): four parallel branches, 1×1 convolutions reducing depth, concatenated."""
    c = Canvas("inception", 620, 360, "Inception module (GoogLeNet)",
               "The previous layer feeds four parallel branches: a 1×1 convolution; a 1×1 then a 3×3 convolution; "
               "a 1×1 then a 5×5 convolution; a 3×3 max pooling then a 1×1 convolution. Their outputs are "
               "concatenated along the depth.")
    c.box(210, 300, 200, 40, "Previous layer", "grey")
    c.box(160, 24, 300, 40, "Filter concatenation", "yellow")
    xs = (20, 170, 320, 470)
    first = (("1×1 conv", "blue"), ("1×1 conv", "blue"), ("1×1 conv", "blue"), ("3×3 max pool", "orange"))
    second = (None, ("3×3 conv", "purple"), ("5×5 conv", "purple"), ("1×1 conv", "blue"))
    for x, a, b in zip(xs, first, second):
        c.arrow((310, 300), (x + 65, 236))
        c.box(x, 196, 130, 38, a[0], a[1], size=14)
        if b is None:
            c.arrow((x + 65, 196), (x + 65, 66))
        else:
            c.arrow((x + 65, 196), (x + 65, 154))
            c.box(x, 114, 130, 38, b[0], b[1], size=14)
            c.arrow((x + 65, 114), (x + 65, 66))
    c.text(310, 354, "1×1 convolutions before the 3×3 and 5×5 cut the depth: fewer computations", size=13,
           muted=True)
    return c.picture("Inception module: the previous layer feeds four parallel branches (1×1 conv; 1×1 then 3×3 conv; "
                     "1×1 then 5×5 conv; 3×3 max pool then 1×1 conv), whose outputs are concatenated by depth.")


# --- MobileNet: depthwise separable convolution -----------------------------------------

MOBILE_PARTS = ("depthwise", "pointwise")
MOBILE = {"k": 3, "m": 32, "n": 64, "f": 56}  # kernel, input channels, output channels, map size


def separable_cost(k: int, m: int, n: int, f: int) -> tuple[int, int, float]:
    """Multiply-adds of a standard and a depthwise separable convolution, and their ratio 1/N + 1/K².

    >>> separable_cost(3, 32, 64, 56)[2] == 1 / 64 + 1 / 9
    True
    """
    standard = k * k * m * n * f * f
    separable = k * k * m * f * f + m * n * f * f
    return standard, separable, separable / standard


def draw_mobilenet(highlight: str | None = None) -> Picture:
    """Howard et al. 2017, Fig. 2: a standard convolution split into a depthwise and a pointwise one."""
    k, m, n, f = (MOBILE[x] for x in "kmnf")
    standard, separable, ratio = separable_cost(k, m, n, f)
    c = Canvas("mobilenet", 620, 400, "Depthwise separable convolution (MobileNet)",
               f"A standard convolution uses {n} filters of {k}×{k}×{m}. MobileNet splits it: a depthwise "
               f"convolution with one {k}×{k} filter per input channel ({m} of them), then a pointwise 1×1×{m} "
               f"convolution with {n} filters that mixes the channels.", highlight, MOBILE_PARTS)
    panels = (
        (None, "standard convolution", f"{n} filters of {k}×{k}×{m}", 34, 14, "purple"),
        ("depthwise", "1. depthwise", f"{m} filters of {k}×{k}×1", 34, 4, "blue"),
        ("pointwise", "2. pointwise", f"{n} filters of 1×1×{m}", 10, 14, "green"),
    )
    for i, (key, title, sub, side, depth, fill) in enumerate(panels):
        left = 10 + 204 * i
        c.frame(left, 30, 192, 230, key=key, quiet=key is None)
        c.text(left + 96, 54, title, size=15, weight="bold")
        for j in range(3):
            volume(c.root, left + 60 + 10 * j, 90 + 40 * j, side, depth, FILLS[fill])
        c.text(left + 96 + (20 if side < 20 else 0), 220, "…", size=18)
        c.text(left + 96, 244, sub, size=13)
    c.arrow((402, 145), (418, 145))
    c.text(310, 296, f"multiply-adds for a {f}×{f} map, {m} → {n} channels:", size=14, weight="bold")
    c.text(310, 320, f"standard {k}·{k}·{m}·{n}·{f}·{f} = {standard:,}", size=14)
    c.text(310, 342, f"separable {k}·{k}·{m}·{f}·{f} + {m}·{n}·{f}·{f} = {separable:,}", size=14)
    c.text(310, 366, f"ratio 1/N + 1/K² = {ratio:.3f}: about {1 / ratio:.0f}× fewer", size=14, weight="bold")
    return c.picture(f"Depthwise separable convolution: a standard convolution with {n} filters of {k}×{k}×{m} "
                     f"({standard:,} multiply-adds) replaced by a depthwise {k}×{k} filter per channel and a pointwise "
                     f"1×1×{m} convolution with {n} filters ({separable:,}), {1 / ratio:.0f} times fewer.")


# --- U-Net ------------------------------------------------------------------------------

UNET_PARTS = ("encoder", "decoder", "skip")
UNET_CHANNELS = (64, 128, 256, 512, 1024)
UNET_SIZE = 256  # the input's width (padded convolutions keep sizes: each level halves it)


def draw_unet(highlight: str | None = None) -> Picture:
    """Ronneberger et al. 2015, Fig. 1: a contracting path, a bottleneck, an expanding path, skip connections across."""
    c = Canvas("unet", 620, 440, "U-Net",
               "The contracting path (encoder) applies convolutions and 2×2 max pooling, halving the size and "
               "doubling the channels at each level; the expanding path (decoder) upsamples back; skip "
               "connections copy each encoder level's maps across to the decoder level of the same size.",
               highlight, UNET_PARTS)
    levels = len(UNET_CHANNELS) - 1
    c.frame(8, 40, 236, 250, key="encoder", label="encoder")
    c.frame(376, 40, 236, 250, key="decoder", label="decoder")
    lit = c.lit("skip")
    for lv in range(levels):
        y = 60 + 62 * lv
        xl, xr = 40 + 24 * lv, 470 - 24 * lv
        c.box(xl, y, 110, 36, f"{UNET_CHANNELS[lv]} ch", "blue", size=13)
        c.text(xl - 6, y + 23, str(UNET_SIZE >> lv), size=13, anchor="end", muted=True)
        c.box(xr, y, 110, 36, f"{UNET_CHANNELS[lv]} ch", "green", size=13)
        c.arrow((xl + 112, y + 18), (xr - 2, y + 18), dashed=True, colour="#b3261e" if lit else MUTED,
                width=2.4 if lit else 1.6)
        if lv < levels - 1:
            c.arrow((xl + 30, y + 38), (xl + 50, y + 60))
            c.arrow((xr + 82, y + 60), (xr + 62, y + 38))
    if lit:  # the skip connections, framed: the part a card about them emphasises
        c.frame(160, 52, 300, 240, key="skip")
    c.text(310, 70, "copy (skip connection)", size=13, muted=not lit)
    yb = 60 + 62 * levels
    last_l, last_r = 40 + 24 * (levels - 1), 470 - 24 * (levels - 1)
    c.box(255, yb, 110, 40, f"{UNET_CHANNELS[-1]} ch", "purple", size=13)
    c.text(310, yb + 58, f"bottleneck {UNET_SIZE >> levels}×{UNET_SIZE >> levels}", size=13, muted=True)
    c.arrow((last_l + 60, yb - 24), (253, yb + 18))
    c.arrow((367, yb + 18), (last_r + 50, yb - 24))
    c.box(500, 330, 110, 36, "1×1 conv", "red", size=13)
    c.text(555, 384, "segmentation map", size=13, muted=True)
    c.arrow((580, 78), (600, 78), (600, 328))
    c.text(20, 404, "↓ conv + 2×2 max pool: size ÷ 2, channels × 2", size=13, anchor="start")
    c.text(20, 424, "↑ 2×2 up-convolution: size × 2, channels ÷ 2", size=13, anchor="start")
    c.text(310, 24, f"input {UNET_SIZE}×{UNET_SIZE} → output map of the same size", size=14, weight="bold")
    return c.picture(f"U-Net: an encoder of {levels} levels ({', '.join(map(str, UNET_CHANNELS[:-1]))} channels, "
                     f"halving the size from {UNET_SIZE}), a {UNET_CHANNELS[-1]}-channel bottleneck, a decoder that "
                     "upsamples back, and skip connections copying each encoder level to the decoder level of the "
                     "same size; a 1×1 convolution gives the segmentation map.")


# --- Detectors: Faster R-CNN and YOLO ---------------------------------------------------

RCNN_PARTS = ("rpn", "roi-pooling")


def draw_rcnn(highlight: str | None = None) -> Picture:
    """Ren et al. 2015 (Faster R-CNN): backbone → feature map → region proposals → RoI pooling → class and box."""
    c = Canvas("rcnn", 620, 380, "R-CNN family (Faster R-CNN)",
               "An image passes once through a convolutional backbone; a region proposal network suggests boxes on "
               "the feature map; RoI pooling crops each proposal to a fixed size; fully connected layers give its "
               "class and a refined box.", highlight, RCNN_PARTS)
    c.root.add("rect", x=14, y=120, width=90, height=90, fill=FILLS["blue"], stroke=INK, stroke_width=1.5)
    c.root.add("rect", x=34, y=140, width=44, height=52, fill="none", stroke=INK, stroke_width=2.2,
               stroke_dasharray="5 3")
    c.text(59, 230, "image", size=13, muted=True)
    c.arrow((104, 165), (124, 165))
    c.box(126, 135, 90, 60, "CNN", "purple", sub="backbone")
    c.arrow((216, 165), (236, 165))
    volume(c.root, 238, 130, 60, 16, FILLS["green"])
    c.text(276, 222, "feature map", size=13, muted=True)
    c.arrow((268, 130), (268, 90), (330, 90))
    c.box(332, 62, 120, 56, "Region proposal", "orange", key="rpn", sub="network (RPN)", size=14, tag="above")
    c.arrow((392, 118), (392, 148))
    c.arrow((316, 165), (330, 165))
    c.box(332, 150, 120, 56, "RoI pooling", "yellow", key="roi-pooling", sub="fixed 7×7 per box", size=14)
    c.arrow((452, 178), (472, 178))
    c.box(474, 150, 60, 56, "FC", "purple")
    c.arrow((534, 168), (552, 140))
    c.arrow((534, 188), (552, 216))
    c.text(556, 138, "class", size=14, anchor="start", weight="bold")
    c.text(556, 226, "box", size=14, anchor="start", weight="bold")
    c.text(310, 24, "one CNN pass, then a class and a box for each proposed region", size=14, weight="bold")
    rows = (("R-CNN (2014)", "~2000 proposals, each warped and run through the CNN"),
            ("Fast R-CNN (2015)", "one CNN pass for the image + RoI pooling"),
            ("Faster R-CNN (2015)", "proposals from a network on the feature map (RPN)"))
    for k, (name, what) in enumerate(rows):
        c.text(30, 290 + 26 * k, name, size=14, anchor="start", weight="bold")
        c.text(200, 290 + 26 * k, what, size=14, anchor="start")
    return c.picture("Faster R-CNN: image → CNN backbone → feature map; a region proposal network suggests boxes; RoI "
                     "pooling crops each to a fixed size; fully connected layers give a class and a refined box. "
                     "R-CNN ran the CNN on each proposal; Fast R-CNN shared one pass; Faster R-CNN added the RPN.")


YOLO_S, YOLO_B, YOLO_C = 7, 2, 20


def draw_yolo(highlight: str | None = None) -> Picture:
    """Redmon et al. 2016: an S×S grid; the cell holding an object's centre predicts B boxes and C class scores."""
    depth = YOLO_B * 5 + YOLO_C
    c = Canvas("yolo", 620, 380, "YOLO: you only look once",
               f"The image is divided into a {YOLO_S}×{YOLO_S} grid; the cell containing an object's centre predicts "
               f"{YOLO_B} boxes (x, y, w, h, confidence) and {YOLO_C} class probabilities, all in one pass: an "
               f"output tensor of {YOLO_S}×{YOLO_S}×{depth}.")
    cell, gx, gy = 36, 20, 60
    side = cell * YOLO_S
    c.root.add("rect", x=gx, y=gy, width=side, height=side, fill=FILLS["blue"], stroke=INK, stroke_width=1.5)
    grid = "".join(f"M{gx + k * cell} {gy}v{side}M{gx} {gy + k * cell}h{side}" for k in range(1, YOLO_S))
    c.root.add("path", d=grid, stroke=INK, stroke_width=0.8)
    c.root.add("rect", x=gx + 3 * cell, y=gy + 4 * cell, width=cell, height=cell, fill=FILLS["orange"], stroke=INK,
               stroke_width=2)
    c.root.add("rect", x=gx + 1.6 * cell, y=gy + 2.2 * cell, width=3.4 * cell, height=3.9 * cell, fill="none",
               stroke=INK, stroke_width=2.6)
    add_circle(c.root, gx + 3.3 * cell, gy + 4.15 * cell, 5, INK)
    c.text(gx + 3.3 * cell, gy + 2.2 * cell - 8, "dog", size=14, weight="bold")
    c.text(gx + side / 2, gy - 14, f"{YOLO_S}×{YOLO_S} grid", size=14, weight="bold")
    c.text(gx + side / 2, gy + side + 22, "the cell with the object's centre (•) predicts it", size=13, muted=True)
    c.arrow((gx + side + 10, gy + 4.5 * cell), (330, gy + 4.5 * cell))
    c.text(340, 100, "each cell predicts:", size=14, anchor="start", weight="bold")
    c.text(340, 126, f"{YOLO_B} boxes × (x, y, w, h, confidence)", size=14, anchor="start")
    c.text(340, 150, f"+ {YOLO_C} class probabilities", size=14, anchor="start")
    volume(c.root, 380, 190, 90, 30, FILLS["green"])
    c.text(440, 310, f"output {YOLO_S}×{YOLO_S}×({YOLO_B}·5 + {YOLO_C}) = {YOLO_S}×{YOLO_S}×{depth}", size=14,
           weight="bold")
    c.text(440, 334, "one network pass; then non-max suppression", size=13, muted=True)
    return c.picture(f"YOLO: a {YOLO_S}×{YOLO_S} grid over the image; the cell holding the dog's centre predicts it; "
                     f"each cell predicts {YOLO_B} boxes (x, y, w, h, confidence) and {YOLO_C} class probabilities, an "
                     f"output of {YOLO_S}×{YOLO_S}×{depth}, in a single pass.")


# --- Highway network --------------------------------------------------------------------


def draw_highway(highlight: str | None = None) -> Picture:
    """Srivastava et al. 2015: y = H(x)·T(x) + x·(1 − T(x)), a learned gate between transform and carry."""
    c = Canvas("highway", 520, 400, "Highway layer",
               "The input x goes through a transform H and a gate T (a sigmoid); the output mixes them: "
               "y = H(x)·T(x) + x·(1 − T(x)); when T is near 0 the layer carries x through unchanged.")
    c.text(260, 26, "y = H(x) · T(x) + x · (1 − T(x))", size=16, weight="bold")
    c.box(230, 340, 60, 36, "x", "grey", size=16)
    c.arrow((260, 340), (260, 310), (150, 310), (150, 278))
    c.arrow((260, 310), (330, 310), (330, 278))
    c.box(90, 236, 120, 40, "H(x)", "blue", sub=None)
    c.box(280, 236, 100, 40, "T(x) = σ", "yellow", size=14)
    c.text(400, 262, "gate", size=13, anchor="start", muted=True)
    c.text(80, 262, "transform", size=13, anchor="end", muted=True)
    c.op(150, 180, "×")
    c.arrow((150, 236), (150, 195))
    c.arrow((330, 236), (330, 200), (166, 182))
    c.op(380, 180, "×")
    c.box(400, 120, 60, 30, "1 − T", "yellow", size=13)
    c.arrow((372, 236), (430, 222), (430, 152))
    c.arrow((420, 150), (390, 168))
    c.arrow((260, 310), (480, 310), (480, 180), (395, 180), dashed=True)
    c.text(470, 330, "carry x", size=13, muted=True)
    c.op(260, 100, "+")
    c.arrow((150, 166), (248, 106))
    c.arrow((380, 166), (272, 106))
    c.arrow((260, 86), (260, 50))
    c.text(272, 62, "y", size=15, anchor="start", weight="bold")
    return c.picture("Highway layer: x feeds a transform H(x) and a sigmoid gate T(x); H(x)·T(x) is added to "
                     "x·(1 − T(x)), the carried input, giving y; a residual connection is the gate-free version.")


# --- Perceptron -------------------------------------------------------------------------

PERCEPTRON_POINTS = (((1, 3), 1), ((2, 4), 1), ((2.5, 3.8), 1), ((3, 1), 0), ((4, 2), 0), ((5, 1.5), 0))
PERCEPTRON_W, PERCEPTRON_B = (-1.0, 1.0), -0.2  # w·x + b = 0 separates the two classes above


def draw_perceptron(highlight: str | None = None) -> Picture:
    """Rosenblatt's perceptron: a weighted sum and a step, and the straight line it draws between two classes."""
    c = Canvas("perceptron", 620, 330, "The perceptron",
               "Inputs x1 and x2 with weights w1 and w2 and a bias b are summed and passed through a step function: "
               "output 1 if w·x + b > 0, else 0. It separates two classes with a straight line.")
    for k, (x_label, w_label, y) in enumerate((("x₁", "w₁", 90), ("x₂", "w₂", 190))):
        add_circle(c.root, 40, y, 20, FILLS["blue"])
        c.text(40, y + 6, x_label, size=16)
        c.arrow((60, y), (172, 140 + (k * 2 - 1) * 14))
        c.text(110, y + (20 if k == 0 else -10), w_label, size=15, weight="bold")
    c.text(200, 70, "bias b", size=14)
    c.arrow((200, 80), (200, 110))
    add_circle(c.root, 200, 140, 28, FILLS["orange"])
    c.text(200, 148, "Σ", size=24)
    c.arrow((228, 140), (256, 140))
    c.box(258, 112, 64, 56, "", "purple")
    c.root.add("path", d="M266 156H290V124H314", fill="none", stroke=INK, stroke_width=2.4)
    c.text(290, 186, "step", size=13, muted=True)
    c.arrow((322, 140), (346, 140))
    c.text(360, 146, "ŷ", size=18, weight="bold")
    c.text(180, 250, "ŷ = 1 if w·x + b > 0, else 0", size=14, weight="bold")
    c.text(180, 274, "learning: w ← w + η (y − ŷ) x", size=14)
    c.text(180, 298, "a single linear boundary: no XOR", size=13, muted=True)
    ox, oy, s = 400, 290, 36
    c.root.add("path", d=f"M{ox} {oy}H{ox + 6 * s}M{ox} {oy}V{oy - 6 * s}", stroke=INK, stroke_width=1.5)
    c.text(ox + 6 * s, oy + 18, "x₁", size=13, anchor="end")
    c.text(ox - 8, oy - 6 * s + 10, "x₂", size=13, anchor="end")
    for (x1, x2), label in PERCEPTRON_POINTS:
        px, py = ox + x1 * s, oy - x2 * s
        if label:
            add_circle(c.root, px, py, 7, FILLS["green"])
        else:
            c.root.add("path", d=f"M{num(px)} {num(py - 8)}l8 14h-16z", fill=FILLS["orange"], stroke=INK,
                       stroke_width=1.3)
    (w1, w2), b = PERCEPTRON_W, PERCEPTRON_B
    ends = [(x1, -(w1 * x1 + b) / w2) for x1 in (0.0, 5.5)]
    c.root.add("path", d=path_data([(ox + x1 * s, oy - x2 * s) for x1, x2 in ends]), stroke=INK, stroke_width=2,
               stroke_dasharray="7 4")
    c.text(ox + 5.6 * s, oy - 5.9 * s, "w·x + b = 0", size=13, anchor="end")
    c.text(ox + 1 * s, oy - 4.9 * s, "ŷ = 1", size=13, anchor="middle", weight="bold")
    c.text(ox + 4.6 * s, oy - 0.3 * s, "ŷ = 0", size=13, anchor="middle", weight="bold")
    return c.picture("Perceptron: inputs x1, x2 with weights w1, w2 and bias b are summed and passed through a step "
                     "function (ŷ = 1 if w·x + b > 0, else 0); on the right, the line w·x + b = 0 separates the two "
                     "classes; learning rule w ← w + η(y − ŷ)x.")


# --- One activation curve at a time -----------------------------------------------------


@dataclass(frozen=True)
class _Curve:
    key: str
    title: str
    fn: Callable[[float], float]
    y_range: tuple[float, float]
    formula: str
    notes: tuple[str, str]


def _gelu(z: float) -> float:
    return 0.5 * z * (1 + math.erf(z / math.sqrt(2)))


CURVES = (
    _Curve("relu", "ReLU", lambda z: max(0.0, z), (-1.0, 3.2), "ReLU(z) = max(0, z)",
           ("range [0, ∞); gradient 1 for z > 0, 0 below", "cheap, no saturation for z > 0; can 'die'")),
    _Curve("leaky-relu", "Leaky ReLU", lambda z: z if z > 0 else 0.1 * z, (-1.0, 3.2), "f(z) = max(αz, z),  α = 0.1",
           ("range (−∞, ∞): a small slope α below 0", "keeps a gradient for z < 0: no dead units")),
    _Curve("elu", "ELU", lambda z: z if z > 0 else math.exp(z) - 1, (-1.3, 3.2), "f(z) = z if z > 0, else eᶻ − 1",
           ("range (−1, ∞); smooth at 0", "negative outputs push mean activations toward 0")),
    _Curve("gelu", "GELU", _gelu, (-1.0, 3.2), "GELU(z) = z · Φ(z)",
           ("Φ: the standard normal's CDF", "smooth ReLU used in BERT and GPT")),
    _Curve("sigmoid", "Sigmoid σ", lambda z: 1 / (1 + math.exp(-z)), (-0.3, 1.3), "σ(z) = 1 / (1 + e⁻ᶻ)",
           ("range (0, 1), σ(0) = 0.5", "saturates: gradients vanish for large |z|")),
    _Curve("tanh", "tanh", math.tanh, (-1.3, 1.3), "tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)",
           ("range (−1, 1), zero-centred", "saturates like the sigmoid; tanh(z) = 2σ(2z) − 1")),
)


def _curve_drawing(curve: _Curve) -> Callable[[str | None], Picture]:
    def draw(highlight: str | None = None) -> Picture:
        check_highlight(curve.key, highlight, ())
        root = document(curve.key, 440, 360, f"{curve.title} activation function",
                        f"The curve of {curve.formula} for z from −4 to 4, with zero lines and ticks.")
        add_text(root, 220, 28, curve.title, size=18, weight="bold")
        left, right, top, bottom = 50, 420, 50, 250
        lo, hi = curve.y_range

        def px(z: float) -> float:
            return left + (z + 4) / 8 * (right - left)

        def py(v: float) -> float:
            return bottom - (v - lo) / (hi - lo) * (bottom - top)

        ticks_y = [t for t in (-1.0, 0.5, 1.0, 2.0, 3.0) if lo < t < hi]
        axes = f"M{num(left)} {num(py(0))}H{num(right)}M{num(px(0))} {num(top)}V{num(bottom)}"
        axes += "".join(f"M{num(px(t))} {num(py(0) - 4)}v8" for t in (-4, -2, 2, 4))
        axes += "".join(f"M{num(px(0) - 4)} {num(py(t))}h8" for t in ticks_y)
        root.add("path", d=axes, stroke=MUTED, stroke_width=1.2, fill="none")
        for t in (-4, -2, 2, 4):
            add_text(root, px(t), py(0) + 20, f"{t}".replace("-", "−"), size=13, fill=MUTED)
        for t in ticks_y:
            add_text(root, px(0) - 8, py(t) + 5, f"{t:g}".replace("-", "−"), size=13, anchor="end", fill=MUTED)
        add_text(root, right, py(0) - 8, "z", size=14, anchor="end")
        samples = [(px(k / 10), py(curve.fn(k / 10))) for k in range(-40, 41)]
        root.add("path", d=path_data(samples), fill="none", stroke="#1f5fa8", stroke_width=3)
        add_text(root, 220, 286, curve.formula, size=16, weight="bold")
        for k, line in enumerate(curve.notes):
            add_text(root, 220, 312 + 22 * k, line, size=14, fill=MUTED if k else None)
        return Picture(root, f"{curve.title} activation: {curve.formula}, plotted for z from −4 to 4; "
                             f"{curve.notes[0]}; {curve.notes[1]}.")

    return draw


# --- Layer normalisation ----------------------------------------------------------------

NORM_ROWS, NORM_COLS = 4, 6


def _norm_grid(c: Canvas, x0: float, title: str, sub: str, by_row: bool) -> None:
    cell = 34
    c.text(x0 + NORM_COLS * cell / 2, 70, title, size=15, weight="bold")
    c.text(x0 + NORM_COLS * cell / 2, 90, sub, size=13, muted=True)
    for r in range(NORM_ROWS):
        for col in range(NORM_COLS):
            shaded = (r == 1) if by_row else (col == 2)
            c.root.add("rect", x=x0 + col * cell, y=110 + r * cell, width=cell, height=cell,
                       fill=FILLS["orange"] if shaded else FILLS["grey"], stroke=INK, stroke_width=1)
    if by_row:
        c.arrow((x0 + 4, 110 + 1.5 * cell), (x0 + NORM_COLS * cell - 4, 110 + 1.5 * cell), width=2.2)
    else:
        c.arrow((x0 + 2.5 * cell, 114), (x0 + 2.5 * cell, 110 + NORM_ROWS * cell - 4), width=2.2)
    c.text(x0 - 8, 110 + NORM_ROWS * cell / 2, "batch", size=13, anchor="end", muted=True)
    c.text(x0 + NORM_COLS * cell / 2, 110 + NORM_ROWS * cell + 20, "features →", size=13, muted=True)


def draw_layer_norm(highlight: str | None = None) -> Picture:
    """Ba et al. 2016: layer norm normalises each example over its features; batch norm each feature over the batch."""
    c = Canvas("layer-norm", 600, 360, "Layer normalisation",
               "A grid of examples (rows) by features (columns). Layer norm computes the mean and variance over "
               "one example's features (a row); batch norm over one feature across the batch (a column).")
    _norm_grid(c, 70, "Layer norm", "per example, over its features", True)
    _norm_grid(c, 360, "Batch norm", "per feature, over the batch", False)
    c.text(300, 30, "LN(x) = γ · (x − μ) / √(σ² + ε) + β", size=16, weight="bold")
    c.text(300, 290, "μ, σ² of the shaded cells; layer norm needs no batch: Transformers and RNNs use it",
           size=13)
    c.text(300, 314, "the same at training and test time", size=13, muted=True)
    return c.picture("Layer normalisation: in a grid of examples by features, layer norm normalises each row (one "
                     "example over its features), batch norm each column (one feature over the batch); then scale γ "
                     "and shift β.")


# --- Softmax ----------------------------------------------------------------------------

SOFTMAX_LOGITS = (("cat", 2.0), ("dog", 1.0), ("bird", 0.1))


def draw_softmax(highlight: str | None = None) -> Picture:
    """Logits to probabilities: exponentiate and normalise; order kept, sum 1."""
    probs = softmax([z for _, z in SOFTMAX_LOGITS])
    c = Canvas("softmax", 560, 340, "Softmax",
               "Scores (logits) for three classes become probabilities: each is exponentiated and divided by the "
               "sum of the exponentials, so the outputs are positive and sum to 1.")
    c.text(280, 28, "softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)", size=16, weight="bold")
    base = 250
    for k, ((name, z), p) in enumerate(zip(SOFTMAX_LOGITS, probs)):
        x = 50 + 60 * k
        h = z * 70
        c.root.add("rect", x=x, y=base - h, width=40, height=h, fill=FILLS["purple"], stroke=INK, stroke_width=1.2)
        c.text(x + 20, base - h - 8, f"{z:.1f}", size=13)
        c.text(x + 20, base + 20, name, size=13)
        x2 = 330 + 60 * k
        h2 = p * 180
        c.root.add("rect", x=x2, y=base - h2, width=40, height=h2, fill=FILLS["green"], stroke=INK, stroke_width=1.2)
        c.text(x2 + 20, base - h2 - 8, f"{p:.2f}", size=13, ident=f"softmax-p-{name}")
        c.text(x2 + 20, base + 20, name, size=13)
    c.root.add("path", d=f"M40 {base}H240M320 {base}H520", stroke=INK, stroke_width=1.5)
    c.text(140, 290, "logits z", size=14, weight="bold")
    c.text(420, 290, "probabilities", size=14, weight="bold")
    c.arrow((250, 180), (314, 180), width=2)
    c.text(282, 170, "softmax", size=13)
    c.text(280, 322, f"sum = {sum(probs):.2f}; the largest logit gets the largest share", size=13, muted=True)
    return c.picture("Softmax: logits " + ", ".join(f"{n} {z:.1f}" for n, z in SOFTMAX_LOGITS) + " become probabilities "
                     + ", ".join(f"{n} {p:.2f}" for (n, _), p in zip(SOFTMAX_LOGITS, probs)) + ", which sum to 1.")


# --- Registry ---------------------------------------------------------------------------

DRAWINGS: tuple[Drawing, ...] = (
    Drawing("conv-arithmetic", "Convolution arithmetic", ARITHMETIC_PARTS, draw_conv_arithmetic),
    Drawing("conv-volume", "Channels, filters and feature maps", VOLUME_PARTS, draw_conv_volume),
    *(Drawing(ident, title, layers.parse(src, title).parts, _named(ident, title, src, note))
      for ident, title, src, note in _NAMED),
    Drawing("inception", "Inception module", (), draw_inception),
    Drawing("mobilenet", "Depthwise separable convolution", MOBILE_PARTS, draw_mobilenet),
    Drawing("unet", "U-Net", UNET_PARTS, draw_unet),
    Drawing("rcnn", "R-CNN family", RCNN_PARTS, draw_rcnn),
    Drawing("yolo", "YOLO", (), draw_yolo),
    Drawing("highway", "Highway network", (), draw_highway),
    Drawing("perceptron", "Perceptron", (), draw_perceptron),
    *(Drawing(curve.key, f"{curve.title} activation", (), _curve_drawing(curve)) for curve in CURVES),
    Drawing("layer-norm", "Layer normalisation", (), draw_layer_norm),
    Drawing("softmax", "Softmax", (), draw_softmax),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("conv-arithmetic", (r"(zero[- ])?padding( in (cnns?|convolutions?))?", r"same (and|vs\.?) valid padding"),
            highlight="padding"),
    Concept("conv-arithmetic", (r"strides?( in (cnns?|convolutions?))?", r"strided convolutions?"),
            highlight="stride"),
    Concept("conv-arithmetic", (r"dilated convolutions?|atrous convolutions?|dilation( rate)?",), highlight="dilation"),
    Concept("conv-arithmetic", (r"(transposed|fractionally[- ]strided) convolutions?( layers?)?",
                                r"deconvolutions?( layers?)?|up-?convolutions?"), highlight="transposed"),
    Concept("conv-arithmetic", (r"convolution arithmetic",)),
    Concept("conv-volume", (r"feature maps?|activation maps?",), highlight="feature-maps"),
    Concept("conv-volume", (r"(input |colou?r )?channels?( in (cnns?|images?))?",), highlight="channels"),
    Concept("lenet", (r"le-?net(-?5)?( architecture)?",)),
    Concept("alexnet", (r"alex-?net",)),
    Concept("vgg", (r"vgg(-?net)?(-?1[69])?( net(work)?)?", r"visual geometry group( network)?")),
    Concept("inception", (r"inception( modules?| networks?| v\d)?", r"googl?e-?net")),
    Concept("mobilenet", (r"mobile-?nets?( v\d)?",
                          r"depth-?wise separable convolutions?"),
            parts=(Part((r"depth-?wise( convolutions?)?",), "mobilenet", "depthwise"),
                   Part((r"point-?wise( convolutions?)?|1 ?[×x] ?1 convolutions?",), "mobilenet", "pointwise"))),
    Concept("mobilenet", (r"depth-?wise convolutions?",), highlight="depthwise"),
    Concept("mobilenet", (r"point-?wise convolutions?|1 ?[×x] ?1 convolutions?",), highlight="pointwise"),
    Concept("unet", (r"u-?nets?( architecture)?",),
            parts=(Part((r"(contracting path|encoder)( path)?",), "unet", "encoder"),
                   Part((r"(expan(ding|sive) path|decoder)( path)?",), "unet", "decoder"),
                   Part((r"skip connections?|copy and crop",), "unet", "skip"))),
    Concept("rcnn", (r"(fast(er)? |mask )?r-?cnns?( family)?", r"region[- ]based (cnns?|convolutional neural networks?)"
                     r"( \(r-?cnn\))?", r"two[- ]stage (object )?detectors?"),
            parts=(Part((r"region proposal networks?( \(rpn\))?|rpn",), "rcnn", "rpn"),
                   Part((r"roi (pooling|align)|region of interest pooling",), "rcnn", "roi-pooling"))),
    Concept("rcnn", (r"region proposal networks?( \(rpn\))?", r"rpn"), highlight="rpn"),
    Concept("rcnn", (r"roi (pooling|align)", r"region of interest (\(roi\) )?pooling"), highlight="roi-pooling"),
    Concept("yolo", (r"yolo(v\d+)?", r"you only look once( \(yolo\))?", r"(single|one)[- ]stage (object )?detectors?")),
    Concept("highway", (r"highway (networks?|layers?|nets?)",)),
    Concept("perceptron", (r"(single[- ]layer )?perceptrons?( learning( rule| algorithm)?)?",
                           r"rosenblatt'?s? perceptron")),
    Concept("relu", (r"relu( activation)?( functions?)?( \(relu\))?", r"rectified linear( units?| activation)?"
                     r"( \(relu\))?( functions?)?")),
    Concept("leaky-relu", (r"leaky[- ]?relu( activation)?( functions?)?", r"p-?relu|parametric relu")),
    Concept("elu", (r"elu|exponential linear units?( \(elu\))?",)),
    Concept("gelu", (r"gelu|gaussian error linear units?( \(gelu\))?",)),
    Concept("sigmoid", (r"sigmoid( activation)?( functions?)?", r"logistic (sigmoid|function)( \(sigmoid\))?",
                        r"σ")),
    Concept("tanh", (r"tanh( activation)?( functions?)?", r"hyperbolic tangent( \(tanh\))?( functions?)?")),
    Concept("layer-norm", (r"layer[- ]?norm(ali[sz]ation)?( \(ln\))?( layers?)?",)),
    Concept("softmax", (r"soft-?max( activation| function| layer| regression| classifier)?( functions?)?",)),
)
