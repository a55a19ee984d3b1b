"""Foundations: deep learning's feature hierarchy, the neuron, feed-forward nets, back-prop, sequences."""

from __future__ import annotations

from .registry import Concept, Drawing, Picture
from .svg import FILLS, INK, MUTED, El, add_arrow, add_box, add_circle, add_line, add_sub_text, add_text, document, num, path_data

FORWARD_INK = "#1d6b34"  # dark green: forward values (also told apart by position and solid lines)
BACKWARD_INK = "#a3231b"  # dark red: gradients (also below the wire and dashed)


def _minus(value: float) -> str:
    """A worked number as printed in the figure: a real minus sign, no trailing ``.0``.

    >>> _minus(-12.0), _minus(3.0), _minus(0.5)
    ('−12', '3', '0.5')
    """
    return num(value).replace("-", "−")


# --- Deep learning: Goodfellow et al., Fig. 1.2 -------------------------------------------------

_LAYERS = (  # bottom to top: (name, what it detects, fill)
    ("Visible layer", "(input pixels)", "grey"),
    ("1st hidden layer", "(edges)", "blue"),
    ("2nd hidden layer", "(corners and contours)", "blue"),
    ("3rd hidden layer", "(object parts)", "blue"),
    ("Output", "(object identity)", "green"),
)


def _pixels(g: El, x: float, y: float) -> None:
    # A coarse grey-level image (a bright blob on a darker ground), computed, not typed; one
    # path per grey level keeps the file small.
    cells: dict[int, list[str]] = {}
    for row in range(4):
        for col in range(12):
            d = ((col - 5.5) / 6) ** 2 + ((row - 1.5) / 2.2) ** 2
            level = 90 + 40 * round(4 * max(0.0, 1 - d))
            cells.setdefault(level, []).append(f"M{num(x + col * 15)} {num(y + row * 11)}h14v10h-14z")
    for level in sorted(cells):
        g.add("path", d="".join(cells[level]), fill=f"#{level:02x}{level:02x}{level:02x}")


def _edges(g: El, x: float, y: float) -> None:
    for i, (dx, dy) in enumerate(((16, 0), (11, 11), (0, 16), (-11, 11), (16, 0), (0, 16))):
        cx, cy = x + 14 + i * 28, y + 22
        add_line(g, [(cx - dx / 2, cy - dy / 2), (cx + dx / 2, cy + dy / 2)], width=3)


def _corners(g: El, x: float, y: float) -> None:
    add_line(g, [(x + 8, y + 8), (x + 8, y + 36), (x + 34, y + 36)], width=3)
    add_line(g, [(x + 50, y + 36), (x + 64, y + 8), (x + 78, y + 36)], width=3)
    g.add("path", d=f"M{num(x + 96)} {num(y + 36)}A18 18 0 0 1 {num(x + 132)} {num(y + 36)}",
          fill="none", stroke=INK, stroke_width=3)
    add_line(g, [(x + 146, y + 8), (x + 168, y + 8), (x + 168, y + 30)], width=3)


def _parts(g: El, x: float, y: float) -> None:
    # A wheel, an eye and a window: parts of cars, people and animals.
    add_circle(g, x + 24, y + 22, 17, FILLS["grey"])
    add_circle(g, x + 24, y + 22, 7, MUTED)
    g.add("ellipse", cx=x + 86, cy=y + 22, rx=24, ry=12, fill="#ffffff", stroke=INK, stroke_width=1.5)
    add_circle(g, x + 86, y + 22, 6, INK)
    add_box(g, x + 128, y + 6, 40, 32, FILLS["blue"], rx=8)


def _identities(g: El, x: float, y: float) -> None:
    for i, word in enumerate(("CAR", "PERSON", "ANIMAL")):
        add_box(g, x + i * 66, y + 6, 62, 32, "#ffffff", rx=4)
        add_text(g, x + 31 + i * 66, y + 27, word, size=13, weight="bold")


def deep_learning(highlight: str | None = None) -> Picture:
    """Goodfellow's Fig. 1.2: each layer builds more abstract features from the one below."""
    root = document(
        "deep-learning", 560, 470, "Deep learning: a hierarchy of features",
        "Pixels in a visible layer feed hidden layers that detect edges, then corners and contours, "
        "then object parts; the output layer names the object. Features grow more abstract upwards.",
    )
    painters = (_pixels, _edges, _corners, _parts, _identities)
    panel_x, panel_w, panel_h = 130, 212, 60
    for i, ((name, what, fill), paint) in enumerate(zip(_LAYERS, painters)):
        top = 380 - i * 88
        panel = root.add("g", id=f"deep-learning-layer-{i}")
        add_box(panel, panel_x, top, panel_w, panel_h, FILLS[fill], rx=8, dashed=i == 0)
        paint(panel, panel_x + 8, top + 8)
        add_text(panel, 362, top + 26, name, size=15, anchor="start", weight="bold")
        add_text(panel, 362, top + 46, what, size=14, anchor="start", fill=MUTED)
        if i:
            add_arrow(root, root, [(panel_x + panel_w / 2, top + panel_h + 28), (panel_x + panel_w / 2, top + panel_h + 2)])
    # The abstraction axis on the left, reading bottom to top.
    add_arrow(root, root, [(22, 440), (22, 20)], width=2.5)
    label = add_text(root, 0, 0, "increasingly abstract features", size=15, weight="bold")
    label.attrs.append(("transform", "translate(46 230) rotate(-90)"))
    # A bracket groups the hidden layers: what the network computes, not what we see.
    add_line(root, [(120, 120), (112, 120), (112, 352), (120, 352)], colour=MUTED)
    add_text(root, 106, 241, "hidden", size=13, anchor="end", fill=MUTED)
    add_text(root, 106, 415, "visible", size=13, anchor="end", fill=MUTED)
    return Picture(root, "Deep learning feature hierarchy (after Goodfellow et al. Fig. 1.2): visible input pixels, "
                   "then hidden layers for edges, corners and contours, object parts, and an output naming the "
                   "object (car, person, animal); features grow more abstract at each layer.")


# --- The artificial neuron (perceptron) ---------------------------------------------------------


def neuron(highlight: str | None = None) -> Picture:
    """One neuron: weighted inputs summed with a bias, then an activation."""
    root = document(
        "neuron", 560, 300, "An artificial neuron",
        "Inputs x1 to xn arrive over connections with weights w1 to wn; the neuron sums them with a "
        "bias b and applies an activation g, giving the output a = g(w·x + b).",
    )
    sx, sy, sr = 300, 150, 30
    inputs = (("x_1", "w_1", 70), ("x_2", "w_2", 130), ("x_n", "w_n", 230))
    add_text(root, 60, 32, "inputs", size=14, fill=MUTED)
    for x_label, w_label, y in inputs:
        # The arrow stops on the sum's rim: aim at the centre, back off by the radius.
        dx, dy = sx - 80, sy - y
        length = (dx * dx + dy * dy) ** 0.5
        end = (sx - dx / length * (sr + 2), sy - dy / length * (sr + 2))
        add_arrow(root, root, [(80, y), end])
        add_circle(root, 60, y, 20, FILLS["blue"])
        add_sub_text(root, 60, y + 6, x_label, size=16)
        t = 0.42
        add_sub_text(root, 80 + dx * t, y + dy * t - 9, w_label, size=15, weight="bold")
    add_text(root, 60, 187, "⋮", size=20)
    add_text(root, 172, 70, "weights", size=13, fill=MUTED)
    # Bias enters the sum from above.
    add_arrow(root, root, [(sx, 62), (sx, sy - sr - 2)])
    add_text(root, sx, 52, "bias b", size=15)
    add_circle(root, sx, sy, sr, FILLS["orange"])
    add_text(root, sx, sy + 9, "Σ", size=26)
    add_text(root, sx, sy + 50, "weighted sum", size=13, fill=MUTED)
    add_arrow(root, root, [(sx + sr, sy), (388, sy)])
    add_text(root, 359, sy - 9, "z", size=15, weight="bold")
    add_box(root, 390, sy - 24, 52, 48, FILLS["purple"])
    add_text(root, 416, sy + 7, "g", size=20, weight="bold")
    add_text(root, 416, sy + 44, "activation", size=13, fill=MUTED)
    add_arrow(root, root, [(442, sy), (498, sy)])
    add_text(root, 515, sy + 6, "a", size=20, weight="bold")
    add_text(root, 515, sy + 44, "output", size=13, fill=MUTED)
    add_text(root, 150, 278, "z = Σᵢ wᵢxᵢ + b", size=16)
    add_text(root, 400, 278, "a = g(z) = g(w·x + b)", size=16, weight="bold")
    return Picture(root, "Artificial neuron (perceptron): inputs x1…xn with weights w1…wn on the connections "
                   "feed a sum Σ with bias b, then an activation g: output a = g(w·x + b).")


# --- Feed-forward network (NN-SVG "FCNN") -------------------------------------------------------

_FFN = ((3, "input layer", "blue"), (4, "hidden layer 1", "green"), (4, "hidden layer 2", "green"),
        (2, "output layer", "orange"))


def _ffn_nodes(i: int, count: int) -> list[tuple[float, float]]:
    x, gap = 80 + 120 * i, 52
    return [(x, 140 + (k - (count - 1) / 2) * gap) for k in range(count)]


def feed_forward(highlight: str | None = None) -> Picture:
    """A 3-4-4-2 fully connected network; information flows left to right only."""
    root = document(
        "feed-forward", 520, 330, "A feed-forward neural network",
        "Three input nodes, two hidden layers of four and two output nodes; every node is connected "
        "to every node of the next layer, none within a layer, and information flows one way.",
    )
    layers = [_ffn_nodes(i, n) for i, (n, _, _) in enumerate(_FFN)]
    edges = root.add("g", id="feed-forward-edges", stroke=MUTED, stroke_width=1.2)
    for left, right in zip(layers, layers[1:]):  # consecutive layers only: no skips, no cycles
        for a in left:
            for b in right:
                edges.add("path", d=path_data([(a[0] + 16, a[1]), (b[0] - 16, b[1])]))
    for nodes, (_, label, fill) in zip(layers, _FFN):
        for x, y in nodes:
            add_circle(root, x, y, 16, FILLS[fill])
        add_text(root, nodes[0][0], 262, label, size=14)
    add_arrow(root, root, [(60, 290), (460, 290)], width=2)
    add_text(root, 260, 318, "information flows one way: input → output", size=14, fill=MUTED)
    return Picture(root, "Feed-forward network with layers of 3, 4, 4 and 2 nodes: each node is wired to every "
                   "node in the next layer only, and information flows one way from input to output.")


# --- Back-propagation on a circuit (CS231n) -----------------------------------------------------

X, Y, Z = -2.0, 5.0, -4.0


def circuit_values(x: float = X, y: float = Y, z: float = Z) -> dict[str, tuple[float, float]]:
    """Forward value and gradient ∂f/∂· of every wire of f = (x + y)·z.

    >>> circuit_values()
    {'x': (-2.0, -4.0), 'y': (5.0, -4.0), 'z': (-4.0, 3.0), 'q': (3.0, -4.0), 'f': (-12.0, 1.0)}
    """
    q = x + y
    f = q * z
    df = 1.0
    dq, dz = z * df, q * df  # multiply gate: each input's gradient is the other input
    dx, dy = 1.0 * dq, 1.0 * dq  # add gate: passes the gradient through unchanged
    return {"x": (x, dx), "y": (y, dy), "z": (z, dz), "q": (q, dq), "f": (f, df)}


# Each wire: its name, the straight run where labels sit (x0, x1, y), and where it ends.
_WIRES = (
    ("x", 40, 220, 70, (281, 98)),
    ("y", 40, 220, 180, (281, 132)),
    ("q", 322, 440, 115, (487, 182)),
    ("z", 40, 440, 290, (487, 218)),
    ("f", 532, 610, 200, None),
)
_PLUS, _TIMES = (300, 115), (510, 200)


def backprop(highlight: str | None = None) -> Picture:
    """CS231n's circuit f = (x + y)·z with values forward and gradients backward."""
    values = circuit_values()
    root = document(
        "backprop", 640, 420, "Back-propagation on f = (x + y)·z",
        "A circuit adds x and y into q, then multiplies q by z into f. Forward values are written "
        "above the wires, gradients of f below them, computed backwards with the chain rule.",
    )
    for name, x0, x1, y, end in _WIRES:
        value, grad = values[name]
        points = [(x0, y), (x1, y)] + ([end] if end else [])
        add_arrow(root, root, points, width=2)
        add_text(root, (x0 + x1) / 2, y - 10, f"{name} = {_minus(value)}", size=15, weight="bold", fill=FORWARD_INK)
        add_arrow(root, root, [(x1 - 12, y + 10), (x0 + 18, y + 10)], dashed=True, colour=BACKWARD_INK, width=1.6)
        add_text(root, (x0 + x1) / 2, y + 31, f"∂f/∂{name} = {_minus(grad)}", size=15, fill=BACKWARD_INK)
    for (cx, cy), sign in ((_PLUS, "+"), (_TIMES, "×")):
        add_circle(root, cx, cy, 22, FILLS["yellow"])
        add_text(root, cx, cy + 8, sign, size=24, weight="bold")
    add_text(root, 300, 24, "f = (x + y)·z,   q = x + y", size=16, weight="bold")
    _legend(root, values)
    return Picture(root, "Back-propagation on the circuit f = (x + y)·z with x = −2, y = 5, z = −4: forward "
                   "values q = 3, f = −12 above the wires; gradients ∂f/∂f = 1, ∂f/∂q = −4, ∂f/∂z = 3, "
                   "∂f/∂x = ∂f/∂y = −4 below, flowing backwards by the chain rule.")


def _legend(root: El, values: dict[str, tuple[float, float]]) -> None:
    add_line(root, [(20, 338), (620, 338)], colour=MUTED, width=1)
    add_arrow(root, root, [(24, 360), (74, 360)], width=2)
    add_text(root, 84, 365, "forward: values, above", size=14, anchor="start", fill=FORWARD_INK)
    add_arrow(root, root, [(374, 360), (324, 360)], dashed=True, colour=BACKWARD_INK)
    add_text(root, 384, 365, "backward: gradients, below", size=14, anchor="start", fill=BACKWARD_INK)
    dq, q, dx = values["q"][1], values["q"][0], values["x"][1]
    add_text(root, 320, 398,
             f"chain rule: ∂f/∂x = ∂f/∂q · ∂q/∂x = {_minus(dq)} · 1 = {_minus(dx)};   ∂f/∂z = q = {_minus(q)}",
             size=14)


# --- Sequence model -----------------------------------------------------------------------------


def sequence(highlight: str | None = None) -> Picture:
    """A sequence x₁ … x_T read in order by a model that carries context to a prediction."""
    root = document(
        "sequence", 580, 244, "A sequence model",
        "Inputs x1, x2, x3 up to xT enter a model one step at a time; the model carries context "
        "from step to step and produces a prediction.",
    )
    add_box(root, 30, 30, 420, 84, FILLS["purple"], rx=10)
    add_text(root, 240, 56, "sequence model", size=16, weight="bold")
    add_arrow(root, root, [(50, 88), (430, 88)], dashed=True, width=2)
    add_text(root, 240, 106, "context carried from step to step", size=13, fill=MUTED)
    for i, label in enumerate(("x_1", "x_2", "x_3", "…", "x_T")):
        x = 75 + i * 82
        if label == "…":
            add_text(root, x, 175, "…", size=20)
            continue
        add_box(root, x - 24, 152, 48, 36, FILLS["blue"])
        add_sub_text(root, x, 176, label, size=16)
        add_arrow(root, root, [(x, 151), (x, 116)])
    add_arrow(root, root, [(55, 212), (395, 212)], width=1.4)
    add_text(root, 225, 232, "time (order matters)", size=13, fill=MUTED)
    add_arrow(root, root, [(451, 72), (478, 72)], width=2)
    add_box(root, 480, 50, 90, 44, FILLS["green"])
    add_text(root, 525, 77, "prediction", size=14, weight="bold")
    add_text(root, 525, 116, "e.g. next word", size=13, fill=MUTED)
    return Picture(root, "Sequence model: inputs x1, x2, x3 … xT enter in order, the model carries context "
                   "from step to step, and produces a prediction.")


DRAWINGS: tuple[Drawing, ...] = (
    Drawing("deep-learning", "Deep learning", (), deep_learning),
    Drawing("neuron", "Artificial neuron", (), neuron),
    Drawing("feed-forward", "Feed-forward network", (), feed_forward),
    Drawing("backprop", "Back-propagation", (), backprop),
    Drawing("sequence", "Sequence model", (), sequence),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("deep-learning", (r"deep learning", r"dl")),
    Concept("neuron", (r"artificial neural networks?", r"ann", r"(artificial )?neurons?", r"perceptrons?")),
    Concept("feed-forward", (r"feed[- ]?forward( neural)?( networks?)?", r"ffn|fnn|mlp",
                             r"multi-?layer perceptrons?")),
    Concept("backprop", (r"back[- ]?propagation", r"backprop")),
    Concept("sequence", (r"sequence models?", r"sequence modell?ing")),
)
