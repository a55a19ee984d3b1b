"""Recurrent networks: the RNN loop, Karpathy's input/output patterns, the LSTM and GRU cells."""

from __future__ import annotations

from .registry import Concept, Drawing, Part, Picture
from .svg import FILLS, INK, MUTED, El, arrow_marker, add_box, add_circle, add_line, add_sub_text, add_tag, add_text, document, num, path_data

LAYER_FILL = FILLS["yellow"]  # colah's yellow "neural network layer" boxes
POINTWISE_FILL = FILLS["red"]  # colah's pink "pointwise operation" circles


def _wires(root: El) -> El:
    """A group for wires: stroke and arrowhead set once, which keeps the files small."""
    return root.add("g", fill="none", stroke=INK, stroke_width=1.6, marker_end=arrow_marker(root))


def _wire(group: El, points: list[tuple[float, float]], width: float | None = None, arrow: bool = True) -> El:
    """A wire in a :func:`_wires` group; ``arrow=False`` for one that runs into a junction."""
    el = group.add("path", d=path_data(points))
    if width is not None:
        el.attrs.append(("stroke-width", num(width)))
    if not arrow:
        el.attrs.append(("marker-end", "none"))
    return el


def _dot(parent: El, x: float, y: float) -> None:
    """A junction: wires that meet here are joined (copied or concatenated), not crossing."""
    parent.add("circle", cx=x, cy=y, r=3.5)


def _layer(parent: El, cx: float, cy: float, text: str, ident: str | None = None, lit: bool = False) -> None:
    add_box(parent, cx - 24, cy - 15, 48, 30, LAYER_FILL, ident=ident, rx=4, lit=lit)
    add_text(parent, cx, cy + 6, text, size=16 if text == "σ" else 14, weight="bold")


def _op(parent: El, cx: float, cy: float, text: str, ident: str | None = None, lit: bool = False) -> None:
    add_circle(parent, cx, cy, 14 if len(text) == 1 else 17, POINTWISE_FILL, ident=ident, lit=lit)
    add_text(parent, cx, cy + (6 if len(text) == 1 else 5), text, size=16 if len(text) == 1 else 13, weight="bold")


# --- RNN: colah's "RNN-rolled" = "RNN-unrolled" ---------------------------------------------------


def _cell(root: El, w: El, cx: float, x_label: str, h_label: str) -> None:
    # One copy of the cell A with its input below and its output above.
    _wire(w, [(cx, 222), (cx, 172)])
    _wire(w, [(cx, 112), (cx, 64)])
    add_box(root, cx - 32, 112, 64, 58, FILLS["green"], rx=8)
    add_text(root, cx, 148, "A", size=20, weight="bold")
    add_circle(root, cx, 240, 18, FILLS["blue"])
    add_sub_text(root, cx, 246, x_label, size=16)
    add_circle(root, cx, 46, 18, FILLS["purple"])
    add_sub_text(root, cx, 52, h_label, size=16)


def rnn(highlight: str | None = None) -> Picture:
    """A recurrent cell folded with its loop, equal to the same cell unrolled over time."""
    root = document(
        "rnn", 640, 320, "A recurrent neural network, rolled and unrolled",
        "A cell A reads x_t, outputs h_t and feeds its hidden state back to itself. Unrolled, the "
        "same cell runs at every time step, passing h forward; the weights are shared.",
    )
    w = _wires(root)
    _cell(root, w, 70, "x_t", "h_t")
    # The loop: out of the right side and back in, carrying h to the next step.
    w.add("path", d="M102 126C150 112 150 172 104 158", stroke_width=1.8)
    add_text(root, 158, 147, "h", size=15, weight="bold")
    add_text(root, 200, 152, "=", size=32, weight="bold")
    steps = ("x_1", "x_2", "x_3", "x_4")
    for i, x_label in enumerate(steps):
        cx = 280 + i * 100
        _cell(root, w, cx, x_label, "h" + x_label[1:])
        if i:
            _wire(w, [(cx - 68, 141), (cx - 33, 141)], width=1.8)
            add_sub_text(root, cx - 50, 133, "h" + steps[i - 1][1:], size=15)
    add_line(root, [(248, 276), (248, 284), (612, 284), (612, 276)], colour=MUTED)
    add_text(root, 430, 306, "same cell A, same weights at every step", size=15, weight="bold")
    add_text(root, 70, 306, "folded", size=13, fill=MUTED)
    return Picture(root, "Recurrent neural network: a cell A reads x_t, emits h_t and loops its hidden state "
                   "back; unrolled over four steps the same cell, with the same weights, passes h forward.")


# --- RNN input/output patterns: Karpathy, "The Unreasonable Effectiveness of RNNs" ----------------

PATTERNS = (  # name, steps with an input, steps with an output, example task (two lines)
    ("one-to-one", (0,), (0,), ("image", "classification")),
    ("one-to-many", (0,), (0, 1, 2), ("image", "captioning")),
    ("many-to-one", (0, 1, 2), (2,), ("sentiment", "analysis")),
    ("many-to-many", (0, 1, 2), (0, 1, 2), ("labelling each", "video frame")),
)
_ROLES = (("x", "input", "red"), ("h", "hidden state", "green"), ("y", "output", "blue"))
_ROW_Y = {"y": 70, "h": 132, "x": 194}  # outputs on top, inputs at the bottom, as Karpathy draws


def _unit_defs(root: El) -> None:
    # Each role's rectangle is defined once and placed with <use>: 12 units cost a line each.
    defs = next(c for c in root.children if c.tag == "defs")
    for role, _, fill in _ROLES:
        unit = defs.add("g", id=f"unit-{role}")
        add_box(unit, -15, -12, 30, 24, FILLS[fill], rx=3)
        add_text(unit, 0, 5, role, size=14, weight="bold")


def _unit(root: El, cx: float, cy: float, role: str) -> None:
    root.add("use", href=f"#unit-{role}", x=cx, y=cy)


def _pattern_frame(root: El, left: float, name: str, lit: bool) -> None:
    # Frames go under the wires: a translucent highlight must not tint the arrows.
    frame = add_box(root, left, 8, 150, 280 if lit else 262, "none", ident=f"rnn-patterns-{name}", rx=10, lit=lit)
    if lit:
        frame.attrs.append(("fill-opacity", "0.35"))
    else:
        frame.attrs = [(k, "#b9bcc4" if k == "stroke" else v) for k, v in frame.attrs]


def _pattern_panel(root: El, w: El, left: float, pattern: tuple, lit: bool) -> None:
    name, ins, outs, example = pattern
    steps = max(max(ins), max(outs)) + 1
    add_text(root, left + 75, 32, name, size=15, weight="bold")
    first = left + 75 - (steps - 1) * 24
    for s in range(steps):
        cx = first + s * 48
        if s:
            _wire(w, [(cx - 33, 132), (cx - 16, 132)])
        _unit(root, cx, _ROW_Y["h"], "h")
        if s in ins:
            _wire(w, [(cx, 181), (cx, 145)])
            _unit(root, cx, _ROW_Y["x"], "x")
        if s in outs:
            _wire(w, [(cx, 119), (cx, 83)])
            _unit(root, cx, _ROW_Y["y"], "y")
    add_text(root, left + 75, 234, "e.g. " + example[0], size=13, fill=MUTED)
    add_text(root, left + 75, 251, example[1], size=13, fill=MUTED)
    if lit:
        add_tag(root, left + 75, 272)


def rnn_patterns(highlight: str | None = None) -> Picture:
    """Karpathy's four input/output patterns of an RNN, one panel each."""
    root = document(
        "rnn-patterns", 640, 330, "RNN input and output patterns",
        "Four panels: one-to-one, one-to-many, many-to-one and many-to-many. Inputs x at the bottom, "
        "hidden states h in the middle passing right, outputs y on top; an example task under each.",
    )
    for i, pattern in enumerate(PATTERNS):
        _pattern_frame(root, 8 + i * 157, pattern[0], pattern[0] == highlight)
    w = _wires(root)
    _unit_defs(root)
    for i, pattern in enumerate(PATTERNS):
        _pattern_panel(root, w, 8 + i * 157, pattern, pattern[0] == highlight)
    for i, (role, meaning, _) in enumerate(_ROLES):
        x = 130 + i * 150
        _unit(root, x, 312, role)
        add_text(root, x + 24, 317, meaning, size=14, anchor="start")
    which = "" if highlight is None else f" The {highlight} pattern is highlighted."
    return Picture(root, "RNN patterns after Karpathy: one-to-one (image classification), one-to-many (image "
                   "captioning), many-to-one (sentiment analysis) and many-to-many (labelling each video "
                   "frame); inputs x at the bottom, hidden states h passing right, outputs y on top." + which)


# --- LSTM: colah, "Understanding LSTM Networks" -------------------------------------------------

_GATE_COLUMNS = {"forget": 170, "input": 255, "candidate": 335, "output": 430}
LSTM_HIGHLIGHTS = ("forget", "input", "output", "gates", "cell-state")


def lstm(highlight: str | None = None) -> Picture:
    """colah's LSTM cell: cell state on top, four layers below, the gates marked."""
    root = document(
        "lstm", 640, 440, "An LSTM cell",
        "The cell state runs along the top from C_{t-1} to C_t, scaled by the forget gate and added to "
        "by the input gate. h_{t-1} and x_t are concatenated and feed three sigmoid gates and a tanh "
        "candidate layer; the output gate scales tanh(C_t) to give h_t.",
    )
    lit = {g: highlight in (g, "gates") for g in ("forget", "input", "output")}
    f, i, c, o = (_GATE_COLUMNS[k] for k in ("forget", "input", "candidate", "output"))
    top, layer_y, rail = 92, 215, 280
    add_box(root, 60, 48, 500, 262, FILLS["green"], rx=14)
    # Cell state: the straight line along the top, only touched by × and +.
    if highlight == "cell-state":
        add_box(root, 24, top - 10, 576, 20, "none", ident="lstm-cell-state", rx=10, lit=True)
    w = _wires(root)
    _wire(w, [(20, top), (f - 15, top)], width=2.4)
    _wire(w, [(f + 14, top), (c - 15, top)], width=2.4)
    _wire(w, [(c + 14, top), (610, top)], width=2.4)
    add_sub_text(root, 30, top - 18, "C_{t−1}", size=16, anchor="start", weight="bold")
    add_sub_text(root, 604, top - 18, "C_t", size=16, anchor="end", weight="bold")
    add_text(root, 250, 40, "cell state", size=13, fill=MUTED)
    # Inputs: h_{t-1} from the left, x_t from below, concatenated on the bottom rail.
    _wire(w, [(20, rail), (o, rail)], arrow=False, width=2)
    _wire(w, [(95, 360), (95, rail + 4)], width=2)
    _dot(root, 95, rail)
    add_sub_text(root, 30, rail - 10, "h_{t−1}", size=16, anchor="start", weight="bold")
    add_sub_text(root, 95, 380, "x_t", size=16, weight="bold")
    for col in (f, i, c, o):
        _dot(root, col, rail)
        _wire(w, [(col, rail), (col, layer_y + 16)])
    # The marked gates go in one group so "gates" names a single element, like the other keys.
    marked = root.add("g", id="lstm-gates") if highlight == "gates" else root
    # Forget gate: f_t scales the old cell state.
    _wire(w, [(f, layer_y - 15), (f, top + 15)])
    _op(marked if lit["forget"] else root, f, top, "×", ident="lstm-forget-op" if lit["forget"] else None, lit=lit["forget"])
    _layer(marked if lit["forget"] else root, f, layer_y, "σ", ident="lstm-forget" if lit["forget"] else None, lit=lit["forget"])
    add_sub_text(root, f - 8, 160, "f_t", size=15, anchor="end", weight="bold")
    # Input gate: i_t scales the candidate C̃_t, which is added to the cell state.
    _wire(w, [(i, layer_y - 15), (i, 150), (c - 15, 150)], arrow=False)
    _wire(w, [(c, layer_y - 15), (c, 165)])
    _wire(w, [(c, 136), (c, top + 15)])
    _op(marked if lit["input"] else root, c, 150, "×", ident="lstm-input-op" if lit["input"] else None, lit=lit["input"])
    _op(root, c, top, "+")
    _layer(marked if lit["input"] else root, i, layer_y, "σ", ident="lstm-input" if lit["input"] else None, lit=lit["input"])
    _layer(root, c, layer_y, "tanh")
    add_sub_text(root, i - 8, 185, "i_t", size=15, anchor="end", weight="bold")
    add_sub_text(root, c + 8, 185, "C̃_t", size=15, anchor="start", weight="bold")
    # Output gate: o_t scales tanh(C_t) into the new hidden state h_t.
    out_x = 505
    _dot(root, out_x, top)  # the cell state is copied down to tanh
    _wire(w, [(out_x, top), (out_x, 130)])
    _op(root, out_x, 147, "tanh")
    _wire(w, [(out_x, 164), (out_x, layer_y - 15)])
    _wire(w, [(o + 24, layer_y), (out_x - 15, layer_y)])
    _op(marked if lit["output"] else root, out_x, layer_y, "×", ident="lstm-output-op" if lit["output"] else None, lit=lit["output"])
    _layer(marked if lit["output"] else root, o, layer_y, "σ", ident="lstm-output" if lit["output"] else None, lit=lit["output"])
    add_sub_text(root, o + 36, layer_y - 12, "o_t", size=15, anchor="start", weight="bold")
    _wire(w, [(out_x, layer_y + 14), (out_x, rail + 10), (585, rail + 10)], arrow=False, width=2)
    _wire(w, [(585, rail + 10), (612, rail + 10)], width=2)
    _dot(root, 585, rail + 10)
    _wire(w, [(585, rail + 10), (585, 125)], width=2)
    add_sub_text(root, 604, rail + 30, "h_t", size=16, anchor="end", weight="bold")
    add_sub_text(root, 592, 140, "h_t", size=16, anchor="start", weight="bold")
    _gate_names(root, highlight, lit)
    _lstm_legend(root, w)
    if highlight == "cell-state":
        add_tag(root, 400, 30)
    which = "" if highlight is None else f" Highlighted: {highlight.replace('-', ' ')}."
    return Picture(root, "LSTM cell after colah: the cell state runs from C_{t−1} to C_t through × (forget gate) "
                   "and + (input gate); h_{t−1} and x_t are concatenated and feed σ, σ, tanh, σ layers giving "
                   "f_t, i_t, C̃_t and o_t; tanh(C_t) × o_t gives h_t." + which)


def _gate_names(root: El, highlight: str | None, lit: dict[str, bool]) -> None:
    # Names under the cell, in the columns of their layers; a marked gate also gets a tag.
    for key, col in _GATE_COLUMNS.items():
        name = "candidate" if key == "candidate" else f"{key} gate"
        word, _, rest = name.partition(" ")
        bold = "bold" if lit.get(key) else None
        add_text(root, col, 330, word, size=14, weight=bold)
        add_text(root, col, 347, rest or "values", size=14, weight=bold, fill=None if bold else MUTED)
        if lit.get(key):
            add_tag(root, col, 370, "this card" if highlight != "gates" else "gate")


def _lstm_legend(root: El, w: El) -> None:
    add_line(root, [(20, 392), (620, 392)], colour=MUTED, width=1)
    add_box(root, 30, 406, 34, 22, LAYER_FILL, rx=4)
    add_text(root, 72, 422, "layer", size=14, anchor="start")
    add_circle(root, 160, 417, 11, POINTWISE_FILL)
    add_text(root, 178, 422, "pointwise op", size=14, anchor="start")
    _wire(w, [(290, 417), (330, 417)])
    add_text(root, 338, 422, "vector", size=14, anchor="start")
    _wire(w, [(410, 427), (430, 417), (450, 417)], arrow=False)
    _wire(w, [(410, 407), (430, 417)], arrow=False)
    _dot(root, 430, 417)
    add_text(root, 458, 422, "concatenate / copy", size=14, anchor="start")


# --- GRU: colah's GRU variant -------------------------------------------------------------------

GRU_HIGHLIGHTS = ("update", "reset")


def gru(highlight: str | None = None) -> Picture:
    """A gated recurrent unit: update gate z_t, reset gate r_t, candidate h̃_t."""
    root = document(
        "gru", 640, 450, "A GRU cell",
        "h_{t-1} runs along the top to h_t. The reset gate r_t scales h_{t-1} before the tanh "
        "candidate h̃_t; the update gate z_t mixes: h_t = (1 − z_t)·h_{t-1} + z_t·h̃_t.",
    )
    lit_r, lit_z = highlight == "reset", highlight == "update"
    r, z, cand = 170, 255, 470
    top, layer_y, rail, x_rail = 76, 245, 300, 330
    add_box(root, 60, 40, 500, 308, FILLS["green"], rx=14)
    w = _wires(root)
    # Top line: h_{t-1} is scaled by (1 − z_t) and added to z_t · h̃_t.
    _wire(w, [(20, top), (z - 15, top)], width=2.4)
    _wire(w, [(z + 14, top), (cand - 15, top)], width=2.4)
    _wire(w, [(cand + 14, top), (612, top)], width=2.4)
    _op(root, cand, top, "+")
    add_sub_text(root, 24, top - 14, "h_{t−1}", size=16, anchor="start", weight="bold")
    add_sub_text(root, 612, top + 28, "h_t", size=16, anchor="end", weight="bold")
    _dot(root, 530, top)
    _wire(w, [(530, top), (530, 16)], width=2)
    add_sub_text(root, 540, 28, "h_t", size=16, anchor="start", weight="bold")
    # h_{t-1} drops down to be concatenated with x_t for the two gates.
    _dot(root, 80, top)
    _wire(w, [(80, top), (80, rail), (z, rail)], arrow=False, width=2)
    _wire(w, [(105, 385), (105, rail + 4)], width=2)
    _dot(root, 105, rail)
    add_sub_text(root, 105, 405, "x_t", size=16, weight="bold")
    for col in (r, z):
        _dot(root, col, rail)
        _wire(w, [(col, rail), (col, layer_y + 16)])
    # Reset gate: r_t × h_{t-1}, then concatenated with x_t into the tanh candidate.
    _dot(root, 80, 190)
    _wire(w, [(80, 190), (r - 15, 190)])
    _wire(w, [(r, layer_y - 15), (r, 205)])
    _hop_line(w, [(r + 14, 190), (400, 190), (400, 278), (cand, 278)], hop_x=z)
    _dot(root, 105, x_rail)
    _wire(w, [(105, x_rail), (cand, x_rail)], arrow=False)
    _dot(root, cand, 278)
    _wire(w, [(cand, x_rail), (cand, layer_y + 16)])
    _layer(root, cand, layer_y, "tanh")
    add_sub_text(root, cand + 8, 212, "h̃_t", size=15, anchor="start", weight="bold")
    # Update gate: z_t weighs the candidate, 1 − z_t the old state.
    _wire(w, [(z, layer_y - 15), (z, 166)], arrow=False)
    _dot(root, z, 166)
    _wire(w, [(z, 166), (z, 140)])
    _wire(w, [(z, 106), (z, top + 15)])
    _wire(w, [(z, 166), (cand - 15, 166)])
    _wire(w, [(cand, layer_y - 15), (cand, 181)])
    _wire(w, [(cand, 152), (cand, top + 15)])
    add_sub_text(root, z + 8, 210, "z_t", size=15, anchor="start", weight="bold")
    add_sub_text(root, r - 8, 225, "r_t", size=15, anchor="end", weight="bold")
    _op(root, z, 123, "1−")
    _op(root, r, 190, "×", ident="gru-reset-op" if lit_r else None, lit=lit_r)
    _layer(root, r, layer_y, "σ", ident="gru-reset" if lit_r else None, lit=lit_r)
    _op(root, z, top, "×", ident="gru-keep-op" if lit_z else None, lit=lit_z)
    _op(root, cand, 166, "×", ident="gru-mix-op" if lit_z else None, lit=lit_z)
    _layer(root, z, layer_y, "σ", ident="gru-update" if lit_z else None, lit=lit_z)
    for key, col in (("reset", r), ("update", z)):
        bold = "bold" if highlight == key else None
        add_text(root, col, 368, key, size=14, weight=bold)
        add_text(root, col, 385, "gate", size=14, weight=bold, fill=None if bold else MUTED)
        if highlight == key:
            add_tag(root, col, 410)
    add_text(root, cand, 368, "candidate", size=14)
    add_text(root, 330, 440, "hₜ = (1 − zₜ)·hₜ₋₁ + zₜ·h̃ₜ", size=16)
    which = "" if highlight is None else f" Highlighted: the {highlight} gate."
    return Picture(root, "GRU cell: the reset gate r_t scales h_{t−1} before the tanh candidate h̃_t; the "
                   "update gate z_t mixes old state and candidate: h_t = (1 − z_t)·h_{t−1} + z_t·h̃_t." + which)


def _hop_line(group: El, points: list[tuple[float, float]], hop_x: float) -> None:
    """A wire whose first run hops over a vertical wire at ``hop_x``: crossing, not joining."""
    (x0, y0), rest = points[0], points[1:]
    d = f"M{num(x0)} {num(y0)}L{num(hop_x - 7)} {num(y0)}A7 7 0 0 1 {num(hop_x + 7)} {num(y0)}L" + path_data(rest)[1:]
    group.add("path", d=d, marker_end="none")


DRAWINGS: tuple[Drawing, ...] = (
    Drawing("rnn", "Recurrent neural network", (), rnn),
    Drawing("rnn-patterns", "RNN input/output patterns", tuple(p[0] for p in PATTERNS), rnn_patterns),
    Drawing("lstm", "LSTM cell", LSTM_HIGHLIGHTS, lstm),
    Drawing("gru", "GRU cell", GRU_HIGHLIGHTS, gru),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("rnn", (r"recurrent neural networks?", r"rnns?"), parts=tuple(
        Part((rf"{p[0].replace('-', '[- ]')}( rnns?)?",), "rnn-patterns", p[0]) for p in PATTERNS
    )),
    Concept("rnn-patterns", (r"rnn (input[- /]output )?patterns", r"(rnn )?sequence (types|patterns)")),
    Concept("lstm", (r"long short[- ]term memory( networks?| cells?)?", r"lstm( cells?| networks?)?"), parts=(
        Part((r"input gate",), "lstm", "input"),
        Part((r"forget gate",), "lstm", "forget"),
        Part((r"output gate",), "lstm", "output"),
        Part((r"gates?( names)?",), "lstm", "gates"),
        Part((r"cell state",), "lstm", "cell-state"),
    )),
    Concept("gru", (r"gated recurrent units?", r"grus?( cells?)?"), parts=(
        Part((r"update gate",), "gru", "update"),
        Part((r"reset gate",), "gru", "reset"),
    )),
)
