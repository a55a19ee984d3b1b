"""A Markdown file parsed once, for every shape rule to read: its blocks and the source lines of each.

Pure. markdown-it-py (CommonMark, with GitHub's pipe tables and the definition-list, front-matter
and footnote plugins) gives every block a ``map``, the lines it came from; so a rule reads a
card by its structure and cuts its definition from the source lines, and ``path:line`` stays
exact. Nothing is rendered here: a definition is the Markdown its region was written in.

What is never a card in any shape is found here once (``ignorable``): rules, HTML comments
(Obsidian's ``<!--SR:…-->``, inka's ``<!--ID:…-->``), ``<br>`` separators, badges, tag lines
(``#flashcards/deck``), tables of contents (lists and tables of links to ``#anchors``) and
"back to top" links, and anchors with no text (``<a id="q2"></a>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ..entry import lines_of

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)
_ONLY_BREAKS = re.compile(r"\s*(?:<br\s*/?>\s*|<a\s+name=[^>]*>\s*</a>\s*|</?(?:p|div|b)>\s*)+", re.IGNORECASE)
# An HTML block of anchors and links within the page only: '<a id="q2"></a>', a "Back to Top" link in a div.
_HTML_NAV = re.compile(r"\s*(?:(?:</?(?:div|p|span|sup|sub|small|center)\b[^>]*>|<a\s+(?:name|id)=[^>]*>\s*</a>"
                       r"|<a\s+href=[\"']#[^\"']*[\"'][^>]*>[^<]{0,40}</a>)\s*)+", re.IGNORECASE)
_BADGE = r"(?:\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([a-z]+://[^)]*\))"
_BADGES = re.compile(rf"\s*(?:{_BADGE}\s*)+")
_ANCHOR_LINK = re.compile(r"\s*(?:\*\*|__)?\s*\[[^\]]*\]\(#[^)]*\)\s*(?:\*\*|__)?\s*")
_TAGS = re.compile(r"\s*(?:#[^\s#][^\s]*\s*)+")
_TOC_MARK = re.compile(r"\s*\[(?:TOC|\[_TOC_\])\]\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\s*\d+[.)]?\s*")
_DOT_LEADER = re.compile(r"\s*\.{3,}\s*$")
_ANCHOR = re.compile(r"<a\s+(?:name|id)=[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_WRAPPED = re.compile(r"(\*\*|__)(?!\s)(.+?)(?<!\s)\1")
_WIKI_EMBED = re.compile(r"!\[\[([^\[\]|#^\n]+)(?:[#^][^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_WIKI_LINK = re.compile(r"(?<!!)\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\](?!\()")
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|avif)$", re.IGNORECASE)


def parser():  # type: ignore[no-untyped-def]
    """markdown-it with the rules the shapes need (built per document: no state is kept between files)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Blocks are all the shapes need: inline parsing (emphasis, links) is left out, the text kept as written.
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(deflist_plugin) \
        .use(footnote_plugin).disable(["inline", "text_join"])


class Node:
    """A block of markdown-it's token stream as a tree: its kind, its lines, and the blocks inside it."""

    __slots__ = ("type", "map", "tag", "markup", "content", "children")

    def __init__(self, type: str, map: list[int] | None, tag: str, markup: str, content: str) -> None:
        self.type, self.map, self.tag, self.markup, self.content = type, map, tag, markup, content
        self.children: list[Node] = []


def tree(tokens) -> Node:  # type: ignore[no-untyped-def]
    """The token stream nested: an ``_open`` token starts a node that its ``_close`` ends."""
    root = Node("root", None, "", "", "")
    stack = [root]
    for token in tokens:
        if token.nesting == 1:
            node = Node(token.type[:-5], token.map, token.tag, token.markup, "")
            stack[-1].children.append(node)
            stack.append(node)
        elif token.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].children.append(Node(token.type, token.map, token.tag, token.markup, token.content))
    return root


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the document and the lines it stands on (0-based, ``end`` excluded)."""

    node: Node
    first: int
    end: int
    kind: str


def span(node: Node) -> tuple[int, int]:
    """The lines a node stands on, 0-based with the end excluded."""
    first, end = node.map if node.map else (0, 0)
    return first, end


def inline(node: Node) -> str:
    """The Markdown source of a paragraph's, heading's or cell's text."""
    if node.type == "inline":
        return node.content
    for child in node.children:
        if child.type == "inline":
            return child.content
    return ""


class Document:
    """The lines of a file and its top-level blocks; which lines are code and which are never cards."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self.lines = lines_of(text)
        root = tree(parser().parse("\n".join(self.lines)))
        self.blocks = [Block(node, *span(node), node.type) for node in root.children if node.map]
        count = len(self.lines)
        self.code = bytearray(count)  # lines inside fenced or indented code, anywhere in the tree
        self.ignored = bytearray(count)  # lines of blocks that are never cards
        self.ignorable = [self._ignorable(block) for block in self.blocks]
        for block, ignorable in zip(self.blocks, self.ignorable):
            if ignorable:
                self.ignored[block.first:block.end] = b"\x01" * (block.end - block.first)
        stack = list(root.children)
        while stack:
            node = stack.pop()
            if node.type in ("fence", "code_block") and node.map:
                first, end = node.map
                self.code[first:end] = b"\x01" * (end - first)
            else:
                stack.extend(node.children)

    def _ignorable(self, block: Block) -> bool:
        kind = block.kind
        if kind in ("hr", "front_matter"):
            return True
        if kind == "html_block":
            content = block.node.content
            return bool(_ONLY_COMMENTS.fullmatch(content) or _ONLY_BREAKS.fullmatch(content)
                        or ("<a" in content.lower() and _HTML_NAV.fullmatch(content)))
        if kind == "paragraph":
            text = inline(block.node)
            return bool(_BADGES.fullmatch(text) or _ANCHOR_LINK.fullmatch(text) or _TOC_MARK.fullmatch(text)
                        or (text.startswith("#") and _TAGS.fullmatch(text))
                        or (text.startswith("<") and _HTML_NAV.fullmatch(text)))
        if kind in ("bullet_list", "ordered_list"):
            return _all_anchor_links(block.node)
        if kind == "table":
            cells = [inline(cell) for row in block.node.children[-1].children for cell in row.children] \
                if len(block.node.children) > 1 else []
            return bool(cells) and all(_ANCHOR_LINK.fullmatch(c) or _NUMBER.fullmatch(c) or not c.strip()
                                       for c in cells) and any(_ANCHOR_LINK.fullmatch(c) for c in cells)
        return False

    def blank(self, line: int) -> bool:
        return not self.lines[line].strip()

    def content(self, line: int) -> bool:
        """Whether a line holds something that could be a card's (not blank, not a block never a card)."""
        return bool(self.lines[line].strip()) and not self.ignored[line]

    def text(self, first: int, end: int, keep: frozenset[int] | None = None,
             dropped: frozenset[int] = frozenset()) -> str:
        """The Markdown of lines ``first``..``end``: blocks that are never cards, comments and the
        ``dropped`` lines left out, the shared indentation removed, blank lines at either end dropped."""
        from ..entry import dedent

        lines = [self.lines[i] if (not self.ignored[i] or (keep and i in keep)) and i not in dropped else ""
                 for i in range(first, end)]
        text = dedent(lines)
        if "<!--" in text:
            text = _COMMENT.sub("", text)
        text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
        return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip("\n")

    def headings(self) -> list[tuple[int, int, str]]:
        """The top-level headings: (block index, level, text as written)."""
        return [(k, int(b.node.tag[1:]), inline(b.node)) for k, b in enumerate(self.blocks) if b.kind == "heading"]


def _all_anchor_links(node: Node) -> bool:
    items = [item for item in node.children if item.type == "list_item"]
    if not items:
        return False
    for item in items:
        for child in item.children:
            if child.type == "paragraph":
                if not _ANCHOR_LINK.fullmatch(inline(child)):
                    return False
            elif child.type in ("bullet_list", "ordered_list"):
                if not _all_anchor_links(child):
                    return False
            else:
                return False
    return True


def heading_text(text: str) -> str:
    """A heading as a group name or a term: anchors reduced to their text, bold that only marks it
    and dot leaders (``Kafka .....``) removed."""
    text = _ANCHOR.sub(lambda m: m.group(1), text)
    text = re.sub(r"<a\s+(?:name|id)=[^>]*>\s*</a>", "", text, flags=re.IGNORECASE)
    text = _DOT_LEADER.sub("", text).strip()
    return unwrap(text)


def unwrap(text: str) -> str:
    """``**Term**`` → ``Term``: bold (or ``__…__``) around the whole text only marks it."""
    match = _WRAPPED.fullmatch(text.strip())
    return match.group(2).strip() if match and "**" not in match.group(2) else text.strip()


_NOTE_EMBED = re.compile(r"!\[\[([^\[\]\n]+)\]\]")


def embedded_notes(text: str) -> list[str]:
    """The embeds of other notes (not pictures) in a card's text, as written."""
    return [m.group(0) for m in _NOTE_EMBED.finditer(text) if not _IMAGE.search(re.split(r"[|#^]", m.group(1))[0].strip())]


def wikilinks(text: str) -> str:
    """Obsidian's links written as Markdown: ``![[x.png]]`` an image of that file, ``[[Page]]`` its
    text, ``[[Page|alias]]`` the alias; ``[[Answer]](url)`` is Markdown's own link and stays. An
    embed of another note (``![[Circuits#^15c42b]]``) stays as written: ``embedded_notes`` finds it.

    >>> wikilinks("see [[Protein synthesis]] and [[Cell|cells]] ![[plant cell.png]]")
    'see Protein synthesis and cells ![plant cell.png](plant%20cell.png)'
    """
    if "[[" not in text:
        return text

    def embed(match: re.Match[str]) -> str:
        target = match.group(1).strip()
        if _IMAGE.search(target):
            return f"![{target}]({target.replace(' ', '%20')})"
        return match.group(0)  # another note (or a part of one) shown inside: kept as written, and refused

    text = _WIKI_EMBED.sub(embed, text)
    return _WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
