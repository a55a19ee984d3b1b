"""A card's Anki fields: its term, definition, context and the rest, as HTML, by field name.

Pure, given the ``Renderer`` it is handed (the build makes one). The note type decides the
fields' order; a cloze note's differ from a term note's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ..model.cards import Card
from ..parse.entry import Markup
from .markdown import Renderer, unwrapped, render_html, render_inline, render_text

if TYPE_CHECKING:
    from .diagrams import Diagram

Resolver = Callable[[str], "str | None"]  # a local image's path → its media file name, or None when unusable


def diagram_html(diagrams: Sequence[Diagram]) -> str:
    """``<img>`` tags for the card's diagrams, each with a meaningful ``alt``."""
    return "".join(
        f'<img class="diagram" src="{escape(d.filename)}" alt="{escape(d.alt)}">' for d in diagrams
    )


def render_body(text: str, markup: str, renderer: Renderer, images: Resolver | None = None) -> str:
    """A definition (or Extra) written as ``markup``: Markdown, a table's plain text, or declared HTML."""
    if markup == Markup.TEXT:
        return render_text(text)
    if markup == Markup.HTML:
        return render_html(text)
    return renderer.definition(text, images)


_CODE = re.compile(r"<code[^>]*>.*?</code>", re.DOTALL)


def _code_braces(html: str) -> str:
    """Braces and colons inside code written as character references: Anki's cloze reader must not see
    ``{{`` (a cloze), ``}}`` (its end) or ``::`` (its hint) in code.

    >>> _code_braces("<p>{{c1::a}} <code>x{{y}}::</code></p>")
    '<p>{{c1::a}} <code>x&#123;&#123;y&#125;&#125;&#58;&#58;</code></p>'
    """
    if "<code" not in html:
        return html
    return _CODE.sub(lambda m: m.group(0).replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;"), html)


def fields(card: Card, renderer: Renderer, diagrams: Sequence[Diagram] = (), images: Resolver | None = None
           ) -> dict[str, str]:
    """The card's Anki fields by name (the note type decides their order: a cloze note's differs)."""
    term = renderer.term(card.name, images) if card.markup == Markup.MARKDOWN else \
        unwrapped(render_html(card.name)) if card.markup == Markup.HTML else render_inline(card.name)
    if card.cloze:
        return {
            "Text": _code_braces(render_body(card.definition, card.markup, renderer, images)),
            "Term": term if card.titled else "",
            "Alias": render_inline(card.alias or ""),
            "Context": render_inline(card.context),
            "Diagram": diagram_html(diagrams),
            "Extra": _code_braces(render_body(card.extra, card.markup, renderer, images)) if card.extra else "",
            "Source": render_inline(card.where),
        }
    return {
        "Term": term,
        # Every text field reaches MathJax on the card, so each gets the term's math handling.
        "Alias": render_inline(card.alias or ""),
        "Definition": render_body(card.definition, card.markup, renderer, images),
        "Context": render_inline(card.context),
        "Diagram": diagram_html(diagrams),
        "Extra": render_body(card.extra, card.markup, renderer, images) if card.extra else "",
        "Source": render_inline(card.where),
        "Reverse": "y" if card.reverse else "",
    }
