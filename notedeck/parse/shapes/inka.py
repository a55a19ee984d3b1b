"""inka notes: cards only in sections between two ``---`` lines, each ``1. Question`` then ``> Answer``.

A section may start with ``Deck: Name::Sub`` (the cards' deck) and ``Tags: a b`` (their tags). A
numbered question may go on over several lines; its answer is the quoted block under it (lists
and code inside), the ``> `` marks removed. A numbered item with no answer is a cloze note (Anki's
``{{c1::…}}`` or inka's short ``{…}``). The ``<!--ID:…-->`` comments inka writes back are no
card text. What stands outside the sections is no card.
"""

from __future__ import annotations

import re

from ..entry import Entry, dedent
from .document import Document, inline, span
from .ruler import Region, State

_DECK = re.compile(r"\s*Deck:\s*(.+)")
_TAGS = re.compile(r"\s*Tags:\s*(.*)")
_QUOTE = re.compile(r" {0,3}> ?")
_NUMBER = re.compile(r"\s*\d{1,9}[.)][ \t]+")


def read(doc: Document, state: State) -> list[Region]:
    lines = doc.lines
    rules = [i for i, line in enumerate(lines) if line.strip() == "---" and not doc.code[i]]
    sections = [(rules[n] + 1, rules[n + 1]) for n in range(0, len(rules) - 1, 2)]
    quoted = [(a, b) for a, b in sections
              if any(block.kind == "blockquote" and a <= block.first < b for block in doc.blocks)]
    if not quoted and state.only != frozenset({"inka"}):
        return []
    regions = []
    for first, end in sections:
        if not state.free(first, end):
            continue
        blocks = [k for k, block in enumerate(doc.blocks) if first <= block.first < end]
        deck, tags = None, ()
        entries, skipped = [], set()
        for n, k in enumerate(blocks):
            block = doc.blocks[k]
            if block.kind == "paragraph":
                text = inline(block.node)
                if match := _DECK.fullmatch(text):
                    deck = match.group(1).strip()
                    continue
                if match := _TAGS.fullmatch(text):
                    tags = tuple(match.group(1).split())
                    continue
            if block.kind != "ordered_list":
                if block.kind != "blockquote" and not doc.ignorable[k]:
                    skipped.update(i for i in range(block.first, block.end) if doc.content(i))
                continue
            answer_block = doc.blocks[blocks[n + 1]] if n + 1 < len(blocks) and \
                doc.blocks[blocks[n + 1]].kind == "blockquote" else None
            items = block.node.children
            for m, item in enumerate(items):
                a, b = span(item)
                question = dedent([_NUMBER.sub("", lines[a], count=1), *lines[a + 1:b]]).strip()
                answer = ""
                if m == len(items) - 1 and answer_block is not None:
                    quote = [_QUOTE.sub("", line, count=1) for line in lines[answer_block.first:answer_block.end]]
                    answer = dedent(quote).strip("\n")
                if question:
                    entries.append(Entry(question, answer, a + 1, tags=tags, deck=deck))
        regions.append(Region("inka", entries, range(first, end), skipped, strong=len(entries)))
    return regions
