"""Readers: every shape of notes file in, entries with ``path:line`` out.

``plain`` reads notedeck's own alternating lines, ``delimited`` Anki's text export, CSV, TSV
and Quizlet, and Markdown is read by its structure: markdown-it-py parses the file once
(``shapes/document.py``) and one rule a shape (``shapes/headings.py``, ``bullets.py``,
``tables.py``, ``obsidian.py``, ``remnote.py``…), ordered by ``shapes/ruler.py``, claims the
regions it reads; a file may mix them. This module picks the reader: what the file declares
first (Anki's ``#key:value`` header, a ``notedeck:`` front-matter key), then the configuration's
rule for the file, then the shape the state remembers, then its extension, then detection that
weighs the evidence (``detect.py``). A file that fits nothing with confidence is refused with one
message naming the shapes it nearly fits and the line that declares one. Every refusal is at most
five problems and a count. Adding a shape means one rule, a line in the ruler, and its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from ..errors import NotesError, Problem
from . import detect
from .shapes import plain
from .declare import declaration
from .entry import Entry, lines_of

if TYPE_CHECKING:
    from .shapes import delimited as delimited_shape

# The Markdown shapes' and tables' readers load only for files that are in those shapes. "markdown" is a
# file read by several of them, region by region (the state remembers which).
MARKDOWN_SHAPES = ("markdown", "obsidian", "bullets", "definition-list", "headings", "table", "details",
                   "bold-terms", "qa", "remnote", "logseq", "mochi", "inka", "obsidian-to-anki")
SHAPES = ("plain", "delimited", *MARKDOWN_SHAPES)
SURE = detect.SURE
MOST_PROBLEMS = 5  # a file's refusal shows this many problems, then counts the rest

__all__ = ["SHAPES", "Entry", "Reading", "lines_of", "read"]


class Origin(StrEnum):
    """Why a file is read in its shape."""

    DECLARED = "declared"  # the file says so: its first line, Anki's header or its front matter
    SETTINGS = "settings"  # a [files."…"] rule of the settings
    REMEMBERED = "remembered"  # an earlier build read it so: the state remembers it
    EXTENSION = "extension"  # .csv and .tsv are tables
    DETECTED = "detected"  # a file nothing was known of: detection found its shape


class Reading(NamedTuple):
    """What a file turned out to be: its shape, its entries, and the settings that apply to it."""

    shape: str
    entries: list[Entry]
    settings: dict[str, str]
    skipped: list[int] = []  # lines with something on them that are no card of the shape (a Markdown shape's prose)
    origin: Origin = Origin.DETECTED
    # What a later build needs besides the shape to read the file the same way: a separator, a Markdown file's
    # regions (regions: "table bullets"), the heading level of its terms (level: "3"). Remembered too.
    found: tuple[tuple[str, str], ...] = ()
    described: tuple[str, ...] = ()  # how a table was read, for the report: its columns, its note types

    @property
    def remembered(self) -> dict[str, str]:
        """What the state keeps of this reading, so that the next build reads the file the same way."""
        return {"shape": self.shape, **dict(self.found)}


TABLE_SUFFIXES = (".csv", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".ods")


def read(text: str, path: str, suffix: str, rule: Mapping[str, str] | None = None,
         remembered: Mapping[str, str] | None = None, deck: str | None = None) -> Reading:
    """The shape of a notes file, its entries and its settings; raises NotesError naming what is wrong where
    (at most five problems and a count of the rest).

    ``rule`` is what the configuration says of this file (``shape``, ``separator``, ``rows``,
    ``html``, ``columns``); what the file declares itself wins over it. ``remembered`` is the
    shape an earlier build read the file in (``Reading.remembered``, kept in the state): a file
    that declares nothing is read in it again, never detected anew, so a line deleted by mistake
    is an error in that shape and never a silent change of shape.
    """
    try:
        reading = _read(text, path, suffix, rule, remembered, deck)
        if reading.shape not in ("plain", "delimited"):
            _no_embedded_note(reading.entries, text, path)
        return reading
    except NotesError as err:
        raise NotesError(problems_in_a_few_lines(err.problems, path)) from None


def _no_embedded_note(entries: list[Entry], text: str, path: str) -> None:
    """Refuse cards that embed another note (``![[Circuits#^15c42b]]``): a card cannot show that note's
    text, and showing its name in its place would be an answer the learner never wrote."""
    from .shapes.document import embedded_notes

    lines = text.split("\n")
    problems = []
    for entry in entries:
        for embed in dict.fromkeys(embedded_notes(entry.term) + embedded_notes(entry.definition)):
            line = next((i + 1 for i in range(max(entry.line - 1, 0), len(lines)) if embed in lines[i]), entry.line)
            name = embed[3:-2].split("|")[0]
            problems.append(Problem(path, line, f"{embed} shows another note's text inside this card, which a card "
                                    f"cannot show: write that text here, or link the note as [[{name}]]"))
    if problems:
        raise NotesError(problems)


def _read(text: str, path: str, suffix: str, rule: Mapping[str, str] | None,
          remembered: Mapping[str, str] | None, deck: str | None) -> Reading:
    suffix = suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook(text, path, rule, remembered, deck)
    found = declaration(text, path)
    rule_settings = {k.lower(): str(v) for k, v in (rule or {}).items()}
    settings = {**rule_settings, **found.settings}
    shape = (settings.get("notedeck") or settings.get("shape") or "").strip().lower() or None
    body = found.text
    declared_line = found.line if found.settings else None
    suffix = suffix.lower()
    says = found.anki_header or any(k in found.settings for k in _SHAPE_KEYS)
    origin = Origin.DECLARED if says else Origin.SETTINGS if any(k in rule_settings for k in _SHAPE_KEYS) else None

    if shape is not None and shape not in SHAPES + ("csv", "tsv"):
        raise NotesError.at(path, declared_line, f"unknown shape {shape!r}: the shapes are {', '.join(SHAPES)}")
    if origin is None and suffix in TABLE_SUFFIXES:
        origin = Origin.EXTENSION
    if origin is None and remembered and remembered.get("shape") in SHAPES:
        return _remembered(body, path, settings, remembered)
    if found.anki_header or shape in ("delimited", "csv", "tsv") or "separator" in settings or \
            (shape is None and suffix in TABLE_SUFFIXES):
        table = (remembered or {}) if (remembered or {}).get("shape") == "delimited" else {}
        made, separator = _delimited(body, path, suffix, settings, shape, declared_line, table, found.anki_header)
        kept = {**made.found, **({"separator": separator} if separator is not None else {})}
        return Reading("delimited", made.entries, settings, origin=origin or Origin.DECLARED,
                       found=tuple(sorted(kept.items())), described=made.described)
    if shape == "plain":
        return Reading("plain", plain.parse(body, path, known=True), settings, origin=origin or Origin.DECLARED)
    if shape is not None:
        name, entries, skipped, more = _markdown(shape, {}, body, path, declared_line, "declared as")
        return Reading(name, entries, settings, skipped, origin or Origin.DECLARED, tuple(sorted(more.items())))
    shape, entries, skipped, detected = detect.detect(body, path)
    _no_label_for_a_term(shape, entries, path)
    return Reading(shape, entries, settings, skipped, Origin.DETECTED, tuple(sorted(detected.items())))


LABEL_SHARE = 0.3  # a detected reading whose one term is this share of its cards took a label for a term


def _no_label_for_a_term(shape: str, entries: list[Entry], path: str) -> None:
    """Refuse a detected reading in which one term stands over many cards (``Answer``, ``Question:``):
    a label the reader took for a term, never a glossary that means it. A declared shape is read as said."""
    if len(entries) < 5:
        return
    from collections import Counter

    term, count = Counter(" ".join(e.term.casefold().split()) for e in entries).most_common(1)[0]
    if count >= 3 and count >= LABEL_SHARE * len(entries):
        first = next(e for e in entries if " ".join(e.term.casefold().split()) == term)
        raise NotesError.at(path, first.line, f"read as {shape}, {count} of its {len(entries)} cards would have "
                            f"the term {first.term[:40]!r}: that reads like a label, not a term, so this file is not "
                            f"built as a guess. Declare its shape on the first line if {shape} is right "
                            f"({detect.DECLARE.get(shape, '#notedeck:' + shape)})")


# The keys that choose a file's shape: a file or rule with one of them is read as it says.
_SHAPE_KEYS = ("notedeck", "shape", "separator")


def _remembered(body: str, path: str, settings: dict[str, str], remembered: Mapping[str, str]) -> Reading:
    """The file read in the shape an earlier build read it in, with what detection found then."""
    shape = remembered["shape"]
    found = tuple(sorted((k, v) for k, v in remembered.items() if k != "shape"))
    described: tuple[str, ...] = ()
    if shape == "plain":
        entries, skipped = plain.parse(body, path, known=True), []
    elif shape == "delimited":
        from .shapes import delimited

        separator = remembered.get("separator")
        settings = {**settings, **{k: v for k, v in found if k in ("separator", "rows", "continued", "split")}}
        made = delimited.read_table(body, path, settings, separator if separator is not None else
                                    delimited.anki_guess(body), remembered=remembered)
        entries, skipped, described = made.entries, [], made.described
        found = tuple(sorted({**dict(found), **made.found}.items()))
    else:
        shape, entries, skipped, more = _markdown(shape, remembered, body, path, None, "read as")
        found = tuple(sorted(more.items()))
    return Reading(shape, entries, settings, skipped, Origin.REMEMBERED, found, described)


def _markdown(shape: str, found: Mapping[str, str], body: str, path: str, declared_line: int | None, how: str
              ) -> tuple[str, list[Entry], list[int], dict[str, str]]:
    """A Markdown file read by the rules of ``shape`` (``markdown``: the regions remembered, else every rule)."""
    from .shapes import ruler

    if shape == "markdown":
        regions = found.get("regions")
        only = tuple(regions.split()) if regions else None
    else:
        only = (shape,)
    level = found.get("level")
    reading = ruler.read(body, only, int(level) if level and level.isdigit() else None)
    if not reading.entries:
        raise NotesError.at(path, declared_line, f"{how} {shape}, but no card of that shape is in the "
                            f"file ({detect.EXAMPLES[shape]})")
    more = reading.found
    if shape == "markdown" and "regions" not in more:
        more["regions"] = " ".join(reading.shapes)
    return shape, reading.entries, reading.skipped, more


def _delimited(body: str, path: str, suffix: str, settings: dict[str, str], shape: str | None,
               declared_line: int | None, remembered: Mapping[str, str], anki: bool
               ) -> tuple[delimited_shape.Read, str | None]:
    """A table's reading, and the separator detection chose (None where the file or settings name it)."""
    from .shapes import delimited

    separator: str | None = None
    if "separator" in settings:
        chosen = delimited.separator_of(settings["separator"])
    elif shape == "tsv" or suffix == ".tsv":
        chosen = "\t"
    elif shape == "csv" or suffix == ".csv":
        chosen = separator = detect.csv_separator(body, path, remembered.get("separator"))
    else:
        chosen = delimited.anki_guess(body)  # Anki's own rule, for its own header without a separator
    return delimited.read_table(body, path, settings, chosen, declared_line, remembered, anki), separator


def _workbook(text: str, path: str, rule: Mapping[str, str] | None, remembered: Mapping[str, str] | None,
              deck: str | None) -> Reading:
    """An ``.xlsx`` or ``.ods`` workbook, as ``inputs.workbooks`` gives its cells: a sheet a subdeck."""
    from .shapes import workbook

    settings = {k.lower(): str(v) for k, v in (rule or {}).items()}
    before = (remembered or {}) if (remembered or {}).get("shape") == "workbook" else {}
    made = workbook.read(text, path, settings, before, deck)
    return Reading("workbook", made.entries, settings, origin=Origin.REMEMBERED if before else Origin.EXTENSION,
                   found=tuple(sorted(made.found.items())), described=made.described)


def problems_in_a_few_lines(problems: list[Problem], path: str) -> list[Problem]:
    """At most five problems about one file, and a count of the rest."""
    if len(problems) <= MOST_PROBLEMS:
        return problems
    return problems[:MOST_PROBLEMS] + [Problem(path, None, f"… and {len(problems) - MOST_PROBLEMS} more problems "
                                                           "like these")]
