"""Readers: every shape of notes file in, entries with ``path:line`` out.

One module per family of shapes: ``plain`` (notedeck's own alternating lines),
``delimited`` (Anki's text export, CSV, TSV, Quizlet), ``markdown_shapes`` (headings,
bullets, Obsidian cards, definition lists). This module picks the reader: what the file
declares first (Anki's ``#key:value`` header, a ``notedeck:`` front-matter key), then the
configuration's rule for the file, then its extension, then conservative detection.
Detection takes a shape only when (nearly) every line of the file fits it; a file that fits
none with confidence is refused with one message naming the shapes it nearly fits and the
line that declares one. Adding a shape means one reader and its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..errors import NotesError, Problem
from . import detect
from .shapes import plain
from .declare import declaration
from .entry import Entry, lines_of

# The Markdown shapes' and tables' readers load only for files that are in those shapes.
MARKDOWN_SHAPES = ("obsidian", "bullets", "definition-list", "headings")
SHAPES = ("plain", "delimited", *MARKDOWN_SHAPES)
SURE = detect.SURE

__all__ = ["SHAPES", "Entry", "Reading", "lines_of", "read"]


class Reading(NamedTuple):
    """What a file turned out to be: its shape, its entries, and the settings that apply to it."""

    shape: str
    entries: list[Entry]
    settings: dict[str, str]
    skipped: list[int] = []  # lines with something on them that are no card of the shape (a Markdown shape's prose)


def read(text: str, path: str, suffix: str, rule: Mapping[str, str] | None = None) -> Reading:
    """The shape of a notes file, its entries and its settings; raises NotesError naming what is wrong where.

    ``rule`` is what the configuration says of this file (``shape``, ``separator``, ``rows``,
    ``html``, ``columns``); what the file declares itself wins over it.
    """
    found = declaration(text, path)
    settings = {k.lower(): str(v) for k, v in (rule or {}).items()}
    settings.update(found.settings)
    shape = (settings.get("notedeck") or settings.get("shape") or "").strip().lower() or None
    body = found.text
    declared_line = found.line if found.settings else None
    suffix = suffix.lower()

    if shape is not None and shape not in SHAPES + ("csv", "tsv"):
        raise NotesError.at(path, declared_line, f"unknown shape {shape!r}: the shapes are {', '.join(SHAPES)}")
    if found.anki_header or shape in ("delimited", "csv", "tsv") or "separator" in settings or \
            (shape is None and suffix in (".csv", ".tsv")):
        return Reading("delimited", _delimited(body, path, suffix, settings, shape, declared_line), settings)
    if shape == "plain":
        return Reading("plain", plain.parse(body, path), settings)
    if shape is not None:
        from .shapes import markdown as markdown_shapes

        fit = markdown_shapes.SHAPES[shape](body)
        if not fit.entries:
            raise NotesError.at(path, declared_line, f"declared as {shape}, but no card of that shape is in the "
                                f"file ({detect.EXAMPLES[shape]})")
        return Reading(shape, fit.entries, settings, fit.uncovered)
    shape, entries, skipped = detect.detect(body, path)
    return Reading(shape, entries, settings, skipped)


def _delimited(body: str, path: str, suffix: str, settings: dict[str, str], shape: str | None,
               declared_line: int | None) -> list[Entry]:
    from .shapes import delimited

    if "separator" in settings:
        separator = delimited.separator_of(settings["separator"])
    elif shape == "tsv" or suffix == ".tsv":
        separator = "\t"
    elif shape == "csv" or suffix == ".csv":
        separator = detect.csv_separator(body, path)
    else:
        separator = delimited.anki_guess(body)  # Anki's own rule, for its own header without a separator
    return delimited.read(body, path, settings, separator, declared_line)


def problems_in_a_few_lines(problems: list[Problem], path: str) -> list[Problem]:
    """At most five lines about one file: the first problems and a count of the rest."""
    if len(problems) <= 5:
        return problems
    return problems[:4] + [Problem(path, None, f"… and {len(problems) - 4} more problems like these")]
