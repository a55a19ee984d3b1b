"""A heading per card: ``### Term`` (or ``#### 3) Question? [[src](…)]``), then its answer.

The answer is everything up to the next heading at its level or above: paragraphs, lists, code,
deeper headings. The term level is the level most sections with an answer are at (the shallower
on a tie), counting only sections whose content is mostly not cards of another shape: under
``### A`` letter headings of a bullet glossary the bullets are the cards and the headings group
them. At the term level every heading is a card, and what other rules found inside its section is
part of its answer; a heading there with nothing under it is reported as skipped.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .document import Document, heading_text
from .ruler import Region, State

_NUMBERING = re.compile(r"^(?:\d{1,3}[.)]|Q\d{1,3}[.):])\s+")
_CITATION = re.compile(r"\s*\[\[[^\]]*\]\([^)]*\)\]\s*$")


def term_of(text: str) -> str:
    """A heading as a term: its numbering and a trailing citation link dropped."""
    text = heading_text(_CITATION.sub("", text))
    return _NUMBERING.sub("", text).strip()


def read(doc: Document, state: State) -> list[Region]:
    found = [(k, level, text) for k, level, text in doc.headings()
             if state.free_block(k) and not doc.code[doc.blocks[k].first]]
    if not found:
        return []
    positions = [k for k, _, _ in found]
    # Each heading's own section: its blocks up to the next heading of any level.
    answered: dict[int, list[int]] = {}
    for n, (k, level, _) in enumerate(found):
        end = positions[n + 1] if n + 1 < len(found) else len(doc.blocks)
        end = next((j for j in range(k + 1, end) if doc.blocks[j].kind == "heading"), end)
        lines = [line for j in range(k + 1, end) for line in range(doc.blocks[j].first, doc.blocks[j].end)
                 if doc.content(line)]
        taken = sum(state.owner[line] != -1 for line in lines)
        if lines and taken * 2 <= len(lines):
            answered.setdefault(level, []).append(k)
    level = state.level
    if level is None:
        least = 1 if state.only == frozenset({"headings"}) else 2
        levels = [lvl for lvl, ks in answered.items() if len(ks) >= least]
        if not levels:
            return []
        level = max(levels, key=lambda lvl: (len(answered[lvl]), -lvl))
    state.level_found = level
    regions = []
    for n, (k, lvl, text) in enumerate(found):
        if lvl != level:
            continue
        block = doc.blocks[k]
        end_block = next((j for j, other, _ in found[n + 1:] if other <= level), len(doc.blocks))
        end_block = next((j for j in range(k + 1, end_block) if doc.blocks[j].kind == "heading"
                          and int(doc.blocks[j].node.tag[1:]) <= level), end_block)
        end = doc.blocks[end_block].first if end_block < len(doc.blocks) else len(doc.lines)
        # What other rules read inside the section is its answer now.
        for index in {state.owner[line] for line in range(block.end, end)} - {-1}:
            state.release(index)
        definition = doc.text(block.end, end)
        term = term_of(text)
        if not definition or not term:
            regions.append(Region("headings", [], range(block.first, end), {block.first}))
            continue
        regions.append(Region("headings", [Entry(term, definition, block.first + 1)], range(block.first, end)))
    return regions
