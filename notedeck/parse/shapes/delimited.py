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
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...errors import NotesError, Problem
from ..entry import Entry, lines_of, problem_with

SEPARATOR_NAMES = {"tab": "\t", "pipe": "|", "semicolon": ";", "colon": ":", "comma": ",", "space": " "}
_ANKI_GUESS_ORDER = ("\t", "|", ";", ":", ",", " ")
_SHOWN = {"\t": "tab", " ": "space", "\n": "a new line"}

# Column names whose meaning is obvious, in the languages of the tools that write them.
TERM_NAMES = frozenset({
    "front", "question", "term", "word", "prompt", "card front", "side 1", "q", "vocabulary", "expression", "concept",
    "name", "text", "begriff", "wort", "vorderseite", "frage", "terme", "mot", "recto", "término", "termino",
    "palabra", "pregunta", "anverso", "frente", "termo", "palavra", "termine", "parola", "domanda", "fronte"})
DEFINITION_NAMES = frozenset({
    "back", "answer", "definition", "meaning", "card back", "side 2", "a", "explanation", "description",
    "translation", "gloss", "back extra", "bedeutung", "rückseite", "antwort", "erklärung", "übersetzung",
    "définition", "sens", "verso", "réponse", "traduction", "definición", "definicion", "significado", "respuesta",
    "reverso", "traducción", "definição", "resposta", "tradução", "definizione", "significato", "risposta", "retro",
    "traduzione"})
# A first row of language names (English,Spanish) names the columns too: the first is the term.
LANGUAGE_NAMES = frozenset({
    "english", "spanish", "french", "german", "italian", "portuguese", "dutch", "russian", "japanese", "chinese",
    "korean", "arabic", "latin", "greek", "polish", "swedish", "turkish", "hindi", "español", "inglés", "francés",
    "alemán", "français", "anglais", "espagnol", "allemand", "deutsch", "englisch", "spanisch", "französisch",
    "italiano", "inglese", "português", "inglês", "native", "target", "source"})
TAGS_NAMES = frozenset({"tags", "tag"})
EXTRA_NAMES = frozenset({"extra", "notes", "note", "remarks"})
GUID_NAMES = frozenset({"guid"})
DECK_NAMES = frozenset({"deck"})
NOTETYPE_NAMES = frozenset({"notetype", "note type"})
_KNOWN = TERM_NAMES | DEFINITION_NAMES | TAGS_NAMES | EXTRA_NAMES | GUID_NAMES | DECK_NAMES | NOTETYPE_NAMES

# Anki's stock note types: how each of their fields maps to a term note.
_BASIC = ("basic", "basic (type in the answer)", "basic (and reversed card)", "basic (optional reversed card)")
_CLOZE = ("cloze",)
_HTML = re.compile(r"<!--|<[^<>\s][^<>]*>")


@dataclass(frozen=True)
class Row:
    """One record of the table and the line it starts on."""

    line: int
    cells: list[str]


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


def rows(body: str, separator: str, row_separator: str | None = None, comments: bool = True) -> list[Row]:
    """The table's records with their first lines; blank rows and ``#`` comment rows left out."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # a field is bounded by the file's size
    lines = lines_of(body)
    if row_separator is not None or len(separator) > 1:
        return _split_rows(lines, separator, row_separator)
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator, quotechar='"', doublequote=True,
                        strict=False)
    found: list[Row] = []
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


@dataclass(frozen=True)
class Columns:
    """Which column is which, numbered from 0."""

    term: int
    definition: int
    tags: int | None = None
    extra: int | None = None
    guid: int | None = None
    deck: int | None = None
    notetype: int | None = None
    ignored: tuple[int, ...] = ()


def _column_number(settings: dict[str, str], key: str, path: str) -> int | None:
    value = settings.get(key)
    if value is None:
        return None
    digits = re.match(r"\s*(\d+)", value)
    if digits is None:  # Anki ignores a value it cannot read as a number
        return None
    number = int(digits.group(1))
    return number - 1 if number > 0 else None


def _role(name: str) -> str | None:
    key = " ".join(name.strip().lower().split())
    for role, names in (("term", TERM_NAMES), ("definition", DEFINITION_NAMES), ("tags", TAGS_NAMES),
                        ("extra", EXTRA_NAMES), ("guid", GUID_NAMES), ("deck", DECK_NAMES),
                        ("notetype", NOTETYPE_NAMES)):
        if key in names:
            return role
    return None


def looks_like_header(cells: Sequence[str]) -> bool:
    """A first row of column names (``term,definition``, ``Front;Back;Tags``, ``English,Spanish``), not a card."""
    named = [c for c in cells if c.strip()]
    if len(named) >= 2 and all(" ".join(c.lower().split()) in LANGUAGE_NAMES for c in named[:2]):
        return True
    return len(named) >= 2 and all(_role(c) is not None for c in named) and \
        any(_role(c) in ("term", "definition") for c in named)


def columns_from_names(names: Sequence[str], meta: dict[str, int | None], path: str, line: int | None,
                       how: str) -> Columns:
    """Columns mapped by their names; unknown names are refused with the way to map them."""
    roles: dict[str, int] = {k: v for k, v in meta.items() if v is not None}
    ignored: list[int] = []
    unknown: list[str] = []
    for i, name in enumerate(names):
        if i in roles.values():
            continue
        if not name.strip():
            ignored.append(i)
            continue
        role = _role(name)
        if role is None:
            unknown.append(name)
        elif role in roles:
            unknown.append(f"{name} (a second {role} column)")
        else:
            roles[role] = i
    if unknown or "term" not in roles or "definition" not in roles:
        seen = ", ".join(repr(n) for n in names)
        what = (f"the column {unknown[0]!r} is not one notedeck knows" if len(unknown) == 1 else
                f"the columns {', '.join(map(repr, unknown))} are not ones notedeck knows") if unknown else \
            "no column is the " + ("term" if "term" not in roles else "definition")
        raise NotesError.at(path, line, f"{what} (columns seen: {seen}). Name each column in {how} as Front "
                            "(or Term, Question), Back (or Definition, Answer), Tags or Extra, or leave a name "
                            "empty to skip that column")
    return Columns(roles["term"], roles["definition"], roles.get("tags"), roles.get("extra"), roles.get("guid"),
                   roles.get("deck"), roles.get("notetype"), tuple(ignored))


def columns_by_position(table: Sequence[Row], meta: dict[str, int | None], path: str) -> Columns:
    """Anki's rule without names: the first two other columns are the fields, the next one the tags.

    Any further column with something in it is refused: what it holds cannot be known.
    """
    width = max(len(r.cells) for r in table)
    taken = {v for v in meta.values() if v is not None}
    free = [i for i in range(width) if i not in taken]
    if len(free) < 2:
        raise NotesError.at(path, table[0].line, "each row needs a term and a definition, separated by "
                            "the separator; this row has one field")
    term, definition, *rest = free
    tags = meta.get("tags")
    if tags is None and rest:
        tags, rest = rest[0], rest[1:]  # Anki: the column after the fields is the tags column
    used = [i for i in rest if any(i < len(r.cells) and r.cells[i].strip() for r in table)]
    if used:
        first = next(r for r in table if any(i < len(r.cells) and r.cells[i].strip() for i in used))
        raise NotesError.at(path, first.line, f"rows have {width} columns and notedeck cannot tell what column "
                            f"{used[0] + 1} holds: name the columns on a first line such as "
                            f"#columns:Front<sep>Back<sep>Tags<sep>Extra (the names Front, Back, Tags, Extra, or "
                            "empty to skip a column)")
    return Columns(term, definition, tags, None, meta.get("guid"), meta.get("deck"), meta.get("notetype"),
                   tuple(rest))


def is_html(table: Sequence[Row]) -> bool:
    """Anki's guess when ``#html`` is not given: any field of the first five rows holds HTML."""
    return any(_HTML.search(cell) for row in table[:5] for cell in row.cells)


def read(body: str, path: str, settings: dict[str, str], separator: str, header_line: int | None = None,
         first_row_may_name_columns: bool = True) -> list[Entry]:
    """Entries of a delimited table whose separator is known; raises NotesError."""
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
        table = rows(body, separator, row_separator)
    except csv.Error as err:
        raise NotesError.at(path, header_line, f"cannot read this table: {err}") from None
    if not table:
        return []
    meta = {key.split()[0]: _column_number(settings, key, path)
            for key in ("guid column", "deck column", "notetype column", "tags column")}
    adopt_guids = settings.get("guids", "adopt").strip().lower() != "ignore"
    names = settings.get("columns")
    if meta["notetype"] is not None:  # Anki: with a note type column, every other column is a field
        columns = Columns(-1, -1, meta["tags"], None, meta["guid"], meta["deck"], meta["notetype"])
    elif names is not None:
        label_row = next(csv.reader([names.rstrip("\r\n")], delimiter=separator)) if len(separator) == 1 \
            else names.rstrip("\r\n").split(separator)
        columns = columns_from_names(label_row, meta, path, header_line, "the #columns: line")
        extra = next((r for r in table if any(c.strip() for c in r.cells[len(label_row):])), None)
        if extra is not None:
            raise NotesError.at(path, extra.line, f"this row has {len(extra.cells)} columns and the #columns: line "
                                f"names {len(label_row)}: name every column (an empty name skips one)")
    elif first_row_may_name_columns and looks_like_header(table[0].cells) and \
            all(" ".join(c.lower().split()) in LANGUAGE_NAMES for c in table[0].cells[:2]):
        if len(table) == 1:
            return []  # the column names, and no card yet
        columns = columns_by_position(table[1:], meta, path)  # languages: the first is the term
        table = table[1:]
    elif first_row_may_name_columns and looks_like_header(table[0].cells):
        columns = columns_from_names(table[0].cells, meta, path, table[0].line, f"the first row (line "
                                     f"{table[0].line})")
        table = table[1:]
        if not table:
            return []
    else:
        columns = columns_by_position(table, meta, path)
    if "notetype" in settings and columns.notetype is None:  # one note type for the whole file
        kind = " ".join(settings["notetype"].strip().lower().split())
        if kind not in _BASIC and kind not in _CLOZE and not kind.startswith("notedeck term"):
            raise NotesError.at(path, header_line, f"the file's note type is {settings['notetype'].strip()!r}: "
                                "notedeck makes term → definition notes from Anki's Basic note types, and cloze "
                                "notes from its Cloze note type")
        if adopt_guids and columns.guid is not None and not kind.startswith("notedeck "):
            raise NotesError.at(path, header_line, f"these are Anki notes of the note type "
                                f"{settings['notetype'].strip()!r}, with their GUIDs: a package of notedeck's note "
                                "type cannot update them (Anki reports them as conflicting). Change their note type "
                                "to 'notedeck term v1' (or 'notedeck cloze v1' for clozes) in Anki's browser and "
                                "export them again, or add the line "
                                "#guids:ignore to make new notes")
    html_setting = settings.get("html", "").strip().lower()
    html = html_setting.startswith("true") if html_setting[:4] in ("true", "fals") else is_html(table)
    entries = _entries(table, columns, html, path, adopt_guids)
    file_tags = tuple(settings.get("tags", "").split())  # Anki's #tags: tags every note of the file
    file_deck = settings.get("deck", "").strip() or None  # and #deck: places every note without a deck column
    if file_tags or file_deck:
        entries = [replace(e, tags=tuple(dict.fromkeys((*e.tags, *file_tags))), deck=e.deck or file_deck)
                   for e in entries]
    return entries


def _cell(row: Row, index: int | None) -> str:
    return row.cells[index].strip() if index is not None and index < len(row.cells) else ""


def _by_note_type(row: Row, columns: Columns, fields: Sequence[int], path: str
                  ) -> tuple[str, str, str, bool] | Problem:
    """Term, definition, extra and reverse of a row whose note type a column names.

    As in Anki, every column that is not a metadata column is a field, in order.
    """
    notetype = _cell(row, columns.notetype)
    kind = " ".join(notetype.lower().split())
    values = [_cell(row, i) for i in fields] + [""] * 8
    if kind in _BASIC or not kind:
        reverse = kind == "basic (and reversed card)" or (kind == "basic (optional reversed card)" and bool(values[2]))
        return values[0], values[1], "", reverse
    if kind.startswith("notedeck term"):  # notedeck's own note type: Term, Alias, Definition, … Extra, Source, Reverse
        term = f"{values[0]} ({values[1]})" if values[1] else values[0]
        return term, values[2], values[5], bool(values[7])
    if kind.startswith("notedeck cloze"):  # Text, Term, Alias, Context, Diagram, Extra, Source
        if values[1]:  # a term with its clozes in the text under it
            return f"{values[1]} ({values[2]})" if values[2] else values[1], values[0], values[5], False
        return values[0], "", values[5], False
    if kind in _CLOZE:  # Anki's Cloze: Text, Back Extra; the clozes are the card
        return values[0], "", values[1], False
    return Problem(path, row.line, f"a note of the note type {notetype!r}: notedeck makes term → definition notes "
                   "from Anki's Basic note types, and cloze notes from its Cloze note type; export that note "
                   "type's notes to a file of their own, or leave them out")


def _entries(table: Sequence[Row], columns: Columns, html: bool, path: str, adopt_guids: bool = True
             ) -> list[Entry]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    meta = {columns.guid, columns.deck, columns.notetype, columns.tags} - {None}
    width = max(len(r.cells) for r in table)
    fields = [i for i in range(width) if i not in meta]
    foreign: list[Row] = []  # rows of Anki's own note types that carry their GUIDs
    for row in table:
        if columns.notetype is not None:
            found = _by_note_type(row, columns, fields, path)
            if isinstance(found, Problem):
                problems.append(found)
                continue
            term, definition, extra, reverse = found
            if adopt_guids and columns.guid is not None and not _cell(row, columns.notetype).lower().startswith("notedeck "):
                foreign.append(row)
        else:
            term, definition = _cell(row, columns.term), _cell(row, columns.definition)
            extra, reverse = _cell(row, columns.extra), False
        problem = problem_with(path, row.line, term, definition,
                               f"empty definition for {term!r}: the row has nothing in its definition column")
        if problem is not None:
            problems.append(problem)
        else:
            entries.append(Entry(term, definition, row.line, reverse=reverse, tags=tuple(_cell(row, columns.tags).split()),
                                 guid=(_cell(row, columns.guid) or None) if adopt_guids else None, deck=_cell(row, columns.deck) or None,
                                 markup="html" if html else "text", extra=extra))
        if len(problems) >= 20:
            break
    if foreign and not problems:
        kinds = sorted({_cell(r, columns.notetype) for r in foreign})
        problems.append(Problem(path, foreign[0].line, f"{len(foreign)} notes here are Anki notes of the note type "
                                f"{' and '.join(map(repr, kinds))}, with their GUIDs. A package of notedeck's note "
                                "type cannot update them (Anki keeps a note's type and reports them as "
                                "conflicting). To keep their history, change their note type to 'notedeck term v1' "
                                "(or 'notedeck cloze v1' for clozes) in Anki's browser (Notes → Change Note Type) and export them again; to make new "
                                "notedeck notes instead, add the line #guids:ignore to the header"))
    if problems:
        raise NotesError(problems)
    return entries
