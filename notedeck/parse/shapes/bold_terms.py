"""Bold-term paragraphs: ``**Term**`` on a line of its own with the definition under it, and
``**Term**: definition`` (or ``**Term:** definition``) paragraphs.

The definition runs from the rest of the paragraph through the blocks after it (a list, code)
until the next bold term, a heading, a rule or a ``<br/>`` between questions. Bold questions
(``**What is overfitting? 👶**`` then its answer) are this shape too; the bold that only marks
the term is dropped, the rest of the line kept as written. Beside cards with an unmistakable mark
of their own, fewer than half as many bold-labelled paragraphs are notes, reported and not read.
One bold word opening paragraph after paragraph (``**Difficulty**: Easy`` in every answer) is a
label inside the answers, never a term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..entry import Entry
from .document import Block, Document, inline
from .ruler import Region, State

_ALONE = re.compile(r"(\*\*|__)(?!\s)([^*\n]+?)(?<!\s)\1\s*")
_LABELLED = re.compile(r"(?:\*\*(?P<a>[^*\n]+?)(?P<inner>[:：])?\*\*|__(?P<b>[^_\n]+?)__)[ \t]*(?(inner)|[:：—–])[ \t]*"
                       r"(?P<rest>\S.*)")
LABEL_SHARE = 0.3  # a bold word that opens this share of the bold paragraphs (three at least) is a label
_BREAK = re.compile(r"\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)


def starts(doc: Document, block: Block) -> tuple[str, str] | None:
    """The term of a bold-term paragraph and the rest of its first line, if it is one."""
    if block.kind != "paragraph":
        return None
    line = doc.lines[block.first].strip()
    alone = _ALONE.fullmatch(line)
    if alone:
        return alone.group(2).strip(), ""
    labelled = _LABELLED.fullmatch(line)
    if labelled:
        return (labelled.group("a") or labelled.group("b") or "").strip(), labelled.group("rest").strip()
    return None


def answer_end(doc: Document, state: State, k: int, new_card: Callable[[int], bool]) -> int:
    """The index of the block after the answer that starts after block ``k``."""
    j = k + 1
    while j < len(doc.blocks):
        block = doc.blocks[j]
        if block.kind in ("heading", "hr") or not state.free_block(j) or new_card(j) or \
                (block.kind == "html_block" and _BREAK.fullmatch(block.node.content)):
            break
        j += 1
    return j


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    k = 0
    blocks = doc.blocks
    found = [starts(doc, b) if state.free_block(i) else None for i, b in enumerate(blocks)]
    # One bold word opening paragraph after paragraph ("**Difficulty**: Easy" in each answer) is a label
    # in the answers, not a term: those paragraphs are left to what holds them (a heading's section).
    named = Counter(" ".join(f[0].casefold().split()) for f in found if f is not None)
    labels = {term for term, n in named.items() if n >= 3 and n >= LABEL_SHARE * sum(named.values())}
    found = [None if f is not None and " ".join(f[0].casefold().split()) in labels else f for f in found]
    while k < len(blocks):
        if found[k] is None:
            k += 1
            continue
        term, rest = found[k]
        block = blocks[k]
        end = answer_end(doc, state, k, lambda j: found[j] is not None)
        last = blocks[end - 1].end
        lines = [rest] if rest else []
        more = doc.text(block.first + 1, last)
        definition = "\n".join([*lines, more] if more else lines).strip()
        if not definition or not term or inline(block.node).strip() == "":
            regions.append(Region("bold-terms", [], range(block.first, last), {block.first}))
        else:
            regions.append(Region("bold-terms", [Entry(term, definition, block.first + 1)], range(block.first, last)))
        k = end
    # Beside cards with an unmistakable mark (<details>, Q:/A: labels, a "?" line), a few bold-labelled
    # paragraphs are the page's notes ("**Space:** O(n)" under a table), not cards: reported, not read.
    strong = sum(len(r.entries) for r in state.regions if r is not None and r.strong)
    found_here = sum(len(r.entries) for r in regions)
    if found_here and 2 * found_here < strong:
        regions = [Region("bold-terms", [], r.lines, set(r.lines) & {r.lines[0]} if r.entries else r.skipped)
                   for r in regions]
    return regions
