"""RemNote outlines: bullets whose card markers are RemNote's typed separators.

``A >> B`` asks A and answers B; ``A << B`` asks B and answers A; ``A <> B`` both ways; ``A :: B``
a concept (both ways, as RemNote makes them); ``A ;; B`` a descriptor (forward); ``A―B`` (U+2015,
RemNote's Markdown export) forward. ``A >>>``, ``A ;;`` or ``A ↓`` at the end of a bullet (``↑``
backward, ``↕`` both ways) is a multi-line card whose answer is the bullet's children: one child
its text, several a list. ``{{text}}`` clozes of one bullet make one card (all ``c1``). A bullet
with no marker and children gives them context; one without children is reported as skipped.
A list is a RemNote outline only when one of its bullets has a marker only RemNote writes.
"""

from __future__ import annotations

import re

from ..entry import Entry, dedent
from .bullets import item_text
from .document import Document, span, unwrap, wikilinks
from .ruler import Region, State

_MULTI = re.compile(r"\s*(?P<mark>>>>|;;|↓|↑|↕)\s*$")
_SINGLE = re.compile(r"\s+(?P<mark>>>|<<|<>|::|;;)\s+|(?P<bar>―)")
_OWN = re.compile(r"\s(?:>>|<<|<>|;;)\s|\s*(?:>>>|;;|↓|↑|↕)\s*$|―")
_CLOZE = re.compile(r"\{\{(?!c\d+::)(?!cloze\s)([^{}]+?)\}\}")


def marked(text: str) -> bool:
    return _OWN.search(text) is not None


def _has_marks(doc: Document, node) -> bool:  # type: ignore[no-untyped-def]
    for item in node.children:
        first, _ = span(item)
        if marked(item_text(doc, first)):
            return True
        if any(child.type in ("bullet_list", "ordered_list") and _has_marks(doc, child) for child in item.children):
            return True
    return False


def children_text(doc: Document, item) -> str:  # type: ignore[no-untyped-def]
    """The answer a bullet's children make: one child's text, or several as a list."""
    lists = [child for child in item.children if child.type in ("bullet_list", "ordered_list")]
    items = [i for lst in lists for i in lst.children]
    empty = {line for i in items if not i.children for line in range(*span(i))}  # a bare "-", as outliners leave
    items = [i for i in items if i.children]
    if not items:
        return ""
    if len(items) == 1:
        first, end = span(items[0])
        head = doc.lines[first].expandtabs(4)
        marker = re.match(r"\s*(?:[-*+]|\d{1,9}[.)])[ \t]+", head)
        if marker:  # the bullet becomes indentation, so the child's own lines keep their place under it
            head = " " * marker.end() + head[marker.end():]
        return dedent([head, *doc.lines[first + 1:end]]).strip("\n")
    first, end = span(lists[0])
    last = span(lists[-1])[1]
    return dedent([doc.lines[j] for j in range(first, last) if j not in empty]).strip("\n")


def cloze(text: str) -> str:
    """RemNote's ``{{text}}`` clozes as Anki's, all one card (``c1``)."""
    return _CLOZE.sub(r"{{c1::\1}}", text)


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    for k, block in enumerate(doc.blocks):
        if block.kind != "bullet_list" or not state.free_block(k) or not _has_marks(doc, block.node):
            continue
        entries: list[Entry] = []
        skipped: set[int] = set()
        _walk(doc, block.node, entries, skipped)
        regions.append(Region("remnote", entries, range(block.first, block.end), skipped, strong=len(entries)))
    return regions


def _walk(doc: Document, node, entries: list[Entry], skipped: set[int]) -> None:  # type: ignore[no-untyped-def]
    for item in node.children:
        first, end = span(item)
        text = wikilinks(item_text(doc, first))
        nested = [child for child in item.children if child.type in ("bullet_list", "ordered_list")]
        multi = _MULTI.search(text)
        if multi:
            answer = children_text(doc, item)
            front = unwrap(text[:multi.start()])
            mark = multi.group("mark")
            if answer and front:
                if mark == "↑":
                    entries.append(Entry(answer, front, first + 1))
                else:
                    entries.append(Entry(front, wikilinks(answer), first + 1, reverse=mark == "↕"))
            else:
                skipped.add(first)
            continue
        single = _SINGLE.search(text)
        if single:
            left, right = unwrap(text[:single.start()]), text[single.end():].strip()
            mark = single.group("mark") or "―"
            if left and right:
                if mark == "<<":
                    entries.append(Entry(right, left, first + 1))
                else:
                    entries.append(Entry(left, right, first + 1, reverse=mark in ("<>", "::")))
            else:
                skipped.add(first)
        elif _CLOZE.search(text):
            entries.append(Entry(cloze(text), "", first + 1))
        elif not nested:
            skipped.add(first)
        for child in nested:
            _walk(doc, child, entries, skipped)
