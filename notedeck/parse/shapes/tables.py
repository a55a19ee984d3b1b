"""Glossary tables: pipe tables (``| Word | Type | Meaning |``) and HTML ``<table>``s.

A table is a glossary when its header names its columns: the term column (``Term``, ``Word``,
``単語``, ``Abbreviation``, a language…) and the definition column (``Definition``, ``Meaning``,
``意味``…); where only one of them is named, the first other column is the other. Every other
column goes to the card's Extra, one ``Header: value`` line each (empty cells left out). A
header that repeats (``| No | 単語 | 意味 | No | 単語 | 意味 |``) holds two cards a row. A table
whose header names nothing (a list of exercises, a warning box) is not a glossary.

Pipe tables come from markdown-it, whose cells already read ``\\|`` as ``|``. HTML tables are read
with the standard library's HTML parser: a header row is one in ``<thead>`` (or a misspelt
``<theader>``), of ``<th>`` cells, or of cells that are only bold; ``<code>`` becomes backticks,
``<b>`` and ``<i>`` Markdown's emphasis, ``<br>`` a line break.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..entry import Entry
from .sheets import NAMES, is_language
from .document import Document, inline
from .ruler import Region, State

# Column names the spreadsheets' lists do not have, as Markdown glossaries and lesson notes write them.
MORE_TERM_NAMES = frozenset({
    "abbreviation", "abbreviations", "abbr", "abbr.", "acronym", "acronyms", "keyword", "key term", "glossary term",
    "vocab", "phrase", "verb", "noun", "kanji", "単語", "語", "語句", "ことば", "言葉", "用語", "漢字", "表現", "단어",
    "词", "词语", "单词", "術語", "fachbegriff", "begriffe", "vokabel", "abkürzung", "sigle", "abréviation",
    "abreviatura", "sigla", "question", "frage", "pregunta", "command", "befehl"})
MORE_DEFINITION_NAMES = frozenset({
    "意味", "訳", "和訳", "英訳", "定義", "説明", "뜻", "意思", "释义", "含义", "解释", "meaning(s)", "definitions",
    "stands for", "full form", "expansion", "description", "english meaning", "bedeutung", "erklärung", "answer",
    "antwort", "respuesta", "what it does"})
# A sheet's column names (``sheets.NAMES``), and these: one list of what names a term and a definition.
_TERMS = NAMES["term"] | MORE_TERM_NAMES
_DEFINITIONS = NAMES["definition"] | MORE_DEFINITION_NAMES
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _name(cell: str) -> str:
    return " ".join(re.sub(r"[*_`]|<[^>]+>", "", cell).split()).casefold().rstrip(":")


def columns(header: list[str]) -> tuple[int, int, int] | None:
    """The term and definition columns of a header, and how many columns one card takes (a header
    that repeats holds several cards a row); None when the header names neither."""
    names = [_name(c) for c in header]
    width = len(names)
    for period in range(1, width // 2 + 1):
        if width % period == 0 and all(names[i] == names[i % period] for i in range(width)):
            width = period
            break
    group = names[:width]
    term = next((i for i, n in enumerate(group) if n in _TERMS), None)
    definition = next((i for i, n in enumerate(group) if n in _DEFINITIONS and i != term), None)
    if term is None and definition is None:
        languages = [i for i, n in enumerate(group) if is_language(n)]
        if len(languages) < 2:
            return None
        term, definition = languages[0], languages[1]
    if term is None:
        term = next((i for i in range(width) if i != definition), None)
    if definition is None:
        # A named term column alone says little ("Name" heads many a table): only in a table of two columns.
        definition = next((i for i in range(width) if i != term), None) if width == 2 else None
    if term is None or definition is None:
        return None
    return term, definition, width


def cards(header: list[str], rows: list[tuple[int, list[str]]]) -> tuple[list[Entry], set[int]] | None:
    """The entries of a table's rows (each with its 0-based line), and the rows that are no card."""
    found = columns(header)
    if found is None:
        return None
    term_at, definition_at, width = found
    entries, skipped = [], set()
    for line, cells in rows:
        for start in range(0, max(len(cells), 1), width):
            part = cells[start:start + width]
            if not any(c.strip() for c in part):
                continue
            term = _cell(part, term_at)
            definition = _cell(part, definition_at)
            if not term or not definition:
                skipped.add(line)
                continue
            extra = "\n".join(f"{header[start + i].strip() if start + i < len(header) else f'Column {i + 1}'}: "
                              f"{value}" for i in range(len(part))
                              if i not in (term_at, definition_at) and (value := _cell(part, i)))
            entries.append(Entry(term, definition, line + 1, extra=extra))
    return entries, skipped


def _cell(cells: list[str], i: int) -> str:
    if i >= len(cells):
        return ""
    return _BREAK.sub("  \n", cells[i]).strip()


def read(doc: Document, state: State) -> list[Region]:
    regions = []
    for k, block in enumerate(doc.blocks):
        if doc.ignorable[k] or not state.free_block(k):
            continue
        if block.kind == "table":
            head, *body = block.node.children
            header = [inline(cell) for row in head.children for cell in row.children]
            rows = [((row.map or (block.first, 0))[0], [inline(cell) for cell in row.children])
                    for part in body for row in part.children]
            read_rows = cards(header, rows)
            lines: range | set[int] = range(block.first, block.end)
        elif block.kind == "html_block" and "<table" in block.node.content.lower():
            end = _closing(doc, block.first, "</table>")
            if not state.free(block.first, end):
                continue
            header, rows = html_table("\n".join(doc.lines[block.first:end]), block.first)
            read_rows = cards(header, rows) if header else None
            lines = range(block.first, end)
        else:
            continue
        if read_rows is None or not read_rows[0]:
            continue
        entries, skipped = read_rows
        regions.append(Region("table", entries, lines, {s for s in skipped if doc.content(s)}, strong=len(entries)))
    return regions


def _closing(doc: Document, first: int, tag: str) -> int:
    """The line after the one that closes what opens on ``first`` (or the end of the file)."""
    for i in range(first, len(doc.lines)):
        if tag in doc.lines[i].lower():
            return i + 1
    return len(doc.lines)


class _Table(HTMLParser):
    """The rows of an HTML table as Markdown cells, each row with the line of its first cell."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.rows: list[tuple[int, list[str], bool]] = []  # line, cells, a header row
        self.cell: list[str] | None = None
        self.cells: list[str] = []
        self.row_line = -1
        self.header = False
        self.in_head = False
        self.depth = 0  # nested tables are a cell's content, not rows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        if self.depth != 1 and tag != "table":
            return
        if tag in ("thead", "theader"):
            self.in_head = True
        elif tag == "tr":
            self._end_row()
            self.cells, self.row_line, self.header = [], -1, self.in_head
        elif tag in ("td", "th"):
            self._end_cell()
            self.cell = []
            if self.row_line < 0:
                self.row_line = self.first_line + self.getpos()[0] - 1
            self.header = self.header or tag == "th"
        elif self.cell is not None:
            self.cell.append({"code": "`", "b": "**", "strong": "**", "i": "*", "em": "*", "br": "\n"}.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self._end_row()
            return
        if self.depth != 1:
            return
        if tag in ("thead", "theader"):
            self.in_head = False
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif self.cell is not None:
            self.cell.append({"code": "`", "b": "**", "strong": "**", "i": "*", "em": "*"}.get(tag, ""))

    def handle_data(self, data: str) -> None:
        if self.cell is not None and self.depth == 1:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.cells.append(" ".join("".join(self.cell).replace("\n", " \n ").split(" ")).strip())
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.cells:
            self.rows.append((self.row_line, self.cells, self.header))
        self.cells = []


def html_table(source: str, first_line: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows of an HTML table that starts on ``first_line`` (0-based)."""
    parser = _Table(first_line)
    parser.feed(source)
    parser.close()
    parser._end_row()
    rows = [(line, [_tidy(c) for c in cells], header) for line, cells, header in parser.rows]
    if not rows:
        return [], []
    _, cells, header = rows[0]
    names = [re.sub(r"\*+", "", c) for c in cells]
    # A header row: in <thead> or of <th> cells, or cells that are only bold (<td><b>Term</b></td>), or names
    # the columns by itself.
    if header or all(re.fullmatch(r"\*\*[^*]+\*\*\**", c) for c in cells if c) or columns(names) is not None:
        return names, [(line, c) for line, c, _ in rows[1:]]
    return [], []


def _tidy(cell: str) -> str:
    cell = re.sub(r"[ \t]+", " ", cell)
    cell = re.sub(r" ?\n ?", "\n", cell).strip()
    cell = re.sub(r"\*\*\s*\*\*", "", cell)
    cell = re.sub(r"`\s*`", "", cell)
    return "  \n".join(part.strip() for part in cell.split("\n") if part.strip())
