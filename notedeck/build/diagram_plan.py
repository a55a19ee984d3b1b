"""Which pictures each card gets: recognised from its wording, asked for, or drawn from its notes' own blocks.

In a deck about neural networks (or with ``diagrams = "on"``) a card gets the pictures its
term, alias, headings and ancestors name; elsewhere only the pictures a card asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import NotesError, Problem
from ..inputs import files as sources
from ..inputs.settings import DiagramMode
from ..model import cards
from ..render import diagrams
from ..render.diagrams import topic


@dataclass(frozen=True)
class DiagramPlan:
    """Each card's pictures, deck by deck, and how "auto" decided whether the deck is about networks."""

    pictures: list[list[tuple[diagrams.Diagram, ...]]]
    verdict: topic.Verdict | None


def choose(decks: Sequence[Sequence[cards.Card]], found: Sequence[sources.Source], mode: DiagramMode,
           store: diagrams.DiagramStore) -> DiagramPlan:
    """Every card's pictures; "auto" keeps the recognised ones only in a deck about neural networks."""
    pictures = [card_diagrams(deck, str(source.path), mode != DiagramMode.OFF, store)
                for deck, source in zip(decks, found)]
    if mode != DiagramMode.AUTO:
        return DiagramPlan(pictures, None)
    everything = [c for d in decks for c in d]
    recognised = sum(bool(p) for d, ps in zip(decks, pictures) for c, p in zip(d, ps) if not diagrams.asked(c))
    verdict = topic.judge([(c.name, c.definition) for c in everything], recognised)
    if not verdict.about_networks:
        pictures = [[p if diagrams.asked(c) else () for c, p in zip(d, ps)] for d, ps in zip(decks, pictures)]
    return DiagramPlan(pictures, verdict)


def card_diagrams(deck: Sequence[cards.Card], path: str, recognise: bool = True,
                  store: diagrams.DiagramStore | None = None) -> list[tuple[diagrams.Diagram, ...]]:
    """The diagrams of each card, from its own concept, its ancestors and its headings.

    Without ``recognise`` only cards that ask for a diagram (``[diagram: NAME]``) get one;
    ``store`` holds the build's pictures.
    """
    store = store if store is not None else diagrams.DiagramStore()
    blocks = diagrams.Layered(deck, path)  # the file's layers blocks: a card's own picture, or its parent's
    result: list[tuple[diagrams.Diagram, ...]] = []
    problems = []
    for i, card in enumerate(deck):
        if not recognise and card.diagram is None and i not in blocks.of_card:
            result.append(())
            continue
        ancestors = []
        parent = card.parent
        while parent is not None:
            up = deck[parent]
            ancestors.append((up.name, up.alias, up.short))
            parent = up.parent
        try:
            result.append(diagrams.diagrams_for(card.name, card.alias, card.short, ancestors, card.diagram,
                                                headings=card.headings, store=store, blocks=blocks,
                                                own_block=blocks.of_card.get(i), definition=card.definition))
        except diagrams.UnknownDiagram as err:
            problems.append(Problem(path, card.line, str(err)))
    if problems:
        raise NotesError(problems)
    return result
