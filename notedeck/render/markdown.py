"""Markdown, math and plain text to the HTML of Anki fields.

Pure. Definitions are Markdown; math is lifted out before Markdown runs (it would eat the
backslashes of ``\\(`` and read ``x_i`` as emphasis) and put back for Anki's MathJax.
Raw HTML is shown as text, links keep only safe schemes, and no field loads anything
remote: a shared deck must not carry someone's ``<script>`` or tracking pixel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ..parse.spans import math_spans

if TYPE_CHECKING:  # Markdown is imported on first use: `--help` must stay instant.
    import markdown

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: Markdown leaves them alone
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_SAFE_URL = re.compile(r"(?:https?:|mailto:)", re.IGNORECASE)
_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.IGNORECASE)  # any scheme, or a scheme-relative URL
# MathJax commands that link, load extensions or write HTML attributes: in a shared deck
# they could run script or fetch something, so they are shown as text instead.
_ACTING_TEX = re.compile(r"\\(?=(?:href|url|require|class|style|cssId|html[A-Za-z]*|data|mmlToken|bbox)(?![A-Za-z]))")


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


class Renderer:
    """Python-Markdown set up for notes: made once a build (or once a worker) and passed to what renders.

    It owns its Markdown instance (reset before each definition) and holds the resolver of a
    definition's local images only while it renders that definition.
    """

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._images: Callable[[str], str | None] | None = None

    def definition(self, text: str, images: Callable[[str], str | None] | None = None) -> str:
        """Markdown to HTML, math and safety included.

        ``images`` turns a local image's path into the media file name it is packaged as, or None
        for an image that cannot be used (the card shows its alt text); without it, images are
        shown as their text.

        >>> Renderer().definition(r"**Sum** \\(\\sum_i x_i\\) <script>")
        '<p><strong>Sum</strong> \\\\(\\\\sum_i x_i\\\\) &lt;script&gt;</p>'
        """
        if text and not _NEEDS_MARKDOWN.search(text):
            return f"<p>{escape(text, quote=False)}</p>"  # plain text: Markdown would make just this
        return self.markdown(text, images)

    def markdown(self, text: str, images: Callable[[str], str | None] | None = None) -> str:
        """The slow path: every definition could take it; plain ones need not."""
        lifted, saved = _lift_math(text)
        if self._md is None:
            self._md = _make_markdown(self)
        self._md.reset()
        self._images = images
        try:
            html = self._md.convert(_loosen_lists(nest_lists(lifted)))
        finally:
            self._images = None
        if '<code class="language-' in html:
            html = _FENCED.sub(_highlighted, html)
        return _put_back(html, saved)

    def term(self, text: str, images: Callable[[str], str | None] | None = None) -> str:
        """A term: its inline Markdown (bold, code, links, local images) rendered like a definition's, in no
        paragraph.

        >>> Renderer().term("**Epoch** and `fit()`")
        '<strong>Epoch</strong> and <code>fit()</code>'
        >>> Renderer().term("The *sigmoid* [see](#logistic)")
        'The <em>sigmoid</em> <span>see</span>'
        """
        if not _INLINE_MARKUP.search(text):
            return render_inline(text)
        html = self.markdown(text.replace("\n", " "), images)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return render_inline(text)  # it read as a block (a heading, a list): the text as written

    def resolve(self, src: str) -> str | None:
        """The media file name of a local image of the definition being rendered, if it can be used."""
        return self._images(src) if self._images is not None else None


def render_definition(text: str) -> str:
    """A definition's HTML, rendered by a renderer of its own (a build makes one ``Renderer`` and keeps it).

    >>> render_definition("steps:\\n- one\\n- two")
    '<p>steps:</p>\\n<ul>\\n<li>one</li>\\n<li>two</li>\\n</ul>'
    """
    return Renderer().definition(text)


def _make_markdown(renderer: Renderer) -> markdown.Markdown:
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class Sanitise(Treeprocessor):
        """Keep links to the web and mail only; local images through the renderer's resolver, others as text."""

        def run(self, root):  # type: ignore[no-untyped-def]
            for el in root.iter():
                if el.tag == "a" and not _SAFE_URL.match(el.get("href", "").strip()):
                    # An in-page anchor ([see](#term)), a relative or an unsafe link: plain text, never dead.
                    el.attrib.clear()
                    el.tag = "span"
                elif el.tag == "img":
                    src, alt = el.get("src", "").strip(), el.get("alt", "")
                    el.attrib.clear()
                    name = None if _REMOTE.match(src) else renderer.resolve(src)  # nothing remote is ever loaded
                    if name is None:
                        el.tag, el.text = "span", alt or "image"
                        el.set("class", "image-alt")
                    else:
                        el.set("class", "note-image")
                        el.set("src", name)
                        el.set("alt", alt)

    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    # Instances, not names: a name is looked up among every installed package's entry points. Tables are
    # GitHub's pipe tables; a column's alignment is an align attribute, never a style.
    md = markdown.Markdown(extensions=[FencedCodeExtension(), SaneListExtension(),
                                       TableExtension(use_align_attribute=True)], output_format="html")
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


_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])( +|$)")
_FENCE = re.compile(r" *(```|~~~)")


def nest_lists(text: str) -> str:
    """Re-indent nested lists the way GitHub and Obsidian read them into Python-Markdown's 4 spaces.

    CommonMark nests an item under another when it is indented at least to the other's text
    (2 spaces under ``- ``, 3 under ``1. ``); Python-Markdown only at 4. Each item's depth is
    found by the CommonMark rule and written back at 4 spaces a level, and the lines that
    continue an item move with it. Text already indented by 4 comes out as it went in.

    >>> print(nest_lists("- a\\n  - b\\n    - c\\n- d"))
    - a
        - b
            - c
    - d
    """
    if "\n " not in text and "\n\t" not in text and not text.startswith((" ", "\t")):
        return text  # nothing is indented: nothing nests
    out: list[str] = []
    stack: list[tuple[int, int, int]] = []  # open items: (indent of the marker, of the text, depth)
    fenced = False
    for line in text.split("\n"):
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        if not stack:
            fenced = fenced != bool(_FENCE.match(expanded))
            item = None if fenced else _ITEM.match(expanded)
            if item is None or indent > 3:
                out.append(line)
                continue
        if not expanded.strip():
            out.append(line)
            continue
        item = None if fenced else _ITEM.match(expanded)
        if _FENCE.match(expanded):
            fenced = not fenced
        while stack and indent < stack[-1][1] and not (item is None and out and out[-1].strip()
                                                       and not _FENCE.match(expanded) and indent == 0):
            stack.pop()
        if item is not None and not fenced:
            depth = stack[-1][2] + 1 if stack else 0
            marker = item.group(2)
            width = len(marker) + max(1, len(item.group(3)))
            stack.append((indent, indent + width, depth))
            out.append("    " * depth + marker + " " + expanded[item.end():])
            continue
        if not stack:
            out.append(line)
            continue
        marker_indent, text_indent, depth = stack[-1]
        if indent >= text_indent:  # more of the item: keep what is indented beyond its text
            # Written the Python-Markdown way (4 spaces past the marker), it is measured from there.
            base = marker_indent + 4 if indent >= marker_indent + 4 else text_indent
            out.append("    " * (depth + 1) + expanded[base:])
        else:  # a lazy continuation line of the item's paragraph
            out.append(line)
    return "\n".join(out)


# What Markdown (or the math lifting) could read as more than text, in a one-line definition.
# Whatever matches goes the slow way; what does not is one paragraph of escaped text, exactly
# as Markdown would render it (tests/render/test_markdown_fast_path.py compares the two).
_NEEDS_MARKDOWN = re.compile(
    r"[\\`*_\[\]$\x00-\x1f\x7f\ue000\ue001]"  # inline markup, escapes, math, code, controls, placeholders
    r"|[^\S ]"  # any whitespace but a space: newlines, tabs, Unicode line separators
    r"|&[#\w]"  # something that may be an entity, which Markdown keeps as it is
    r"|<(?! )"  # autolinks and tags (shown as text, but a "<" is only plain before a space)
    r"|^[-+*#>=|:~\s]|^\d+[.)]"  # block syntax: lists, headings, quotes, rules, fences, code
    r"|\s$"  # trailing spaces: a line break
)


# Fenced code with a language, as Python-Markdown's fenced_code writes it.
_FENCED = re.compile(r'<pre><code class="language-([\w+#.-]+)">(.*?)</code></pre>', re.DOTALL)


def _highlighted(match: re.Match[str]) -> str:
    """A fenced block coloured by Pygments (class names only; the note type's CSS colours them)."""
    from html import unescape

    from .highlight import highlight

    language, code = match.group(1), match.group(2)
    if language.lower() == "layers":  # a layers block is the card's diagram (notedeck.render.diagrams.layers), not code
        return ""
    coloured = highlight(unescape(code), language)
    if coloured is None:  # a language Pygments does not know: plain, as written
        return match.group(0)
    return f'<pre class="nd-code"><code class="language-{language}">{coloured}</code></pre>'


_INLINE_MARKUP = re.compile(r"[*_`\[\]]")


def render_text(text: str) -> str:
    """A table's cell as Anki imports a field without HTML: escaped, its line breaks kept.

    >>> render_text("a < b\\nsecond line")
    '<p>a &lt; b<br>second line</p>'
    """
    return "<p>" + render_inline(text).replace("\n", "<br>") + "</p>"


def render_html(text: str) -> str:
    """A field from a file declared ``#html:true``: its structure kept, every attribute and all else dropped.

    Paragraphs, lists, line breaks, code and emphasis stay, as bare tags (no attribute, so no
    handler, style or URL can come along); scripts and styles go; any other tag leaves only
    its text; the text is escaped again, with its math kept for MathJax.

    >>> render_html('one<br>two <b onclick="x()">bold</b><script>alert(1)</script> &amp; <div>three</div>')
    '<p>one<br>two <b>bold</b> &amp; <br>three</p>'
    >>> render_html('<ul><li class="x">a</li><li><a href="javascript:x">b</a></li></ul>')
    '<ul><li>a</li><li>b</li></ul>'
    """
    from html.parser import HTMLParser

    out: list[str] = []
    text_parts: list[str] = []
    skipping: list[str] = []

    def flush() -> None:
        if text_parts:
            out.append(render_inline("".join(text_parts)))
            text_parts.clear()

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("script", "style"):
                skipping.append(tag)
            elif skipping:
                return
            elif tag == "br":
                flush()
                out.append("<br>")
            elif tag in ("div", "tr"):
                flush()
                if out and (not out[-1].startswith("<") or out[-1] in _INLINE_CLOSE):  # after text: a new line
                    out.append("<br>")
            elif tag in _KEPT_TAGS:
                flush()
                out.append(f"<{tag}>")

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            self.handle_starttag(tag, attrs)

        def handle_endtag(self, tag: str) -> None:
            if skipping:
                if tag == skipping[-1]:
                    skipping.pop()
                return
            if tag in _KEPT_TAGS:
                flush()
                out.append(f"</{tag}>")

        def handle_data(self, data: str) -> None:
            if not skipping:
                text_parts.append(data.replace("\n", " "))

    reader = Reader(convert_charrefs=True)
    reader.feed(text)
    reader.close()
    flush()
    while out and out[-1] == "<br>":
        out.pop()
    while out and out[0] == "<br>":
        out.pop(0)
    html = "".join(out)
    return html if _BLOCK_START.match(html) else f"<p>{html}</p>"


_INLINE = ("b", "i", "u", "strong", "em", "sub", "sup", "code")
_KEPT_TAGS = frozenset((*_INLINE, "p", "ul", "ol", "li", "pre", "blockquote"))
_INLINE_CLOSE = frozenset(f"</{t}>" for t in _INLINE)
_BLOCK_START = re.compile(r"<(?:p|ul|ol|pre|blockquote)>")


def unwrapped(html: str) -> str:
    """A one-paragraph field without its paragraph (a term sits in the template's own element)."""
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


