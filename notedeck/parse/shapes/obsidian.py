"""Obsidian's flashcards: the Spaced Repetition plugin's markers, and the Flashcards plugin's ``#card`` headings.

Spaced Repetition (``st3v3nmw/obsidian-spaced-repetition``): ``Front::Back`` and ``Front:::Back``
(both ways) on one line; a line ``?`` (or ``??``, both ways) between the lines of a front and
those of a back, the card ending at a blank line; a paragraph with ``==highlights==`` that is
no other card is a cloze card, each highlight a cloze. ``#flashcards/…`` deck tags (and one at
the start of a card's line) and ``<!--SR:…-->`` scheduling comments are never card text.
Inside an answer a highlight is emphasis, as the plugin shows it: it becomes ``**bold**``, never
a cloze. A card may be a list item (``- **Front** :: Back``, or ``- **Front?**`` above a ``?``): the
bullet and the bold that only marks the front are not the front's text. ``key:: value`` lines of
Dataview (one lower-case word, a space after ``::``) are no cards.

Flashcards (``reuseman/flashcards-obsidian``): a heading ending in ``#card`` (``#card-reverse``
both ways), or with the tag alone on the line under it, is a front; what follows it up to the
next heading is the back.

In both, ``[[wikilinks]]`` show as their text and ``![[picture.png]]`` as the picture.
"""

from __future__ import annotations

import re

from .. import cloze
from ..cloze import masked
from ..entry import Entry
from .document import Document, heading_text, inline, wikilinks
from .ruler import Region, State

_SR = re.compile(r"\s*<!--SR:.*?-->", re.DOTALL)
_LEADING_TAG = re.compile(r"^\s*#flashcards(?:/[^\s]*)?\s+")
_CARD_TAG = re.compile(r"\s*#card(?:[-/](?P<how>reverse|reversed|spaced))?\s*$", re.IGNORECASE)
_HIGHLIGHT = re.compile(r"(?<![=\w])==(?=[^\s=])([^\n=]*?[^\s=])==(?![=\w])")
_DATAVIEW = re.compile(r"\s*\[?[a-z][\w-]*:: ")
_SEPARATORS = {"?": False, "??": True}
_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s+")
_WHOLLY_BOLD = re.compile(r"(\*\*|__)(?!\s)([^*_\n]+?)(?<!\s)\1")


def _item_front(text: str) -> str:
    """A front written as a list item (``- **Question?**``): the item's text, the bold that only marks it gone."""
    item = _ITEM.match(text)
    if item is None or "\n" in text:
        return text
    text = text[item.end():].strip()
    bold = _WHOLLY_BOLD.fullmatch(text)
    return bold.group(2).strip() if bold else text


def clean(text: str) -> str:
    """Card text as Markdown: scheduling comments gone, links written as Markdown."""
    return wikilinks(_SR.sub("", text)).strip()


def emphasis(text: str) -> str:
    """Highlights inside an answer are emphasis, not clozes."""
    return _HIGHLIGHT.sub(r"**\1**", text) if "==" in text else text


def _outside_code(line: str, separator: str) -> int:
    """Where ``separator`` first occurs outside inline code, or -1."""
    if "`" not in line:
        return line.find(separator)
    position, in_code = 0, False
    while position < len(line):
        if line[position] == "`":
            in_code = not in_code
            position += 1
        elif not in_code and line.startswith(separator, position):
            return position
        else:
            position += 1
    return -1


def inline_card(line: str) -> tuple[str, str, bool] | None:
    """``Front::Back`` or ``Front:::Back`` on a line: front, back, both ways."""
    if "::" not in line or _DATAVIEW.match(line):
        return None
    text = _LEADING_TAG.sub("", _SR.sub("", line)).strip()
    probe = masked(text)  # a cloze's "::" is no separator
    for separator, reverse in ((":::", True), ("::", False)):
        at = _outside_code(probe, separator)
        if at > 0 and text[at + len(separator):].strip() and not text[at + len(separator)] == ":":
            return text[:at].strip(), text[at + len(separator):].strip(), reverse
    return None


def _block_of_lines(doc: Document, busy: set[int], i: int, step: int) -> int:
    """From line ``i``, the last line in direction ``step`` before a blank line, a heading or a taken line."""
    j = i
    while 0 <= j + step < len(doc.lines):
        nxt = j + step
        if doc.blank(nxt) or nxt in busy or _heading_line(doc, nxt):
            break
        j = nxt
    return j


def _heading_line(doc: Document, i: int) -> bool:
    return doc.lines[i].lstrip().startswith("#") and not doc.code[i] and \
        re.match(r"\s{0,3}#{1,6}\s", doc.lines[i]) is not None


def read(doc: Document, state: State) -> list[Region]:
    regions: list[Region] = []
    marked = "<!--SR:" in doc.raw or re.search(r"(?m)^\s*#flashcards\b", doc.raw) is not None
    # Lines taken by an earlier rule or by a card found here (a "::" line is never also in a "?" card).
    busy = {i for i, owner in enumerate(state.owner) if owner != -1}
    regions += _tagged_headings(doc, state)
    for region in regions:
        busy.update(region.lines)
    taken = len(regions)
    # Multi-line cards: the lines above a lone "?" back to a blank line, and those below it to the next.
    for i, line in enumerate(doc.lines):
        mark = line.strip()
        if mark not in _SEPARATORS or doc.code[i] or i in busy:
            continue
        start = _block_of_lines(doc, busy, i, -1)
        end = i
        while end + 1 < len(doc.lines) and end + 1 not in busy and \
                (not doc.blank(end + 1) or doc.code[end + 1]) and not _heading_line(doc, end + 1):
            end += 1
        if start == i or end == i:
            continue
        question = _item_front(_LEADING_TAG.sub("", clean("\n".join(doc.lines[start:i]))))
        # The answer's own lines, kept even where Markdown reads them as a comment or a badge; a scheduling
        # comment is left out before the shared indentation is measured.
        keep = frozenset(j for j in range(i + 1, end + 1) if not _SR.fullmatch(doc.lines[j]))
        answer = emphasis(clean(doc.text(i + 1, end + 1, keep=keep)))
        if not question or not answer:
            continue
        region = Region("obsidian", [Entry(question, answer, start + 1, reverse=_SEPARATORS[mark])],
                        range(start, end + 1), strong=1)
        busy.update(region.lines)
        regions.append(region)
    # One-line cards, and paragraphs of highlights.
    cards_seen = len(regions) > taken or marked
    inline_regions: list[Region] = []
    for k, block in enumerate(doc.blocks):
        if block.kind not in ("paragraph", "bullet_list", "ordered_list"):
            continue
        listed = block.kind != "paragraph"
        for i in range(block.first, block.end):
            if i in busy or doc.code[i]:
                continue
            item = _ITEM.match(doc.lines[i]) if listed else None
            if listed and item is None:
                continue  # a list's own lines: only an item's first line may be a card
            found = inline_card(doc.lines[i][item.end():] if item else doc.lines[i])
            if found is None:
                continue
            front, back, reverse = found
            if item:
                front = _item_front("- " + front)
            lines = {i}
            if i + 1 < len(doc.lines) and _SR.fullmatch(doc.lines[i + 1]):
                lines.add(i + 1)
            inline_regions.append(Region("obsidian", [Entry(clean(front), emphasis(clean(back)), i + 1,
                                                            reverse=reverse)], lines, strong=int(marked)))
    for region in inline_regions:
        busy.update(region.lines)
    regions += inline_regions
    if cards_seen or inline_regions:
        # As the plugin reads a cloze card: the lines up to a blank line, a paragraph and the list under it alike.
        for first, end in _runs(doc):
            if busy.intersection(range(first, end)) or not any("==" in doc.lines[i] for i in range(first, end)):
                continue
            text = clean("\n".join(line for line in doc.lines[first:end] if not _LEADING_TAG.fullmatch(line + " ")))
            if _highlighted(text):
                regions.append(Region("obsidian", [Entry(text, "", first + 1)], range(first, end), strong=1))
    return regions


def _highlighted(text: str) -> bool:
    """Whether ``text`` holds a highlight the build reads as a cloze (one around a formula with '=' in it too)."""
    if _HIGHLIGHT.search(text):
        return True
    try:
        return bool(cloze.read(text)[1])
    except cloze.ClozeError:
        return True  # a cloze written wrong: the build names it, where it would pass over prose


def _runs(doc: Document) -> list[tuple[int, int]]:
    """Lines between blank lines and headings (0-based, end excluded), outside code."""
    runs, first = [], None
    for i in range(len(doc.lines) + 1):
        stop = i == len(doc.lines) or doc.blank(i) or doc.code[i] or _heading_line(doc, i)
        if stop and first is not None:
            runs.append((first, i))
            first = None
        elif not stop and first is None:
            first = i
    return runs


def _tagged_headings(doc: Document, state: State) -> list[Region]:
    """``## Front #card`` (or the tag on the line under the heading) and what follows, to the next heading."""
    regions = []
    blocks = doc.blocks
    for k, block in enumerate(blocks):
        if block.kind != "heading" or not state.free_block(k):
            continue
        text = inline(block.node)
        tag = _CARD_TAG.search(text)
        body = k + 1
        if tag is None and body < len(blocks) and blocks[body].kind == "paragraph" and \
                blocks[body].first == block.end and _CARD_TAG.fullmatch(doc.lines[blocks[body].first]):
            tag = _CARD_TAG.fullmatch(doc.lines[blocks[body].first])
            front = text
            skip_first = blocks[body].first
        elif tag is not None:
            front = text[:tag.start()]
            skip_first = -1
        else:
            continue
        end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind == "heading"), len(blocks))
        last = blocks[end - 1].end if end > k + 1 else block.end
        lines = [doc.lines[i] if i != skip_first else "" for i in range(block.end, last)]
        from ..entry import dedent

        answer = emphasis(clean(_SR.sub("", dedent(lines)).strip("\n")))
        term = heading_text(front)
        if not answer or not term:
            continue
        reverse = (tag.group("how") or "").lower() in ("reverse", "reversed")
        regions.append(Region("obsidian", [Entry(term, answer, block.first + 1, reverse=reverse)],
                              range(block.first, last), strong=1))
    return regions
