"""Obsidian_to_Anki's blocks: ``START``, a note type's name, its fields, ``END``.

As the plugin writes them: the first field is the lines after the note type's name, and each
further field starts with its name and a colon (``Back: …``); a field goes on over the lines
until the next one. ``Basic (and reversed card)`` makes a reverse card; a ``Cloze`` note's
``Text`` holds Anki's clozes and its ``Back Extra`` is the Extra. The ``<!--ID:…-->`` comment the
plugin writes back is no card text. Lines outside the blocks are no cards.
"""

from __future__ import annotations

import re

from ..entry import Entry, dedent
from .document import Document
from .ruler import Region, State

_FIELD = re.compile(r"(?P<name>[A-Z][\w ]{0,30}):\s?(?P<value>.*)")
_ID = re.compile(r"\s*<!--\s*ID:\s*\d+\s*-->\s*")
_FRONT, _BACK = frozenset({"front", "text", "question"}), frozenset({"back", "answer", "back extra", "extra"})


def read(doc: Document, state: State) -> list[Region]:
    lines = doc.lines
    starts = [i for i, line in enumerate(lines) if line.strip() == "START" and not doc.code[i]]
    regions = []
    for start in starts:
        end = next((j for j in range(start + 1, len(lines)) if lines[j].strip() == "END"), None)
        if end is None or end - start < 3 or not state.free(start, end + 1):
            continue
        kind = lines[start + 1].strip()
        fields: list[tuple[str, list[str]]] = [("", [])]
        for line in lines[start + 2:end]:
            if _ID.fullmatch(line):
                continue
            match = _FIELD.fullmatch(line)
            if match and (match.group("name").casefold() in _FRONT | _BACK or fields[0][1]):
                fields.append((match.group("name").casefold(), [match.group("value")]))
            else:
                fields[-1][1].append(line)
        named = {name: dedent(body).strip() for name, body in fields if name or body}
        front = named.pop("", None) or next((named.pop(n) for n in list(named) if n in _FRONT), "")
        cloze = "cloze" in kind.casefold()
        back = next((named.pop(n) for n in list(named) if n in _BACK), "")
        extra = "\n".join(f"{name.title()}: {value}" for name, value in named.items() if value)
        if not front:
            regions.append(Region("obsidian-to-anki", [], range(start, end + 1), {start + 1}))
            continue
        if cloze:  # a line of clozes: its own card, the Back Extra its back
            entry = Entry(front, "", start + 3, extra="\n\n".join(p for p in (back, extra) if p))
        else:
            entry = Entry(front, back, start + 3, reverse=kind.casefold().startswith("basic (and reversed"),
                          extra=extra)
        regions.append(Region("obsidian-to-anki", [entry], range(start, end + 1), strong=1))
    return regions
