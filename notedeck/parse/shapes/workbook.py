"""Workbooks (``.xlsx``, ``.ods``): each sheet a table read as a spreadsheet is, in a subdeck of its own.

Pure. ``inputs.workbooks`` gives a workbook's cells as one JSON text (its sheets in order, each
row with its number in the sheet); each sheet is then read by the rules of a CSV sheet
(``sheets``): a header row or none, the columns mapped by name or position, the rest as
Extra. A sheet's notes go into the subdeck named after it (``vocab.xlsx`` sheet ``Lesson 1``
→ ``<Root>::Vocab::Lesson 1``), its problems are named ``path:Sheet!row``, and an ID
column's values are the notes' identities within their sheet. Hidden sheets are not read
(the report says so); empty ones are passed over.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ...errors import NotesError, Problem
from . import delimited, sheets
from .sheets import Columns, Row


def read(text: str, path: str, settings: Mapping[str, str], remembered: Mapping[str, str], deck: str | None
         ) -> delimited.Read:
    """The entries of every sheet, the columns each was read with (``found["sheets"]``) and the report lines."""
    book = json.loads(text)
    try:
        before_all = json.loads(remembered.get("sheets") or "{}")
    except ValueError:
        before_all = {}
    entries = []
    problems: list[Problem] = []
    kept: dict[str, object] = {}
    described: list[str] = []
    for sheet in book["sheets"]:
        name = sheet["name"]
        if sheet["hidden"]:
            described.append(f"sheet {name!r} is hidden: not read")
            continue
        table = [Row(line, cells) for line, cells in sheet["rows"]]
        if not table:
            continue
        before = Columns.from_value(before_all.get(name)) if isinstance(before_all, dict) else None
        try:
            columns, body = delimited.columns_of(table, {}, settings, before, path)
            kept[name] = {**columns.value(), **({"gone": True} if body is table and columns.header else {})}
            described.append(f"sheet {name!r}: {delimited.describe(columns, body is table)}")
            if body:
                markup = "html" if settings.get("html", "").strip().lower().startswith("true") or \
                    delimited.is_html(body) else "text"
                entries += sheets.entries(body, columns, path, markup, identity=f"{name}\x1f",
                                          deck=f"{deck}::{name}" if deck else name)
        except NotesError as err:
            problems += [Problem(f"{p.path}:{name}" + (f"!{p.line}" if p.line is not None else ""), None, p.message)
                         for p in err.problems]
    if problems:
        raise NotesError(problems)
    found = {"sheets": json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))} if kept else {}
    return delimited.Read(entries, found, tuple(described))
