"""Questions in ``<details><summary>Question</summary>answer</details>`` blocks (devops-exercises style).

The summary is the term (``<code>`` as backticks, other tags dropped); the answer is the Markdown
between ``</summary>`` and ``</details>``, less the ``<br><b>`` … ``</b>`` (or ``<p>``) wrapper such
files put around it. A question whose answer is empty is not a card yet: it is reported as skipped.
A summary that only says where the answer is (``Answer``, ``Show answer``, ``Solution``) is no
question: the question is the paragraph just above the block (``**1.** Question?``, its numbering
dropped), and without one the block is reported, not read.
"""

from __future__ import annotations

import html
import re

from ..entry import Entry
from .document import Document
from .ruler import Region, State

_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_WRAPPER = re.compile(r"^(?:\s*<(?:br|b|p|strong|div)\s*/?>)+", re.IGNORECASE)
_CLOSERS = re.compile(r"(?:</(?:b|p|strong|div)>\s*)+$", re.IGNORECASE)
_CODE = re.compile(r"</?code>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# A summary that only says "the answer is in here": the question is the paragraph above the block.
_REVEAL = frozenset({"answer", "answers", "the answer", "show answer", "show the answer", "see answer", "reveal",
                     "reveal answer", "solution", "show solution", "click to reveal", "click to see the answer",
                     "click for answer", "antwort", "lösung", "respuesta", "solución", "réponse", "risposta",
                     "resposta", "答え", "解答", "答案"})
_NUMBERED = re.compile(r"^(?:\*\*|__)?(?:Q\s*)?\d{1,3}[.):](?:\*\*|__)?\s+")
_WHOLLY_BOLD = re.compile(r"(\*\*|__)(?!\s)([^*_\n]+?)(?<!\s)\1")


def _reveals(term: str) -> bool:
    return term.strip().rstrip(":：.…").strip().casefold() in _REVEAL


def _question_above(doc: Document, state: State, k: int) -> tuple[int, str] | None:
    """The paragraph just above block ``k`` as a question (``**1.** Question?``): its first line and text."""
    if k == 0 or doc.blocks[k - 1].kind != "paragraph" or not state.free_block(k - 1):
        return None
    above = doc.blocks[k - 1]
    text = _NUMBERED.sub("", doc.text(above.first, above.end)).strip()
    bold = _WHOLLY_BOLD.fullmatch(text)
    return above.first, (bold.group(2).strip() if bold else text)


def inline_html(text: str) -> str:
    """HTML of a line as Markdown text: ``<code>`` as backticks, other tags dropped, entities read."""
    return " ".join(html.unescape(_TAG.sub("", _CODE.sub("`", text))).split())


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    for k, block in enumerate(doc.blocks):
        if block.kind != "html_block" or not block.node.content.lstrip().lower().startswith("<details") \
                or not state.free_block(k):
            continue
        end = next((i + 1 for i in range(block.first, len(doc.lines)) if "</details>" in doc.lines[i].lower()),
                   None)
        if end is None or not state.free(block.first, end):
            continue
        source = "\n".join(doc.lines[block.first:end])
        summary = _SUMMARY.search(source)
        if summary is None:
            continue
        line = block.first + source.count("\n", 0, summary.start())
        term = inline_html(summary.group(1))
        after = source[summary.end():]
        answer = after[:after.lower().rfind("</details>")]
        answer = _CLOSERS.sub("", _WRAPPER.sub("", answer).rstrip())
        body_first = block.first + source.count("\n", 0, summary.end())
        lines = answer.split("\n")
        if lines and not lines[0].strip():
            lines = lines[1:]
            body_first += 1
        from ..entry import dedent

        definition = dedent(lines).strip("\n")
        definition = "\n".join(x.rstrip() for x in definition.split("\n"))
        start = block.first
        if _reveals(term):
            above = _question_above(doc, state, k)
            if above is None:
                regions.append(Region("details", [], range(block.first, end), {line}))
                continue
            start, term = above
            line = start
        if not term or not definition.strip():
            regions.append(Region("details", [], range(start, end), {line}))
            continue
        regions.append(Region("details", [Entry(term, definition, line + 1)], range(start, end), strong=1))
    return regions
