"""What every reader makes: entries, a term and its definition and where they stand in a file.

Pure. Also the checks every reader applies alike (sizes, empty sides) and the signal of a
shifted alternation, which both the plain reader and lint use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .cloze import is_cloze
from ..errors import Problem

# A card is something to recall: these bound the work one line can cause (Markdown, hashing).
MAX_TERM_CHARS = 1_000
MAX_DEFINITION_CHARS = 100_000
MAX_TERM_WORDS = 10

_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[^.]\.$")
_TERM_WITH_ALIAS = re.compile(r"[A-Z][\w' -]*\([A-Z][A-Za-z0-9]+\)")


class Markup(StrEnum):
    """How a card's term and definition are written."""

    MARKDOWN = "markdown"
    TEXT = "text"  # a table's plain cells, as Anki imports a field without HTML
    HTML = "html"  # a file declared #html:true (an Anki export)


@dataclass(frozen=True, slots=True)  # slots: no per-instance dict, for 100,000s of them
class Entry:
    """One card as written in the notes."""

    term: str
    definition: str
    line: int  # the term's line, 1-based
    headings: tuple[str, ...] = ()
    reverse: bool = False
    diagram: str | None = None  # the text of a [diagram: ...] marker
    tags: tuple[str, ...] = ()  # tags the file gives the note itself (an Anki export's tags column)
    guid: str | None = None  # the note's GUID when the file carries one (an Anki export's guid column)
    deck: str | None = None  # the note's full deck when the file names one (an Anki export's deck column)
    extra: str = ""  # the Extra field, when the file has one (an export's Extra column)
    parent: str | None = None  # the text of a [parent: ...] marker: an earlier term, or "none"
    was: str | None = None  # the text of a [was: ...] marker: the term this one renames
    markup: Markup = Markup.MARKDOWN
    # What the note's identity (GUID) is made of instead of its term, when the file says (a sheet's ID column,
    # another note type's GUID): a row whose front is edited keeps its note.
    identity: str | None = None


def lines_of(text: str) -> list[str]:
    """Split on ``\\n``, ``\\r\\n`` and ``\\r`` only, so line numbers match the user's editor."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def dedent(block: list[str]) -> str:
    """Remove the indentation the continuation lines share; tabs count as four spaces.

    Leading blank lines are kept: they separate the first line's paragraph from the next.
    """
    expanded = [line.expandtabs(4) for line in block]
    margin = min((len(line) - len(line.lstrip()) for line in expanded if line.strip()), default=0)
    return "\n".join(line[margin:].rstrip() for line in expanded)


def continuation(lines: list[str], j: int, ends: Callable[[int], bool] | None = None) -> tuple[list[str], int]:
    """The indented lines from ``j`` on (and the blank lines between them): more of a definition.

    Returns them and the index of the first line after them; ``ends`` may stop the block at a
    line that is indented but belongs to something else (a Markdown heading).
    """
    def indented(k: int) -> bool:
        return lines[k][:1] in (" ", "\t") and bool(lines[k].strip()) and not (ends and ends(k))

    more: list[str] = []
    while j < len(lines):
        if indented(j):
            more.append(lines[j])
            j += 1
            continue
        if not lines[j].strip():
            end = j
            while end < len(lines) and not lines[end].strip():
                end += 1
            if end < len(lines) and indented(end):
                more.extend([""] * (end - j))
                j = end
                continue
        break
    return more, j


def problem_with(path: str, line: int, term: str, definition: str, empty_definition: str) -> Problem | None:
    """What is wrong with a card whose sides are ``term`` and ``definition``, if anything."""
    if not term:
        return Problem(path, line, "empty term: write the term before its definition")
    if len(term) > MAX_TERM_CHARS:
        return Problem(path, line, f"the term is {len(term):,} characters; a term may have at most "
                       f"{MAX_TERM_CHARS:,}: is a definition on the term's line?")
    if len(definition) > MAX_DEFINITION_CHARS:
        return Problem(path, line, f"the definition of {term[:60]!r} is {len(definition):,} characters; a "
                       f"definition may have at most {MAX_DEFINITION_CHARS:,}: split it into several cards")
    if not definition and not is_cloze(term):  # a line of clozes needs no definition
        return Problem(path, line, empty_definition)
    return None


def term_reads_like_a_sentence(term: str, most_words: int = MAX_TERM_WORDS) -> bool:
    """Too many words, or a full stop at the end: a definition on a term's line."""
    if term.endswith("."):
        return bool(_SENTENCE_END.search(term))
    # More words than characters can hold is impossible: most terms need no count at all.
    return len(term) > 2 * most_words and len(_WORDS.findall(term)) > most_words


def definition_reads_like_a_term(definition: str) -> bool:
    """A capitalised name with an abbreviation in brackets, and nothing else: a term on a definition's line."""
    return ")" in definition and bool(_TERM_WITH_ALIAS.fullmatch(definition.strip()))


def looks_shifted(term: str, definition: str) -> bool:
    """The signal of a term and definition that are each other's, or a line out of place.

    A line of clozes is a sentence by design: never a sign of a shift.
    """
    return (term_reads_like_a_sentence(term) or definition_reads_like_a_term(definition)) and not is_cloze(term)
