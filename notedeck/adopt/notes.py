"""An Anki note → the entry a notes file holds for it: its fields written, what that lost, or why it cannot be.

Pure, given how media files are referred to. A note is written in Markdown when that keeps all
its formatting, else as the HTML a note marked ``[html]`` keeps when that does, else in Markdown
with what could not be kept named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..parse.entry import MAX_DEFINITION_CHARS, MAX_TERM_CHARS, Entry, Markup
from ..parse import cloze as clozes
from ..inputs.settings import ClozeMode
from . import from_html
from .anki_source import Note
from .from_html import Place, Written
from .note_types import Adoption, Kind

_TRAILING_MARKER = re.compile(r"\[[^\]]*\]\s*$")  # a term ending like [reverse] would lose it to the markers
_HEADING = re.compile(r"#{1,6}[ \t]+(.*)")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_EXTRA_LINE = re.compile(r"^(\s*\[extra)\]", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Made:
    """A note written as an entry, and what its fields could not keep."""

    entry: Entry
    lost: frozenset[str]
    html: bool  # written as HTML ([html]): Markdown could not say it all


@dataclass(frozen=True)
class Skipped:
    """A note that cannot be written as a notedeck note, and why."""

    note: Note
    reason: str


def _field(note: Note, index: int) -> str:
    return note.fields[index] if index < len(note.fields) else ""


def _said(html: str) -> bool:
    """Whether a field shows anything: text, or an image."""
    return bool(from_html.plain_text(html)) or "<img" in html.lower()


def _extra(note: Note, adoption: Adoption, markdown: bool, media: from_html.Media) -> Written:
    """The Extra: the further fields, each under its name when the note type has several."""
    names = adoption.note_type.fields
    parts = [(names[i], _field(note, i)) for i in adoption.extra if _said(_field(note, i))]
    labelled = len(adoption.extra) > 1
    written = [from_html.as_markdown(value, media) if markdown else from_html.as_html(value) for _, value in parts]
    lost = frozenset().union(*(w.lost for w in written))
    if markdown:
        blocks = [f"**{_md_label(name)}**\n\n{w.text}" if labelled else w.text for (name, _), w in zip(parts, written)]
        return Written("\n\n".join(blocks), lost)
    lines = [f"<b>{_html_label(name)}</b><br>{w.text}" if labelled else w.text for (name, _), w in zip(parts, written)]
    return Written("<br>".join(lines), lost)


def _md_label(name: str) -> str:
    return re.sub(r"([\\`*_\[\]$<&])", r"\\\1", name)


def _html_label(name: str) -> str:
    from html import escape

    return escape(name, quote=False)


def _one_line(text: str, markdown: bool) -> str:
    """A term or a line of clozes that cannot end like a marker ([reverse], [tags: …])."""
    if _TRAILING_MARKER.search(text):
        at = text.rindex("]")
        text = text[:at] + ("\\]" if markdown else "&#93;") + text[at + 1:]
    return text


def _body(text: str, markdown: bool) -> tuple[str, bool]:
    """A definition or Extra the plain format reads back as it is: no line of it starts an Extra, and its
    lines after the first are not all indented (the reader takes away the indentation they share).
    Also whether lines had to be moved left for that (their nesting lost)."""
    text = _EXTRA_LINE.sub(r"\1\\]" if markdown else r"\1&#93;", text)
    first, *rest = text.split("\n")
    if markdown and (heading := _HEADING.fullmatch(first)):  # a heading cannot open a definition: bold, then
        first = f"**{heading.group(1)}**"
    elif markdown and _FENCE.fullmatch(first):  # nor can a bare fence (a line of punctuation): it says "text"
        first += "text"
    if any(line.strip() for line in rest) and all(line[:1] in (" ", "\t") for line in rest if line.strip()):
        shared = min(len(line) - len(line.lstrip()) for line in rest if line.strip())
        return "\n".join([first, *(line[shared:] for line in rest)]), True
    return "\n".join([first, *rest]), False


def make(note: Note, adoption: Adoption, media: from_html.Media) -> Made | Skipped:
    """The entry for ``note``; ``media`` refers to its images from its notes file."""
    if adoption.kind == Kind.CLOZE:
        return _cloze(note, adoption, media)
    assert adoption.term is not None
    front, back = _field(note, adoption.term), _field(note, adoption.main)
    names = adoption.note_type.fields
    if not _said(front):
        return Skipped(note, f"its {names[adoption.term]} is empty: a notedeck note needs a term")
    if not _said(back):
        return Skipped(note, f"its {names[adoption.main]} is empty: a notedeck note needs a definition")
    reverse = adoption.reverse or (adoption.reverse_if is not None and _said(_field(note, adoption.reverse_if)))

    def written(markdown: bool) -> tuple[str, str, str, frozenset[str]]:
        images = media
        term = from_html.as_markdown(front, images, Place.TERM) if markdown else from_html.as_html(front, Place.TERM)
        definition = from_html.as_markdown(back, images) if markdown else from_html.as_html(back)
        extra = _extra(note, adoption, markdown, images)
        (body, moved), (more, moved_extra) = _body(definition.text, markdown), _body(extra.text, markdown)
        lost = term.lost | definition.lost | extra.lost | ({from_html.LINE_BREAK} if moved or moved_extra else set())
        return _one_line(term.text, markdown), body, more, frozenset(lost)

    term, definition, extra, lost, html = _choose(written)
    if len(term) > MAX_TERM_CHARS:
        return Skipped(note, f"its {names[adoption.term]} is {len(term):,} characters written out; a term may have "
                       f"at most {MAX_TERM_CHARS:,}")
    if len(definition) > MAX_DEFINITION_CHARS:
        return Skipped(note, f"its {names[adoption.main]} is {len(definition):,} characters written out; a "
                       f"definition may have at most {MAX_DEFINITION_CHARS:,}")
    entry = Entry(term, definition, 0, reverse=reverse, tags=note.tags, extra=extra,
                  markup=Markup.HTML if html else Markup.MARKDOWN)
    return Made(entry, lost, html)


def _cloze(note: Note, adoption: Adoption, media: from_html.Media) -> Made | Skipped:
    text = _field(note, adoption.main)
    name = adoption.note_type.fields[adoption.main]

    def written(markdown: bool) -> tuple[str, str, str, frozenset[str]]:
        images = media
        line = from_html.as_markdown(text, images, Place.CLOZE) if markdown else from_html.as_html(text, Place.CLOZE)
        extra = _extra(note, adoption, markdown, images)
        more, moved = _body(extra.text, markdown)
        return _one_line(line.text, markdown), "", more, line.lost | extra.lost | (
            {from_html.LINE_BREAK} if moved else set())

    line, _, extra, lost, html = _choose(written)
    try:
        numbers = clozes.read(line, ClozeMode.ANKI, Markup.HTML if html else Markup.MARKDOWN)[1]
    except clozes.ClozeError as err:
        return Skipped(note, f"its {name} cannot be read as clozes: {err}")
    if not numbers:
        return Skipped(note, f"its {name} has no cloze ({{{{c1::…}}}}) outside code: Anki makes no card of it")
    if len(line) > MAX_TERM_CHARS:
        return Skipped(note, f"its {name} is {len(line):,} characters written out; a line of clozes may have at "
                       f"most {MAX_TERM_CHARS:,}")
    return Made(Entry(line, "", 0, tags=note.tags, extra=extra, markup=Markup.HTML if html else Markup.MARKDOWN),
                lost, html)


def _choose(written: Callable[[bool], tuple[str, str, str, frozenset[str]]]
            ) -> tuple[str, str, str, frozenset[str], bool]:
    """Markdown when it keeps everything; else HTML when that does; else Markdown and what it lost."""
    term, definition, extra, lost = written(True)
    if lost:
        html = written(False)
        if not html[3]:
            return (*html, True)
    return term, definition, extra, lost, False
