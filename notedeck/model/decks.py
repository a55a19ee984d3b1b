"""The decks of a package: their names, fixed ids and the descriptions Anki shows."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

from .. import __version__
from . import cards
from ..inputs import files as sources

def deck_for(root: str, source: sources.Source) -> str:
    """A file fills a subdeck named after it, or the root deck itself when it is named like it; a file in
    a folder of the notes folder (``subdecks = true``) a subdeck of the folder's deck."""
    title = cards.deck_name(source.name)
    if "/" in source.name:
        # a folder's name as a file's stem: "Chapter 1.2" keeps its dot
        return "::".join((root, *(cards.deck_name(f"{folder}.txt") for folder in source.name.split("/")[:-1]), title))
    return root if cards.identity_key(title) == cards.identity_key(root) else f"{root}::{title}"


def deck_id(name: str) -> int:
    """Fixed for a deck name, so rebuilds never make a second deck."""
    return int(hashlib.sha256(f"notedeck deck\x1f{name}".encode()).hexdigest()[:12], 16)


def _list(items: Sequence[str], most: int = 6) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def description(deck: Sequence[cards.Card]) -> str:
    """What Anki shows on the deck's overview: what it covers, its size, origin and builder."""
    topics = [c.headings[0] for c in deck if c.headings]
    if not topics:
        topics = [c.alias or c.name for c in deck if c.parent is None]
    covers = list(dict.fromkeys(topics))
    return (f"<p>{len(deck)} notes on {escape(_list(covers))}.</p>"
            f"<p>From <code>{escape(deck[0].source)}</code>, built by notedeck {__version__}.</p>")


def root_description(root: str, decks: Sequence[Sequence[cards.Card]]) -> str:
    """The root deck's overview when its notes come from several files."""
    parts = ", ".join(f"{escape(d[0].deck.rsplit('::', 1)[-1])} ({len(d)})" for d in decks)
    total = sum(len(d) for d in decks)
    return f"<p>{total} notes in {len(decks)} decks: {parts}.</p><p>Built by notedeck {__version__}.</p>"
