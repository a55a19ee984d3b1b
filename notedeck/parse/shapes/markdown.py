"""Markdown glossaries and flashcard files: the shapes people write cards in, one reader each.

Pure. Every reader takes the file's text and gives a ``Fit``: the entries it found and how
much of the file they explain, so that detection can tell a file that *is* in a shape from
one that merely has a few lines like it. ``# Headings`` group cards in every shape (they
become tags and the context line) except the heading-per-card shape, where the deepest
heading level is the term. Lines that are never cards in any shape: front matter, HTML
comments (and Obsidian's ``<!--SR:…-->`` scheduling), table-of-contents lines
(``- [Term](#term)``), badges, horizontal rules and a lone ``#flashcards`` tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..cloze import masked
from ..entry import Entry, continuation, dedent, lines_of

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*)")  # the text less trailing #s: stripped in code
_TOC = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+\[[^\]]*\]\(#[^)]*\)\s*")
_BADGES = re.compile(r"\s*(?:\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)\s*|!\[[^\]]*\]\([a-z]+://[^)]*\)\s*)+")
_RULE = re.compile(r" {0,3}([-*_=])(?:\s*\1){2,}\s*")
_TAG_LINE = re.compile(r"\s*(?:#[\w/-]+\s*)+")
_BULLET = re.compile(r"(?P<indent> {0,3})[-*+][ \t]+(?P<rest>.*)")
# "**Term**: def", "**Term:** def", "__Term__ — def", "Term: def", "Term — def", "Term - def": the
# term and its separator, matched at the start of a bullet's text (only its first part is looked
# at: a term is short, and a long line must not cost quadratic time).
_BULLET_TERM = re.compile(
    r"(?:\*\*(?P<bold>[^*]+?)(?P<inner>[:：])?\*\*|__(?P<under>[^_]+?)__|`(?P<code>[^`]+)`)"
    r"[ \t]*(?(inner)|(?:[:：—–]|[ \t]-[ \t]?))"
    r"|(?P<plain>[^:：—–*`\[]+?)[ \t]*(?::|：|—|–|[ \t]-[ \t])"
)
TERM_PART = 1200
_DEF_LINE = re.compile(r" {0,3}:[ \t]+(?P<def>\S.*)")
_SR_SEPARATORS = {"?": False, "??": True}  # Obsidian spaced repetition: question / ? / answer; ?? also reverses


@dataclass
class Fit:
    """What one shape makes of a file."""

    shape: str
    entries: list[Entry] = field(default_factory=list)
    content: int = 0  # lines that hold something (not blank, not ignorable, not a grouping heading)
    uncovered: list[int] = field(default_factory=list)  # content lines that no card explains

    @property
    def coverage(self) -> float:
        return 1.0 if not self.content else 1 - len(self.uncovered) / self.content


def ignorable(lines: list[str]) -> list[bool]:
    """Which lines can never be part of a card: comments, table of contents, badges, rules, tags."""
    skip = [False] * len(lines)
    in_comment = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if in_comment:
            skip[i] = True
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("<!--"):
            skip[i] = True
            in_comment = "-->" not in stripped
            continue
        if _TOC.fullmatch(line) or _BADGES.fullmatch(line) or _RULE.fullmatch(line) or \
                (stripped.startswith("#") and _TAG_LINE.fullmatch(line) and " " not in stripped.lstrip("#")[:1]
                 and not _HEADING.fullmatch(line)):
            skip[i] = True
    return skip


def _strip_comments(text: str) -> str:
    if "<!--" not in text:
        return text.strip()
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()


class _Lines:
    """A file's lines with their headings tracked; what a shape reader walks over."""

    def __init__(self, text: str) -> None:
        self.lines = lines_of(text)
        self.skip = ignorable(self.lines)
        self.fence = [False] * len(self.lines)
        inside = False
        for i, line in enumerate(self.lines):
            if line.lstrip().startswith(("```", "~~~")):
                self.fence[i] = True
                inside = not inside
            elif inside:
                self.fence[i] = True

    def heading(self, i: int) -> tuple[int, str] | None:
        if self.fence[i] or self.skip[i]:
            return None
        match = _HEADING.fullmatch(self.lines[i])
        text = match.group(2).rstrip(" \t#").strip() if match else ""
        return (len(match.group(1)), text) if match and text else None

    def blank(self, i: int) -> bool:
        return not self.lines[i].strip() or (self.skip[i] and not self.fence[i])


def _walk(doc: _Lines) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each content line's index with the headings above it; headings themselves are consumed."""
    open_headings: list[tuple[int, str]] = []
    for i in range(len(doc.lines)):
        if doc.blank(i):
            continue
        heading = doc.heading(i)
        if heading is not None:
            open_headings = [h for h in open_headings if h[0] < heading[0]] + [heading]
            continue
        yield i, tuple(text for _, text in open_headings)


def _outside_code(line: str, separator: str) -> int:
    """Where ``separator`` first occurs outside inline code, or -1."""
    if "`" not in line:
        return line.find(separator)
    position, in_code = 0, False
    while position < len(line):
        if line[position] == "`":
            in_code = not in_code
            position += 1
        elif not in_code and line.startswith(separator, position):
            return position
        else:
            position += 1
    return -1


def obsidian(text: str) -> Fit:
    """``Term::definition``, ``Term:::definition`` (both ways), and question / ``?`` / answer blocks."""
    doc = _Lines(text)
    fit = Fit("obsidian")
    covered: set[int] = set()
    content = [(i, h) for i, h in _walk(doc)]
    fit.content = len(content)
    headings_of = dict(content)
    # Multi-line cards: the lines of a block above a lone "?" are the question, those below the answer.
    for i, headings in content:
        mark = doc.lines[i].strip()
        if mark not in _SR_SEPARATORS or doc.fence[i]:
            continue
        start = i
        while start > 0 and not doc.blank(start - 1) and doc.heading(start - 1) is None:
            start -= 1
        end = i + 1
        while end < len(doc.lines) and (not doc.blank(end) or doc.fence[end]) and doc.heading(end) is None:
            end += 1
        question = "\n".join(doc.lines[start:i]).strip()
        answer = _strip_comments("\n".join(doc.lines[i + 1:end]))
        if question and answer:
            fit.entries.append(Entry(question, answer, start + 1, headings, reverse=_SR_SEPARATORS[mark]))
            covered.update(range(start, end))
    for i, _ in content:
        if i in covered or doc.fence[i]:
            continue
        line = _strip_comments(doc.lines[i])
        for separator, reverse in ((":::", True), ("::", False)):
            at = _outside_code(masked(line), separator)  # a cloze's "::" is no separator
            if at > 0 and line[at + len(separator):].strip():
                fit.entries.append(Entry(line[:at].strip(), line[at + len(separator):].strip(), i + 1,
                                         headings_of[i], reverse=reverse))
                covered.add(i)
                break
    fit.entries.sort(key=lambda e: e.line)
    fit.uncovered = [i + 1 for i, _ in content if i not in covered]
    return fit


def _continued(doc: _Lines, j: int) -> tuple[list[str], int]:
    """The indented lines after line ``j - 1`` that continue its definition (a heading ends them)."""
    return continuation(doc.lines, j, lambda k: doc.heading(k) is not None)


def _start(text: str, shape: str) -> tuple[_Lines, Fit, set[int], list[tuple[int, tuple[str, ...]]]]:
    """What a line-walking shape reader starts from: the lines, an empty fit, and the content lines."""
    doc = _Lines(text)
    content = list(_walk(doc))
    return doc, Fit(shape, content=len(content)), set(), content


def bullets(text: str) -> Fit:
    """``- Term: definition``, ``- **Term** — definition``: one card a bullet, sub-bullets continue it."""
    doc, fit, covered, content = _start(text, "bullets")
    for i, headings in content:
        if i in covered:
            continue
        bullet = _BULLET.fullmatch(doc.lines[i])
        rest = bullet.group("rest").strip() if bullet else ""
        card = _BULLET_TERM.match(rest[:TERM_PART]) if rest else None
        definition = rest[card.end():].strip() if card else ""
        if card is None or not definition:
            continue
        term = card.group("bold") or card.group("under") or card.group("plain") or ""
        if card.group("code"):
            term = f"`{card.group('code')}`"
        more, end = _continued(doc, i + 1)
        if more:
            definition += "\n" + dedent(more)
        fit.entries.append(Entry(term.strip().rstrip(":：").strip(), definition.strip(), i + 1, headings))
        covered.update(range(i, end))
    fit.uncovered = [i + 1 for i, _ in content if i not in covered]
    return fit


def definition_list(text: str) -> Fit:
    """Markdown definition lists: a term line, then ``: definition`` lines (Python-Markdown's def_list)."""
    doc, fit, covered, content = _start(text, "definition-list")
    headings_of = dict(content)
    for i, headings in content:
        if i in covered or _DEF_LINE.fullmatch(doc.lines[i]):
            continue
        j = i + 1
        while j < len(doc.lines) and not doc.lines[j].strip():
            j += 1  # a blank line between term and definition makes a loose list: the same card
        definitions: list[str] = []
        while j < len(doc.lines) and (match := _DEF_LINE.fullmatch(doc.lines[j])):
            more, end = _continued(doc, j + 1)
            definitions.append(match.group("def") + ("\n" + dedent(more) if more else ""))
            covered.update(range(j, end))
            j = end
            while j < len(doc.lines) and not doc.lines[j].strip() and j + 1 < len(doc.lines) \
                    and _DEF_LINE.fullmatch(doc.lines[j + 1]):
                j += 1
        if definitions:
            covered.add(i)
            definition = definitions[0] if len(definitions) == 1 else \
                "\n".join(f"{n}. {d}" for n, d in enumerate(definitions, start=1))
            fit.entries.append(Entry(doc.lines[i].strip(), definition.strip(), i + 1, headings_of.get(i, headings)))
    fit.uncovered = [i + 1 for i, _ in content if i not in covered]
    return fit


def headings(text: str) -> Fit:
    """A heading per card: ``## Term`` followed by the paragraphs (lists, code) that define it.

    The term level is the level most headings with text under them are at; headings above it
    group the cards, and headings below it are part of the card above them.
    """
    doc = _Lines(text)
    fit = Fit("headings")
    found = [(i, h) for i in range(len(doc.lines)) if (h := doc.heading(i)) is not None]
    bodies: dict[int, list[int]] = {}
    for n, (i, _) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(doc.lines)
        bodies[i] = [k for k in range(i + 1, end) if not doc.blank(k) or doc.fence[k]]
    with_body = [h[0] for i, h in found if bodies[i]]
    if not with_body:
        fit.content = sum(1 for k in range(len(doc.lines)) if not doc.blank(k))
        fit.uncovered = [k + 1 for k in range(len(doc.lines)) if not doc.blank(k)]
        return fit
    # The term level is the one most headings with text under them are at (the shallower on a tie):
    # "#### Example" inside a card is part of its definition, not a card that swallows the others.
    level = max(set(with_body), key=lambda lvl: (with_body.count(lvl), -lvl))
    groups: list[tuple[int, str]] = []
    covered: set[int] = set()
    first_heading = found[0][0]
    # What stands above the first heading is the page's preamble (a title, a sentence): never a card.
    content: set[int] = {k for k in range(first_heading, len(doc.lines)) if not doc.blank(k) and doc.heading(k) is None}
    for n, (i, (lvl, title)) in enumerate(found):
        if lvl < level:
            groups = [g for g in groups if g[0] < lvl] + [(lvl, title)]
            covered.update(bodies[i])  # a group's introduction: not a card, nor a sign of another shape
            continue
        if lvl > level:
            continue  # a sub-heading: part of the card above it
        content.add(i)
        # The card runs to the next heading at its level or above, its sub-headings included.
        end = next((j for j, (other, _) in found[n + 1:] if other <= level), len(doc.lines))
        body = [k for k in range(i + 1, end) if not doc.blank(k) or doc.fence[k]]
        if body:
            definition = _strip_comments(dedent(doc.lines[body[0]:body[-1] + 1]))
            if definition:
                fit.entries.append(Entry(title, definition, i + 1, tuple(t for _, t in groups)))
                covered.update([i, *body])
    fit.content = len(content)
    fit.uncovered = sorted(k + 1 for k in content - covered)
    return fit


SHAPES: dict[str, Callable[[str], Fit]] = {
    "obsidian": obsidian,
    "bullets": bullets,
    "definition-list": definition_list,
    "headings": headings,
}
