"""The Markdown shapes in order: each rule claims the regions it reads, the next reads what is left.

Pure. As markdown-it's own ruler, one plain function per shape (a module of its own in this
package) runs over one shared ``State``: the parsed ``Document`` and which lines are already
claimed. A rule gives ``Region``s: the entries it read, the lines it took, and the lines inside
them it passed over. Rules that mark out their own answers run first (a ``<details>`` block, an
Obsidian ``?`` card, a RemNote outline), so a list inside an answer is never read as a list of
cards; the heading-per-card rule runs last and takes a whole section, the cards found inside it
included, only where most sections at its level are answers rather than lists of cards.

A file may mix regions (a table of abbreviations, then ``- Term: definition`` bullets): each is
read by its own rule. Whatever holds something and no rule took is ``skipped`` (a warning).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..entry import Entry
from .document import Document, heading_text


@dataclass
class Region:
    """What one rule read in one place."""

    shape: str
    entries: list[Entry]
    lines: range | set[int]  # 0-based lines it takes
    skipped: set[int] = field(default_factory=set)  # lines inside it that are no card (0-based)
    strong: int = 0  # how many of its cards carry an unmistakable mark of their shape


class State:
    """The document and which rule took each line; what every rule reads and adds to."""

    def __init__(self, doc: Document, level: int | None = None, only: frozenset[str] | None = None) -> None:
        self.doc = doc
        self.owner = [-1] * len(doc.lines)  # the index of the region that took each line
        self.regions: list[Region | None] = []
        self.level = level  # the heading level of terms, when remembered or declared
        self.level_found: int | None = None
        self.only = only  # the rules that read this file (all: None)

    def free(self, first: int, end: int) -> bool:
        return all(o == -1 for o in self.owner[first:end])

    def free_block(self, k: int) -> bool:
        block = self.doc.blocks[k]
        return self.free(block.first, block.end)

    def take(self, region: Region) -> None:
        index = len(self.regions)
        self.regions.append(region)
        for line in region.lines:
            self.owner[line] = index

    def release(self, index: int) -> None:
        region = self.regions[index]
        if region is not None:
            for line in region.lines:
                if self.owner[line] == index:
                    self.owner[line] = -1
            self.regions[index] = None


Rule = Callable[[Document, State], list[Region]]

# Weak evidence: a shape of everyday Markdown. A reading made only of these must explain nearly
# every line (``WEAK_SURE``); one with unmistakable marks needs only most of them (``STRONG_SURE``).
WEAK = frozenset({"bullets", "headings", "bold-terms", "definition-list"})


def rules() -> tuple[tuple[str, Rule], ...]:
    """The rules in the order they claim: those that mark out their own answers first."""
    from . import (bold_terms, bullets, definition_list, details, headings, inka, logseq, mochi, obsidian,
                   obsidian_to_anki, qa, remnote, tables)

    return (("obsidian-to-anki", obsidian_to_anki.read), ("mochi", mochi.read), ("inka", inka.read), ("logseq", logseq.read), ("remnote", remnote.read),
            ("details", details.read), ("obsidian", obsidian.read), ("qa", qa.read), ("table", tables.read),
            ("definition-list", definition_list.read), ("bold-terms", bold_terms.read),
            ("bullets", bullets.read), ("headings", headings.read))


def names() -> tuple[str, ...]:
    return ("obsidian-to-anki", "mochi", "inka", "logseq", "remnote", "details", "obsidian", "qa", "table", "definition-list",
            "bold-terms", "bullets", "headings")


@dataclass
class MarkdownReading:
    """A Markdown file read by its structure."""

    entries: list[Entry]
    shapes: tuple[str, ...]  # the rules that gave cards, in ruler order
    skipped: list[int]  # 1-based lines with something on them that no card holds
    content: int  # lines from the first card on that hold something (not blank, never a card, nor a group heading)
    judged: int  # how many of them are skipped
    strong: int  # cards with an unmistakable mark of their shape
    level: int | None  # the heading level of terms, when headings are cards
    loose: int = 0  # lines with something on them that no rule took (no card's, no outline's or table's)

    @property
    def coverage(self) -> float:
        return 1.0 if not self.content else 1 - self.judged / self.content

    @property
    def shape(self) -> str:
        return self.shapes[0] if len(self.shapes) == 1 else "markdown"

    @property
    def found(self) -> dict[str, str]:
        """What a later build needs to read the file the same way (besides its shape)."""
        found = {}
        if len(self.shapes) > 1:
            found["regions"] = " ".join(self.shapes)
        if self.level is not None and "headings" in self.shapes:
            found["level"] = str(self.level)
        return found


def read(text: str, only: Sequence[str] | None = None, level: int | None = None) -> MarkdownReading:
    """The cards of a Markdown file, read by every rule (or only those named) in ruler order."""
    doc = Document(text)
    state = State(doc, level, frozenset(only) if only is not None else None)
    for name, rule in rules():
        if only is None or name in only:
            for region in rule(doc, state):
                state.take(region)
    return _assemble(doc, state)


def _assemble(doc: Document, state: State) -> MarkdownReading:
    regions = [r for r in state.regions if r is not None]
    # Group headings: the top-level headings no rule took. Each closes the groups at its level and
    # below; a heading that is a card (taken) closes them too, without opening one.
    changes: list[int] = []
    stacks: list[tuple[str, ...]] = []
    open_headings: list[tuple[int, str]] = []
    group_lines: set[int] = set()
    for k, level, text in doc.headings():
        block = doc.blocks[k]
        if doc.code[block.first]:
            continue
        open_headings = [h for h in open_headings if h[0] < level]
        if state.owner[block.first] == -1:
            name = heading_text(text)
            if name:
                open_headings.append((level, name))
            group_lines.update(range(block.first, block.end))
        changes.append(block.first)
        stacks.append(tuple(t for _, t in open_headings))

    def headings_at(line: int) -> tuple[str, ...]:
        k = bisect_right(changes, line) - 1
        return stacks[k] if k >= 0 else ()

    entries: list[Entry] = []
    skipped: set[int] = set()
    shapes: list[str] = []
    strong = 0
    for region in regions:
        if region.entries and region.shape not in shapes:
            shapes.append(region.shape)
        strong += region.strong
        skipped.update(region.skipped)
        for entry in region.entries:
            entries.append(entry if entry.headings else replace(entry, headings=headings_at(entry.line - 1)))
    entries.sort(key=lambda e: e.line)
    for line in range(len(doc.lines)):
        if doc.content(line) and line not in group_lines and state.owner[line] == -1:
            skipped.add(line)
    # What stands above the first card (a title's introduction, badges, a warning box) is the page's
    # preamble: reported, but not counted against the shape, which is judged by the file from its first card.
    start = entries[0].line - 1 if entries else len(doc.lines)
    content = sum(1 for line in range(start, len(doc.lines)) if doc.content(line) and line not in group_lines)
    judged = sum(1 for line in skipped if line >= start)
    order = names()
    shapes.sort(key=order.index)
    loose = sum(1 for line in range(len(doc.lines))
                if doc.content(line) and line not in group_lines and state.owner[line] == -1)
    return MarkdownReading(entries, tuple(shapes), sorted(n + 1 for n in skipped), content, judged, strong,
                           state.level_found, loose)
