"""Deterministic SVG writing with the standard library's rules and none of its surprises.

Every diagram goes through this module so that all of them share one number format, one
palette, one font stack and one serialisation: the same input always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

# Near-black ink and light fills on a transparent background: the note type's CSS inverts
# the whole picture on night-mode cards (invert + hue-rotate keeps the hues recognisable).
INK = "#1b1b1f"
MUTED = "#55575e"
FILLS = {
    "blue": "#d6e6fb",
    "green": "#d5f0de",
    "orange": "#fde3c4",
    "purple": "#e7dcf7",
    "red": "#f9d6d5",
    "yellow": "#fbefb3",
    "grey": "#eceef1",
}
# A highlighted part is never told by colour alone: it also gets a thick stroke, and the
# diagram's code adds a label or marker next to it.
HIGHLIGHT_FILL = "#ffcf4a"
HIGHLIGHT_STROKE = "#b3261e"
HIGHLIGHT_WIDTH = 3.5
FONT = "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"
MONO = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace"


def num(value: float) -> str:
    """Format a coordinate: at most two decimals, no exponent, no ``-0``.

    >>> num(3.0), num(-0.001), num(2.345), num(1e-7)
    ('3', '0', '2.35', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class El:
    """An SVG element whose attributes keep the order they were given in."""

    __slots__ = ("tag", "attrs", "children", "text")

    def __init__(self, tag: str, text: str | None = None, **attrs: object) -> None:
        self.tag = tag
        self.text = text
        self.attrs: list[tuple[str, str]] = [(_attr_name(k), _attr_value(v)) for k, v in attrs.items()]
        self.children: list[El] = []

    def add(self, tag: str, text: str | None = None, **attrs: object) -> El:
        """Append a child element and return it."""
        child = El(tag, text, **attrs)
        self.children.append(child)
        return child

    def append(self, child: El) -> El:
        self.children.append(child)
        return child

    def find_id(self, ident: str) -> El | None:
        """The descendant (or self) with this id, for tests and highlighting."""
        for el in self.iter():
            if ("id", ident) in el.attrs:
                return el
        return None

    def iter(self) -> Iterator[El]:
        yield self
        for child in self.children:
            yield from child.iter()


def _attr_name(key: str) -> str:
    # Python keywords get a trailing underscore (class_), SVG's hyphens arrive as underscores.
    return key.rstrip("_").replace("_", "-")


def _attr_value(value: object) -> str:
    if isinstance(value, bool):
        raise TypeError("SVG attributes take numbers or strings, not booleans")
    if isinstance(value, (int, float)):
        return num(float(value))
    return str(value)


def document(ident: str, width: float, height: float, title: str, desc: str) -> El:
    """The root ``<svg>`` with ``<title>`` and ``<desc>`` as its first children."""
    root = El(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        id=ident,
        viewBox=f"0 0 {num(width)} {num(height)}",
        width=width,
        height=height,
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        font_family=FONT,
        fill=INK,
    )
    root.add("title", title, id=f"{ident}-title")
    root.add("desc", desc, id=f"{ident}-desc")
    return root


def arrow_marker(root: El, ident: str = "arrow", colour: str = INK) -> str:
    """Add an arrowhead marker to ``<defs>`` (created on first use); return ``url(#id)``."""
    defs = next((c for c in root.children if c.tag == "defs"), None)
    if defs is None:
        defs = El("defs")
        root.children.insert(2, defs)
    if defs.find_id(ident) is None:
        marker = defs.add(
            "marker", id=ident, viewBox="0 0 10 10", refX=9, refY=5,
            markerWidth=7, markerHeight=7, orient="auto-start-reverse",
        )
        marker.add("path", d="M0 0L10 5L0 10z", fill=colour)
    return f"url(#{ident})"


def serialise(root: El) -> str:
    """Text of the document: two-space indentation, ``\\n`` line endings, trailing newline."""
    lines: list[str] = []
    _write(root, 0, lines)
    return "\n".join(lines) + "\n"


def _write(el: El, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in el.attrs)
    if not el.children:
        if el.text is None:
            out.append(f"{pad}<{el.tag}{attrs}/>")
        else:
            out.append(f"{pad}<{el.tag}{attrs}>{escape(el.text)}</{el.tag}>")
        return
    out.append(f"{pad}<{el.tag}{attrs}>" + ("" if el.text is None else escape(el.text)))
    for child in el.children:
        _write(child, depth + 1, out)
    out.append(f"{pad}</{el.tag}>")
