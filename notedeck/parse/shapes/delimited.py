"""Delimited tables: Anki's *Notes in Plain Text*, CSV and TSV sheets, Quizlet's exports.

Pure. Rows are read by the standard ``csv`` module (quotes, doubled quotes and line breaks
inside quoted fields, exactly as Anki's own importer reads them); only a separator longer
than one character, which only Quizlet's *custom* export writes and which no quoting goes
with, is split by hand, at its first occurrence in each row.

Anki's header rules, from its importer (``rslib/src/import_export/text/csv/``): the
``#separator:`` is a name (``tab``, ``comma``, ``semicolon``, ``pipe``, ``colon``,
``space``) or one of those characters; ``#html:true`` means the fields are HTML; the
``#… column:`` keys number columns from 1; ``#columns:`` names the columns, split by the
separator; a row whose first field starts with ``#`` is a comment. notedeck also takes any
longer string as ``#separator:`` (Quizlet's custom separators, which Anki itself ignores)
``#rows:`` for a custom separator between cards, and ``#guids:ignore`` to make new notes of
rows that carry the GUIDs of notes of another note type.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ...errors import NotesError
from ..entry import Entry, lines_of
from . import anki_export, sheets
from .sheets import Columns, Row

SEPARATOR_NAMES = {"tab": "\t", "pipe": "|", "semicolon": ";", "colon": ":", "comma": ",", "space": " "}
_ANKI_GUESS_ORDER = ("\t", "|", ";", ":", ",", " ")
_SHOWN = {"\t": "tab", " ": "space", "\n": "a new line"}
_HTML = re.compile(r"<!--|<[^<>\s][^<>]*>")

def separator_of(value: str) -> str:
    """A ``#separator:`` value as Anki reads it (a name or one character), else the literal string."""
    raw = value.rstrip("\r\n")
    # Anki cuts the value at its first non-alphanumeric character after the first.
    clipped = re.match(r".[A-Za-z0-9]*", raw)
    normed = clipped.group().strip().lower() if clipped else ""
    if normed in SEPARATOR_NAMES:
        return SEPARATOR_NAMES[normed]
    if clipped and clipped.group() in SEPARATOR_NAMES.values():
        return clipped.group()
    return raw


def shown(separator: str) -> str:
    """How a separator is named in messages."""
    return _SHOWN.get(separator, repr(separator))


def anki_guess(body: str) -> str:
    """Anki's own delimiter guess: the first of tab, pipe, semicolon, colon, comma that the text has."""
    sample = body[:8192]
    return next((d for d in _ANKI_GUESS_ORDER if d in sample), " ")


def rows(body: str, separator: str, row_separator: str | None = None, comments: bool = True,
         continued: bool = False, first_only: bool = False) -> list[Row]:
    """The table's records with their first lines; blank rows and ``#`` comment rows left out.

    ``first_only``: a line is a term and its definition, split at the first separator (Quizlet's export
    quotes nothing, so a comma in a definition is the definition's).

    ``continued``: Quizlet's export, which quotes nothing, so a definition's line break leaves
    its next line without a separator: such a line goes on with the row above.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # a field is bounded by the file's size
    lines = lines_of(body)
    if row_separator is not None or len(separator) > 1 or first_only:
        return _split_rows(lines, separator, row_separator)
    if continued:
        reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator, quoting=csv.QUOTE_NONE)
        found = []
        for line, record in enumerate(reader, 1):
            if len(record) == 1 and found and record[0].strip():
                found[-1].cells[-1] += "\n" + record[0]
            elif any(cell.strip() for cell in record):
                found.append(Row(line, record))
        return found
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator, quotechar='"', doublequote=True,
                        strict=False)
    found = []
    start = 1
    for record in reader:
        line = start
        start = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if comments and lines[line - 1].startswith("#"):
            continue
        found.append(Row(line, record))
    return found


def continued_tab_rows(lines: Sequence[str]) -> bool:
    """Quizlet's default export with a line break in a definition: ``term<TAB>definition`` rows (one tab
    each), and lines without a tab only right under one, going on with its definition."""
    filled = [line for line in lines if line.strip()]
    tabbed = sum(line.count("\t") == 1 for line in filled)
    return bool(filled) and "\t" in filled[0] and tabbed >= max(3, 0.8 * len(filled)) and \
        all(line.count("\t") <= 1 and not line.startswith("#") for line in filled)


def _split_rows(lines: list[str], separator: str, row_separator: str | None) -> list[Row]:
    """Rows cut by hand: by lines, or by a separator line (or string) between cards."""
    found: list[Row] = []
    if row_separator is None or row_separator == "\n":
        pieces = [(i + 1, line) for i, line in enumerate(lines)]
    else:
        pieces = []
        text = "\n".join(lines)
        line = 1
        for part in text.split(row_separator):
            lead = len(part) - len(part.lstrip("\n"))
            pieces.append((line + lead, part.strip("\n")))
            line += part.count("\n") + row_separator.count("\n")
    for line, piece in pieces:
        if not piece.strip():
            continue
        term, found_it, definition = piece.partition(separator)
        found.append(Row(line, [term, definition] if found_it else [term]))
    return found



def _column_number(settings: Mapping[str, str], key: str) -> int | None:
    """A ``#… column:`` value as Anki reads it: a number from 1 (from 0 here), else nothing."""
    value = settings.get(key)
    digits = re.match(r"\s*(\d+)", value) if value is not None else None
    if digits is None:  # Anki ignores a value it cannot read as a number
        return None
    number = int(digits.group(1))
    return number - 1 if number > 0 else None


def is_html(table: Sequence[Row]) -> bool:
    """Anki's guess when ``#html`` is not given: any field of the first five rows holds HTML."""
    return any(_HTML.search(cell) for row in table[:5] for cell in row.cells)


@dataclass(frozen=True)
class Read:
    """A table's entries, what was decided to read it (kept in the state) and how, for the report."""

    entries: list[Entry]
    found: dict[str, str] = field(default_factory=dict)  # "columns", "notetypes": see ``read_table``
    described: tuple[str, ...] = ()


def read(body: str, path: str, settings: dict[str, str], separator: str, header_line: int | None = None
         ) -> list[Entry]:
    """Entries of a delimited table whose separator is known; raises NotesError."""
    return read_table(body, path, settings, separator, header_line).entries


def read_table(body: str, path: str, settings: Mapping[str, str], separator: str, header_line: int | None = None,
               remembered: Mapping[str, str] | None = None, anki: bool = False) -> Read:
    """A delimited table whose separator is known: its entries, and what a later build needs to read it so.

    ``remembered`` is what an earlier build found (``Read.found``: the columns of a sheet, the
    kind of each note type); ``anki`` says the file has Anki's own header, whose rules then
    apply (the column after the fields is the tags). Raises NotesError.
    """
    if not separator or separator in ("\n", "\r", '"'):
        raise NotesError.at(path, header_line, f"{separator!r} cannot separate a term from its definition: give "
                            "#separator: a name (tab, comma, semicolon, pipe, colon, space) or a string")
    if settings.get("rows") is not None and not settings["rows"]:
        raise NotesError.at(path, header_line, "#rows: is empty: give the string between cards, or leave the line out")
    row_separator = settings.get("rows")
    if row_separator is not None:
        row_separator = {"newline": "\n", "new line": "\n", "semicolon": ";", "blank line": "\n\n"}.get(
            row_separator.strip().lower(), row_separator.replace("\\n", "\n"))
    try:
        table = rows(body, separator, row_separator, continued=settings.get("continued") == "lines",
                     first_only=settings.get("split") == "first")
    except csv.Error as err:
        raise NotesError.at(path, header_line, f"cannot read this table: {err}") from None
    if not table:
        return Read([])
    meta = {key.split()[0]: _column_number(settings, key)
            for key in ("guid column", "deck column", "notetype column", "tags column")}
    adopt_guids = settings.get("guids", "adopt").strip().lower() != "ignore"
    html_setting = settings.get("html", "").strip().lower()
    html = html_setting.startswith("true") if html_setting[:4] in ("true", "fals") else is_html(table)
    markup = "html" if html else "text"
    remembered = remembered or {}
    notetype = settings.get("notetype", "").strip()
    if meta["notetype"] is not None or (notetype and settings.get("columns") is None):
        made = _by_note_type(table, meta, notetype, path, markup, adopt_guids, remembered, header_line)
    else:
        made = _by_columns(table, meta, settings, separator, path, markup, remembered, header_line, anki)
    file_tags = tuple(settings.get("tags", "").split())  # Anki's #tags: tags every note of the file
    file_deck = settings.get("deck", "").strip() or None  # and #deck: places every note without a deck column
    if file_tags or file_deck:
        made = replace(made, entries=[replace(e, tags=tuple(dict.fromkeys((*e.tags, *file_tags))),
                                              deck=e.deck or file_deck) for e in made.entries])
    return made


def _by_note_type(table: list[Row], meta: dict[str, int | None], notetype: str, path: str, markup: str,
                  adopt_guids: bool, remembered: Mapping[str, str], header_line: int | None) -> Read:
    """An export whose note types a column (or ``#notetype:``) names: every other column a field."""
    width = max(len(r.cells) for r in table)
    taken = {i for i in meta.values() if i is not None}
    fields = [i for i in range(width) if i not in taken]
    column = meta["notetype"]
    if column is None:  # one note type for the file: Anki maps its fields, then the tags column after them
        stock = anki_export.stock_kind(notetype)
        if stock is not None:
            if meta["tags"] is None and len(fields) > stock[1]:
                meta = {**meta, "tags": fields[stock[1]]}
            fields = fields[:stock[1]]
        name_of = {r.line: notetype for r in table}
    else:
        name_of = {r.line: (r.cells[column].strip() if column < len(r.cells) else "") or "Basic" for r in table}
    entries, problems, detected, described = anki_export.entries(
        table, name_of, fields, meta, path, markup, adopt_guids,
        anki_export.remembered_kinds(remembered.get("notetypes")))
    if problems:
        raise NotesError(problems)
    found = {"notetypes": json.dumps(detected, ensure_ascii=False, sort_keys=True)} if detected else {}
    return Read(entries, found, described)


def _by_columns(table: list[Row], meta: dict[str, int | None], settings: Mapping[str, str], separator: str,
                path: str, markup: str, remembered: Mapping[str, str], header_line: int | None, anki: bool) -> Read:
    """A table of a front, a back and more columns: named by ``#columns:``, by its first row, or by position."""
    names = settings.get("columns")
    found: dict[str, str] = {}
    if names is not None:  # Anki's #columns: the names, in the file's separator
        labels = next(csv.reader([names.rstrip("\r\n")], delimiter=separator)) if len(separator) == 1 \
            else names.rstrip("\r\n").split(separator)
        extra = next((r for r in table if any(c.strip() for c in r.cells[len(labels):])), None)
        if extra is not None:
            raise NotesError.at(path, extra.line, f"this row has {len(extra.cells)} columns and the #columns: line "
                                f"names {len(labels)}: name every column (an empty name skips one)")
        columns = sheets.by_names(labels, len(labels), meta, empty_skips=True)
        body = table
    else:
        before = Columns.decode(remembered.get("columns"))
        columns, body = columns_of(table, meta, settings, before, path, anki)
        found["columns"] = columns.encode()
        if before is not None and before.header is not None and body is table:
            found["header"] = "gone"  # so the report says it once, and again when the header is back
        if not body:
            return Read([], found, ())
    return Read(sheets.entries(body, columns, path, markup), found, (describe(columns, body is table),))


def describe(columns: Columns, gone: bool) -> str:
    """The report's line for a sheet's columns; ``gone``: read without the header row its columns were named by."""
    if gone and columns.header is not None:
        return f"no header row now (the last build read {', '.join(columns.header)}): {columns.describe()}, as before"
    return columns.describe()


def columns_of(table: list[Row], meta: Mapping[str, int | None], settings: Mapping[str, str],
               before: Columns | None, path: str, anki: bool = False) -> tuple[Columns, list[Row]]:
    """Which column of a sheet is which, and its rows without the header row.

    The first row is the header when a ``header`` setting says so, when it is the header an
    earlier build read (``before``), or when it names the columns (``sheets.is_header``). A
    sheet an earlier build read with a header row that is no longer there keeps the columns it
    had: its first row is a card, its columns where they were.
    """
    width = max(len(r.cells) for r in table)
    first = table[0].cells
    said = settings.get("header", "").strip().lower()
    if said in ("true", "yes", "on"):
        header = True
    elif said in ("false", "no", "off"):
        header = False
    elif before is not None and before.header is not None and \
            [sheets.normal(c) for c in first] == [sheets.normal(c) for c in before.header]:
        header = True
    else:
        header = sheets.is_header(first, [r.cells for r in table[1:]])
    if header:
        columns = sheets.by_names(first, width, meta)
        body = table[1:]
    elif before is not None and before.header is not None:
        if width > len(before.roles):
            raise NotesError.at(path, table[0].line, f"the first row is no longer the header row the last build read "
                                f"({', '.join(before.header)}), and the rows now have {width} columns where it "
                                f"named {len(before.roles)}: put the header row back, so that each column is "
                                "found by its name")
        columns, body = before, table  # the header row deleted: the columns stay where they were
    else:
        columns, body = sheets.by_position(width, meta, anki_tags=anki), table
    ident = columns.index("id")
    if ident is not None and not (before is not None and before.index("id") == ident and
                                  before.header == columns.header) and not sheets.unique_ids(body, ident):
        # The same number twice: a column of numbering, not of identities. Shown in Extra all the same.
        columns = Columns(tuple("extra" if r == "id" else r for r in columns.roles), columns.header)
    return columns, body
