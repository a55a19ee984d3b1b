"""Question-and-answer posts: ``**Q: …**`` (or ``Q: …``, ``**Question:** …``) then the answer.

The answer is the rest of the question's paragraph (an ``A: …`` line under it) or the blocks
after it, up to the next question, a heading, a rule or a ``<br/>``; its ``A:`` (``R:``,
``**Answer:**``) label is removed. A list whose items are whole posts (``1. **Q: …?** A: …``)
gives a card an item. Spanish ``P:``/``R:`` and German ``F:``/``A:`` labels read the same.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .bold_terms import answer_end
from .document import Block, Document, inline, span
from .ruler import Region, State

_Q = r"(?:Q|P|F|Question|Pregunta|Frage|Frag|Domanda)"
_A = r"(?:A|R|Answer|Respuesta|Antwort|Risposta|Réponse)"
# "**Q: question**", "**Q:** question", "Q: question", "**Question:** question", with a rest after the bold.
_QUESTION = re.compile(rf"(?:\*\*|__)\s*{_Q}\s*[:.]\s*(?P<bold>[^*]+?)\s*(?:\*\*|__)(?P<rest>.*)"
                       rf"|(?:\*\*|__){_Q}\s*[:.]\s*(?:\*\*|__)\s*(?P<after>.+)"
                       rf"|{_Q}\s*:\s+(?P<plain>.+)")
_ANSWER = re.compile(rf"\s*(?:(?:\*\*|__)\s*{_A}\s*[:.]\s*(?:\*\*|__)|{_A}\s*:)\s*", re.IGNORECASE)
# A label on a line of its own, the question (or the answer) in the paragraph under it: "**Question:**".
_BARE_QUESTION = re.compile(rf"(?:\*\*|__)?\s*{_Q}\s*[:.]?\s*(?:\*\*|__)?\s*[:.]?", re.IGNORECASE)
_BARE_ANSWER = re.compile(rf"(?:\*\*|__)?\s*{_A}\s*[:.]?\s*(?:\*\*|__)?\s*[:.]?", re.IGNORECASE)


def question(line: str) -> tuple[str, str] | None:
    """The question on a line, and what follows it on the line (an answer ``A: …``)."""
    match = _QUESTION.fullmatch(line.strip())
    if match is None:
        return None
    if match.group("bold") is not None:
        return match.group("bold").strip(), match.group("rest").strip()
    text = (match.group("after") or match.group("plain") or "").strip()
    # "Q: question? A: answer" on one line
    split = re.search(rf"\s(?:\*\*|__)?{_A}\s*:(?:\*\*|__)?\s", text)
    if split:
        return text[:split.start()].strip(), text[split.start():].strip()
    return text, ""


def without_label(text: str) -> str:
    match = _ANSWER.match(text)
    return text[match.end():] if match else text


def _item_cards(doc: Document, block: Block) -> list[Entry] | None:
    """A list of whole posts, one an item: its cards, or None when it is not one."""
    entries = []
    for item in block.node.children:
        first, end = span(item)
        text = inline(item.children[0]) if item.children and item.children[0].type == "paragraph" else ""
        head, _, under = text.partition("\n")
        found = question(head)
        if found is not None and not found[1] and _ANSWER.match(under):
            found = found[0], under  # "**Frage:** …" then "**Antwort:** …" on the item's next line
        if found is None or not found[1]:
            return None
        entries.append(Entry(found[0], without_label(found[1]).strip(), first + 1))
    return entries


def _labelled(doc: Document, k: int) -> tuple[str, str] | None:
    """``**Question:**`` alone in block ``k``, and the question in the paragraph under it."""
    blocks = doc.blocks
    if k + 1 >= len(blocks) or blocks[k + 1].kind != "paragraph" or \
            not _BARE_QUESTION.fullmatch(doc.text(blocks[k].first, blocks[k].end)):
        return None
    return doc.text(blocks[k + 1].first, blocks[k + 1].end), ""


def _label_line(doc: Document, block: Block) -> tuple[str, str] | None:
    """``Q:`` on the first line of a paragraph and the question on the lines under it (no blank between)."""
    label = doc.lines[block.first].strip()
    if block.end - block.first < 2 or ":" not in label or not _BARE_QUESTION.fullmatch(label):
        return None
    text = doc.text(block.first + 1, block.end)
    return (text, "") if text.strip() else None


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    blocks = doc.blocks
    starts = [(question(doc.lines[b.first]) or _labelled(doc, i) or _label_line(doc, b))
              if b.kind == "paragraph" and state.free_block(i) else None for i, b in enumerate(blocks)]
    own_line = {i for i, b in enumerate(blocks) if starts[i] is not None and _label_line(doc, b) is not None
                and question(doc.lines[b.first]) is None and _labelled(doc, i) is None}
    for i in [i for i, found in enumerate(starts) if found is not None and _labelled(doc, i) is not None]:
        starts[i + 1] = None  # the question's own paragraph
    posts = {k: entries for k, b in enumerate(blocks) if b.kind in ("bullet_list", "ordered_list")
             and state.free_block(k) and (entries := _item_cards(doc, b))}
    k = 0
    while k < len(blocks):
        block = blocks[k]
        if k in posts:
            regions.append(Region("qa", posts[k], range(block.first, block.end), strong=len(posts[k])))
        if starts[k] is None:
            k += 1
            continue
        term, rest = starts[k]
        labelled = _labelled(doc, k) is not None
        after = k + 1 if labelled else k  # the answer starts after the question's own paragraph
        end = answer_end(doc, state, after, lambda j: starts[j] is not None or j in posts)
        last = blocks[end - 1].end
        more = doc.text(blocks[after].end if labelled or k in own_line else block.first + 1, last)
        if labelled and end > after + 1 and _BARE_ANSWER.fullmatch(doc.text(blocks[after + 1].first,
                                                                             blocks[after + 1].end)):
            more = doc.text(blocks[after + 1].end, last)  # the answer's label left out
        definition = without_label("\n".join(part for part in (rest, more) if part).strip()).strip()
        if not definition:
            regions.append(Region("qa", [], range(block.first, last), {block.first}))
        else:
            regions.append(Region("qa", [Entry(term, definition, block.first + 1)], range(block.first, last),
                                  strong=1))
        k = end
    return regions
