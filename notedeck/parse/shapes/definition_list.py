"""Markdown definition lists (Pandoc, PHP Markdown Extra, Python-Markdown's def_list).

A term line, then ``: definition`` lines; markdown-it's ``deflist`` plugin finds them. Several
definitions of one term make a numbered definition.
"""

from __future__ import annotations

import re

from ..entry import Entry
from .document import Document, inline, span
from .ruler import Region, State

_MARK = re.compile(r"[ \t]{0,3}[:~][ \t]+(?=\S)")


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    for k, block in enumerate(doc.blocks):
        if block.kind != "dl" or not state.free_block(k):
            continue
        entries: list[Entry] = []
        term: tuple[str, int] | None = None
        definitions: list[str] = []

        def flush() -> None:
            if term is not None and definitions:
                text = definitions[0] if len(definitions) == 1 else \
                    "\n".join(f"{n}. {d}" for n, d in enumerate(definitions, start=1))
                entries.append(Entry(term[0], text, term[1] + 1))

        for child in block.node.children:
            first, end = span(child)
            if child.type == "dt":
                flush()
                term, definitions = (inline(child).strip(), first), []
            elif child.type == "dd":
                # The plugin's map of a definition may start on its term's line: its own line is the one
                # that starts with the ': ' mark.
                first = next((i for i in range(first, end) if _MARK.match(doc.lines[i])), first)
                head = _MARK.sub("", doc.lines[first], count=1).strip()
                more = doc.text(first + 1, end)
                definitions.append(head + ("\n" + more if more else ""))
        flush()
        if entries:
            regions.append(Region("definition-list", entries, range(block.first, block.end)))
    return regions
