"""Conservative detection: which shape a file that declares none is written in, or a refusal.

Pure. A shape is taken only when it explains (nearly) every line that holds something
(``SURE``); notedeck's own plain format is taken when no other shape is sure and it reads
cleanly. A file that fits nothing with confidence gets one message naming the shapes it
nearly fits (``NEAR``) and the line that declares one: never a deck of guesses.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from ..errors import NotesError, Problem
from .cloze import masked
from .shapes import plain
from .entry import Entry, lines_of

SURE = 0.95  # the share of a file's lines a shape must explain to be taken without a declaration
WEAK_SURE = 0.85  # ...a Markdown reading of everyday shapes only (headings, bullets, bold terms), from its first card
STRONG_SURE = 0.5  # ...a Markdown reading with an unmistakable mark of its shape: it must hold most of the file
NEAR = 0.5  # ...and to be named as what the file nearly is
MOST_SHOWN = 3  # lines quoted when a file is refused

EXAMPLES = {
    "plain": "a term line, then its definition line",
    "delimited": "term<separator>definition on each line",
    "obsidian": "Term::definition, or a question, a line '?', the answer",
    "bullets": "- Term: definition",
    "definition-list": "a term line, then ': definition'",
    "headings": "## Term, then the paragraphs that define it",
    "table": "| Term | Definition | tables",
    "details": "<details><summary>Question</summary>answer</details>",
    "bold-terms": "**Term** on its own line, then its definition",
    "qa": "**Q: question** then the answer",
    "remnote": "RemNote bullets: Front >> Back, Front :: Back, Front―Back",
    "logseq": "Logseq blocks tagged #card with child blocks as the answer",
    "mochi": "Mochi cards: front, ---, back",
    "inka": "inka sections: 1. Question then > Answer between --- lines",
    "obsidian-to-anki": "Obsidian_to_Anki blocks: START, a note type, the fields, END",
    "markdown": "Markdown read by its structure",
}
DECLARE = {
    "plain": "#notedeck:plain",
    "obsidian": "#notedeck:obsidian",
    "bullets": "#notedeck:bullets",
    "definition-list": "#notedeck:definition-list",
    "headings": "#notedeck:headings",
    **{shape: f"#notedeck:{shape}" for shape in ("table", "details", "bold-terms", "qa", "remnote", "logseq", "mochi",
                                                 "inka", "obsidian-to-anki", "markdown")},
}

# Runs of punctuation that may separate a term from its definition; not Markdown's emphasis or quotes.
_CANDIDATE = re.compile(r"[ \t]*[^\w\s\"'()\[\]{}<>`*_#~]+[ \t]*")
_WORD = re.compile(r"\w")
_PROSE = re.compile(r"[.,;:!?…]+[ \t]+|[ \t]*[.!?…]+"  # "no. 5", "well, then", "What?": sentences, not cards
                    r"|[-+/'’&]")  # inside words: "feed-forward", "and/or", "R&D", "x+1"
MIN_UNITS = 3  # lines (or blocks) a custom separator must be seen in before it is taken unasked
_ROW_LINE = re.compile(r"\s*(([^\w\s`~])\2{2,})\s*")  # ///// or ***** between cards; not a code fence


@dataclass
class SeparatorFit:
    """A custom separator between term and definition (and maybe one between cards)."""

    separator: str
    rows: str | None
    units: int  # lines (or blocks) that hold something
    missing: list[int]  # the lines of units the separator does not split
    rival: str | None = None  # another separator that splits (nearly) as many

    @property
    def coverage(self) -> float:
        return 1 - len(self.missing) / self.units if self.units else 0.0

    @property
    def declaration(self) -> str:
        line = f"#separator:{self.separator}"
        return line + (f" and #rows:{self.rows.strip()}" if self.rows else "")


def _units(lines: list[str]) -> tuple[list[tuple[int, str]], str | None]:
    """Lines, or blocks between separator lines (a line of ///// between Quizlet cards), with line numbers."""
    row_lines = Counter(m.group(1) for line in lines if (m := _ROW_LINE.fullmatch(line)))
    rows = next((r for r, n in row_lines.most_common(1) if n >= 2), None)
    if rows is None:
        return [(i + 1, line) for i, line in enumerate(lines) if line.strip()], None
    units: list[tuple[int, str]] = []
    block: list[str] = []
    start = 1
    for i, line in enumerate([*lines, rows]):
        if line.strip() == rows:
            if "\n".join(block).strip():
                units.append((start, "\n".join(block).strip("\n")))
            block, start = [], i + 2
        else:
            if not block and not line.strip():
                start = i + 2
                continue
            block.append(line)
    return units, rows


def separator_fit(text: str, allowed: frozenset[str] = frozenset()) -> SeparatorFit | None:
    """The string that splits (nearly) every line or block in two, if there is one.

    Not a tab (a ``term<TAB>definition`` line is notedeck's own), nor the punctuation of prose:
    a full stop, comma, question or exclamation mark followed by a space.
    """
    units, rows = _units(lines_of(text))
    if len(units) < 2 or sum("\t" in unit for _, unit in units) >= len(units) / 2:
        return None
    counts: Counter[str] = Counter()
    for _, unit in units:
        first_line = unit.split("\n", 1)[0]
        for candidate in dict.fromkeys(m.group() for m in _CANDIDATE.finditer(first_line)
                                       if not _PROSE.fullmatch(m.group()) or m.group() in allowed):
            term, _, definition = unit.partition(candidate)
            if _WORD.search(term) and definition.strip():  # not a bullet's or an emphasis's opening
                counts[candidate] += 1
    if not counts:
        return None
    (best, n), *others = counts.most_common(2) + [("", 0)]
    rival = others[0][0] if others and others[0][1] >= SURE * len(units) and others[0][0].strip() != best.strip() \
        else None
    missing = [line for line, unit in units if not all(s.strip() for s in unit.partition(best)[::2])]
    return SeparatorFit(best, rows, len(units), missing, rival)


def csv_separator(body: str, path: str, remembered: str | None = None) -> str:
    """The separator of a ``.csv`` file: the one its first row is split by, checked on every row.

    ``remembered`` is the one an earlier build read the file with, tried first: a header row
    deleted leaves a first row that may split otherwise (a comma in a cell of a ``;`` sheet).
    A row with another number of fields is named: usually a field with the separator in it
    that was not quoted.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # a field is bounded by the file's size
    lines = lines_of(body)
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    candidates = (",", ";", "\t", "|")
    if remembered in candidates and _ragged(lines, first, remembered) is None:
        return remembered
    for separator in candidates:
        if len(next(csv.reader([first], delimiter=separator), [])) < 2:
            continue
        problem = _ragged(lines, first, separator)
        if problem is not None:
            raise NotesError.at(path, problem[0], problem[1])
        return separator
    raise NotesError.at(path, 1, "cannot tell how the columns of this CSV file are separated (its first row has no "
                        "comma, semicolon, tab or bar): put a first line such as #separator:comma")


def _ragged(lines: list[str], first: str, separator: str) -> tuple[int, str] | None:
    """The first row with another number of fields than the first row, and what to say of it; or None."""
    from .shapes import delimited

    width = len(next(csv.reader([first], delimiter=separator), []))
    if width < 2:
        return 1, "the first row has one field"
    start = 1
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator)
    for record in reader:
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in record) and len(record) != width and not lines[line - 1].startswith("#"):
            return line, (f"this row has {len(record)} fields where the first row has {width} (separated by "
                          f"{delimited.shown(separator)}): quote a field that contains the separator "
                          f'("a{separator} b"), or give the row its missing fields')
    return None


def _quote(text: str) -> str:
    text = text.strip().replace("\n", " ⏎ ")
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _refuse(path: str, lines: list[str], near: list[tuple[str, float, list[int], str, tuple[str, ...]]]
            ) -> NotesError:
    """One message for a file that fits no shape with confidence, and the first lines that do not fit."""
    described = "; ".join(f"{shape} ({_example(shape, regions)}: " +
                          ("every line pairs up that way too)" if shape == "plain" and coverage >= 1 else
                           f"{coverage:.0%} of its lines fit)") for shape, coverage, _, _, regions in near)
    declare = " or ".join(how for _, _, _, how, _ in near[:2])
    problems = [Problem(path, None, f"cannot tell for sure how this file is written: it nearly fits {described}. "
                        f"If that is what it is, declare it on the first line: {declare}")]
    shape, _, missing, _, _ = near[0]
    problems += [Problem(path, line, f"does not fit {shape}: {_quote(lines[line - 1])}")
                 for line in missing[:MOST_SHOWN]]
    return NotesError(problems)


def _example(shape: str, regions: tuple[str, ...]) -> str:
    if shape == "markdown":
        return " and ".join(EXAMPLES.get(r, r) for r in regions)
    return EXAMPLES[shape]


def _splits(mark: str, text: str) -> bool:
    before, found, after = text.partition(mark)
    return bool(found and _WORD.search(before) and after.strip())


def _marks_on_both_sides(entries: list[Entry]) -> list[str]:
    """Strings that split the terms and the definitions of a third of plain-read cards each.

    A file that plain reading takes cleanly is another shape only if such a mark exists
    (term---definition lines paired up with each other); a notedeck file has none, and is
    read without looking at any other shape.
    """
    entries = entries[:: max(1, len(entries) // 2000)]  # an even sample of a big file says as much
    need = len(entries) / 3
    terms: Counter[str] = Counter()
    for entry in entries:  # prose punctuation counts here: "Term: definition" lines paired up carry ": " twice
        term = masked(entry.term)  # a cloze's "::" is no separator
        terms.update({m.group() for m in _CANDIDATE.finditer(term) if _splits(m.group(), term)})
    common = {mark for mark, n in terms.items() if n >= need}
    definitions: Counter[str] = Counter()
    if common:  # only then are the definitions worth a look
        for entry in entries:
            first = masked(entry.definition.split("\n", 1)[0])
            definitions.update({m.group() for m in _CANDIDATE.finditer(first)
                                if m.group() in common and _splits(m.group(), first)})
    marks = [mark for mark, n in terms.items() if n >= need and definitions[mark] >= need]
    # Obsidian's "Term::definition" needs no second side: the terms alone carry it.
    if sum(_splits("::", masked(e.term)) for e in entries) >= need:
        marks.append("::")
    return marks


def detect(body: str, path: str) -> tuple[str, list[Entry], list[int], dict[str, str]]:
    """The shape of an undeclared ``.txt`` or ``.md`` file, its entries, the lines with
    something on them that are no card of that shape (skipped), and what else a later build needs
    to read it the same way (a table's separator, a Markdown file's regions); raises NotesError.

    The evidence is weighed: notedeck's plain format reads first and, when it reads cleanly with
    no mark of another shape, is taken at once (notedeck's own notes never reach the Markdown
    parser). Otherwise the file is read by its Markdown structure. Unmistakable marks of a tool
    (``<!--SR:``, ``#flashcards``, a ``?`` line, ``#card``, ``―``, ``>>``, a table header of known
    column names, ``<details>``, ``Q:``) make a reading sure when its cards hold most of the file
    from the first card on (``STRONG_SURE``); a reading of everyday Markdown only (headings, bullets,
    bold terms, definition lists) must hold nearly all of it (``WEAK_SURE``). A file that plain
    reading nearly explains, with many more cards than the Markdown reading, is plain with a mistake:
    its problems are reported. Two readings that are close are refused in one message.
    """
    entries, plain_problems = plain.attempt(body, path)
    marks: list[str] = []
    if not plain_problems:
        marks = _marks_on_both_sides(entries)
        if not marks:
            return "plain", entries, [], {}  # the common case: notedeck's own notes, read once
    from .shapes import delimited, ruler  # only for files that are not plainly notedeck's

    lines = lines_of(body)
    md = ruler.read(body)
    sure = len(md.entries) >= 1 and md.coverage >= (STRONG_SURE if md.strong else WEAK_SURE)
    # A Logseq page is an outline of notes with a few blocks tagged #card: every line is the outline's
    # (or the page's properties), and the blocks that are no card are notes, as Logseq reads them.
    sure = sure or (md.shapes == ("logseq",) and md.strong >= 1 and md.loose == 0)
    if not plain_problems:
        # Plain reading pairs any lines: a shape it could mimic (paragraphs under headings, bold lines)
        # wins over it only with an unmistakable mark.
        if sure and (md.strong or not {"headings", "bold-terms"} & set(md.shapes)) and md.coverage >= SURE:
            return md.shape, md.entries, md.skipped, md.found
    elif sure:
        if not md.strong and len(entries) >= 2 * len(md.entries) and len(plain_problems) * 4 <= len(entries):
            raise NotesError(plain_problems)  # the plain format with a line missing, not a few giant cards
        if not md.strong and (md.skipped or "bold-terms" in md.shapes) and len(entries) >= len(md.entries) and \
                len(plain_problems) * 4 <= max(4, len(entries)):
            # As many cards either way, and the Markdown reading passes over something or reads lines of
            # "**Term**" then its definition, which are plain cards too: too close to call.
            share = len(entries) / (len(entries) + len(plain_problems))
            raise _refuse(path, lines, [(md.shape, md.coverage, md.skipped, DECLARE[md.shape], md.shapes),
                                        ("plain", share, [], DECLARE["plain"], ())])
        return md.shape, md.entries, md.skipped, md.found
    if plain_problems and delimited.continued_tab_rows(lines):  # Quizlet's export, a definition's
        settings = {"separator": "\t", "continued": "lines"}  # line break a line of its own
        return "delimited", delimited.read(body, path, settings, "\t"), [], settings
    near = []
    # A heading-per-card reading is a rival of plain reading only where plain reading fails.
    if len(md.entries) >= 2 and md.coverage >= NEAR and (plain_problems or md.shapes != ("headings",)):
        near.append((md.shape, md.coverage, md.skipped, DECLARE[md.shape], md.shapes))
    # Punctuation that plain reading found on both sides of its cards may be a separator after all.
    separator = separator_fit(body, frozenset(marks) if not plain_problems else frozenset())
    if separator is not None and separator.coverage >= SURE and separator.units >= MIN_UNITS and \
            not plain_problems and _PROSE.fullmatch(separator.separator):
        # "Neuron: a unit" on every line reads both ways (a card a line, or lines paired): ask.
        raise _refuse(path, lines, [("delimited", separator.coverage, separator.missing, separator.declaration, ()),
                                    ("plain", 1.0, [], DECLARE["plain"], ())])
    if separator is not None and separator.coverage >= SURE and separator.rival is None and \
            separator.units >= MIN_UNITS and not (sure and md.strong):
        settings = {"separator": separator.separator}
        if separator.rows:
            settings["rows"] = "\n" + separator.rows + "\n"
        elif len({line.count(separator.separator) for line in lines if line.strip()}) > 1:
            # Lines of a separator found, not declared, that split into more parts on some lines: Quizlet's
            # export quotes nothing, so a comma in a definition is the definition's, not a column's.
            settings["split"] = "first"
        return "delimited", delimited.read(body, path, settings, separator.separator), [], settings
    if separator is not None and separator.coverage >= NEAR and \
            not (separator.separator.strip() in ("::", ":::") and any(n[0] == "obsidian" for n in near)):
        near.append(("delimited", separator.coverage, separator.missing, separator.declaration, ()))
    near.sort(key=lambda n: -n[1])
    if not plain_problems:
        # Plain reading pairs any lines, so it is wrong when the mark most lines of another shape
        # have sits on both sides of its cards: term---definition lines paired up with each other.
        shape_marks = {"delimited": separator.separator if separator is not None else None, "obsidian": "::"}
        rivals = [n for n in near if shape_marks.get(n[0]) in marks or
                  (n[0] == "obsidian" and any("::" in m for m in marks))]
        if rivals:
            raise _refuse(path, lines, rivals + [("plain", 1.0, [], DECLARE["plain"], ())])
        return "plain", entries, [], {}
    if near:
        raise _refuse(path, lines, near)
    if len(plain_problems) > 5:
        hint = Problem(path, None, f"… and {len(plain_problems) - 3} more problems. If this file is not in "
                       "notedeck's plain format, declare its shape on the first line (#notedeck:markdown, "
                       "#notedeck:bullets, #notedeck:headings, #notedeck:table, or #separator:… for a table of "
                       "text): docs/other-notes.md shows each")
        raise NotesError(plain_problems[:3] + [hint])
    raise NotesError(plain_problems)
