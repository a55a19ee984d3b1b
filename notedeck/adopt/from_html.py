"""Anki's field HTML → the notes' Markdown, or the HTML a note may keep (``[html]``), with what each loses.

Pure. A field is parsed once into a small tree and written two ways:

- **Markdown** (what notes are written in): bold and italics, lists, links to the web and mail,
  code, fenced code blocks, headings, quotes, simple tables, local images (``![](media/x.png)``);
  MathJax (``\\( … \\)``, ``\\[ … \\]``) kept as written; a line break becomes a paragraph break;
  every character Markdown or notedeck would read as markup escaped, so the card shows the text.
- **HTML** as notedeck reads a note marked ``[html]`` (``render.markdown.render_html``): bold,
  italics, underline, subscript, superscript, code, lists, paragraphs and line breaks, bare.

Each writing says what it could not keep (``lost``): a note is written in Markdown when that keeps
everything, else in HTML when that does, else in Markdown with the losses reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import quote

# What a converted field may lose, as the report names it.
STYLE = "colours, fonts and styles"
UNDERLINE = "underline"
SUBSCRIPT = "subscripts and superscripts"
STRIKE = "strikethrough and highlight"
LINE_BREAK = "line breaks, lists and blocks inside a line (a term, a cloze text, a list item, a table cell)"
LINK = "links (other than to the web and mail)"
IMAGE = "images (remote, missing, or of a kind notedeck does not take)"
IMAGE_SIZE = "image sizes"
TABLE = "table layout"
HEADING = "headings"
RULE = "horizontal rules"
MEDIA = "sounds and videos (kept as [sound:…] text)"
BACKSLASH_DOLLAR = "dollar signs after a backslash or between backticks, in a note kept as HTML"
TERM_SYNTAX = "terms that begin like a heading or a list item, or hold Anki's cloze syntax (written escaped)"
EMBEDDED = "embedded content and scripts"
CODE_LAYOUT = "layout inside code"

_VOID = frozenset({"br", "img", "hr", "input", "meta", "wbr", "col", "area", "source", "link", "base", "embed",
                   "param", "track"})
_BLOCKS = frozenset({"div", "p", "section", "article", "header", "footer", "main", "aside", "nav", "center",
                     "address", "figure", "figcaption", "ul", "ol", "li", "pre", "blockquote", "h1", "h2", "h3",
                     "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr", "dl", "dt", "dd",
                     "details", "summary"})
_DROPPED = frozenset({"script", "style", "head", "title", "iframe", "object", "embed", "video", "audio", "canvas",
                      "svg", "math", "noscript", "template", "form", "input", "button", "select", "textarea"})
_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.DOTALL)
_OPEN, _CLOSE = "\ue010", "\ue011"  # private-use characters around a math placeholder's number
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_PRIVATE = re.compile("[\ue000-\uf8ff]")  # notedeck's renderer drops some of these: never let one through
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
_TAG = re.compile(r"<[^>]*>")
_SAFE_LINK = re.compile(r"(?:https?:|mailto:)", re.IGNORECASE)
_CLOZE_START = re.compile(r"\{\{(?=c\d+::)")
_SOUND = re.compile(r"\[sound:[^\]]*\]")


@dataclass
class Node:
    """An element of a field, or the field itself (tag "")."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        if tag in ("p", "li", "dt", "dd", "tr", "td", "th") and self.stack[-1].tag == tag:
            self.stack.pop()  # an unclosed <p>, <li>… ends where the next one starts
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> tuple[Node, list[str]]:
    """The field's tree, and the MathJax it holds (as written, entities read), which the tree carries as
    placeholders: Markdown and HTML must leave it as it is."""
    maths: list[str] = []

    def lift(match: re.Match[str]) -> str:
        body = match.group(1) if match.group(1) is not None else match.group(2)
        opener, closer = ("\\(", "\\)") if match.group(1) is not None else ("\\[", "\\]")
        maths.append(opener + unescape(_TAG.sub(" ", body)) + closer)
        return f"{_OPEN}{len(maths) - 1}{_CLOSE}"

    builder = _TreeBuilder()
    # "<![" is a marked section to Python's parser, which gives up on one it cannot read: it is text here.
    builder.feed(_MATH.sub(lift, _PRIVATE.sub("", html.replace("\x00", "").replace("<![", "&lt;!["))))
    builder.close()
    _merge(builder.root)
    return builder.root, maths


_SAME = {"strong": "b", "em": "i"}


def _merge(node: Node) -> None:
    """Runs of the same emphasis side by side made one (``<i>a</i><i>b</i>``: Markdown cannot write ``*a**b*``)."""
    merged: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node):
            _merge(child)
            last = merged[-1] if merged else None
            if isinstance(last, Node) and child.tag in ("b", "strong", "i", "em", "code") and not child.attrs and \
                    not last.attrs and _SAME.get(last.tag, last.tag) == _SAME.get(child.tag, child.tag):
                last.children.extend(child.children)
                continue
        merged.append(child)
    node.children = merged


def plain_text(html: str) -> str:
    """What a field says, its markup and spacing aside: the text a round trip must keep.

    >>> plain_text("<div><b>ATP</b>&nbsp;is</div><div>the <i>energy</i> currency</div>")
    'ATP is the energy currency'
    """
    tree, maths = parse(html)

    def said(node: Node) -> str:
        parts = []
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in _DROPPED:
                spaced = child.tag == "br" or child.tag in _BLOCKS
                parts.append(f" {said(child)} " if spaced else said(child))
        return "".join(parts)

    text = _PLACEHOLDER.sub(lambda m: maths[int(m.group(1))], said(tree))
    return _SPACES.sub(" ", text).strip()


# ---- Markdown


def _escape(text: str, cloze: bool) -> str:
    """Text as Markdown that shows it as it is (spaces already collapsed)."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*_$])", r"\\\1", text)
    # A bracket is a link, an image or a reference only before one of these ("\[" would be display math).
    text = re.sub(r"\](?=\s*[\[(]|:)", r"\\]", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)  # never a tag or an autolink
    if not cloze:  # a note that is no cloze note: Anki's cloze syntax in it is text
        text = _CLOZE_START.sub(r"\\{\\{", text)
    return text


_RULE_LIKE = re.compile(r"([^\w\s])(\s*\1){2,}\s*")
_ESCAPABLE = "\\`*_{}[]()#+-.!"
_LIST_START = re.compile(r"([-+*])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)")


def _block_start(line: str) -> str:
    """A paragraph's first characters escaped where Markdown would read a heading, quote, list or rule."""
    if line.startswith("[") and re.match(r"\[[^\]]*\\\]:", line):  # a link reference's definition
        return "&#91;" + line[1:]
    if line.startswith(("#", ">")):
        return "\\" + line
    if _RULE_LIKE.fullmatch(line):  # a rule to Markdown, or a line of punctuation to the plain format
        if line.startswith("\\\\"):  # an escaped backslash already: its pair becomes the entity
            return "&#92;" + line[2:]
        return ("\\" + line) if line[0] in _ESCAPABLE else f"&#{ord(line[0])};{line[1:]}"
    if line.startswith((": ", ":\t")):  # a definition list to the plain format
        return "&#58;" + line[1:]
    if line.startswith("~~~"):
        return "&#126;" + line[1:]
    match = _LIST_START.match(line)
    if match is not None:
        if match.group(1):
            return "\\" + line
        return match.group(2) + "\\" + match.group(3) + line[match.end():]
    return line


def _wrap(content: str, mark: str) -> str:
    core = content.strip()
    if not core:
        return content
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _style(node: Node) -> dict[str, str]:
    found = {}
    for part in node.attrs.get("style", "").split(";"):
        name, _, value = part.partition(":")
        if name.strip():
            found[name.strip().lower()] = value.strip().lower()
    return found


def _styled(node: Node) -> tuple[bool, bool, bool]:
    """Whether an element's own attributes make its text bold, italic, or otherwise styled (a colour, a
    font, a class of the note type's CSS)."""
    style = _style(node)
    bold = style.get("font-weight", "") in ("bold", "bolder", "600", "700", "800", "900")
    italic = style.get("font-style", "") in ("italic", "oblique")
    visible = {"color", "background", "background-color", "font-size", "font-family", "text-decoration",
               "text-align", "font-variant"}
    other = bool(visible & set(style)) or bool(node.attrs.get("class")) or \
        (node.tag == "font" and any(k in node.attrs for k in ("color", "face", "size")))
    return bold, italic, other


Media = Callable[[str], "str | None"]  # an image's src → its path from the notes file, or None when unusable


class _Markdown:
    """One field written as Markdown."""

    def __init__(self, maths: list[str], media: Media, cloze: bool, escaping: bool = True) -> None:
        self.maths = maths
        self.media = media
        self.cloze = cloze
        self.escaping = escaping  # False: the text as it reads (a term renderer.term shows as text)
        self.lost: set[str] = set()
        self.structured = False  # a list, a table, a heading… was written

    def text(self, data: str) -> str:
        if _SOUND.search(data):
            self.lost.add(MEDIA)
        data = _SPACES.sub(" ", data)
        return _escape(data, self.cloze) if self.escaping else data

    def blocks(self, nodes: list[Node | str]) -> list[str]:
        out: list[str] = []
        line: list[Run] = []

        def flush() -> None:
            text = _SPACES.sub(" ", _emphasis(line)).strip()
            if text:
                out.append(_block_start(text) if self.escaping else text)
            line.clear()

        for node in nodes:
            if isinstance(node, str):
                line.append((self.text(node), frozenset()))
            elif node.tag == "br":
                flush()
            elif node.tag in _BLOCKS:
                flush()
                out.extend(self.block(node))
            elif node.tag in _DROPPED:
                self.lost.add(EMBEDDED)
            else:
                line.extend(self.runs([node]))
        flush()
        return out

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if tag in ("ul", "ol", "pre", "table", "hr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.structured = True  # what one line cannot hold
        if _styled(node)[2]:
            self.lost.add(STYLE)
        if tag in ("ul", "ol"):
            written = self.list(node)
            return [written] if written else []
        if tag == "pre":
            return [self.code_block(node)]
        if tag == "table":
            return self.table(node)
        if tag == "hr":
            return ["---"]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline_text(node.children)
            return ["#" * int(tag[1]) + " " + text] if text else []
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))] if inner else []
        return self.blocks(node.children)  # div, p, li outside a list, td outside a table…

    def inline_text(self, nodes: list[Node | str]) -> str:
        """Nodes on one line: block boundaries and line breaks become spaces (and are counted lost)."""
        return _SPACES.sub(" ", _emphasis(self.runs(nodes))).strip()

    def runs(self, nodes: list[Node | str], flags: frozenset[str] = frozenset()) -> list[Run]:
        """Inline nodes as pieces of Markdown, each with the emphasis it stands in (``b``, ``i``)."""
        out: list[Run] = []
        for node in nodes:
            if isinstance(node, str):
                out.append((self.text(node), flags))
                continue
            tag = node.tag
            if tag == "br":
                self.lost.add(LINE_BREAK)
                out.append((" ", flags))
            elif tag in _DROPPED:
                self.lost.add(EMBEDDED)
            elif tag == "img":
                out.append((self.image(node), flags))
            elif tag in ("code", "kbd", "samp", "tt"):
                out.append((_CODE + _text_of(node, self.maths), flags))  # made a code span by _emphasis
            elif tag == "a":
                out.append((self.link(node), flags))
            else:
                bold, italic, other = _styled(node)
                if other:
                    self.lost.add(STYLE)
                if tag in ("u", "ins"):
                    self.lost.add(UNDERLINE)
                elif tag in ("sub", "sup"):
                    self.lost.add(SUBSCRIPT)
                elif tag in ("s", "strike", "del", "mark"):
                    self.lost.add(STRIKE)
                elif tag in _BLOCKS:
                    self.lost.add(LINE_BREAK)
                    out.append((" ", flags))
                inner = flags | ({"b"} if tag in ("b", "strong") or bold else set()) | \
                    ({"i"} if tag in ("i", "em", "cite", "dfn", "var") or italic else set())
                out.extend(self.runs(node.children, frozenset(inner)))
                if tag in _BLOCKS:
                    out.append((" ", flags))
        return out

    def link(self, node: Node) -> str:
        href = node.attrs.get("href", "").strip()
        content = _SPACES.sub(" ", _emphasis(self.runs(node.children))).strip()
        if not _SAFE_LINK.match(href):
            if href:
                self.lost.add(LINK)
            return content
        target = quote(href, safe=":/?#@!$&'*+,;=%~-._")
        return f"[{content or _escape(href, self.cloze)}]({target})"

    def image(self, node: Node) -> str:
        src = node.attrs.get("src", "").strip()
        alt = _escape(_SPACES.sub(" ", node.attrs.get("alt", "")).strip(), self.cloze)
        path = self.media(src) if src else None
        if path is None:
            self.lost.add(IMAGE)
            return alt
        if any(k in node.attrs for k in ("width", "height")) or {"width", "height"} & set(_style(node)):
            self.lost.add(IMAGE_SIZE)
        return f"![{alt}]({path})"

    def code_block(self, node: Node) -> str:
        code = _text_of(node, self.maths, keep_lines=True).expandtabs(4).strip("\n")
        if "\t" in _text_of(node, self.maths, keep_lines=True):
            self.lost.add(CODE_LAYOUT)
        language = ""
        inner = [c for c in node.children if isinstance(c, Node)]
        if len(inner) == 1 and inner[0].tag == "code":
            found = re.search(r"(?:^|\s)language-([\w+#.-]+)", inner[0].attrs.get("class", ""))
            language = found.group(1) if found else ""
        fence = "```"
        while fence in code:
            fence += "`"
        lines = [line.rstrip() for line in code.split("\n")]
        if any(line != raw for line, raw in zip(lines, code.split("\n"))):
            self.lost.add(CODE_LAYOUT)
        return "\n".join([fence + language, *lines, fence])

    def list(self, node: Node) -> str:
        ordered = node.tag == "ol"
        try:
            number = int(node.attrs.get("start", "1"))
        except ValueError:
            number = 1
        lines: list[str] = []
        for item in (c for c in node.children if isinstance(c, Node) and c.tag == "li"):
            marker = f"{number}. " if ordered else "- "
            number += 1
            words: list[Run] = []
            nested: list[str] = []
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    if written := self.list(child):
                        nested.append(written)
                elif isinstance(child, Node) and child.tag in _BLOCKS:
                    if _emphasis(words).strip() or _has_block(child):
                        self.lost.add(LINE_BREAK)
                    words.append((" " + " ".join(self.blocks([child])).replace("\n", " ") + " ", frozenset()))
                elif isinstance(child, Node) and child.tag == "br":
                    if child is not item.children[-1]:
                        self.lost.add(LINE_BREAK)
                    words.append((" ", frozenset()))
                else:
                    words.extend(self.runs([child]))
                    if nested and _emphasis(words[-1:]).strip():  # after its own list: written before it
                        self.lost.add(LINE_BREAK)
            said = _SPACES.sub(" ", _emphasis(words)).strip()
            if not said:  # an empty item: Markdown would show its bullet as text; its own list takes its place
                number -= 1
                if nested:
                    self.lost.add(LINE_BREAK)
                lines.extend(line for block in nested for line in block.split("\n"))
                continue
            if self.escaping:  # "- --" would be a rule, "- - a" a list in a list
                said = "\\" + said if said[:1] in "-_+" else _block_start(said)
            lines.append((marker + said).rstrip())
            lines.extend(" " * len(marker) + sub if sub else "" for block in nested for sub in block.split("\n"))
        return "\n".join(lines)

    def table(self, node: Node) -> list[str]:
        rows = _rows(node)
        if not rows:
            return []
        spans = any(c.attrs.get(a, "1").strip() not in ("", "1") for r in rows for c in r for a in ("colspan", "rowspan"))
        blocky = any(isinstance(n, Node) and _has_block(n) for r in rows for c in r for n in c.children)
        if spans or blocky:
            self.lost.add(TABLE)
            return [self.inline_text(list(cell.children)) for row in rows for cell in row if cell.children]
        width = max(len(r) for r in rows)
        cells = [[self.inline_text(cell.children).replace("|", "\\|") for cell in row] + [""] * (width - len(row))
                 for row in rows]
        if any(cell.tag != "th" for cell in rows[0]):
            self.lost.add(TABLE)  # Markdown's tables have a header row: the first row becomes one
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "|" + "|".join(" --- " for _ in range(width)) + "|")
        return ["\n".join(lines)]


Run = tuple[str, frozenset[str]]  # a piece of Markdown and the emphasis it stands in
_CODE = "\x00"  # a run that is code, before it is written as a code span
_MARKS = (("b", "**"), ("i", "*"))


def _emphasis(runs: list[Run]) -> str:
    """The pieces joined, each emphasis opened where it starts and closed where it ends: neighbours with the
    same emphasis share one pair of marks (``*a**b*`` would read otherwise), and the marks hug the text
    (spaces go outside them, where Markdown wants them).

    >>> _emphasis([("a", frozenset("i")), ("b", frozenset("i")), (" c ", frozenset("bi")), ("d", frozenset())])
    '*ab **c*** d'
    """
    merged: list[Run] = []
    for text, flags in runs:  # code side by side is one code span (`a``b` would read otherwise)
        if text.startswith(_CODE) and merged and merged[-1][0].startswith(_CODE) and merged[-1][1] == flags:
            merged[-1] = (merged[-1][0] + text[1:], flags)
        else:
            merged.append((text, flags))
    runs = [(_code_span(text[1:]) if text.startswith(_CODE) else text, flags) for text, flags in merged]
    out: list[str] = []
    stack: list[str] = []  # open emphasis, outermost first

    def close(keep: int) -> None:
        text = "".join(out)
        body = text.rstrip()
        out[:] = [body, *(dict(_MARKS)[f] for f in reversed(stack[keep:])), text[len(body):]]
        del stack[keep:]

    for text, flags in runs:
        if not text.strip():  # spaces change no emphasis
            out.append(text)
            continue
        keep = 0
        while keep < len(stack) and stack[keep] in flags:
            keep += 1
        if keep < len(stack):
            close(keep)
        lead = text[: len(text) - len(text.lstrip())]
        out.append(lead)
        for flag, mark in _MARKS:
            if flag in flags and flag not in stack:
                stack.append(flag)
                out.append(mark)
        out.append(text.lstrip())
    if stack:
        close(0)
    return "".join(out)


def _has_block(node: Node) -> bool:
    return node.tag in ("ul", "ol", "pre", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr") or \
        any(isinstance(c, Node) and _has_block(c) for c in node.children)


def _rows(table: Node) -> list[list[Node]]:
    rows: list[list[Node]] = []
    for child in table.children:
        if not isinstance(child, Node):
            continue
        if child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
        elif child.tag == "tr":
            rows.append([c for c in child.children if isinstance(c, Node) and c.tag in ("td", "th")])
    return [r for r in rows if r]


def _text_of(node: Node, maths: list[str], keep_lines: bool = False) -> str:
    """An element's text, its tags dropped (a ``<br>`` or a block a new line, with ``keep_lines``)."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child if keep_lines else _SPACES.sub(" ", child))
        elif child.tag == "br" or child.tag in _BLOCKS:
            parts.append("\n" if keep_lines else " ")
            parts.append(_text_of(child, maths, keep_lines))
            parts.append("" if keep_lines or child.tag == "br" else " ")
        else:
            parts.append(_text_of(child, maths, keep_lines))
    return _PLACEHOLDER.sub(lambda m: maths[int(m.group(1))], "".join(parts))


def _code_span(code: str) -> str:
    """Inline code, its spaces at either end outside it (Markdown drops them inside)."""
    code = _SPACES.sub(" ", code)
    core = code.strip()
    if not core:
        return code
    lead, trail = " " * code.startswith(" "), " " * code.endswith(" ")
    ticks = max((len(run) for run in re.findall(r"`+", core)), default=0) + 1
    if not core.strip("`") or ticks > 2:
        # Backticks alone, or two in a row (a span of three would open a fence at a line's start, as
        # notedeck reads math around code): the text, escaped, without its code look.
        return lead + _escape(core, cloze=True) + trail
    pad = " " if core.startswith("`") or core.endswith("`") else ""
    return lead + "`" * ticks + pad + core + pad + "`" * ticks + trail


# ---- the notes' HTML ([html])

_KEPT_INLINE = frozenset({"b", "i", "u", "strong", "em", "sub", "sup", "code"})
_KEPT_BLOCK = frozenset({"p", "ul", "ol", "li", "pre", "blockquote"})


class _Html:
    """One field written as the HTML a note marked [html] keeps.

    ``render_html`` keeps lists, ``<pre>``, ``<blockquote>`` and ``<p>`` as blocks and makes a line
    break of a ``<div>`` only after text: so every other block is written as the lines it makes,
    ``<br>`` between them.
    """

    def __init__(self, maths: list[str], cloze: bool) -> None:
        self.maths = maths
        self.cloze = cloze
        self.lost: set[str] = set()

    def text(self, data: str, in_pre: bool = False) -> str:
        if _SOUND.search(data):
            self.lost.add(MEDIA)
        text = data if in_pre else _SPACES.sub(" ", data)
        text = escape(text, quote=False).replace("$", "\\$")  # a dollar is never math's here
        if not self.cloze:  # a note that is no cloze note: Anki's cloze syntax in it is text
            text = _CLOZE_START.sub("&#123;&#123;", text)
        if in_pre:
            text = text.replace("\n", "<br>")
        return _PLACEHOLDER.sub(lambda m: escape(self.maths[int(m.group(1))], quote=False), text)

    def blocks(self, nodes: list[Node | str]) -> str:
        """Block content: lines of inline HTML, ``<br>`` between them, and the blocks render_html keeps."""
        parts: list[str] = []  # each a line of inline HTML, or a kept block ("<ul>…")
        line: list[str] = []

        def flush() -> None:
            text = "".join(line).strip()
            if text:
                parts.append(text)
            line.clear()

        for node in nodes:
            if isinstance(node, str):
                line.append(self.text(node))
            elif node.tag == "br":
                flush()
            elif node.tag in _BLOCKS:
                flush()
                parts.extend(self.block(node))
            else:
                line.append(self.inline(node))
        flush()
        out = ""
        for part in parts:
            kept = part.startswith(("<ul>", "<ol>", "<pre>", "<blockquote>"))
            if out and not kept and not out.endswith(("</ul>", "</ol>", "</pre>", "</blockquote>")):
                out += "<br>"
            out += part
        return out

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if _styled(node)[2]:
            self.lost.add(STYLE)
        if tag in ("ul", "ol"):
            items = "".join(f"<li>{self.blocks(c.children)}</li>" for c in node.children
                            if isinstance(c, Node) and c.tag == "li")
            return [f"<{tag}>{items}</{tag}>"] if items else []
        if tag == "pre":
            return [f"<pre>{self.pre(node.children)}</pre>"]
        if tag == "blockquote":
            inner = self.blocks(node.children)
            return [f"<blockquote>{inner}</blockquote>"] if inner else []
        if tag == "hr":
            self.lost.add(RULE)
            return []
        if tag == "table":
            self.lost.add(TABLE)
            return [" ".join(self.blocks(c.children) for c in row) for row in _rows(node)]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.lost.add(HEADING)
            inner = self.blocks(node.children)
            return [f"<b>{inner}</b>"] if inner else []
        inner = self.blocks(node.children)  # div, p…: the lines they hold
        return [inner] if inner else []

    def pre(self, nodes: list[Node | str]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(self.text(node, in_pre=True))
            elif node.tag == "br":
                out.append("<br>")
            elif node.tag in _KEPT_INLINE:
                out.append(f"<{node.tag}>{self.pre(node.children)}</{node.tag}>")
            else:
                out.append(self.pre(node.children))
        return "".join(out)

    def inline(self, node: Node) -> str:
        tag = node.tag
        if _styled(node)[2]:
            self.lost.add(STYLE)
        if tag in _DROPPED:
            self.lost.add(EMBEDDED)
            return ""
        if tag == "img":
            self.lost.add(IMAGE)
            return ""
        if tag == "a":
            if node.attrs.get("href"):
                self.lost.add(LINK)
            return self.inline_children(node.children)
        if tag in ("s", "strike", "del", "mark"):
            self.lost.add(STRIKE)
        inner = self.inline_children(node.children)
        if tag in _KEPT_INLINE:
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        bold, italic, _ = _styled(node)
        inner = f"<i>{inner}</i>" if italic and inner.strip() else inner
        return f"<b>{inner}</b>" if bold and inner.strip() else inner

    def inline_children(self, nodes: list[Node | str]) -> str:
        """Inline content; a block inside it (a div inside bold) is its lines, <br> between them."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(self.text(node))
            elif node.tag == "br":
                out.append("<br>")
            elif node.tag in _BLOCKS:
                inner = self.blocks([node])
                if inner.startswith(("<ul>", "<ol>", "<pre>", "<blockquote>")):
                    self.lost.add(LINE_BREAK)  # render_html would keep the block inside the inline tag
                    inner = re.sub(r"</?(?:ul|ol|li|pre|blockquote)>", " ", inner)
                out.append(f"<br>{inner}<br>")
            else:
                out.append(self.inline(node))
        return "".join(out)


# ---- a field, both ways


class Place(StrEnum):
    """Where a field goes in a note, which decides how it can be written."""

    BODY = "body"  # a definition or an Extra: blocks, a blank line apart
    TERM = "term"  # a term line: one line, shown as text unless it has Markdown in it (renderer.term)
    CLOZE = "cloze"  # a line of clozes: one line, rendered as a definition is


@dataclass(frozen=True)
class Written:
    """A field written one way: its text, and what that way could not keep."""

    text: str
    lost: frozenset[str]


_MARKDOWN_IN_TERM = re.compile(r"[*_`\[\]]")  # what makes renderer.term read a term as Markdown
_TERM_HAZARD = re.compile(r"#|[-*+](?:\s|$)|\s*([^\w\s])\1{2,}\s*$")


def as_markdown(html: str, media: Media, place: Place = Place.BODY) -> Written:
    """The field in Markdown (for a term or a cloze text, on one line)."""
    tree, maths = parse(html)
    writer = _Markdown(maths, media, cloze=place == Place.CLOZE)
    blocks = writer.blocks(tree.children)

    def restore(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: maths[int(m.group(1))], text)

    if place == Place.BODY:
        while blocks and blocks[0] == "---":  # a rule cannot open a definition: nothing is above it
            writer.lost.add(RULE)
            blocks.pop(0)
        return Written(restore("\n\n".join(blocks)), frozenset(writer.lost))
    if len(blocks) > 1 or writer.structured:
        writer.lost.add(LINE_BREAK)
    line = _block_start(" ".join(b.replace("\n", " ") for b in blocks))
    if place == Place.TERM and not _MARKDOWN_IN_TERM.search(restore(line)):
        # Shown as text, escapes and all: write the text itself (a dollar as \$, which math reads as one).
        raw = _Markdown(maths, media, cloze=False, escaping=False)
        text = " ".join(b.replace("\n", " ") for b in raw.blocks(parse(html)[0].children))
        if _TERM_HAZARD.match(text) or _CLOZE_START.search(text) or re.search(r"\\[$(\[]", text):
            writer.lost.add(TERM_SYNTAX)
        else:
            line = text.replace("$", "\\$")
    return Written(restore(line), frozenset(writer.lost))


def as_html(html: str, place: Place = Place.BODY) -> Written:
    """The field as the HTML a note marked ``[html]`` keeps: bare tags, on one line, whose start the plain
    format reads as text."""
    tree, maths = parse(html)
    writer = _Html(maths, cloze=place == Place.CLOZE)
    text = writer.blocks(tree.children).strip()
    if place != Place.BODY:  # a term's or a cloze text's blocks: lines of one line
        text = re.sub(r"</?(?:div|p)>", "<br>", text)
        text = re.sub(r"^(?:<br>)+|(?:<br>)+$", "", re.sub(r"(?:<br>){2,}", "<br>", text))
    said = _text_of(tree, maths)
    if "\\$" in said or ("`" in said and "$" in said):  # what render_inline reads its own way
        writer.lost.add(BACKSLASH_DOLLAR)
    return Written(_entity_start(text), frozenset(writer.lost))


def _entity_start(text: str) -> str:
    """The text with a first character the plain format would read as markup (a heading, a list item, a
    rule, a definition list, an [extra] line) written as a character reference: HTML shows it the same."""
    if text and (text[0] in "#-+*:=_~[" or _RULE_LIKE.fullmatch(text)):
        return f"&#{ord(text[0])};{text[1:]}"
    return text


def _descendants(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            found.append(child)
            found.extend(_descendants(child))
    return found


def relative_media(folder: str) -> Callable[[str], str]:
    """How a notes file refers to a media file copied into ``folder`` beside it: a relative URL."""
    return lambda name: quote(f"{folder}/{name}")
