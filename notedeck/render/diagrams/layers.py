"""The ``layers`` block: notes describe an architecture no drawing knows, one layer a line.

Pure. A fenced block whose info string is ``layers`` (optionally followed by a name) inside a
definition becomes that card's diagram, and is not shown as code. The grammar, one line a
layer (blank lines and ``#`` comments are skipped)::

    line   := [LABEL ":"] OP [ARGS] ["->" ACTIVATION] ["×" N]
    OP     := input | conv | deconv | pool | maxpool | avgpool | dense | flatten | dropout
            | batchnorm | layernorm | embedding | rnn | lstm | gru | attention | upsample
            | add | concat | ACTIVATION | output | block
    ARGS   := comma- or space-separated: a size "K×K" (or KxK), a count N, "stride S",
              "pad P", "same", "from I[, J…]", or free words (shown as written)

Shapes are computed, never typed: ``input 32×32×3`` (height × width × channels), ``input 784``
(a vector) or ``input 50×300`` after ``embedding`` (a sequence: steps × features). ``conv K×K, N``
gives (H − K + 2P)/S + 1 and N channels; ``pool K×K`` strides by K unless told; ``dense N``
flattens what comes in. ``add from I`` adds line I's output to the line above (a residual);
``concat from I, J`` joins their channels. ``×N`` repeats a line (or block) N times.
A line's LABEL (or its number) is the PART a ``[diagram: NAME:PART]`` marker highlights.

Errors name the block's line: :class:`LayersError` carries it, and the build turns it into
``path:line: message`` at the line of the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .flow import Canvas
from .registry import Picture
from .svg import MUTED, add_text

MAX_LINES = 14  # what fits a phone's screen at a readable size
ACTIVATIONS = ("relu", "tanh", "sigmoid", "softmax", "gelu", "leaky-relu", "leakyrelu", "elu", "swish", "linear")
_KINDS = {  # op → (fill, family)
    "input": ("grey", "input"), "conv": ("blue", "conv"), "deconv": ("blue", "deconv"),
    "pool": ("orange", "pool"), "maxpool": ("orange", "pool"), "avgpool": ("orange", "pool"),
    "dense": ("purple", "dense"), "fc": ("purple", "dense"), "linear": ("purple", "dense"),
    "flatten": ("grey", "flatten"), "dropout": ("grey", "same"), "batchnorm": ("yellow", "same"),
    "layernorm": ("yellow", "same"), "norm": ("yellow", "same"), "embedding": ("red", "embedding"),
    "rnn": ("green", "recurrent"), "lstm": ("green", "recurrent"), "gru": ("green", "recurrent"),
    "attention": ("orange", "same"), "upsample": ("blue", "upsample"), "add": ("yellow", "add"),
    "concat": ("yellow", "concat"), "output": ("red", "output"), "block": ("green", "same"),
    **{a: ("green", "same") for a in ACTIVATIONS},
}
_LINE = re.compile(r"^(?:(?P<label>[\w.-]+)\s*:\s+)?(?P<op>[a-z][a-z-]*)\b(?P<args>.*?)"
                   r"(?:\s*(?:->|→)\s*(?P<act>[a-z][a-z-]*))?(?:\s+[×x]\s*(?P<times>\d+))?\s*$", re.IGNORECASE)
_SIZE = re.compile(r"^(\d+)\s*[×x]\s*(\d+)(?:\s*[×x]\s*(\d+))?$")
_FROM = re.compile(r"\bfrom\s+(\d+(?:\s*,\s*\d+)*)")
_NUMBER = re.compile(r"^\d+$")
_KEYED = re.compile(r"^(stride|pad|padding)\s+(\d+)$")


class LayersError(ValueError):
    """A line of a layers block that cannot be read; ``line`` counts from the block's first line (1)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


Shape = tuple[int, ...]


@dataclass(frozen=True)
class Layer:
    """One line of a block, read."""

    number: int  # 1-based, among the block's layers
    line: int  # the line in the block
    label: str | None
    op: str
    text: str  # as shown in its box
    shape: Shape
    times: int
    inputs: tuple[int, ...]  # the layer numbers it reads besides the one above (add, concat)


@dataclass(frozen=True)
class Block:
    """A parsed layers block."""

    name: str
    layers: tuple[Layer, ...]
    source: str

    @property
    def key(self) -> str:
        """The block's picture name: its name and a hash of its text (two blocks never share a file)."""
        return f"{slug(self.name) or 'layers'}-{hashlib.sha256(self.source.encode()).hexdigest()[:8]}"

    def part(self, wanted: str) -> str:
        """The key of the line a marker's PART names: a label or a layer's number; raises LayersError."""
        want = wanted.strip().casefold()
        for layer in self.layers:
            if (layer.label or "").casefold() == want or str(layer.number) == want:
                return layer_key(layer)
        known = ", ".join(layer_key(layer) for layer in self.layers)
        raise LayersError(0, f"the layers block {self.name!r} has no line {wanted!r}; its lines: {known}")

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(layer_key(layer) for layer in self.layers)


def layer_key(layer: Layer) -> str:
    return (layer.label or str(layer.number)).casefold()


def shape_text(shape: Shape) -> str:
    return "×".join(map(str, shape))


def _conv_out(size: int, k: int, pad: int, stride: int, line: int, what: str) -> int:
    out = (size - k + 2 * pad) // stride + 1
    if out < 1:
        raise LayersError(line, f"{what}: a {k}×{k} window does not fit a {size}-wide input")
    return out


def parse(source: str, name: str = "layers") -> Block:
    """Read a block's text; raises LayersError at the first line that cannot be read.

    >>> b = parse("input 32×32×1\\nconv 5×5, 6 -> tanh\\npool 2×2\\ndense 10 -> softmax")
    >>> [(l.op, shape_text(l.shape)) for l in b.layers]
    [('input', '32×32×1'), ('conv', '28×28×6'), ('pool', '14×14×6'), ('dense', '10')]
    """
    layers: list[Layer] = []
    shape: Shape | None = None
    labels: set[str] = set()
    for number, raw in enumerate(source.split("\n"), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        match = _LINE.match(text)
        if match is None:
            raise LayersError(number, f"cannot read {text!r} as a layer: write OP [ARGS] [-> ACTIVATION], "
                              "e.g. 'conv 3×3, 64 -> relu'")
        op = match.group("op").lower()
        if op not in _KINDS:
            raise LayersError(number, f"unknown layer {op!r}; known: {', '.join(sorted(_KINDS))}")
        act = (match.group("act") or "").lower() or None
        if act is not None and act not in ACTIVATIONS:
            raise LayersError(number, f"unknown activation {act!r} after '->'; known: {', '.join(ACTIVATIONS)}")
        label = match.group("label")
        if label is not None:
            if label.casefold() in labels:
                raise LayersError(number, f"the label {label!r} is used twice")
            labels.add(label.casefold())
        times = int(match.group("times") or 1)
        if not 1 <= times <= 99:
            raise LayersError(number, f"×{times}: a line repeats 1 to 99 times")
        args_text = match.group("args").strip().lstrip(",").strip()
        inputs: tuple[int, ...] = ()
        if (found := _FROM.search(args_text)) is not None:
            inputs = tuple(int(n) for n in found.group(1).split(","))
            args_text = (args_text[:found.start()] + args_text[found.end():]).strip(" ,")
        args = [a.strip() for a in re.split(r"\s*,\s*", args_text) if a.strip()] if args_text else []
        family = _KINDS[op][1]
        if family == "input" and layers:
            raise LayersError(number, "'input' is the first line of a block, once")
        if family != "input" and shape is None:
            raise LayersError(number, f"the block starts with {op!r}: write the input first, e.g. 'input 32×32×3'")
        for i in inputs:
            if not 1 <= i <= len(layers):
                raise LayersError(number, f"from {i}: there is no layer {i} above this line (layers 1–{len(layers)})")
        for _ in range(times if family in ("conv", "same") else 1):  # a repeated conv shrinks each time
            shape = _shape_after(family, op, args, shape, inputs, layers, number)
        if times > 1 and family not in ("same", "conv", "dense", "recurrent") and op != "block":
            raise LayersError(number, f"×{times}: only a shape-keeping line, conv, dense or a recurrent layer repeats")
        shown = (f"{label}: " if label else "") + op + (" " + ", ".join(args) if args else "")
        if inputs:
            shown += " from " + ", ".join(map(str, inputs))
        if act:
            shown += f" → {act}"
        layers.append(Layer(len(layers) + 1, number, label, op, shown, shape, times, inputs))
        if len(layers) > MAX_LINES:
            raise LayersError(number, f"a layers block draws at most {MAX_LINES} layers: repeat a line with ×N, "
                              "or describe a block of layers with 'block NAME'")
    if not layers:
        raise LayersError(1, "the layers block is empty: write one layer a line, starting with 'input'")
    return Block(name, tuple(layers), source)


def _shape_after(family: str, op: str, args: list[str], shape: Shape | None, inputs: tuple[int, ...],
                 layers: list[Layer], line: int) -> Shape:
    """The shape a line outputs, from the one it reads."""
    sizes = [m for a in args if (m := _SIZE.match(a))]
    counts = [int(a) for a in args if _NUMBER.match(a)]
    keyed = {m.group(1)[:3]: int(m.group(2)) for a in args if (m := _KEYED.match(a))}
    if family == "input":
        if not sizes and not counts:
            raise LayersError(line, "input needs its shape: 32×32×3 (height×width×channels), 784, or 50×300")
        if sizes:
            return tuple(int(g) for g in sizes[0].groups() if g is not None)
        return (counts[0],)
    assert shape is not None
    if family in ("conv", "pool", "deconv", "upsample"):
        if len(shape) != 3:
            raise LayersError(line, f"{op} needs an image-shaped input (height×width×channels), not {shape_text(shape)}")
        h, w, c = shape
        if family == "upsample":
            factor = counts[0] if counts else 2
            return (h * factor, w * factor, c)
        if not sizes:
            raise LayersError(line, f"{op} needs its window size, e.g. '{op} 3×3'")
        kh, kw = int(sizes[0].group(1)), int(sizes[0].group(2))
        if family == "pool":
            stride = keyed.get("str", kh)
            pad = keyed.get("pad", 0)
            return (_conv_out(h, kh, pad, stride, line, op), _conv_out(w, kw, pad, stride, line, op), c)
        if not counts:
            raise LayersError(line, f"{op} needs its number of filters, e.g. '{op} 3×3, 64'")
        stride = keyed.get("str", 1)
        pad = (kh - 1) // 2 if "same" in args else keyed.get("pad", 0)
        if family == "deconv":  # transposed convolution: the size a convolution would have come from
            return ((h - 1) * stride - 2 * pad + kh, (w - 1) * stride - 2 * pad + kw, counts[0])
        if "same" in args:
            return (-(-h // stride), -(-w // stride), counts[0])
        return (_conv_out(h, kh, pad, stride, line, op), _conv_out(w, kw, pad, stride, line, op), counts[0])
    if family == "dense":
        if not counts:
            raise LayersError(line, f"{op} needs its number of units, e.g. '{op} 128'")
        return (*shape[:-1], counts[0]) if len(shape) == 2 else (counts[0],)
    if family == "flatten":
        total = 1
        for n in shape:
            total *= n
        return (total,)
    if family == "embedding":
        if len(shape) != 1 or len(counts) != 1 and len(counts) != 2:
            raise LayersError(line, "embedding reads a sequence of token ids ('input 50') and needs its width, "
                              "e.g. 'embedding 300'")
        return (shape[0], counts[-1])
    if family == "recurrent":
        if len(shape) != 2 or not counts:
            raise LayersError(line, f"{op} reads a sequence (steps×features) and needs its units, e.g. '{op} 128'")
        return (shape[0], counts[0]) if "sequences" in args or "seq" in args else (counts[0],)
    if family == "output":
        return (counts[0],) if counts else shape
    if family in ("add", "concat"):
        if not inputs:
            raise LayersError(line, f"{op} needs the layer it joins: '{op} from 2'")
        joined = [shape] + [layers[i - 1].shape for i in inputs]
        if family == "add":
            if any(s != shape for s in joined):
                raise LayersError(line, "add from " + ", ".join(map(str, inputs)) + ": the shapes differ ("
                                  + " and ".join(shape_text(s) for s in joined) + "); add needs equal shapes")
            return shape
        if any(s[:-1] != shape[:-1] for s in joined):
            raise LayersError(line, "concat: the shapes differ in more than their last number ("
                              + " and ".join(shape_text(s) for s in joined) + ")")
        return (*shape[:-1], sum(s[-1] for s in joined))
    return shape  # activations, norms, dropout, attention, block: the shape stays


ROW, BOX_H = 38, 26


def draw(block: Block, highlight: str | None = None, title: str | None = None, ident: str = "layers",
         note: str | None = None) -> Picture:
    """The block as a column of layers, input on top, each with its computed output shape."""
    rows = len(block.layers)
    width, top = 600, 52
    height = top + rows * ROW + (40 if note else 16)
    lanes = _lanes(block)
    left = 56 + 14 * max(lanes.values(), default=0)
    box_w = 396 - left
    heading = title or f"{block.name}: {rows} layers"
    canvas = Canvas(ident, width, height, heading,
                    f"{rows} layers from the input at the top to the output at the bottom, each with the shape it "
                    f"outputs, from {shape_text(block.layers[0].shape)} to {shape_text(block.layers[-1].shape)}.",
                    highlight, block.parts)
    canvas.text(20, 26, heading, size=16, anchor="start", weight="bold")
    canvas.text(588, 26, "output shape", size=13, anchor="end", muted=True)
    for i, layer in enumerate(block.layers):
        y = top + i * ROW
        fill = _KINDS[layer.op][0]
        if layer.times > 1:  # a repeated line: a second box peeks out behind it
            canvas.box(left + 5, y - 4, box_w, BOX_H, "", fill)
        key = layer_key(layer)
        canvas.box(left, y, box_w, BOX_H, _fit(layer.text, box_w), fill, key=key, size=14, rx=5,
                   weight="bold" if canvas.lit(key) else None, tag="none")
        if canvas.lit(key):
            canvas.tag_at(448, y + BOX_H / 2)
        add_text(canvas.root, 24, y + 18, str(layer.number), size=13, fill=MUTED)
        shape = shape_text(layer.shape) + (f"  ×{layer.times}" if layer.times > 1 else "")
        canvas.text(588, y + 18, shape, size=14, anchor="end", weight="bold" if i == rows - 1 else None)
        if i:
            canvas.arrow((left + 30, y - ROW + BOX_H), (left + 30, y - 1), width=1.4)
        for source in layer.inputs:  # a skip connection: out of the source's left side, into this one's
            lane = left - 14 * lanes[(source, layer.number)] - 4
            sy, ty = top + (source - 1) * ROW + BOX_H / 2 + 4, y + BOX_H / 2
            canvas.line((left, sy), (lane, sy), (lane, ty), width=1.6)
            canvas.arrow((lane, ty), (left - 1, ty), width=1.6)
    if note:
        canvas.text(20, top + rows * ROW + 20, note, size=13, anchor="start", muted=True)
    return canvas.picture(f"{heading}: " + "; ".join(f"{layer.text} gives {shape_text(layer.shape)}"
                                                     + (f" (×{layer.times})" if layer.times > 1 else "")
                                                     for layer in block.layers) + ".")


def _lanes(block: Block) -> dict[tuple[int, int], int]:
    """A lane left of the boxes for each skip connection; one spanning another goes further out."""
    spans = sorted(((s, layer.number) for layer in block.layers for s in layer.inputs), key=lambda p: p[1] - p[0])
    lanes: dict[tuple[int, int], int] = {}
    for s, t in spans:
        inside = [lanes[(a, b)] for (a, b) in lanes if s <= a and b <= t or not (b < s or t < a)]
        lanes[(s, t)] = max(inside, default=0) + 1
    return lanes


def _fit(text: str, width: float) -> str:
    most = int(width / 7.6)
    return text if len(text) <= most else text[: most - 1] + "…"



# --- Blocks in definitions ---------------------------------------------------------------------

_FENCE_HINT = re.compile(r"^(?:`{3,}|~{3,})[ ]*\.?layers[ ]*$", re.MULTILINE)


def find(definition: str) -> list[tuple[int, str]]:
    """The layers blocks of a definition: ``(line of the opening fence, 0-based; the block's text)``.

    Found with Python-Markdown's own fenced-code rule, the one that renders the definition, so a
    block is found exactly when the card would otherwise show it as code.

    >>> find("LeNet, as drawn:\\n\\n```layers\\ninput 32×32×1\\ndense 10\\n```\\n")
    [(2, 'input 32×32×1\\ndense 10\\n')]
    """
    if "layers" not in definition or not _FENCE_HINT.search(definition):
        return []
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    found = []
    for match in FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(definition):
        if (match.group("lang") or "").lower() == "layers" and not match.group("attrs"):
            found.append((definition.count("\n", 0, match.start()), match.group("code")))
    return found


def locate(path: str, term_line: int, definition: str, opener: int) -> int:
    """The line of the file where a definition's line ``opener`` stands (only asked for an error).

    A definition does not record where it starts (readers differ: the next line, the same line
    after a tab, a heading's section): the block's opening fence is looked for in the file from
    the card's line on, and the definition's next line after the term line when it cannot be.
    """
    fence = definition.split("\n")[opener].strip()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return term_line + 1 + opener
    later = definition.split("\n")[opener:]
    for i in range(max(term_line - 1, 0), len(lines)):
        if lines[i].strip() == fence and [s.strip() for s in lines[i:i + len(later)]] == [s.strip() for s in later]:
            return i + 1
    return term_line + 1 + opener


def slug(name: str) -> str:
    """A block's name in a marker: the card's term in lower case, words joined by hyphens.

    >>> slug("LeNet-5 (1998)")
    'lenet-5-1998'
    """
    return "-".join(re.findall(r"[^\W_]+", name.casefold()))
