"""Logseq pages: blocks tagged ``#card`` whose child blocks are the answer.

The tag may stand at the end or the start of the block's first line (``#card``, ``#Card``,
``[[card]]``, or ``#flashcard`` as some sync plugins write it); one child is the answer's text,
several a list (an empty ``-`` child left out). A card block without children that has
``{{cloze text}}`` is a cloze card (all ``c1``: Logseq hides them all at once).
Properties (``card-last-interval:: 4``, ``id::``, ``collapsed::``) are never card text, nor are
the page's own properties at the top (``tags::``, ``type::``). A block that is no card is
reported as skipped unless it has children (an outline parent) or is a heading (``- ## DNS``, whose
cards under it are read). A page that is all outline is Logseq's however few of its blocks are cards.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .bullets import item_text
from .document import Document, inline, span, wikilinks
from .remnote import children_text
from .ruler import Region, State

_TAG = re.compile(r"(?:^|\s)(?:#card|#flashcard|#\[\[card\]\]|\[\[card\]\])(?=\s|$)", re.IGNORECASE)
_PROPERTY = re.compile(r"\s*[A-Za-z][\w-]*:: ")
_CLOZE = re.compile(r"\{\{cloze\s+(.+?)\}\}")


def read(doc: Document, state: State) -> list[Region]:
    lists = [k for k, b in enumerate(doc.blocks) if b.kind == "bullet_list" and state.free_block(k)
             and _TAG.search("\n".join(doc.lines[b.first:b.end]))]
    if not lists:
        return []
    regions = []
    # The page's properties: "key:: value" lines before its first block.
    first = doc.blocks[0] if doc.blocks else None
    if first is not None and first.kind == "paragraph" and state.free(first.first, first.end) and \
            all(_PROPERTY.match(line) for line in doc.lines[first.first:first.end]):
        regions.append(Region("logseq", [], range(first.first, first.end)))
    # The page's other outlines ("- ---" splits a page's blocks into several lists): its notes, no cards.
    lists = [k for k, b in enumerate(doc.blocks) if b.kind == "bullet_list" and state.free_block(k)]
    for k in lists:
        block = doc.blocks[k]
        entries: list[Entry] = []
        skipped: set[int] = set()
        _walk(doc, block.node, entries, skipped)
        regions.append(Region("logseq", entries, range(block.first, block.end), skipped, strong=len(entries)))
    return regions


def _walk(doc: Document, node, entries: list[Entry], skipped: set[int]) -> None:  # type: ignore[no-untyped-def]
    for item in node.children:
        first, end = span(item)
        nested = [child for child in item.children if child.type in ("bullet_list", "ordered_list")]
        head = item.children[0] if item.children else None
        text = item_text(doc, first)
        if _TAG.search(text):
            term = wikilinks(" ".join(_TAG.sub(" ", text).split()))
            answer = children_text(doc, item)
            if answer:
                entries.append(Entry(_CLOZE.sub(r"{{c1::\1}}", term), wikilinks(answer), first + 1))
            elif _CLOZE.search(term):
                entries.append(Entry(_CLOZE.sub(r"{{c1::\1}}", term), "", first + 1))
            else:
                skipped.add(first)
            continue
        if head is not None and head.type == "heading":  # "- ## Arrays": a group, its cards under it
            for child in nested:
                _walk(doc, child, entries, skipped)
            continue
        if not nested and not (head is not None and _PROPERTY.match(inline(head))):
            skipped.add(first)
        for child in nested:
            _walk(doc, child, entries, skipped)
