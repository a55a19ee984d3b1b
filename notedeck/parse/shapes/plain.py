"""Parse the plain notes format into entries: a term, its definition and where they stand.

Pure: text in, entries out. The format, as docs/notes-format.md documents it:

- a term line followed by its definition line; blank lines may separate cards, and each
  blank-line-separated block is checked on its own;
- ``term<TAB>definition`` on one line is a whole card (Quizlet's export format);
- indented lines after a definition continue it (lists, code, several paragraphs);
- ``# Heading`` lines group the cards after them;
- a term may end in markers: ``[reverse]``, ``[diagram: NAME]``, ``[diagram: none]``, ``[parent: …]``,
  ``[was: …]``, ``[tags: a b::c]`` (the note's own tags) and ``[html]`` (its fields are HTML, as an Anki
  export declared ``#html:true``);
- an indented line starting ``[extra]`` under a definition: it and the lines after it are the note's Extra.

>>> [(e.term, e.definition) for e in parse("Neuron\\na unit that sums weighted inputs\\n", "n.txt")]
[('Neuron', 'a unit that sums weighted inputs')]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ...errors import NotesError, Problem
from ..cloze import is_cloze
from ..entry import (Entry, Markup, continuation, dedent, definition_reads_like_a_term, lines_of, looks_shifted,
                     problem_with, term_reads_like_a_sentence)

# The heading's text is what follows the #s, less trailing #s and spaces (stripped in code: a
# lazy group before [ \t#]*$ would take quadratic time on a long line of "# # # …").
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?")
_DEFINITION_LIST = re.compile(r" {0,3}:[ \t]")
_BULLET = re.compile(r"[-*+][ \t]")
_RULE = re.compile(r"\s*([^\w\s])\1{2,}\s*")  # ---, *****, /////: a rule or a separator, never a term
# Cards in a row whose term reads like a definition: the alternation has slipped by a line.
SHIFTED_RUN = 3
_MARKER = re.compile(r"\s*\[(reverse|diagram\s*:\s*([^\]]*)|parent\s*:\s*([^\]]*)|was\s*:\s*([^\]]*)"
                     r"|tags\s*:\s*([^\]]*)|(html))\]\s*$", re.IGNORECASE)
# The line that starts a note's Extra, among the indented lines under its definition.
_EXTRA = re.compile(r"\[extra\](?:[ \t]+(.*))?", re.IGNORECASE)


class _Markers(NamedTuple):
    """What the markers after a term say."""

    reverse: bool = False
    diagram: str | None = None
    parent: str | None = None
    was: str | None = None
    tags: tuple[str, ...] = ()
    html: bool = False


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_indented(line: str) -> bool:
    return line[:1] in (" ", "\t") and not _is_blank(line)


def _split_markers(term: str) -> tuple[str, _Markers]:
    reverse, diagram, parent, was, html = False, None, None, None, False
    tags: list[str] = []
    while match := _MARKER.search(term):
        if match.group(2) is not None:
            diagram = match.group(2).strip()
        elif match.group(3) is not None:
            parent = match.group(3).strip()
        elif match.group(4) is not None:
            was = match.group(4).strip()
        elif match.group(5) is not None:
            tags[:0] = match.group(5).split()  # read from the end: an earlier marker's tags come first
        elif match.group(6) is not None:
            html = True
        else:
            reverse = True
        term = term[: match.start()]
    return term.strip(), _Markers(reverse, diagram, parent, was, tuple(dict.fromkeys(tags)), html)


def _split_extra(first: str, more: list[str]) -> tuple[str, str]:
    """A definition's first line and the indented lines under it → the definition and the Extra (from the
    line that starts with ``[extra]`` on)."""
    lines = [first, *more]
    at = next((n for n, line in enumerate(lines) if line.lstrip()[:7].lower() == "[extra]"
               and _EXTRA.fullmatch(line.strip())), None)
    if at is None:
        return (first if not more else (first + "\n" + dedent(more)).strip()), ""
    start = _EXTRA.fullmatch(lines[at].strip())
    assert start is not None
    if at == 0:  # the line under a line of clozes: all of it is Extra
        definition, after = "", more
    else:
        before, after = more[: at - 1], more[at:]
        definition = first if not before else (first + "\n" + dedent(before)).strip()
    head = (start.group(1) or "").strip()
    return definition, head if not after else (head + "\n" + dedent(after)).strip()


class _Parser:
    def __init__(self, text: str, path: str, known: bool = False) -> None:
        self.lines = lines_of(text)
        self.path = path
        self.known = known  # the file is in the plain format for sure: shifts are looked for block by block
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.headings: list[tuple[int, str]] = []  # (level, text) of the open headings
        self.block = 0  # blank-line-separated blocks seen: a shift cannot cross a blank line
        self.blocks: list[int] = []  # the block of each entry

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def run(self) -> list[Entry]:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        shifted = first_shift(self.entries, self.blocks if self.known else None)
        if self.problems and (shifted is None or shifted.line > self.problems[0].line):
            raise NotesError([self._blamed(p) for p in self.problems])
        if shifted is not None:  # it explains the problems after it: the line missing above sets them off
            lost = self._lost_definition(self.entries.index(shifted))
            if lost is not None:
                raise NotesError([lost])
            what = f"the term {shifted.term[:60]!r} reads like a definition" \
                if term_reads_like_a_sentence(shifted.term) else \
                f"the definition of {shifted.term[:60]!r} reads like a term ({shifted.definition[:60]!r})"
            raise NotesError([Problem(self.path, shifted.line, f"the lines seem shifted from here on: {what}, and "
                                      f"the next {SHIFTED_RUN - 1} cards look swapped too. Is a term or a "
                                      "definition missing (or one too many) here or just above?")])
        return self.entries

    def _lost_definition(self, near: int) -> Problem | None:
        """The card that most likely lost its definition line, when the cards around entry ``near``
        read swapped (or a block's last term has none): the one after whose term a definition
        inserted pairs the block's lines up best."""
        first = last = near = min(near, len(self.entries) - 1)
        while first > 0 and self._adjacent(self.entries[first - 1], self.entries[first]):
            first -= 1
        while last + 1 < len(self.entries) and self._adjacent(self.entries[last], self.entries[last + 1]):
            last += 1
        cards = self.entries[max(first, near - _LOOK_BACK):last + 1]
        lines = [x for e in cards for x in (e.term, e.definition)]
        end = cards[-1].line + 1
        if end < len(self.lines) and not _is_blank(self.lines[end]) and not _is_indented(self.lines[end]):
            lines.append(self.lines[end].strip())  # a last term without its definition
        j = _missing_after(lines)
        if j is None:
            return None
        card = cards[j]
        if not _reads_like_a_term(card.term) and _reads_like_a_term(card.definition):
            return Problem(self.path, card.line, f"line {card.line}, {card.term[:60]!r}, reads like a definition "
                           "with no term above it, and the cards after it pair up once a line is written there: "
                           f"is its term missing? Write it above line {card.line}")
        return Problem(self.path, card.line, f"{card.term[:60]!r} seems to have lost its definition: the line "
                       f"under it, {card.definition[:60]!r} (line {card.line + 1}), reads like a term, and the "
                       "cards after it pair up once a definition is written there. Write the definition of "
                       f"{card.term[:60]!r} on line {card.line + 1}, or remove the term")

    def _adjacent(self, before: Entry, after: Entry) -> bool:
        """Two one-line cards with nothing between them: a term line, a definition line, the next term."""
        return after.line == before.line + 2 and "\n" not in before.definition and "\n" not in after.definition \
            and "\t" not in self.lines[before.line - 1] and "\t" not in self.lines[after.line - 1]

    def _blamed(self, problem: Problem) -> Problem:
        """A term without a definition at the end of a block of cards without blank lines: the line that
        went missing is most likely earlier, where the block's lines pair up once one is put back."""
        if problem.line is None or not problem.message.startswith("term ") or "has no definition" not in \
                problem.message or not self.entries:
            return problem
        before = [i for i, e in enumerate(self.entries) if e.line + 2 == problem.line and "\n" not in e.definition]
        if not before:
            return problem
        lost = self._lost_definition(before[0])
        return lost if lost is not None and lost.line != problem.line else problem

    def skip_block(self, i: int) -> int:
        """After a problem, resume at the next blank line so one mistake is reported once."""
        while i < len(self.lines) and not _is_blank(self.lines[i]):
            i += 1
        return i

    def step(self, i: int) -> int:
        line, number = self.lines[i], i + 1
        if _is_blank(line):
            self.block += 1
            return i + 1
        if _is_indented(line):
            self.fail(number, "indented line outside a definition: only lines that continue a "
                      "definition are indented (a term<TAB>definition line needs a term before the tab)")
            return self.skip_block(i + 1)
        # A line that starts with a letter or digit is no bullet, rule or heading: most lines.
        if line[0].isalnum():
            pass
        elif _BULLET.match(line):
            self.fail(number, f"{line.strip()[:60]!r} starts with a list bullet, so it cannot be a term: lists go "
                      "in a definition, indented under its first line (or declare the file's shape if it is a "
                      "Markdown glossary)")
            return self.skip_block(i + 1)
        elif _RULE.fullmatch(line):
            self.fail(number, f"{line.strip()!r} is a line of punctuation, not a term: remove it (blank lines "
                      "separate cards), or declare the file's shape if it separates cards in another format")
            return self.skip_block(i + 1)
        elif heading := _HEADING.fullmatch(line.rstrip()):
            return self.heading(i, len(heading.group(1)), (heading.group(2) or "").rstrip(" \t#").strip())
        if "\t" in line:
            term, _, definition = line.partition("\t")
            return self.card(i, term, definition.strip(), i + 1)
        # A term line: its definition is the next line, which may itself be indented.
        nxt = i + 1
        if is_cloze(line) and (nxt >= len(self.lines) or _is_blank(self.lines[nxt])
                             or _HEADING.fullmatch(self.lines[nxt].rstrip())
                             or (not _is_indented(self.lines[nxt]) and is_cloze(self.lines[nxt]))):
            return self.card(i, line, "", nxt)  # a line of clozes: a card on its own, as is the next one
        if nxt >= len(self.lines) or _is_blank(self.lines[nxt]):
            self.fail(number, f"term {line.strip()!r} has no definition: write its definition on "
                      "the next line, or remove the term")
            return nxt
        following = self.lines[nxt]
        if following[0].isalnum() and "\t" not in following:  # an ordinary definition line: most cards
            return self.card(i, line, following.strip(), nxt + 1)
        if _HEADING.fullmatch(self.lines[nxt].rstrip()):
            self.fail(number, f"term {line.strip()!r} has no definition: the next line is a heading")
            return nxt
        if "\t" in self.lines[nxt] and not _is_indented(self.lines[nxt]):
            self.fail(number, f"term {line.strip()!r} has no definition: the next line is a "
                      "term<TAB>definition card")
            return nxt
        if _RULE.fullmatch(self.lines[nxt]):
            self.fail(nxt + 1, f"{self.lines[nxt].strip()!r} is a line of punctuation, not a definition: write "
                      f"the definition of {line.strip()[:60]!r} here, or declare the file's shape if this line "
                      "separates cards")
            return self.skip_block(nxt)
        if _DEFINITION_LIST.match(self.lines[nxt]):
            self.fail(nxt + 1, "a definition starting with ': ' is a Markdown definition list: declare the file's "
                      "shape with #notedeck:definition-list on its first line, or remove the ':'")
            return self.skip_block(nxt)
        return self.card(i, line, self.lines[nxt].strip(), nxt + 1)

    def heading(self, i: int, level: int, text: str) -> int:
        if not text:
            self.fail(i + 1, "empty heading: write its name after the '#'")
            return i + 1
        self.headings = [h for h in self.headings if h[0] < level] + [(level, text)]
        return i + 1

    def card(self, i: int, raw_term: str, first: str, j: int) -> int:
        """Record a card whose definition starts with ``first``; ``j`` is the line after it."""
        number = i + 1
        term, marked = _split_markers(raw_term.strip())
        # Indented lines, and blank lines followed by more indented lines, continue the definition.
        more, k = continuation(self.lines, j)
        definition, extra = _split_extra(first, more)
        problem = problem_with(self.path, number, term, definition,
                               f"empty definition for {term!r}: write the definition after the tab")
        if problem is not None:
            self.problems.append(problem)
        else:
            self.entries.append(Entry(term, definition, number, tuple(h for _, h in self.headings),
                                      marked.reverse, marked.diagram, marked.tags, parent=marked.parent,
                                      was=marked.was, extra=extra,
                                      markup=Markup.HTML if marked.html else Markup.MARKDOWN))
            self.blocks.append(self.block)
        return k


_LOOK_BACK = 300  # cards before a shift looked at for the line that went missing


def _off(term: str, definition: str) -> float:
    """How much a pair of lines looks like something other than a term and its definition."""
    return (term_reads_like_a_sentence(term) + definition_reads_like_a_term(definition)
            + 0.5 * _reads_like_a_term(definition) + 0.5 * (not _reads_like_a_term(term)))


def _missing_after(lines: list[str]) -> int | None:
    """The card (its index, the lines taken as term, definition, term, …) after whose term a missing
    definition line makes the lines pair up clearly best; None when no place does.

    >>> _missing_after(["Neuron", "a unit that sums its weighted inputs and fires", "Bias", "Weight",
    ...                 "the number each input is multiplied by before the sum", "Layer",
    ...                 "a row of units that all read the same inputs"])
    1
    """
    cards = len(lines) // 2
    offs = [_off(lines[i], lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
    shifted = [_off(lines[i], lines[i + 1]) for i in range(1, len(lines) - 1, 2)]  # pairs one line later
    # Putting a definition back after card j's term: cards before j as they are, card j alone, and
    # the lines after it paired one later.
    as_is = sum(offs) + (len(lines) % 2)  # a last term without a definition counts against it
    best, where = as_is, None
    before, after = 0.0, sum(shifted)
    for j in range(cards):
        lone = (len(lines) - 2 * j - 1) % 2  # a line left over at the end
        score = before + after + lone
        if score < best:
            best, where = score, j
        before += offs[j]
        after -= shifted[j] if j < len(shifted) else 0
    return where if best <= as_is - 1.5 else None


def _reads_like_a_term(text: str) -> bool:
    """A short name with no sentence in it: what a term line looks like (``Feed-forward neural network``)."""
    text = text.strip()
    return bool(text) and len(text.split()) <= 6 and not text.endswith((".", ":", ";", ",", "!", "?")) and \
        ". " not in text


def first_shift(entries: list[Entry], blocks: list[int] | None = None) -> Entry | None:
    """The first of ``SHIFTED_RUN`` consecutive cards whose term and definition look swapped.

    A question ("… ?") is a term whatever its length, so a deck of long questions is no shift.
    ``blocks``, for a file known to be plain, are the blank-line-separated blocks the cards stand in:
    each block is paired on its own, so a line missing in one never shifts the next, and a run never
    crosses a blank line (a card alone between blank lines, as ``dumps`` writes them, is never in
    one). Without them (a file whose shape is being found) a run anywhere says the lines do not pair up.
    """
    run = 0
    for k, entry in enumerate(entries):
        question = entry.term.rstrip().endswith(("?", "？"))
        if blocks is not None and k and blocks[k] != blocks[k - 1]:
            run = 0
        run = run + 1 if looks_shifted(entry.term, entry.definition) and not question else 0
        if run == SHIFTED_RUN:
            return entries[k - SHIFTED_RUN + 1]
    return None


def attempt(text: str, path: str, known: bool = False) -> tuple[list[Entry], list[Problem]]:
    """The entries plain reading finds and its problems (none: the file is in the plain format)."""
    parser = _Parser(text, path, known)
    try:
        return parser.run(), []
    except NotesError as err:
        return parser.entries, err.problems


def parse(text: str, path: str, known: bool = False) -> list[Entry]:
    """Entries of a notes text; raises NotesError listing every problem with its line.

    ``known``: the file is in the plain format for sure (declared, or read so by an earlier build),
    so a shift is looked for block by block (see ``first_shift``).
    """
    return _Parser(text, path, known).run()


def dumps(entries: list[Entry]) -> str:
    """Write entries back out in the notes format; ``parse(dumps(e))`` gives ``e`` again.

    >>> text = dumps([Entry("Neuron", "a unit\\n- sums\\n- fires", 1, ("Basics",), True)])
    >>> print(text, end="")
    # Basics
    Neuron [reverse]
    a unit
      - sums
      - fires
    <BLANKLINE>
    >>> [(e.term, e.definition, e.headings, e.reverse) for e in parse(text, "n.txt")]
    [('Neuron', 'a unit\\n- sums\\n- fires', ('Basics',), True)]
    >>> print(dumps([Entry("ATP", "energy", 1, tags=("bio::cell", "exam"), extra="made in\\nmitochondria")]), end="")
    ATP [tags: bio::cell exam]
    energy
      [extra] made in
      mitochondria
    <BLANKLINE>

    The entries it writes faithfully: a term on one line that is neither a heading, a list item nor a
    line of punctuation and does not end like a marker; a definition (and Extra) whose lines after
    the first are not all indented, with no line starting ``[extra]``; tags without brackets or spaces.
    """
    out: list[str] = []
    headings: tuple[str, ...] = ()
    for entry in entries:
        if entry.headings != headings:
            shared = 0
            while shared < min(len(headings), len(entry.headings)) and headings[shared] == entry.headings[shared]:
                shared += 1
            if shared == len(entry.headings) and shared:  # back up a level: name the heading again
                shared -= 1
            out.extend("#" * (level + 1) + " " + text for level, text in enumerate(entry.headings)
                       if level >= shared)
            headings = entry.headings
        markers = (" [reverse]" if entry.reverse else "") + \
            (f" [diagram: {entry.diagram}]" if entry.diagram is not None else "") + \
            (f" [parent: {entry.parent}]" if entry.parent is not None else "") + \
            (f" [was: {entry.was}]" if entry.was is not None else "") + \
            (f" [tags: {' '.join(entry.tags)}]" if entry.tags else "") + \
            (" [html]" if entry.markup == Markup.HTML else "")
        first, *rest = entry.definition.split("\n")
        out.append(entry.term + markers)
        if first:  # (a line of clozes has none: its Extra's line, or the blank line after it, comes right under it)
            out.append(first)
        out.extend("  " + line if line else "" for line in rest)
        if entry.extra:
            head, *more = entry.extra.split("\n")
            out.append("  [extra] " + head)
            out.extend("  " + line if line else "" for line in more)
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
