"""Where math and code are in a Markdown text: what neither Markdown nor cloze syntax may touch.

Pure. One scanner, used by the renderer (math is lifted out before Markdown runs) and by the
cloze reader (a ``}}`` inside math is not the end of a cloze; braces in code are code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Where math_spans has something to look at: every other character only moves it on by one.
_MATH_START = re.compile(r"[`\\$]|(?:^|(?<=\n))~~~")


def math_spans(text: str, code: bool = False) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, kind, body)`` for each math span; kind is ``inline``, ``display`` or ``dollar``.

    ``\\( \\)`` and ``\\[ \\]`` are Anki's own delimiters. ``$…$`` and ``$$…$$`` follow
    pandoc's rules: the opening ``$`` has a non-space on its right, the closing one a
    non-space on its left and no digit after it, so ``$5 and $10`` stays text. ``\\$`` is
    a literal dollar. Code spans and fenced code are left alone, or with ``code`` given as
    spans of the kind ``code`` (their body the code as written, fences and backticks included).

    >>> [s[2:] for s in math_spans(r"\\(a\\) $x_i$ costs $5 and $10 \\$")]
    [('inline', 'a'), ('inline', 'x_i'), ('dollar', '$')]
    """
    i, n = 0, len(text)
    while i < n:
        # Only backticks, backslashes, dollars and fences at a line's start can open anything:
        # jump to the next of them (or stop) instead of stepping through every character.
        found = _MATH_START.search(text, i)
        if found is None:
            return
        i = found.start()
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and text.startswith(("```", "~~~"), i):
            fence = text[i : i + 3]
            close = text.find("\n" + fence, i + 3)
            end = n if close == -1 else close + 4
            if code:
                yield i, end, "code", text[i:end]
            i = end
        elif c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            if close != -1 and code:
                yield i, close + run, "code", text[i : close + run]
            i = i + run if close == -1 else close + run
        elif c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            closer = {"(": "\\)", "[": "\\]"}.get(nxt)
            end = -1 if closer is None else text.find(closer, i + 2)
            if end != -1:
                yield i, end + 2, "inline" if nxt == "(" else "display", text[i + 2 : end]
                i = end + 2
            elif nxt == "$":
                yield i, i + 2, "dollar", "$"
                i += 2
            else:
                i += 2
        elif c == "$":
            span = _dollar_span(text, i)
            if span is None:
                i += 2 if text.startswith("$$", i) else 1
            else:
                yield span
                i = span[1]
        else:
            i += 1


def _dollar_span(text: str, i: int) -> tuple[int, int, str, str] | None:
    n = len(text)
    if text.startswith("$$", i):
        end = text.find("$$", i + 2)
        if end != -1 and text[i + 2 : end].strip():
            return i, end + 2, "display", text[i + 2 : end]
        return None
    if i + 1 >= n or text[i + 1].isspace():
        return None
    j = i + 1
    while (j := text.find("$", j)) != -1:
        if "\n\n" in text[i:j]:
            return None
        if text[j - 1] == "\\":
            j += 1
        elif text[j - 1].isspace() or (j + 1 < n and text[j + 1].isdigit()):
            j += 1
        else:
            return i, j + 1, "inline", text[i + 1 : j]
    return None
