"""Cloze deletions: Anki's ``{{c1::answer::hint}}``, the short forms other tools' notes use, and their checks.

Pure. Anki reads a cloze as ``{{c``, a number, ``::``, the answer, an optional ``::hint`` and
``}}``; clozes may nest. Anki's reader knows nothing of math or code, so here:

- a ``}}`` of math inside a cloze would end the cloze early, and a ``::`` would start its hint:
  they are written ``} }`` and ``: :`` (the rule in Anki's manual; TeX does not see the space);
- braces in code are code: no cloze is read inside a code span or block (and ``render``
  writes the braces of code in a cloze note as character references, so Anki does not either).

The short forms, only where a note has none of Anki's own syntax and outside code and math:
``{answer}``, ``{2::answer}`` (or ``{c2::answer}``), ``{answer::hint}`` and Obsidian's
``==highlight==``. Each unnumbered one is the next number, as in the tools that write them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..inputs.settings import ClozeMode
from .spans import math_spans

MAX_NUMBER = 65_535  # Anki keeps a card's number in 16 bits: a package with a larger one does not import

_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}|::")
_ANKI = re.compile(r"\{\{c\d+::")
# A short form stands as a word does: after a space, an opening bracket or quote or emphasis, before a
# space, punctuation or emphasis. So TeX and code arguments (\frac{a}{b}, body{color:red}, f{x}) are never one.
_BEFORE = r"(?<![^\s(\[\"'“‘«¿¡*_~])"
_AFTER = r"(?![^\s.,;:!?)\]\"'’”»*_~])"
# {answer}, {2::answer}, {c2::answer}, {answer::hint}: single braces, not part of {{ }}.
_SHORT = re.compile(_BEFORE + r"\{(?!\{)([^{}\n]+)\}" + _AFTER)
_SHORT_PARTS = re.compile(r"(?:c?(\d+)::)?(.*?)(?:::(.*))?", re.DOTALL)
# ==highlight==: no space just inside the marks, no '=' in it (so "a == b" is a comparison).
_HIGHLIGHT = re.compile(_BEFORE + r"==(?=[^\s={}])([^\n={}]*?[^\s={}\\])==" + _AFTER)
# ...or a highlight of text with formulas in it, whatever their braces and '=' (==then $a = b$==): read on the
# text with its math masked; a colon may stand before it ("closure:==the union==").
_HIGHLIGHT_MASKED = re.compile(r"(?<![^\s(\[\"'“‘«¿¡*_~:])" + r"==(?=[^\s={}])([^\n={}]*?[^\s={}\\])==" + _AFTER)
# ...or a highlight of a formula, whatever braces it holds: ==$-\log_{10}[H^+]$==, ==\(x^{2}\)==.
_HIGHLIGHT_MATH = re.compile(_BEFORE + r"==(\$(?=\S)[^$\n]*?\S\$|\\\(.+?\\\))==" + _AFTER)
# An innermost cloze: its number, and its answer with its hint.
_DELETION = re.compile(r"\{\{c(\d+)::((?:(?!\{\{c\d+::|\}\}).)*?)\}\}", re.DOTALL)
# What a bare {…} holds when it is set or dictionary notation, a placeholder list, not an answer.
_SET_LIKE = re.compile(r"[,|=;<>\"']|(?<!:):(?!:)|^\s|\s$|^[\d\s.]*$")


class ClozeError(ValueError):
    """Cloze syntax that cannot be read for sure; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """One ``{{cN::answer::hint}}``."""

    number: int
    start: int  # where its "{{c" is
    end: int  # just after its "}}"
    answer: str
    hint: str | None


_HTML_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _regions(text: str, markup: str = "markdown") -> tuple[list[tuple[int, int, str, str]], list[int]]:
    """Math and code, where code is what the markup makes code: backtick spans and fences in
    Markdown and in a table's plain text (a sheet of code snippets writes them so: `f"{name}"`),
    ``<code>``/``<pre>`` in declared HTML."""
    regions = list(math_spans(text, code=markup in ("markdown", "text")))
    if markup == "html" and "<" in text:
        regions = sorted([r for r in regions if not any(m.start() <= r[0] < m.end() for m in _HTML_CODE.finditer(text))]
                         + [(m.start(), m.end(), "code", m.group(0)) for m in _HTML_CODE.finditer(text)])
    return regions, [r[0] for r in regions]


def _region_at(regions: list[tuple[int, int, str, str]], starts: list[int], pos: int) -> int | None:
    k = bisect_right(starts, pos) - 1
    return k if k >= 0 and pos < regions[k][1] else None


def parse(text: str, markup: str = "markdown") -> tuple[list[Deletion], list[int]]:
    """The deletions in ``text`` (Anki's syntax), and where a ``}}`` of math inside one must be spaced.

    >>> [(d.number, d.answer, d.hint) for d in parse("{{c1::a::b}} {{c2::\\\\(x^{y^{2}}\\\\)}}")[0]]
    [(1, 'a', 'b'), (2, '\\\\(x^{y^{2}}\\\\)', None)]
    """
    if "{{c" not in text:
        return [], []
    regions, starts = _regions(text, markup)
    stack: list[list] = []  # open clozes: [number, start, answer start, hint "::" or None, math region]
    found: list[Deletion] = []
    spaced: list[int] = []
    for match in _TOKEN.finditer(text):
        pos = match.start()
        region = _region_at(regions, starts, pos)
        if region is not None and regions[region][2] == "code":
            continue
        if match.group(1) is not None:
            stack.append([int(match.group(1)), pos, match.end(), None, region])
            continue
        if not stack:
            continue
        top = stack[-1]
        if match.group(0) == "::":
            if top[3] is None and region == top[4]:
                top[3] = pos
            elif top[4] is None and region is not None and regions[region][2] != "code":
                spaced.append(pos)  # math's own "::": Anki would take what follows for the hint
            continue
        if top[4] is None and region is not None:
            spaced.append(pos)  # the math's own braces: Anki would end the cloze here
            continue
        if top[4] is not None and text.startswith("}", pos + 2):
            raise ClozeError(f"{text[top[1]:pos + 3][:60]!r}: inside math, Anki ends the cloze at the first "
                             "'}}' of '}}}', so the answer loses its last brace; write a space before the cloze's "
                             "end, as '…} }}' (Anki's rule)")
        stack.pop()
        number, start, answer_start, hint_at, _ = top
        answer = text[answer_start: pos if hint_at is None else hint_at]
        found.append(Deletion(number, start, match.end(), answer, None if hint_at is None else text[hint_at + 2: pos]))
    if stack:
        number, start = stack[-1][0], stack[-1][1]
        raise ClozeError(f"the cloze {text[start:start + 40]!r} (c{number}) is never closed: end it with }}}}")
    for deletion in found:
        if deletion.number < 1:
            raise ClozeError(f"cloze numbers start at 1: {text[deletion.start:deletion.end][:60]!r}")
        if deletion.number > MAX_NUMBER:
            raise ClozeError(f"cloze numbers go up to {MAX_NUMBER:,} in Anki: {text[deletion.start:deletion.end][:60]!r}")
    return sorted(found, key=lambda d: d.start), spaced


def masked(text: str) -> str:
    """``text`` with every ``::`` that belongs to a cloze (``{{c1::`` and a hint's ``::``) hidden, the
    length kept: so Obsidian's ``Term::definition`` is never read into a line of clozes.

    >>> masked("The {{c1::sigmoid::f}} squashes::x")
    'The {{c1\ue002\ue002sigmoid\ue002\ue002f}} squashes::x'
    """
    if "{{c" not in text:
        return text
    try:
        deletions, _ = parse(text)
    except ClozeError:
        deletions = []
    chars = list(text)
    spans = [(d.start, d.end) for d in deletions] or [(m.start(), m.end()) for m in _ANKI.finditer(text)]
    for start, end in spans:
        at = text.find("::", start, end)
        while at != -1:
            chars[at] = chars[at + 1] = "\ue002"
            at = text.find("::", at + 2, end)
    return "".join(chars)


def marked(text: str) -> bool:
    """Whether ``text`` may hold a cloze in any syntax (a quick test: ``read`` decides)."""
    return "{" in text and ("{{c" in text or _SHORT.search(text) is not None) or "==" in text


def numbers_shown(html: str) -> tuple[int, ...]:
    """The cloze numbers Anki will find in a rendered field (code's braces are escaped there by then)."""
    try:
        deletions, _ = parse(html, "html")
    except ClozeError:
        return ()
    return tuple(sorted({d.number for d in deletions}))


def is_cloze(text: str) -> bool:
    """Whether ``text`` holds a cloze, read with every syntax on (or cloze syntax that cannot be read,
    which the cards then report): a line of clozes needs no definition."""
    if not marked(text):
        return False
    try:
        return bool(read(text)[1])
    except ClozeError:
        return True


def _short_forms(text: str, markup: str) -> str:
    """``text`` with its short forms written in Anki's syntax (the text itself when it has none)."""
    if "{" not in text and "==" not in text:
        return text
    regions, starts = _regions(text, markup)
    found: list[tuple[int, int, str | None, str, str | None]] = []  # start, end, number, answer, hint
    set_like: list[str] = []
    for match in _SHORT.finditer(text):
        if _region_at(regions, starts, match.start()) is not None:
            continue
        number, answer, hint = _SHORT_PARTS.fullmatch(match.group(1)).groups()  # type: ignore[union-attr]
        if number is None and _SET_LIKE.search(answer):
            set_like.append(match.group(0))
            continue
        found.append((match.start(), match.end(), number, answer, hint))
    highlights = {m.start(): m for m in (*_HIGHLIGHT.finditer(text), *_HIGHLIGHT_MATH.finditer(text))}
    if "==" in text:
        masked_math = list(text)
        for first, end, kind, _ in regions:
            if kind != "code":
                masked_math[first:end] = "x" * (end - first)
        for m in _HIGHLIGHT_MASKED.finditer("".join(masked_math)):
            if not any(h.start() <= m.start() < h.end() or m.start() <= h.start() < m.end()
                       for h in highlights.values()):
                highlights[m.start()] = m
    for start, match in sorted(highlights.items()):
        if _region_at(regions, starts, start) is None:
            found.append((match.start(), match.end(), None, text[match.start(1):match.end(1)], None))
    if not found:
        return text
    if set_like:
        raise ClozeError(f"{set_like[0]!r} reads as braces, not a cloze, while other braces here are clozes: write "
                         f"{{{{c1::…}}}} for each cloze, or \\{{…\\}} for braces that are text")
    found.sort()
    numbered = [f for f in found if f[2] is not None]
    if numbered and len(numbered) != len(found):
        raise ClozeError(f"some clozes here are numbered ({text[numbered[0][0]:numbered[0][1]]!r}) and some are not: "
                         "number all of them, or none")
    out, last = [], 0
    for n, (start, end, number, answer, hint) in enumerate(found, start=1):
        if start < last:
            raise ClozeError(f"clozes overlap at {text[start:end]!r}: write them in Anki's syntax, {{{{c1::…}}}}")
        if not answer.strip():
            raise ClozeError(f"the cloze {text[start:end]!r} is empty: write the answer inside it")
        out.append(text[last:start])
        out.append(f"{{{{c{number or n}::{answer}{'' if hint is None else '::' + hint}}}}}")
        last = end
    out.append(text[last:])
    return "".join(out)


def read(text: str, mode: ClozeMode = ClozeMode.AUTO, markup: str = "markdown") -> tuple[str, tuple[int, ...]]:
    """``text`` in Anki's cloze syntax, math inside clozes made safe, and its cloze numbers (none: no cloze).

    >>> read("The {forget gate} uses a {sigmoid}.")
    ('The {{c1::forget gate}} uses a {{c2::sigmoid}}.', (1, 2))
    >>> read("A set {a, b} and `{x}` in code")
    ('A set {a, b} and `{x}` in code', ())
    >>> read("{{c1::\\\\(\\\\sqrt{x^{2}}\\\\)}}")
    ('{{c1::\\\\(\\\\sqrt{x^{2} }\\\\)}}', (1,))
    """
    if mode == ClozeMode.OFF or ("{" not in text and "==" not in text):
        return text, ()
    if mode == ClozeMode.AUTO and not _ANKI.search(text):
        text = _short_forms(text, markup)
    deletions, spaced = parse(text, markup)
    if not deletions:
        return text, ()
    for pos in reversed(spaced):  # "}}" → "} }", "::" → ": :": TeX does not see the space, Anki does
        text = text[:pos] + text[pos] + " " + text[pos + 1:]
    return text, tuple(sorted({d.number for d in deletions}))


def plain(text: str) -> str:
    """The text with every cloze replaced by its answer, hints dropped: what a cloze note is called.

    >>> plain("The {{c1::forget {{c2::gate}}::a part}} decides")
    'The forget gate decides'
    """
    previous = None
    while previous != text:
        previous = text
        text = _DELETION.sub(lambda m: m.group(2).split("::", 1)[0], text)
    return text


def gaps(numbers: tuple[int, ...], most: int = 5) -> tuple[list[int], int]:
    """The first ``most`` numbers missing below the highest, and how many are missing in all:
    ``(1, 3)`` makes cards 1 and 3, and no card 2.

    >>> gaps((1, 3)), gaps((1, 999))
    (([2], 1), ([2, 3, 4, 5, 6], 997))
    """
    present = sorted(set(numbers))
    top = present[-1] if present else 0
    missing = top - len(present)
    first = []
    for n in range(1, top):
        if len(first) == most:
            break
        if n not in numbers:
            first.append(n)
    return first, missing



def reveal(html: str, number: int, answer: bool) -> str:
    """A cloze field as Anki shows card ``number``: its gaps as ``[...]`` (or the hint) on the
    question, filled in on the answer; the other numbers' clozes as their text. For the preview.

    >>> reveal("{{c1::Paris::city}} is in {{c2::France}}", 1, False)
    '<span class="cloze" data-ordinal="1">[city]</span> is in <span class="cloze-inactive" data-ordinal="2">France</span>'
    """
    def one(match: re.Match[str]) -> str:
        n = int(match.group(1))
        answer_text, _, hint = match.group(2).partition("::")
        if n != number:
            return f'<span class="cloze-inactive" data-ordinal="{n}">{answer_text}</span>'
        shown = answer_text if answer else f"[{hint or '...'}]"
        return f'<span class="cloze" data-ordinal="{n}">{shown}</span>'

    previous = None
    while previous != html:  # the innermost first: a nested cloze is inside its outer one's answer
        previous, html = html, _DELETION.sub(one, html)
    return html
