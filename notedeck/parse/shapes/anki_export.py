"""Anki's *Notes in Plain Text* of any note type: each note type read as cloze notes or as term notes.

Pure. With a ``#notetype column:`` (or one ``#notetype:`` for the file) every column that is
no metadata column is a field, in order, as in Anki's importer. An export does not name the
fields, so a note type is read by what it is:

- notedeck's own note types (``notedeck term v1``, ``notedeck cloze v1``) field by field,
  their GUIDs adopted: the same notes update in place;
- a note type whose first field holds clozes (``Cloze``, ``Cloze+``…) as cloze notes: the
  first field is the text, the second the ``Back Extra``;
- any other as a front, a back and the rest as ``Extra`` (``Field 3: …``);
  ``Basic (and reversed card)…`` with a reverse card, ``Basic (optional reversed card)…``
  with one where its third field (Add Reverse) is filled.

Anki renames a copy of a note type with a suffix (``Basic-66869``, ``Basic (and reversed
card)-1e33a``): the suffix does not change what it is. What each note type was read as is
kept in the build state, so a later build reads it the same way (a ``Cloze+`` note whose
clozes were all taken out is an error, not a change of every note's type).

The GUID column of another note type: Anki matches an imported note by GUID and keeps a
note's type, so a notedeck note carrying a Basic note's GUID is reported as conflicting and
never imported. Such a GUID is instead the note's identity (``Entry.identity``): a new
notedeck note, whose GUID is made from it, so editing the front in the file keeps the note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...errors import Problem
from ..cloze import is_cloze
from ..entry import Entry, problem_with
from .sheets import Row

# Anki's stock note types, by name without case: what they are and how many fields they have.
STOCK = {
    "basic": ("basic", 2),
    "basic (type in the answer)": ("basic", 2),
    "basic (and reversed card)": ("reversed", 2),
    "basic (optional reversed card)": ("optional", 3),
    "cloze": ("cloze", 2),
}
OWN = {"notedeck term": ("own-term", 8), "notedeck cloze": ("own-cloze", 7)}
KINDS = ("basic", "reversed", "optional", "cloze", "own-term", "own-cloze")
# The suffix Anki gives a copy of a note type whose name is taken: a dash and a few letters and digits.
_COPY = re.compile(r"-(?=[0-9a-z]*\d)[0-9a-z]{4,6}$")
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")


def base_name(name: str) -> str:
    """A note type's name without case, spacing or Anki's copy suffix: ``Basic-66869`` → ``basic``."""
    key = " ".join(name.casefold().split())
    return _COPY.sub("", key)


def stock_kind(name: str) -> tuple[str, int] | None:
    """What a note type is by its name alone (Anki's own and notedeck's), and its number of fields."""
    key = base_name(name)
    for prefix, kind in OWN.items():
        if key.startswith(prefix):
            return kind
    if key in STOCK:
        return STOCK[key]
    for name_start in ("basic (and reversed card)", "basic (optional reversed card)"):
        if key.startswith(name_start):  # "Basic (and reversed card) German": still a reversed Basic
            return STOCK[name_start]
    return None


@dataclass(frozen=True)
class Kinds:
    """How each note type of a file is read, and how many of its fields hold something."""

    kinds: dict[str, str]  # note type name as written → kind
    fields: dict[str, int]  # note type name → the last field with something in it (1-based)
    detected: dict[str, str]  # the kinds decided by looking at the rows (remembered in the state)


def kinds(table: Sequence[Row], name_of: Mapping[int, str], fields: Sequence[int],
          remembered: Mapping[str, str]) -> Kinds:
    """Each note type's kind: its name's, the state's, or a cloze type when its first field holds clozes."""
    found: dict[str, str] = {}
    used: dict[str, int] = {}
    clozes: set[str] = set()
    for row in table:
        name = name_of[row.line]
        cells = row.cells
        values = [cells[i] if i < len(cells) else "" for i in fields]
        last = max((k + 1 for k, v in enumerate(values) if v.strip()), default=0)
        used[name] = max(used.get(name, 0), last)
        if values and _ANKI_CLOZE.search(values[0]):
            clozes.add(name)
    detected: dict[str, str] = {}
    for name in used:
        stock = stock_kind(name)
        if stock is not None:
            found[name] = stock[0]
        elif remembered.get(name) in KINDS:
            found[name] = detected[name] = remembered[name]
        else:
            found[name] = detected[name] = "cloze" if name in clozes else "basic"
    return Kinds(found, used, detected)


def remembered_kinds(text: str | None) -> dict[str, str]:
    """The ``notetypes`` the state keeps, read back (nothing from a state of another form)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str) and v in KINDS} if isinstance(data, dict) else {}


def note(values: Sequence[str], kind: str, name: str, line: int, path: str, markup: str
         ) -> tuple[str, str, str, bool] | Problem:
    """Term, definition, extra and reverse of one note of the note type ``name``."""
    values = [v.strip() for v in values] + [""] * 8
    joiner = "<br>" if markup == "html" else "\n"

    def rest(start: int) -> str:  # fields from ``start`` (0-based) on, labelled by their number
        return joiner.join(f"Field {k + 1}: {v}" for k, v in enumerate(values[start:], start) if v)

    if kind == "own-term":  # Term, Alias, Definition, Context, Diagram, Extra, Source, Reverse
        term = f"{values[0]} ({values[1]})" if values[1] else values[0]
        return term, values[2], values[5], bool(values[7])
    if kind == "own-cloze":  # Text, Term, Alias, Context, Diagram, Extra, Source
        if values[1]:  # a term with its clozes in the text under it
            return f"{values[1]} ({values[2]})" if values[2] else values[1], values[0], values[5], False
        return values[0], "", values[5], False
    if kind == "cloze":  # Text, Back Extra: the clozes are the card
        if not is_cloze(values[0]):
            return Problem(path, line, f"a note of the cloze note type {name!r} without a cloze in its first field "
                           f"({values[0][:60]!r}): write one ({{{{c1::…}}}}), or export it as another note type")
        extra = joiner.join(part for part in (values[1], rest(2)) if part)
        return values[0], "", extra, False
    if kind == "optional":  # Front, Back, Add Reverse
        return values[0], values[1], rest(3), bool(values[2])
    return values[0], values[1], rest(2), kind == "reversed"


def describe(name: str, kind: str, used: int, guids: str) -> str:
    """One report line: how the notes of one note type were read.

    ``guids`` is how their GUIDs were taken: ``adopted``, ``identity``, ``ignored`` or empty.
    """
    def extra_fields(start: int) -> str:
        if used < start:
            return ""
        return f", Extra: field {start}" if used == start else f", Extra: fields {start}–{used}"

    if kind == "own-term":
        how = "notedeck's own term notes"
    elif kind == "own-cloze":
        how = "notedeck's own cloze notes"
    elif kind == "cloze":
        how = "cloze notes (Text, Back Extra" + (f", Extra: fields 3–{used}" if used > 3 else
                                                  ", Extra: field 3" if used == 3 else "") + ")"
    elif kind == "reversed":
        how = f"term notes with a reverse card (Front, Back{extra_fields(3)})"
    elif kind == "optional":
        how = f"term notes, a reverse card where Add Reverse is filled (Front, Back, Add Reverse{extra_fields(4)})"
    else:
        how = f"term notes (Front, Back{extra_fields(3)})"
    line = f"notetype {name!r}: read as {how}"
    if guids == "adopted":
        line += "; their GUIDs kept, so the same notes update in place"
    elif guids == "identity":
        line += "; their GUIDs are another note type's in Anki: new notedeck notes, each known by its GUID"
    elif guids == "ignored":
        line += "; their GUIDs ignored (#guids:ignore): new notes, known by their fronts"
    return line


def entries(table: Sequence[Row], name_of: Mapping[int, str], fields: Sequence[int], columns: Mapping[str, int | None],
            path: str, markup: str, adopt_guids: bool, remembered: Mapping[str, str]
            ) -> tuple[list[Entry], list[Problem], dict[str, str], tuple[str, ...]]:
    """The entries of an export's rows, the problems, the note type kinds to remember and the report lines.

    ``name_of`` gives each row's note type (by its line); ``fields`` the columns that are fields;
    ``columns`` the metadata columns (``guid``, ``deck``, ``tags``), numbered from 0.
    """
    found = kinds(table, name_of, fields, remembered)
    guid, deck, tags = columns.get("guid"), columns.get("deck"), columns.get("tags")
    result: list[Entry] = []
    problems: list[Problem] = []
    for row in table:
        cells = row.cells
        n = len(cells)
        name = name_of[row.line]
        kind = found.kinds[name]
        made = note([cells[i] if i < n else "" for i in fields], kind, name, row.line, path, markup)
        if isinstance(made, Problem):
            problems.append(made)
            continue
        term, definition, extra, reverse = made
        problem = problem_with(path, row.line, term, definition,
                               f"empty definition for {term!r}: the note's second field is empty")
        if problem is not None:
            problems.append(problem)
            continue
        own_guid = cells[guid].strip() if guid is not None and guid < n else ""
        adopted = own_guid if adopt_guids and kind.startswith("own-") else ""
        identity = f"guid\x1f{own_guid}" if adopt_guids and own_guid and not adopted else None
        result.append(Entry(term, definition, row.line, reverse=reverse,
                            tags=tuple(cells[tags].split()) if tags is not None and tags < n else (),
                            guid=adopted or None, deck=(cells[deck].strip() or None) if deck is not None and deck < n
                            else None, extra=extra, markup=markup, identity=identity))
    described = []
    for name, kind in found.kinds.items():
        how = "" if guid is None else "ignored" if not adopt_guids else "adopted" if kind.startswith("own-") \
            else "identity"
        described.append(describe(name, kind, found.fields[name], how))
    return result, problems, found.detected, tuple(described)
