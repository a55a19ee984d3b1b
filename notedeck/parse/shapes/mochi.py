"""Mochi decks in one Markdown file: ``---`` lines between a card's sides and between cards.

As Mochi's sync scripts write them: ``---`` / ``card_id: …`` / ``---`` / front / ``---`` / back,
repeated. A section of ``key: value`` lines only (``card_id: null``) is the next card's
metadata; the sections between two of them are one card's sides, the first the front and the
rest its back. A line of four dashes or more is a rule inside a side, as in Mochi. Without any
``card_id`` the file is another shape, unless it is declared (then the sides pair up in order).
``{{text}}`` and ``{{2::text}}`` are Mochi's clozes: written as Anki's, numbered in order.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .document import Document, wikilinks
from .ruler import Region, State

_META = re.compile(r"\s*[A-Za-z_][\w-]*:\s*\S.*")
_NUMBERED = re.compile(r"\{\{(\d+)::")
_BARE = re.compile(r"\{\{(?!c\d+::)(?!\d+::)([^{}]+?)\}\}")


def cloze(text: str) -> str:
    text = _NUMBERED.sub(r"{{c\1::", text)
    count = iter(range(1, 10_000))
    return _BARE.sub(lambda m: f"{{{{c{next(count)}::{m.group(1)}}}}}", text)


def read(doc: Document, state: State) -> list[Region]:
    lines = doc.lines
    rules = [i for i, line in enumerate(lines) if line.rstrip() == "---" and not doc.code[i]]
    ids = sum(1 for line in lines if line.lstrip().startswith("card_id:"))
    declared = state.only == frozenset({"mochi"})
    if not rules or (ids < 1 and not declared) or not state.free(0, len(lines)):
        return []
    # Sections between the rules, with their first lines.
    bounds = [-1, *rules, len(lines)]
    sections = [(a + 1, b) for a, b in zip(bounds, bounds[1:])]
    cards: list[list[tuple[int, int]]] = [[]]
    for first, end in sections:
        content = [i for i in range(first, end) if lines[i].strip()]
        if content and all(_META.fullmatch(lines[i]) and not doc.code[i] for i in content) and \
                any(lines[i].lstrip().startswith("card_id:") for i in content) or (not content and ids):
            if cards[-1]:
                cards.append([])
            continue
        if content:
            cards[-1].append((first, end))
    if ids < 1:  # declared, without metadata: sides pair up in order
        flat = [side for card in cards for side in card]
        cards = [flat[n:n + 2] for n in range(0, len(flat), 2)]
    entries, skipped = [], set()
    for sides in cards:
        if not sides:
            continue
        front = doc.text(*sides[0])
        back = "\n\n".join(doc.text(*side) for side in sides[1:])
        line = next(i for i in range(*sides[0]) if lines[i].strip())
        if not front or not back:
            skipped.update(i for first, end in sides for i in range(first, end) if lines[i].strip())
            continue
        entries.append(Entry(cloze(wikilinks(front)), cloze(wikilinks(back)), line + 1))
    return [Region("mochi", entries, range(len(lines)), skipped, strong=len(entries) if ids else 0)]
