"""A bullet glossary: ``- Term: definition``, ``- **Term** — definition``, ``- Wort – meaning``.

One card an item of a bullet list; what is nested under the item (sub-bullets, more lines)
continues its definition. A list is a glossary when most of its items have a term: a list of
steps or notes with one ``Legend: …`` item is prose, and an item without a term inside a
glossary is reported as skipped.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .document import Document, span
from .ruler import Region, State

# "**Term**: def", "**Term:** def", "__Term__ — def", "`code` - def", "Term: def", "Term — def", "Term – def",
# "Term - def": the term and its separator, at the start of an item's text. Only the start of a line is
# looked at: a term is short, and a long line must not cost quadratic time.
_TERM = re.compile(
    r"(?:\*\*(?P<bold>[^*]+?)(?P<inner>[:：])?\*\*|__(?P<under>[^_]+?)__|`(?P<code>[^`]+)`)"
    r"[ \t]*(?(inner)|(?:[:：—–]|[ \t]-[ \t]?))"
    r"|(?P<plain>[^:：—–*`\[]+?)[ \t]*(?::|：|—|–|[ \t]-[ \t])"
)
TERM_PART = 1200
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*")


def card(text: str) -> tuple[str, str] | None:
    """The term and the start of the definition on an item's first line, if it has a term."""
    match = _TERM.match(text[:TERM_PART])
    if match is None:
        return None
    definition = text[match.end():].strip()
    term = match.group("bold") or match.group("under") or match.group("plain") or ""
    if match.group("code"):
        term = f"`{match.group('code')}`"
    term = term.strip().rstrip(":：").strip()
    if not term or not definition or definition.startswith("//"):  # "http://": a link, not a card
        return None
    return term, definition


def item_text(doc: Document, first: int) -> str:
    """An item's first line without its bullet."""
    line = doc.lines[first]
    marker = _MARKER.match(line)
    return line[marker.end():].strip() if marker else line.strip()


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    for k, block in enumerate(doc.blocks):
        if block.kind != "bullet_list" or doc.ignorable[k] or not state.free_block(k):
            continue
        entries, skipped = [], set()
        for item in block.node.children:
            first, end = span(item)
            while end > first + 1 and doc.blank(end - 1):
                end -= 1
            found = card(item_text(doc, first))
            if found is None:
                skipped.update(line for line in range(first, end) if doc.content(line))
                continue
            term, definition = found
            more = doc.text(first + 1, end)
            entries.append(Entry(term, definition + ("\n" + more if more else ""), first + 1))
        if len(entries) * 2 > len(block.node.children):
            regions.append(Region("bullets", entries, range(block.first, block.end), skipped))
    return regions
