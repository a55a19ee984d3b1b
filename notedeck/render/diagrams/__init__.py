"""Architecture diagrams: recognise a concept in a card's term and draw its picture as SVG.

A card gets (1) the picture of the nearest ancestor concept that lists it as a part, with
that part emphasised, and (2) its own concept's picture, if it is one. ``[diagram: NAME]``
in the notes asks for a named picture and ``[diagram: none]`` opts out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import basics, cnn, modern, recurrent
from .registry import Concept, Drawing
from .svg import serialise

# Order matters: the first concept whose pattern matches wins, so specific modules come first.
_MODULES = (recurrent, cnn, modern, basics)
DRAWINGS: dict[str, Drawing] = {d.name: d for m in _MODULES for d in m.DRAWINGS}
CONCEPTS: tuple[Concept, ...] = tuple(c for m in _MODULES for c in m.CONCEPTS)


@dataclass(frozen=True)
class Diagram:
    """One generated picture, ready to be written as a media file."""

    drawing: str
    highlight: str | None
    svg: str
    alt: str

    @property
    def filename(self) -> str:
        """Named by content, so a changed picture never collides with an old one in Anki."""
        digest = hashlib.sha256(self.svg.encode()).hexdigest()[:16]
        stem = self.drawing if self.highlight is None else f"{self.drawing}-{self.highlight}"
        return f"{stem}-{digest}.svg"


class UnknownDiagram(ValueError):
    """A ``[diagram: ...]`` request that names no drawing or no part of it."""


def names() -> list[str]:
    """The names a ``[diagram: NAME]`` marker may use."""
    return sorted(DRAWINGS)


# Pictures an earlier build drew, by (drawing, highlight): the render cache fills it before a build.
RECALLED: dict[tuple[str, str | None], tuple[str, str]] = {}
MADE: dict[tuple[str, str | None], Diagram] = {}  # every picture this process made, for the render cache


@lru_cache(maxsize=None)
def make(name: str, highlight: str | None = None) -> Diagram:
    """Draw one picture (once per distinct picture: the result is cached)."""
    drawing = DRAWINGS.get(name)
    if drawing is None:
        raise UnknownDiagram(f"unknown diagram {name!r}; known: {', '.join(names())}")
    if highlight is not None and highlight not in drawing.highlights:
        known = ", ".join(drawing.highlights) or "none"
        raise UnknownDiagram(f"diagram {name!r} has no part {highlight!r}; its parts: {known}")
    recalled = RECALLED.get((name, highlight))
    if recalled is not None:
        made = Diagram(name, highlight, *recalled)
    else:
        picture = drawing.draw(highlight)
        made = Diagram(name, highlight, serialise(picture.root), picture.alt)
    MADE[(name, highlight)] = made
    return made


def parse_request(request: str) -> tuple[str, str | None]:
    """``"lstm:forget"`` → ``("lstm", "forget")``; raises UnknownDiagram if it names nothing."""
    name, _, highlight = request.strip().lower().partition(":")
    name, highlight = name.strip(), highlight.strip() or None
    make(name, highlight)  # validates
    return name, highlight


# Every concept's patterns in one: most terms name no concept, and one search in C says so.
_ANY_CONCEPT = re.compile("|".join(f"(?:{r.pattern})" for c in CONCEPTS for r in c.regexes), re.IGNORECASE)


@lru_cache(maxsize=4096)  # parents sit near their children: a small cache holds them
def _first_concept(text: str) -> int:
    """Index of the first concept naming ``text`` whole, or ``len(CONCEPTS)``.

    Cached: a parent's name is looked at again for each of its children.
    """
    if not _ANY_CONCEPT.fullmatch(text):
        return len(CONCEPTS)
    return next((i for i, c in enumerate(CONCEPTS) if c.matches(text)), len(CONCEPTS))


def recognise(*texts: str | None) -> Concept | None:
    """The first concept whose pattern matches one of the texts whole, if any."""
    first = min((_first_concept(t) for t in texts if t), default=len(CONCEPTS))
    return CONCEPTS[first] if first < len(CONCEPTS) else None


def diagrams_for(
    name: str,
    alias: str | None,
    short: str | None,
    ancestors: Sequence[tuple[str, str | None, str | None]],
    request: str | None = None,
) -> tuple[Diagram, ...]:
    """The pictures for a card.

    ``ancestors`` are ``(name, alias, short)`` from the parent up to the root, as the
    parser's hierarchy gives them; ``request`` is the text of a ``[diagram: ...]`` marker.
    """
    if request is not None:
        if request.strip().lower() == "none":
            return ()
        return (make(*parse_request(request)),)
    found: list[Diagram] = []
    for anc_name, anc_alias, anc_short in ancestors:
        concept = recognise(anc_name, anc_alias, anc_short)
        part = None if concept is None else next((p for p in concept.parts if p.matches(short, name)), None)
        if part is not None:
            found.append(make(part.drawing, part.highlight))
            break
    own = recognise(name, alias, short)
    if own is not None:
        diagram = make(own.drawing)
        if diagram not in found:
            found.append(diagram)
    return tuple(found)
