"""A heading per card: ``### Term`` (or ``#### 3) Question? [[src](…)]``), then its answer.

The answer is everything up to the next heading at its level or above: paragraphs, lists, code,
deeper headings. The term level is the level most sections with an answer are at (the shallower
on a tie), counting only sections whose content is mostly not cards of another shape: under
``### A`` letter headings of a bullet glossary the bullets are the cards and the headings group
them. At the term level every heading is a card, and what other rules found inside its section is
part of its answer; a heading there with nothing under it is reported as skipped. ``# Front`` then
``# Back`` (``Question``/``Answer``, ``Vorderseite``/``Rückseite``…) are labels, not terms: the text
under the first is the card's front, the text under the second its back. An answer that opens
with an ``**Answer:**`` label (``Answer:``, ``**Antwort**:``) loses the label. Where cards with
an unmistakable mark of their own (``Q:``/``A:`` labels, ``<details>``, a ``?`` line) are at least
as many as the sections that would be answers, the headings only group them: a section of prose
beside them (an introduction, an "About" or a "Contact") is notes, passed over and reported.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .document import Document, heading_text
from .ruler import Region, State

_NUMBERING = re.compile(r"^(?:\d{1,3}[.)]|Q\d{1,3}[.):])\s+")
# A heading that only labels the answer under a question heading ("### Answer"): part of that answer.
ANSWER_LABELS = frozenset({"answer", "answers", "solution", "explanation", "respuesta", "solución", "antwort",
                           "lösung", "réponse", "risposta", "resposta", "回答", "答え", "解答"})


# A pair of label headings: the text under "# Front" is the card's front, the text under "# Back" its back.
FRONT_LABELS = frozenset({"front", "question", "front side", "vorderseite", "frage", "recto", "anverso", "pregunta",
                          "domanda", "fronte", "質問", "表"})
BACK_LABELS = frozenset({"back", "answer", "back side", "rückseite", "antwort", "verso", "reverso", "respuesta",
                         "risposta", "retro", "答え", "裏"})


def _label(text: str) -> str:
    return heading_text(text).strip().rstrip(":：").strip().casefold()


def _front_and_back(doc: Document, found: list[tuple[int, int, str]]) -> list[Region]:
    """``# Front`` then ``# Back`` at one level (nothing else between): one card of the text under each."""
    regions = []
    for n in range(len(found) - 1):
        (k, level, text), (j, other, back) = found[n], found[n + 1]
        if level != other or _label(text) not in FRONT_LABELS or _label(back) not in BACK_LABELS:
            continue
        end_block = found[n + 2][0] if n + 2 < len(found) else len(doc.blocks)
        end = doc.blocks[end_block].first if end_block < len(doc.blocks) else len(doc.lines)
        front = doc.text(doc.blocks[k].end, doc.blocks[j].first)
        answer = doc.text(doc.blocks[j].end, end)
        if front and answer:
            first = next(i for i in range(doc.blocks[k].end, doc.blocks[j].first) if doc.content(i))
            regions.append(Region("headings", [Entry(front, answer, first + 1)], range(doc.blocks[k].first, end),
                                  strong=1))
    return regions


# "**Answer:**" (or "**Answer**:", "Antwort:") opening a heading's answer: a label, not the answer's text.
_ANSWER_OPENING = re.compile(r"(?:\*\*|__)?\s*(?:answer|antwort|respuesta|réponse|risposta|resposta|solution|lösung|"
                             r"solución)\s*(?:[:：]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:：]|[:：])[ \t]*\n?",
                             re.IGNORECASE)


def without_answer_label(definition: str) -> str:
    label = _ANSWER_OPENING.match(definition)
    return definition[label.end():].lstrip() if label and definition[label.end():].strip() else definition


def is_answer_label(text: str) -> bool:
    return heading_text(text).strip().rstrip(":：").strip().casefold() in ANSWER_LABELS
_CITATION = re.compile(r"\s*\[\[[^\]]*\]\([^)]*\)\]\s*$")


def term_of(text: str) -> str:
    """A heading as a term: its numbering and a trailing citation link dropped."""
    text = heading_text(_CITATION.sub("", text))
    return _NUMBERING.sub("", text).strip()


def read(doc: Document, state: State) -> list[Region]:
    found = [(k, level, text) for k, level, text in doc.headings()
             if state.free_block(k) and not doc.code[doc.blocks[k].first]]
    pairs = _front_and_back(doc, found)
    if pairs:
        return pairs
    # "### Answer" under each question heading: no heading of its own, its lines left out of the answer.
    labels = {k for k, _, text in found if is_answer_label(text)}
    if len(labels) * 2 < len(found) - len(labels):  # a few sections called "Solution" among many terms
        labels = set()
    found = [f for f in found if f[0] not in labels]
    label_lines = frozenset(line for k in labels for line in range(doc.blocks[k].first, doc.blocks[k].end))
    if not found:
        return []

    def is_heading(j: int) -> bool:
        return doc.blocks[j].kind == "heading" and j not in labels

    positions = [k for k, _, _ in found]
    # Each heading's own section: its blocks up to the next heading of any level.
    answered: dict[int, list[int]] = {}
    for n, (k, level, _) in enumerate(found):
        end = positions[n + 1] if n + 1 < len(found) else len(doc.blocks)
        end = next((j for j in range(k + 1, end) if is_heading(j)), end)
        lines = [line for j in range(k + 1, end) for line in range(doc.blocks[j].first, doc.blocks[j].end)
                 if doc.content(line) and line not in label_lines]
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
    # Cards with an unmistakable mark (Q:/A: labels, <details>, a "?" line) found in as many places as the
    # headings would give answers: the headings group them, and a section of prose beside them is notes.
    strong = sum(len(r.entries) for r in state.regions if r is not None and r.strong)
    if state.level is None and state.only is None and strong >= len(answered.get(level, ())):
        return []
    state.level_found = level
    regions = []
    for n, (k, lvl, text) in enumerate(found):
        if lvl != level:
            continue
        block = doc.blocks[k]
        end_block = next((j for j, other, _ in found[n + 1:] if other <= level), len(doc.blocks))
        end_block = next((j for j in range(k + 1, end_block) if is_heading(j)
                          and int(doc.blocks[j].node.tag[1:]) <= level), end_block)
        end = doc.blocks[end_block].first if end_block < len(doc.blocks) else len(doc.lines)
        # What other rules read inside the section is its answer now.
        for index in {state.owner[line] for line in range(block.end, end)} - {-1}:
            state.release(index)
        definition = doc.text(block.end, end) if not label_lines else \
            doc.text(block.end, end, dropped=label_lines)
        term = term_of(text)
        definition = without_answer_label(definition)
        if not definition or not term:
            regions.append(Region("headings", [], range(block.first, end), {block.first}))
            continue
        regions.append(Region("headings", [Entry(term, definition, block.first + 1)], range(block.first, end)))
    return regions
