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
from enum import StrEnum
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
    found: tuple[tuple[str, str], ...] = ()  # what detection found besides the shape (a separator): remembered too

    @property
    def remembered(self) -> dict[str, str]:
        """What the state keeps of this reading, so that the next build reads the file the same way."""
        return {"shape": self.shape, **dict(self.found)}


def read(text: str, path: str, suffix: str, rule: Mapping[str, str] | None = None,
         remembered: Mapping[str, str] | None = None) -> Reading:
    """The shape of a notes file, its entries and its settings; raises NotesError naming what is wrong where.

    ``rule`` is what the configuration says of this file (``shape``, ``separator``, ``rows``,
    ``html``, ``columns``); what the file declares itself wins over it. ``remembered`` is the
    shape an earlier build read the file in (``Reading.remembered``, kept in the state): a file
    that declares nothing is read in it again, never detected anew, so a line deleted by mistake
    is an error in that shape and never a silent change of shape.
    """
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
    if origin is None and suffix in (".csv", ".tsv"):
        origin = Origin.EXTENSION
    if origin is None and remembered and remembered.get("shape") in SHAPES:
        return _remembered(body, path, settings, remembered)
    if found.anki_header or shape in ("delimited", "csv", "tsv") or "separator" in settings or \
            (shape is None and suffix in (".csv", ".tsv")):
        return Reading("delimited", _delimited(body, path, suffix, settings, shape, declared_line), settings,
                       origin=origin or Origin.DECLARED)
    if shape == "plain":
        return Reading("plain", plain.parse(body, path, known=True), settings, origin=origin or Origin.DECLARED)
    if shape is not None:
        entries, skipped = _markdown(shape, body, path, declared_line, "declared as")
        return Reading(shape, entries, settings, skipped, origin or Origin.DECLARED)
    shape, entries, skipped, detected = detect.detect(body, path)
    return Reading(shape, entries, settings, skipped, Origin.DETECTED, tuple(sorted(detected.items())))


# The keys that choose a file's shape: a file or rule with one of them is read as it says.
_SHAPE_KEYS = ("notedeck", "shape", "separator")


def _remembered(body: str, path: str, settings: dict[str, str], remembered: Mapping[str, str]) -> Reading:
    """The file read in the shape an earlier build read it in, with what detection found then."""
    shape = remembered["shape"]
    found = tuple(sorted((k, v) for k, v in remembered.items() if k != "shape"))
    if shape == "plain":
        entries, skipped = plain.parse(body, path, known=True), []
    elif shape == "delimited":
        from .shapes import delimited

        separator = remembered.get("separator")
        settings = {**settings, **dict(found)}
        entries = delimited.read(body, path, settings, separator if separator is not None else
                                 delimited.anki_guess(body))
        skipped = []
    else:
        entries, skipped = _markdown(shape, body, path, None, "read as")
    return Reading(shape, entries, settings, skipped, Origin.REMEMBERED, found)


def _markdown(shape: str, body: str, path: str, declared_line: int | None, how: str
              ) -> tuple[list[Entry], list[int]]:
    from .shapes import markdown

    fit = markdown.SHAPES[shape](body)
    if not fit.entries:
        raise NotesError.at(path, declared_line, f"{how} {shape}, but no card of that shape is in the "
                            f"file ({detect.EXAMPLES[shape]})")
    return fit.entries, fit.uncovered


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
