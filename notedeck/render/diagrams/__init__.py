"""Architecture diagrams: recognise a concept in a card's term and draw its picture as SVG.

A card gets (1) the picture of the nearest context concept that lists it as a part, with
that part emphasised, and (2) its own concept's picture, if it is one. The context is the
card's ancestors in the hierarchy, the concept a question names (``… in an LSTM?``) and the
headings above it (``## LSTM`` → ``Forget gate``). ``[diagram: NAME]`` in the notes asks for
a named picture, ``[diagram: none]`` opts out, and a fenced ``layers`` block in a definition
describes a picture of its own (``layers.py``).

Nothing here keeps state between calls: a build makes one :class:`DiagramStore`, which
holds the pictures it recalled from the render cache and the ones it made.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import NotesError, Problem
from . import basics, cnn, generative, language, layers, modern, recurrent, vision
from . import wording
from .registry import Concept, Drawing, Part, Picture
from .svg import serialise

if TYPE_CHECKING:
    import markdown

# Order matters: the first concept whose pattern matches wins, so specific modules come first.
_MODULES = (recurrent, generative, language, vision, cnn, modern, basics)
DRAWINGS: dict[str, Drawing] = {d.name: d for m in _MODULES for d in m.DRAWINGS}
CONCEPTS: tuple[Concept, ...] = tuple(c for m in _MODULES for c in m.CONCEPTS)

__all__ = ["CONCEPTS", "DRAWINGS", "Concept", "Diagram", "DiagramStore", "Drawing", "Layered", "Part",
           "UnknownDiagram", "diagrams_for", "make", "names", "parse_request", "recognise"]


@dataclass(frozen=True)
class Diagram:
    """One generated picture, ready to be written as a media file."""

    drawing: str
    highlight: str | None
    svg: str
    alt: str

    @property
    def filename(self) -> str:
        """Named by content, so a changed picture never collides with an old one in Anki."""
        digest = hashlib.sha256(self.svg.encode()).hexdigest()[:16]
        stem = self.drawing if self.highlight is None else f"{self.drawing}-{self.highlight}"
        return f"{stem}-{digest}.svg"


class UnknownDiagram(ValueError):
    """A ``[diagram: ...]`` request that names no drawing or no part of it."""


def names() -> list[str]:
    """The names a ``[diagram: NAME]`` marker may use."""
    return sorted(DRAWINGS)


Key = tuple[str, "str | None"]


class DiagramStore:
    """The pictures of one build: those recalled from the render cache, and those it made.

    A build makes one, fills ``recalled`` from its render cache, asks it for every card's
    pictures and saves ``made`` back: nothing outlives the build (a ``--watch`` process keeps
    no picture of an earlier rebuild). It also remembers which concept each text named.
    """

    def __init__(self, recalled: Mapping[tuple[str, str | None], tuple[str, str]] | None = None) -> None:
        self.recalled: dict[tuple[str, str | None], tuple[str, str]] = dict(recalled or {})
        self.made: dict[tuple[str, str | None], Diagram] = {}
        self._concept_of: dict[str, int] = {}  # text → index into CONCEPTS (len: none)
        self._first_of: dict[tuple[str | None, ...], Concept | None] = {}  # texts → the concept they name
        self._markdown: markdown.Markdown | None = None

    def make(self, name: str, highlight: str | None = None) -> Diagram:
        """One named picture, drawn once per build."""
        made = self.made.get((name, highlight))
        if made is not None:
            return made
        drawing = _drawing(name, highlight)
        return self.drawn(name, highlight, lambda: drawing.draw(highlight))

    def drawn(self, name: str, highlight: str | None, draw: Callable[[], Picture]) -> Diagram:
        """The picture keyed ``(name, highlight)``: recalled, made before, or drawn now."""
        made = self.made.get((name, highlight))
        if made is not None:
            return made
        recalled = self.recalled.get((name, highlight))
        if recalled is not None:
            made = Diagram(name, highlight, *recalled)
        else:
            picture = draw()
            made = Diagram(name, highlight, serialise(picture.root), picture.alt)
        self.made[(name, highlight)] = made
        return made

    def pictures(self) -> dict[tuple[str, str | None], tuple[str, str]]:
        """What the render cache keeps: every picture this build made or recalled, by key."""
        return {k: (d.svg, d.alt) for k, d in self.made.items()}

    # --- recognition ---------------------------------------------------------------------------

    def concept_index(self, text: str) -> int:
        """Index of the first concept naming ``text`` whole, or ``len(CONCEPTS)``."""
        found = self._concept_of.get(text)
        if found is None:
            found = self._concept_of[text] = _first_concept(text)
        return found

    def plain(self, text: str) -> str:
        """A term's text without its inline Markdown, as Python-Markdown reads it."""
        if not wording.has_markup(text):
            return text
        if self._markdown is None:
            import markdown

            self._markdown = markdown.Markdown()
        self._markdown.reset()
        return wording.tidy(wording.plain_text(self._markdown.convert(text)))

    def names_of(self, text: str | None) -> list[str]:
        """Every name a term may be read as, as written first."""
        if not text:
            return []
        found = [text]
        if not wording.needs_a_second_look(text):
            return found
        plain = self.plain(text)
        if plain != text:
            found.append(plain)
        found.extend(wording.alternatives(plain))
        found.extend(h for n in list(found) if (h := wording.without_head(n)) is not None)
        return list(dict.fromkeys(found))

    def first_concept(self, texts: Sequence[str | None]) -> Concept | None:
        """The first concept one of the texts names whole, trying each text's other readings in turn."""
        key = tuple(texts)
        if key in self._first_of:
            return self._first_of[key]
        plain: list[str] = [t for t in key if t]
        first = min((self.concept_index(t) for t in plain), default=len(CONCEPTS))
        for text in plain if first == len(CONCEPTS) else ():
            if wording.needs_a_second_look(text):
                first = min((self.concept_index(n) for n in self.names_of(text)[1:]), default=len(CONCEPTS))
                if first < len(CONCEPTS):
                    break
        found = self._first_of[key] = CONCEPTS[first] if first < len(CONCEPTS) else None
        return found


# Every concept's patterns in one: most terms name no concept, and one search in C says so.
_ANY_CONCEPT = re.compile("|".join(f"(?:{p})" for c in CONCEPTS for p in c.patterns), re.IGNORECASE)


def _first_concept(text: str) -> int:
    """Index of the first concept naming ``text`` whole, or ``len(CONCEPTS)``."""
    text = text.strip()
    if not _ANY_CONCEPT.fullmatch(text):
        return len(CONCEPTS)
    return next((i for i, c in enumerate(CONCEPTS) if c.matches(text)), len(CONCEPTS))


def make(name: str, highlight: str | None = None) -> Diagram:
    """Draw one picture (afresh: a build keeps its pictures in its own :class:`DiagramStore`)."""
    return DiagramStore().make(name, highlight)


def parse_request(request: str) -> tuple[str, str | None]:
    """``"lstm:forget"`` → ``("lstm", "forget")``; raises UnknownDiagram if it names nothing."""
    name, _, highlight = request.strip().lower().partition(":")
    name, highlight = name.strip(), highlight.strip() or None
    _drawing(name, highlight)
    return name, highlight


def _drawing(name: str, highlight: str | None) -> Drawing:
    """The drawing ``name``, checked to have the part ``highlight``; raises UnknownDiagram."""
    drawing = DRAWINGS.get(name)
    if drawing is None:
        raise UnknownDiagram(f"unknown diagram {name!r}; known: {', '.join(names())}")
    if highlight is not None and highlight not in drawing.highlights:
        known = ", ".join(drawing.highlights) or "none"
        raise UnknownDiagram(f"diagram {name!r} has no part {highlight!r}; its parts: {known}")
    return drawing


def recognise(*texts: str | None) -> Concept | None:
    """The first concept whose pattern matches one of the texts whole, if any (as written only)."""
    first = min((_first_concept(t) for t in texts if t), default=len(CONCEPTS))
    return CONCEPTS[first] if first < len(CONCEPTS) else None


class Layered:
    """The ``layers`` blocks of one notes file's cards, read (``layers.py``): by card, and by name.

    A block is named after its card's term and alias (``[diagram: lenet-5:c3]`` on a child card
    highlights line ``C3`` of the block on the card ``LeNet-5``). Raises NotesError, at the
    block's line in the file, for a block that cannot be read.
    """

    def __init__(self, deck: Sequence[object], path: str) -> None:
        self.of_card: dict[int, layers.Block] = {}
        self.by_name: dict[str, layers.Block] = {}
        problems: list[Problem] = []
        for i, card in enumerate(deck):
            definition: str = card.definition  # type: ignore[attr-defined]
            found = layers.find(definition)
            if not found:
                continue
            name: str = card.name  # type: ignore[attr-defined]
            line: int = card.line  # type: ignore[attr-defined]
            opener, source = found[0]
            if len(found) > 1:
                at = layers.locate(path, line, definition, found[1][0])
                problems.append(Problem(path, at, "a card has one layers block: this is its second; move it to a "
                                        "card of its own"))
                continue
            try:
                block = layers.parse(source, name)
            except layers.LayersError as err:
                at = layers.locate(path, line, definition, opener) + err.line
                problems.append(Problem(path, at, f"layers block: {err}"))
                continue
            self.of_card[i] = block
            alias: str | None = card.alias  # type: ignore[attr-defined]
            for key in dict.fromkeys(layers.slug(n) for n in (name, alias) if n):
                self.by_name.setdefault(key, block)
        if problems:
            raise NotesError(problems)

    def __bool__(self) -> bool:
        return bool(self.of_card)

    def picture(self, store: DiagramStore, block: layers.Block, part: str | None = None) -> Diagram:
        """A block's picture, with one of its lines highlighted."""
        return store.drawn(block.key, part, lambda: layers.draw(block, part))

    def request(self, store: DiagramStore, request: str) -> Diagram | None:
        """The picture a ``[diagram: NAME:PART]`` marker names when NAME is a block's, if it is one."""
        name, _, part = request.strip().partition(":")
        block = self.by_name.get(layers.slug(name))
        if block is None:
            return None
        try:
            key = block.part(part) if part.strip() else None
        except layers.LayersError as err:
            raise UnknownDiagram(str(err)) from None
        return self.picture(store, block, key)


def _part(store: DiagramStore, contexts: Sequence[Sequence[str | None]], mine: Sequence[str]) -> Part | None:
    """The first part of a context concept that one of ``mine`` names (nearest context first)."""
    for context in contexts:
        concept = store.first_concept(context)
        if concept is not None and concept.parts:
            part = next((p for p in concept.parts if p.matches(*mine)), None)
            if part is not None:
                return part
    return None


_ANY_PART = re.compile("|".join(f"(?:{pattern})" for c in CONCEPTS for p in c.parts for pattern in p.patterns),
                       re.IGNORECASE)
_OPENING = 240  # characters of a definition in which the whole a part belongs to is named


def _part_named_in(mine: Sequence[str], definition: str) -> Part | None:
    """A part whose whole the definition's opening names ("Generator — the part of a GAN that …").

    Only for a term that names a part and nothing else; the whole must be named by one of its own
    patterns as whole words.
    """
    if not any(_ANY_PART.fullmatch(t) for t in mine):
        return None
    opening = definition[:_OPENING]
    for concept, named in zip(CONCEPTS, _named_in_text()):
        part = next((p for p in concept.parts if p.matches(*mine)), None) if concept.parts else None
        if part is not None and named.search(opening):
            return part
    return None


@functools.cache
def _named_in_text() -> tuple[re.Pattern[str], ...]:
    """Each concept's patterns as whole words inside a text: where a definition names the whole of a part
    (compiled when a term first names a part and nothing else, not in every build)."""
    return tuple(re.compile("(?<![\\w-])(?:" + "|".join(f"(?:{p})" for p in c.patterns) + ")(?![\\w-])",
                            re.IGNORECASE) for c in CONCEPTS)


def asked(card: object) -> bool:
    """Whether a card asks for its picture itself (a marker or a layers block): "auto" keeps those."""
    return card.diagram is not None or bool(layers.find(card.definition))  # type: ignore[attr-defined]


Ancestor = tuple[str, "str | None", "str | None"]


def diagrams_for(
    name: str,
    alias: str | None,
    short: str | None,
    ancestors: Sequence[tuple[str, str | None, str | None]],
    request: str | None = None,
    *,
    headings: Sequence[str] = (),
    store: DiagramStore | None = None,
    blocks: Layered | None = None,
    own_block: layers.Block | None = None,
    definition: str = "",
) -> tuple[Diagram, ...]:
    """The pictures for a card.

    ``ancestors`` are ``(name, alias, short)`` from the parent up to the root, as the
    parser's hierarchy gives them; ``headings`` the headings above the card, outermost
    first; ``request`` the text of a ``[diagram: ...]`` marker; ``definition`` is looked at only
    for a term that names a part and nothing else, for the whole it belongs to ("Generator: in a GAN").
    ``blocks`` are the file's layers blocks, ``own_block`` the card's own.
    """
    store = store if store is not None else DiagramStore()
    if request is not None:
        if request.strip().lower() == "none":
            return ()
        if blocks is not None and request.partition(":")[0].strip().lower() not in DRAWINGS:
            found_block = blocks.request(store, request)
            if found_block is not None:
                return (found_block,)
        return (store.make(*parse_request(request)),)
    if own_block is not None and blocks is not None:
        return (blocks.picture(store, own_block),)
    if blocks:  # a line of an ancestor's block, named by the card's name without its parent's
        for anc_name, anc_alias, _ in ancestors:
            block = next((blocks.by_name[k] for n in (anc_name, anc_alias) if n
                          and (k := layers.slug(n)) in blocks.by_name), None)
            if block is not None and short:
                try:
                    return (blocks.picture(store, block, block.part(short)),)
                except layers.LayersError:
                    pass
    own = store.first_concept((name, alias, short))
    second_look = wording.needs_a_second_look(name)
    # The card as a part of its context: its ancestors, the headings above it (and a question's own).
    contexts: list[Sequence[str | None]] = [*ancestors, *((h,) for h in reversed(headings))]
    if own is None and not second_look and not (definition and _ANY_PART.fullmatch(name)) and not any(
            (c := store.first_concept(context)) is not None and c.parts for context in contexts):
        return ()  # most cards: a term that names nothing, under nothing that has parts
    asked = None if own is not None or not second_look else wording.question(store.plain(name))
    found: list[Diagram] = []
    concepts: list[Concept] = [own] if own is not None else []
    if asked is None:
        # Read again only when the term as written names nothing: "Convolutional Network" is not "Convolutional".
        readings = store.names_of(name)[1:] if own is None else wording.alternatives(store.plain(name))
        mine = [t for t in (short, name, *readings) if t]
        part = _part(store, contexts, mine)
        if part is None and own is None and definition:
            part = _part_named_in(mine, definition)
        if part is not None:
            found.append(store.make(part.drawing, part.highlight))
    elif asked.compared:  # both sides of a comparison, each with its own picture
        concepts.extend(c for side in asked.compared if (c := store.first_concept((side,))) is not None)
    else:  # the subject: the longest start of it that names a concept or a part, whole, then without its context
        asked_context = [(c,) for c in asked.context]
        tries = [(asked.names, contexts if asked.inner else [*asked_context, *contexts]),
                 (asked.inner, [*asked_context, *contexts])]
        for names, where in tries:
            for candidate in names:
                subject, part = store.first_concept((candidate,)), _part(store, where, [candidate])
                if subject is not None or part is not None:
                    break
            else:
                continue
            if part is not None:
                found.append(store.make(part.drawing, part.highlight))
            if subject is not None:
                concepts.append(subject)
            break
    for concept in concepts:
        diagram = store.make(concept.drawing, concept.highlight)
        if diagram not in found:
            found.append(diagram)
    return tuple(found)
