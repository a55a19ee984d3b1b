"""Diagram tests: golden files, SVG structure, determinism and concept recognition.

Every drawing in ``notedeck.render.diagrams.DRAWINGS`` (all modules) is drawn plain and with each of
its highlights; each picture must match its golden file
``tests/render/diagrams/golden/<drawing>[-<highlight>].svg`` byte for byte. A missing golden file is
a failure, not a skip. After an intended change to a drawing, regenerate the golden files,
look at the pictures (``python -m tests.render.diagrams.contact_sheet``) and review the diff::

    NOTEDECK_REGEN_GOLDEN=1 pytest tests/render/diagrams

The rendered (PNG) checks live in ``test_render_png.py``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notedeck.model import cards
from notedeck.render import diagrams
from notedeck.parse.shapes import plain as parse
from notedeck.render.diagrams.svg import HIGHLIGHT_FILL, HIGHLIGHT_STROKE

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = ROOT / "notes" / "deep_learning.txt"
NS = "{http://www.w3.org/2000/svg}"
MAX_BYTES = 8 * 1024
MIN_FONT = 12  # px at the viewBox size; subscripts are the smallest text

PICTURES = [(name, hl) for name, d in diagrams.DRAWINGS.items() for hl in (None, *d.highlights)]


def _stem(name: str, highlight: str | None) -> str:
    return name if highlight is None else f"{name}-{highlight}"


def _ids(pairs: list[tuple[str, str | None]]) -> list[str]:
    return [_stem(n, h) for n, h in pairs]


@pytest.fixture(params=PICTURES, ids=_ids(PICTURES))
def picture(request: pytest.FixtureRequest) -> diagrams.Diagram:
    return diagrams.make(*request.param)


# --- golden files -------------------------------------------------------------------------------


def test_golden(picture: diagrams.Diagram) -> None:
    path = GOLDEN / f"{_stem(picture.drawing, picture.highlight)}.svg"
    if os.environ.get("NOTEDECK_REGEN_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(picture.svg.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}: run NOTEDECK_REGEN_GOLDEN=1 pytest tests/render/diagrams"
    assert path.read_bytes().decode("utf-8") == picture.svg, f"{path.name} changed; regenerate if intended"


def test_no_stale_golden_files() -> None:
    expected = {f"{_stem(n, h)}.svg" for n, h in PICTURES}
    stale = sorted(p.name for p in GOLDEN.glob("*.svg") if p.name not in expected)
    assert not stale, f"golden files for pictures that no longer exist: {stale}"


# --- structure ----------------------------------------------------------------------------------

_NUMERIC_SKIP = {"id", "href", "font-family", "aria-labelledby", "class", "role", "xmlns"}
_NUMBER = re.compile(r"-?\d*\.?\d+(?:[eE][-+]?\d+)?")


def test_structure(picture: diagrams.Diagram) -> None:
    root = ET.fromstring(picture.svg)
    assert root.tag == f"{NS}svg"
    for attr in ("viewBox", "width", "height"):
        assert root.get(attr), attr
    assert root.get("role") == "img"
    _, _, vb_w, vb_h = (float(v) for v in root.get("viewBox", "").split())
    assert (float(root.get("width", 0)), float(root.get("height", 0))) == (vb_w, vb_h)
    assert 320 <= vb_w <= 700, "width should suit a phone card"
    first, second = list(root)[:2]
    assert first.tag == f"{NS}title" and (first.text or "").strip()
    assert second.tag == f"{NS}desc" and (second.text or "").strip()
    assert picture.alt.strip()
    assert not picture.filename.startswith("_")
    assert len(picture.svg.encode("utf-8")) < MAX_BYTES, f"{len(picture.svg.encode())} bytes"
    assert picture.svg.endswith("\n") and "\r" not in picture.svg


def test_numbers_are_plain(picture: diagrams.Diagram) -> None:
    """One number format: no negative zero, no exponents, at most two decimals."""
    for el in ET.fromstring(picture.svg).iter():
        for key, value in el.attrib.items():
            if key in _NUMERIC_SKIP or value.startswith(("#", "url(")):
                continue
            for token in _NUMBER.findall(value):
                assert not re.fullmatch(r"-0(\.0*)?", token), f"{key}={value!r} has -0"
                assert "e" not in token.lower(), f"{key}={value!r} has an exponent"
                assert len(token.partition(".")[2]) <= 2, f"{key}={value!r} has over two decimals"


def test_text_is_readable(picture: diagrams.Diagram) -> None:
    for el in ET.fromstring(picture.svg).iter(f"{NS}text"):
        size = float(el.get("font-size", "16"))
        assert size >= MIN_FONT, f"{el.text!r} at {size}px"


def test_highlight(picture: diagrams.Diagram) -> None:
    """The part is found by id and stroked; never told by colour alone: a text marker is added."""
    root = ET.fromstring(picture.svg)
    if picture.highlight is None:
        assert HIGHLIGHT_FILL.lower() not in picture.svg.lower()
        return
    ident = f"{picture.drawing}-{picture.highlight}"
    found = [el for el in root.iter() if el.get("id") == ident]
    assert len(found) == 1, f"no single element with id {ident!r}"
    strokes = {el.get("stroke", "").lower() for el in found[0].iter()}
    assert HIGHLIGHT_STROKE.lower() in strokes, f"{ident} is not drawn with the highlight stroke"
    plain = ET.fromstring(diagrams.make(picture.drawing).svg)
    texts = Counter(el.text for el in root.iter(f"{NS}text")) - Counter(el.text for el in plain.iter(f"{NS}text"))
    assert texts, "a highlight needs a text marker as well as colour"


def test_ids_are_unique(picture: diagrams.Diagram) -> None:
    ids = [el.get("id") for el in ET.fromstring(picture.svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids))


# --- determinism --------------------------------------------------------------------------------

_DIGEST_SCRIPT = """
import hashlib
from notedeck.render import diagrams
for name, d in diagrams.DRAWINGS.items():
    for hl in (None, *d.highlights):
        p = diagrams.make(name, hl)
        print(name, hl, p.filename, hashlib.sha256((p.svg + p.alt).encode()).hexdigest())
"""


def _digests(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", _DIGEST_SCRIPT], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def test_deterministic_across_processes() -> None:
    first, second = _digests("1"), _digests("2")
    assert first == second
    here = "".join(
        f"{n} {h} {d.filename} {hashlib.sha256((d.svg + d.alt).encode()).hexdigest()}\n"
        for n, h in PICTURES for d in [diagrams.make(n, h)]
    )
    assert first == here


# --- recognition --------------------------------------------------------------------------------


def _requests(found: tuple[diagrams.Diagram, ...]) -> tuple[str, ...]:
    return tuple(d.drawing if d.highlight is None else f"{d.drawing}:{d.highlight}" for d in found)


@pytest.mark.parametrize(("name", "alias", "short", "ancestors", "expected"), [
    ("Deep Learning", "DL", None, [], ("deep-learning",)),
    ("How to train DL", None, "How to train", [("Deep Learning", "DL", None)], ()),
    ("Artificial Neural Networks", "ANN", None, [], ("neuron",)),
    ("Perceptron", None, None, [], ("perceptron",)),  # its own picture: the step and the line it draws
    ("Feed-forward neural network", None, None, [], ("feed-forward",)),
    ("Multilayer Perceptron", "MLP", None, [], ("feed-forward",)),
    ("Back-propagation", None, None, [], ("backprop",)),
    ("Backprop", None, None, [], ("backprop",)),
    ("Sequence Models", None, None, [], ("sequence",)),
    ("Recurrent Neural Network", "RNN", None, [], ("rnn",)),
    ("One-to-One RNN", None, "One-to-One", [("Recurrent Neural Network", "RNN", None)],
     ("rnn-patterns:one-to-one",)),
    ("One-to-Many RNN", None, "One-to-Many", [("Recurrent Neural Network", "RNN", None)],
     ("rnn-patterns:one-to-many",)),
    ("Many-to-One RNN", None, "Many-to-One", [("Recurrent Neural Network", "RNN", None)],
     ("rnn-patterns:many-to-one",)),
    ("Many-to-Many RNN", None, "Many-to-Many", [("Recurrent Neural Network", "RNN", None)],
     ("rnn-patterns:many-to-many",)),
    ("Long Short-Term Memory", "LSTM", None, [], ("lstm",)),
    ("LSTM Gates Names", None, "Gates Names", [("Long Short-Term Memory", "LSTM", None)], ("lstm:gates",)),
    ("LSTM Input Gate", None, "Input Gate", [("Long Short-Term Memory", "LSTM", None)], ("lstm:input",)),
    ("LSTM Forget Gate", None, "Forget Gate", [("Long Short-Term Memory", "LSTM", None)], ("lstm:forget",)),
    ("LSTM Output Gate", None, "Output Gate", [("Long Short-Term Memory", "LSTM", None)], ("lstm:output",)),
    ("LSTM Cell State", None, "Cell State", [("Long Short-Term Memory", "LSTM", None)], ("lstm:cell-state",)),
    ("Gated Recurrent Unit", "GRU", None, [], ("gru",)),
    ("GRU Update Gate", None, "Update Gate", [("Gated Recurrent Unit", "GRU", None)], ("gru:update",)),
    ("GRU Reset Gate", None, "Reset Gate", [("Gated Recurrent Unit", "GRU", None)], ("gru:reset",)),
    # Whole-name matches only: a longer term that merely mentions a concept gets nothing.
    ("Deep learning frameworks", None, None, [], ()),
    ("RNN vanishing gradients", None, None, [], ()),
    ("Forget Gate", None, None, [], ()),  # a gate without its LSTM parent is ambiguous
])
def test_diagrams_for(name: str, alias: str | None, short: str | None,
                      ancestors: list[tuple[str, str | None, str | None]], expected: tuple[str, ...]) -> None:
    assert _requests(diagrams.diagrams_for(name, alias, short, ancestors)) == expected


def test_requests_override_recognition() -> None:
    assert _requests(diagrams.diagrams_for("Anything", None, None, [], "lstm:forget")) == ("lstm:forget",)
    assert diagrams.diagrams_for("Long Short-Term Memory", "LSTM", None, [], "none") == ()


# The seed notes, through the real parser and hierarchy, for the concepts drawn here.
SEED_EXPECTED = {
    "Deep Learning": ("deep-learning",),
    "Artificial Neural Networks": ("neuron",),
    "How to train DL": (),
    "Back-propagation": ("backprop",),
    "Sequence Models": ("sequence",),
    "Recurrent Neural Network": ("rnn",),
    "Feed-forward neural network": ("feed-forward",),
    "One-to-One RNN": ("rnn-patterns:one-to-one",),
    "One-to-Many RNN": ("rnn-patterns:one-to-many",),
    "Many-to-Many RNN": ("rnn-patterns:many-to-many",),
    "Long Short-Term Memory": ("lstm",),
    "LSTM Gates Names": ("lstm:gates",),
    "LSTM Input Gate": ("lstm:input",),
    "LSTM Forget Gate": ("lstm:forget",),
    "LSTM Output Gate": ("lstm:output",),
}


def test_seed_notes() -> None:
    deck = cards.make_cards(parse.parse(SEED.read_text(encoding="utf-8"), SEED.name), SEED.name).cards
    got = {}
    for card in deck:
        ancestors, parent = [], card.parent
        while parent is not None:
            up = deck[parent]
            ancestors.append((up.name, up.alias, up.short))
            parent = up.parent
        got[card.name] = _requests(diagrams.diagrams_for(card.name, card.alias, card.short, ancestors, card.diagram))
    assert {k: got.get(k) for k in SEED_EXPECTED} == SEED_EXPECTED


def test_backprop_numbers_are_computed() -> None:
    from notedeck.render.diagrams.basics import circuit_values

    assert circuit_values(-2, 5, -4) == {
        "x": (-2, -4), "y": (5, -4), "z": (-4, 3), "q": (3, -4), "f": (-12, 1)}
    svg = diagrams.make("backprop").svg
    for text in ("x = −2", "y = 5", "z = −4", "q = 3", "f = −12",
                 "∂f/∂x = −4", "∂f/∂y = −4", "∂f/∂z = 3", "∂f/∂q = −4", "∂f/∂f = 1"):
        assert f">{text}<" in svg, text
