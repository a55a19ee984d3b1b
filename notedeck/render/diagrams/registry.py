"""The shapes every diagram module fills in: drawings, and the concepts that pick them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from .svg import El


@dataclass(frozen=True)
class Picture:
    """What a drawing function returns: the SVG tree and the text for the card's ``alt``."""

    root: El
    alt: str


@dataclass(frozen=True)
class Drawing:
    """A named picture; ``draw(None)`` is the plain one, ``draw(key)`` emphasises a part."""

    name: str
    title: str
    highlights: tuple[str, ...]
    draw: Callable[[str | None], Picture]


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# A concept's or part's own regexes are compiled the first time it is tried: most builds try a few of
# them (one combined pattern says which term names no concept at all), and compiling all 229 took
# 35 to 60 ms of every build.


@dataclass(frozen=True)
class Part:
    """A child concept shown as a part of its ancestor's picture.

    ``patterns`` must match the whole of the child's short name (its name without its
    parent's name) or its whole name; ``drawing`` is shown with ``highlight`` emphasised.
    """

    patterns: tuple[str, ...]
    drawing: str
    highlight: str

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.patterns)

    def matches(self, *texts: str | None) -> bool:
        return any(t and r.fullmatch(t) for t in texts for r in self.regexes)


@dataclass(frozen=True)
class Concept:
    """An architecture concept: recognised when a pattern matches a whole name, alias or short name.

    ``highlight``: a concept drawn as a part of a bigger picture (stride: the convolution
    arithmetic with its stride panel emphasised).
    """

    drawing: str
    patterns: tuple[str, ...]
    parts: tuple[Part, ...] = ()
    highlight: str | None = None

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.patterns)

    def matches(self, *texts: str | None) -> bool:
        return any(t and r.fullmatch(t) for t in texts for r in self.regexes)
