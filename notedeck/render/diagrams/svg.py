"""Deterministic SVG writing with the standard library's rules and none of its surprises.

Every diagram goes through this module so that all of them share one number format, one
palette, one font stack and one serialisation: the same input always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape as _html_escape

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


def escape(text: str) -> str:
    """Text content: ``&``, ``<`` and ``>`` escaped (what xml.sax.saxutils does, without its imports)."""
    return _html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    """An attribute value in double quotes, as xml.sax.saxutils.quoteattr writes one."""
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in value:
        return "'" + value + "'" if "'" not in value else '"' + value.replace('"', "&quot;") + '"'
    return '"' + value + '"'


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


# --- Drawing helpers shared by the diagram modules (appended; the functions above are stable).


def add_text(
    parent: El, x: float, y: float, content: str, size: float = 14, anchor: str = "middle",
    weight: str | None = None, fill: str | None = None, ident: str | None = None,
    mono: bool = False,
) -> El:
    """Add one line of text with its baseline at ``y``."""
    attrs: dict[str, object] = {"x": x, "y": y, "font-size": size}
    if anchor != "start":
        attrs["text-anchor"] = anchor
    if weight:
        attrs["font-weight"] = weight
    if fill:
        attrs["fill"] = fill
    if mono:
        attrs["font-family"] = MONO
    if ident:
        attrs["id"] = ident
    el = El("text", content)
    el.attrs = [(k, _attr_value(v)) for k, v in attrs.items()]
    return parent.append(el)


def add_box(
    parent: El, x: float, y: float, w: float, h: float, fill: str, ident: str | None = None,
    rx: float = 6, dashed: bool = False, lit: bool = False,
) -> El:
    """Add a rectangle; ``lit`` gives it the highlight fill and thick highlight stroke."""
    attrs: dict[str, object] = {"x": x, "y": y, "width": w, "height": h, "rx": rx}
    if ident:
        attrs = {"id": ident, **attrs}
    if lit:
        attrs.update(fill=HIGHLIGHT_FILL, stroke=HIGHLIGHT_STROKE, stroke_width=HIGHLIGHT_WIDTH)
    else:
        attrs.update(fill=fill, stroke=INK, stroke_width=1.5)
    if dashed:
        attrs["stroke-dasharray"] = "6 4"
    el = El("rect")
    el.attrs = [(_attr_name(k), _attr_value(v)) for k, v in attrs.items()]
    return parent.append(el)


def path_data(points: list[tuple[float, float]], closed: bool = False) -> str:
    """``M x y L x y …`` through the points, every number through :func:`num`.

    >>> path_data([(0, 0), (1.5, -2)], closed=True)
    'M0 0L1.5 -2Z'
    """
    text = "".join(("M" if i == 0 else "L") + f"{num(x)} {num(y)}" for i, (x, y) in enumerate(points))
    return text + ("Z" if closed else "")


def add_arrow(
    root: El, parent: El, points: list[tuple[float, float]], dashed: bool = False,
    width: float = 1.6, colour: str = INK,
) -> El:
    """Add a polyline through the points with an arrowhead at the last one."""
    marker = arrow_marker(root, "arrow" if colour == INK else f"arrow-{colour.lstrip('#')}", colour)
    el = parent.add("path", d=path_data(points), fill="none", stroke=colour, stroke_width=width,
                    marker_end=marker)
    if dashed:
        el.attrs.append(("stroke-dasharray", "6 4"))
    return el


def add_tag(parent: El, cx: float, cy: float, label: str = "this card") -> El:
    """A pill-shaped text marker centred at (cx, cy): highlighting never relies on colour."""
    width = 14 + 8 * len(label)
    group = parent.add("g", class_="highlight-tag")
    group.add("rect", x=cx - width / 2, y=cy - 11, width=width, height=22, rx=11,
              fill=HIGHLIGHT_STROKE)
    add_text(group, cx, cy + 5, label, size=13, weight="bold", fill="#ffffff")
    return group


def add_sub_text(
    parent: El, x: float, y: float, content: str, size: float = 16, anchor: str = "middle",
    weight: str | None = None, fill: str | None = None,
) -> El:
    """Add text where ``base_sub`` or ``base_{sub}`` sets ``sub`` as a subscript.

    The base is anchored at its end and the subscript at its start on the same x, so they
    meet exactly whatever the font; only the centring uses an estimated width. Separate
    ``<text>`` elements avoid the spaces that indented ``<tspan>`` children would render.

    >>> g = add_sub_text(El("g"), 50, 20, "C_{t−1}")
    >>> [(c.text, dict(c.attrs).get("text-anchor", "start")) for c in g.children]
    [('C', 'end'), ('t−1', 'start')]
    """
    base, _, sub = content.partition("_")
    sub = sub[1:-1] if sub.startswith("{") and sub.endswith("}") else sub
    group = parent.add("g")
    if not sub:
        add_text(group, x, y, base, size=size, anchor=anchor, weight=weight, fill=fill)
        return group
    small = round(size * 0.8)
    base_w, sub_w = _text_width(base, size), _text_width(sub, small)
    offset = {"start": base_w, "middle": (base_w - sub_w) / 2, "end": -sub_w}[anchor]
    add_text(group, x + offset, y, base, size=size, anchor="end", weight=weight, fill=fill)
    add_text(group, x + offset + 0.5, y + size * 0.28, sub, size=small, anchor="start", weight=weight, fill=fill)
    return group


def _text_width(content: str, size: float) -> float:
    # A rough sans-serif advance; good enough to centre a label, never used to join glyphs.
    return sum(0.3 if ch in "ijlt.,·−-()[] " else 0.6 for ch in content) * size


def add_circle(
    parent: El, cx: float, cy: float, r: float, fill: str, ident: str | None = None, lit: bool = False,
) -> El:
    """Add a circle; ``lit`` gives it the highlight fill and thick highlight stroke."""
    attrs: dict[str, object] = {"id": ident} if ident else {}
    attrs.update(cx=cx, cy=cy, r=r)
    if lit:
        attrs.update(fill=HIGHLIGHT_FILL, stroke=HIGHLIGHT_STROKE, stroke_width=HIGHLIGHT_WIDTH)
    else:
        attrs.update(fill=fill, stroke=INK, stroke_width=1.5)
    return parent.add("circle", **attrs)


def add_line(
    parent: El, points: list[tuple[float, float]], width: float = 1.6, colour: str = INK, dashed: bool = False,
) -> El:
    """Add a polyline without arrowhead (a wire that joins another one)."""
    el = parent.add("path", d=path_data(points), fill="none", stroke=colour, stroke_width=width)
    if dashed:
        el.attrs.append(("stroke-dasharray", "6 4"))
    return el
