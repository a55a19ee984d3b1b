"""Render cards to the HTML of their Anki fields.

Pure. Definitions are Markdown; math is lifted out before Markdown runs (it would eat the
backslashes of ``\\(`` and read ``x_i`` as emphasis) and put back for Anki's MathJax.
Raw HTML is shown as text, links keep only safe schemes, and no field loads anything
remote: a shared deck must not carry someone's ``<script>`` or tracking pixel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING

from .cards import Card

if TYPE_CHECKING:  # Markdown is imported on first use: `--help` must stay instant.
    import markdown

    from .diagrams import Diagram

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: Markdown leaves them alone
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_SAFE_URL = re.compile(r"(?:https?:|mailto:)", re.IGNORECASE)
_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.IGNORECASE)  # any scheme, or a scheme-relative URL
# Where math_spans has something to look at: every other character only moves it on by one.
_MATH_START = re.compile(r"[`\\$]|(?:^|(?<=\n))~~~")


def math_spans(text: str) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, kind, body)`` for each math span; kind is ``inline``, ``display`` or ``dollar``.

    ``\\( \\)`` and ``\\[ \\]`` are Anki's own delimiters. ``$…$`` and ``$$…$$`` follow
    pandoc's rules: the opening ``$`` has a non-space on its right, the closing one a
    non-space on its left and no digit after it, so ``$5 and $10`` stays text. ``\\$`` is
    a literal dollar. Code spans and fenced code are left alone.

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
            i = n if close == -1 else close + 4
        elif c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
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


# MathJax commands that link, load extensions or write HTML attributes: in a shared deck
# they could run script or fetch something, so they are shown as text instead.
_ACTING_TEX = re.compile(r"\\(?=(?:href|url|require|class|style|cssId|html[A-Za-z]*|data|mmlToken)(?![A-Za-z]))")


def _math_html(kind: str, body: str) -> str:
    if kind == "dollar":
        return "$"
    opener, closer = ("\\(", "\\)") if kind == "inline" else ("\\[", "\\]")
    return opener + escape(_ACTING_TEX.sub(r"\\backslash{}", body), quote=False) + closer


def _lift_math(text: str) -> tuple[str, list[str]]:
    """Replace math with placeholders; return the text and the HTML each stands for."""
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    pieces: list[str] = []
    saved: list[str] = []
    last = 0
    for start, end, kind, body in math_spans(text):
        pieces.append(text[last:start])
        pieces.append(f"{_OPEN}{len(saved)}{_CLOSE}")
        saved.append(_math_html(kind, body))
        last = end
    pieces.append(text[last:])
    return "".join(pieces), saved


def _put_back(html: str, saved: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda m: saved[int(m.group(1))], html) if saved else html


def render_inline(text: str) -> str:
    """Plain text with its math kept for MathJax, escaped for HTML (for terms).

    >>> render_inline("Sigmoid $\\\\sigma(x)$ <b>")
    'Sigmoid \\\\(\\\\sigma(x)\\\\) &lt;b&gt;'
    """
    if "$" not in text and "\\" not in text:  # no math can start: nothing to lift
        return escape(text.replace(_OPEN, "").replace(_CLOSE, ""), quote=False)
    lifted, saved = _lift_math(text)
    return _put_back(escape(lifted, quote=False), saved)


_MARKDOWN: markdown.Markdown | None = None


def _markdown() -> markdown.Markdown:
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _make_markdown()
    return _MARKDOWN


def _make_markdown() -> markdown.Markdown:
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class Sanitise(Treeprocessor):
        """Keep links to the web and mail only; local images through the resolver, others as text."""

        def run(self, root):  # type: ignore[no-untyped-def]
            for el in root.iter():
                if el.tag == "a" and not _SAFE_URL.match(el.get("href", "").strip()):
                    el.attrib.pop("href", None)
                elif el.tag == "img":
                    src, alt = el.get("src", "").strip(), el.get("alt", "")
                    el.attrib.clear()
                    if _images is None or _REMOTE.match(src):
                        el.tag, el.text = "span", alt or "image"  # nothing remote is ever loaded
                        el.set("class", "image-alt")
                    else:
                        el.set("class", "note-image")
                        el.set("src", _images(src))
                        el.set("alt", alt)

    md = markdown.Markdown(extensions=["fenced_code", "sane_lists"], output_format="html")
    # Raw HTML in notes is text, never markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(Sanitise(md), "notedeck_sanitise", 0)
    return md


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def _loosen_lists(text: str) -> str:
    """Let a list follow its introducing line directly, as people write it in notes."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and _LIST_ITEM.match(line) and not _LIST_ITEM.match(out[-1]) \
                and not out[-1].startswith((" ", "\t")):
            out.append("")
        out.append(line)
    return "\n".join(out)


# What Markdown (or the math lifting) could read as more than text, in a one-line definition.
# Whatever matches goes the slow way; what does not is one paragraph of escaped text, exactly
# as Markdown would render it (tests/test_fast_path.py compares the two).
_NEEDS_MARKDOWN = re.compile(
    r"[\\`*_\[\]$\x00-\x1f\x7f\ue000\ue001]"  # inline markup, escapes, math, code, controls, placeholders
    r"|[^\S ]"  # any whitespace but a space: newlines, tabs, Unicode line separators
    r"|&[#\w]"  # something that may be an entity, which Markdown keeps as it is
    r"|<(?! )"  # autolinks and tags (shown as text, but a "<" is only plain before a space)
    r"|^[-+*#>=|:~\s]|^\d+[.)]"  # block syntax: lists, headings, quotes, rules, fences, code
    r"|\s$"  # trailing spaces: a line break
)


class ImageError(ValueError):
    """An image a definition refers to that cannot be used; the message says why."""


# The resolver of the definition being rendered: Markdown's tree processor reads it.
_images: Callable[[str], str] | None = None


def render_definition(text: str, images: Callable[[str], str] | None = None) -> str:
    """Markdown to HTML, math and safety included.

    ``images`` turns a local image's path into the media file name it is packaged as (or
    raises ImageError); without it, images are shown as their text.

    >>> render_definition(r"**Sum** \\(\\sum_i x_i\\) <script>")
    '<p><strong>Sum</strong> \\\\(\\\\sum_i x_i\\\\) &lt;script&gt;</p>'
    """
    if text and not _NEEDS_MARKDOWN.search(text):
        return f"<p>{escape(text, quote=False)}</p>"  # plain text: Markdown would make just this
    return _render_markdown(text, images)


def _render_markdown(text: str, images: Callable[[str], str] | None = None) -> str:
    """The slow path: every definition could take it; plain ones need not."""
    global _images
    lifted, saved = _lift_math(text)
    md = _markdown()
    md.reset()
    _images = images
    try:
        return _put_back(md.convert(_loosen_lists(lifted)), saved)
    finally:
        _images = None


def diagram_html(diagrams: Sequence[Diagram]) -> str:
    """``<img>`` tags for the card's diagrams, each with a meaningful ``alt``."""
    return "".join(
        f'<img class="diagram" src="{escape(d.filename)}" alt="{escape(d.alt)}">' for d in diagrams
    )


def fields(card: Card, diagrams: Sequence[Diagram] = (), images: Callable[[str], str] | None = None
           ) -> dict[str, str]:
    """The card's Anki fields by name (the note type decides their order)."""
    return {
        "Term": render_inline(card.name),
        # Every text field reaches MathJax on the card, so each gets the term's math handling.
        "Alias": render_inline(card.alias or ""),
        "Definition": render_definition(card.definition, images),
        "Context": render_inline(card.context),
        "Diagram": diagram_html(diagrams),
        "Extra": "",
        "Source": render_inline(card.where),
        "Reverse": "y" if card.reverse else "",
    }
