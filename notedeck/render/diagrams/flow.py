"""Box-and-arrow figures: the shared hand of the drawings that are blocks joined by arrows.

A :class:`Canvas` knows which part (if any) its picture emphasises: a box or frame drawn
with that part's key gets the highlight fill, the thick highlight stroke, the id
``<drawing>-<part>`` and a "this card" tag, so a highlight is never told by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .registry import Picture
from .svg import (
    FILLS, INK, MUTED, El, add_arrow, add_box, add_circle, add_line, add_sub_text, add_tag, add_text, document,
)


_SUBSCRIPTED = re.compile(r"[^_\s]+_(?:\{[^}]*\}|[^_\s{}]+)")  # "x_0", "C_{t−1}": a symbol and its subscript


def check_highlight(name: str, highlight: str | None, known: Sequence[str]) -> None:
    """Raise ValueError for a highlight key the drawing does not have."""
    if highlight is not None and highlight not in known:
        raise ValueError(f"diagram {name!r} has no part {highlight!r}; its parts: {', '.join(known) or 'none'}")


class Canvas:
    """One picture being drawn, with the part it emphasises."""

    def __init__(self, ident: str, width: float, height: float, title: str, desc: str,
                 highlight: str | None = None, parts: Sequence[str] = ()) -> None:
        check_highlight(ident, highlight, parts)
        self.ident = ident
        self.highlight = highlight
        self.root = document(ident, width, height, title, desc)
        self.under = El("g")  # frames go under everything else: a translucent highlight must not tint arrows
        self.root.append(self.under)

    def lit(self, key: str | None) -> bool:
        return key is not None and key == self.highlight

    def box(self, x: float, y: float, w: float, h: float, label: str = "", fill: str = "blue",
            key: str | None = None, sub: str | None = None, size: float = 15, rx: float = 6,
            dashed: bool = False, tag: str = "below", weight: str | None = "bold") -> None:
        """A labelled box (one or two lines); with ``key`` it is the part that key names."""
        lit = self.lit(key)
        add_box(self.root, x, y, w, h, FILLS.get(fill, fill), ident=f"{self.ident}-{key}" if lit else None,
                rx=rx, dashed=dashed, lit=lit)
        if label:
            cy = y + h / 2 + size * 0.35 - (9 if sub else 0)
            if _SUBSCRIPTED.fullmatch(label):
                add_sub_text(self.root, x + w / 2, cy, label, size=size, weight=weight)
            else:
                add_text(self.root, x + w / 2, cy, label, size=size, weight=weight)
        if sub:
            add_text(self.root, x + w / 2, y + h / 2 + 14, sub, size=13, fill=MUTED if not lit else None)
        if lit and tag != "none":
            self.tag_at(x + w / 2, y + h + 13 if tag == "below" else y - 13)

    def frame(self, x: float, y: float, w: float, h: float, key: str | None = None, label: str | None = None,
              quiet: bool = True) -> None:
        """A rounded frame grouping boxes, under them; the part ``key`` names when lit."""
        lit = self.lit(key)
        frame = add_box(self.under, x, y, w, h, "none", ident=f"{self.ident}-{key}" if lit else None, rx=12,
                        dashed=not lit and quiet, lit=lit)
        if lit:
            frame.attrs.append(("fill-opacity", "0.35"))
        else:
            frame.attrs = [(k, MUTED if k == "stroke" else v) for k, v in frame.attrs]
        if label:
            add_text(self.root, x + 10, y + 18, label, size=13, anchor="start", weight="bold",
                     fill=None if lit else MUTED)
        if lit:
            self.tag_at(x + w - 48, y + h)

    def tag_at(self, cx: float, cy: float, label: str = "this card") -> None:
        add_tag(self.root, cx, cy, label)

    def arrow(self, *points: tuple[float, float], dashed: bool = False, width: float = 1.6,
              colour: str = INK) -> None:
        add_arrow(self.root, self.root, list(points), dashed=dashed, width=width, colour=colour)

    def line(self, *points: tuple[float, float], dashed: bool = False, width: float = 1.6,
             colour: str = INK) -> None:
        add_line(self.root, list(points), width=width, colour=colour, dashed=dashed)

    def text(self, x: float, y: float, content: str, size: float = 14, anchor: str = "middle",
             weight: str | None = None, muted: bool = False, ident: str | None = None) -> None:
        if _SUBSCRIPTED.fullmatch(content) and ident is None:
            add_sub_text(self.root, x, y, content, size=size, anchor=anchor, weight=weight,
                         fill=MUTED if muted else None)
        else:
            add_text(self.root, x, y, content, size=size, anchor=anchor, weight=weight,
                     fill=MUTED if muted else None, ident=ident)

    def op(self, cx: float, cy: float, sign: str, r: float = 13, fill: str = "yellow") -> None:
        """A pointwise operation in a circle: ``+``, ``×``, ``⊕``."""
        add_circle(self.root, cx, cy, r, FILLS[fill])
        add_text(self.root, cx, cy + 6, sign, size=17, weight="bold")

    def picture(self, alt: str) -> Picture:
        """The finished picture; the alt names the emphasised part."""
        if not self.under.children:
            self.root.children.remove(self.under)
        if self.highlight is not None:
            alt += f" Highlighted: {self.highlight.replace('-', ' ')}."
        return Picture(self.root, alt)
