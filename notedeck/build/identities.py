"""Which note each card is: the GUIDs earlier builds gave, renames, and the shapes files were read in.

What the state once decided is remembered, not guessed again: a card whose term (or
definition, for a term written twice) an earlier build knew gets that note's GUID; a file is
read in the shape an earlier build read it in; and a build that would remove most of a
file's notes stops and asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import NotesError, Problem
from ..inputs import files as sources
from ..model import cards
from ..model import decks as deck_info
from . import state


def keep_identities(decks: list[list[cards.Card]], texts: list[str], old: state.State, namespace: str
                    ) -> tuple[list[list[cards.Card]], state.Identities, dict[str, str]]:
    """The cards with the GUIDs their notes already have: renamed terms keep their notes.

    ``texts`` are the cards' definition digests, in order. Also the renames found; and for each
    card that keeps an older GUID, the one its term makes (the state records it, so the next
    build finds the note again).
    """
    flat = [c for d in decks for c in d]
    if not old.notes and not old.gone:  # a first build: every card is new, with the GUID its term makes
        return decks, state.Identities([c.guid for c in flat], [], []), {}
    written: dict[str, int] = {}
    for c in flat:
        written[cards.identity_key(c.name)] = written.get(cards.identity_key(c.name), 0) + 1
    wanted = [state.Wanted(c.guid, c.name, text,
                           cards.guid_for(namespace, cards.identity_name(c.was)) if c.was else None,
                           written[cards.identity_key(c.name)] > 1)
              for c, text in zip(flat, texts)]
    found = state.identities(old, wanted, {c.deck for c in flat}, cards.salted)
    del wanted
    keys = {g: c.guid for c, g in zip(flat, found.guids) if g != c.guid}
    if not keys:
        return decks, found, keys  # nothing renamed: the cards as they are
    guids = iter(found.guids)
    kept = [[c if (g := next(guids)) == c.guid else replace(c, guid=g) for c in d] for d in decks]
    return kept, found, keys


def remembered_shapes(old: state.State, found: Sequence[sources.Source], root: str) -> dict[str, dict[str, str]]:
    """The shape each notes file was read in by the build that wrote the state, by file name.

    0.1.0 read only the plain format, and its state (format 1) names decks, not files: a file
    whose deck it lists was read as plain.
    """
    shapes = {name: dict(shape) for name, shape in old.files.items()}
    if old.format == 1:
        decks = {n.deck for n in old.notes}
        for source in found:
            if deck_info.deck_for(root, source) in decks:
                shapes.setdefault(source.name, {"shape": "plain"})
    return shapes


# A build that would remove more than this share of a file's notes, and more than MOST_REMOVED of them,
# stops and asks: a line deleted by mistake, or a file rewritten, must never take years of reviews with it.
MOST_REMOVED_SHARE = 0.5
MOST_REMOVED = 3


def mass_removals(old: state.State, changes: state.Changes, found: Sequence[sources.Source], root: str,
                   allowed: bool) -> tuple[str, ...]:
    """The GUIDs of notes removed from files that lost most of their notes in this build; raises
    NotesError naming each such file unless ``allowed``."""
    file_of_deck = {deck_info.deck_for(root, s): s.name for s in found}  # 0.1.0's notes name no file
    by_file: dict[str, list[state.NoteState]] = {}
    for note in old.notes:
        name = note.file or file_of_deck.get(note.deck, "")
        by_file.setdefault(name, []).append(note)
    removed = set(changes.removed_guids)
    problems, held = [], []
    for source in found:  # only files that are still there: a file deleted is a choice made
        notes = by_file.get(source.name, [])
        lost = [n for n in notes if n.guid in removed]
        if len(lost) > MOST_REMOVED and len(lost) > MOST_REMOVED_SHARE * len(notes):
            held += [n.guid for n in lost]
            terms = ", ".join(n.term for n in lost[:3]) + (", …" if len(lost) > 3 else "")
            problems.append(Problem(str(source.path), None, f"this build would remove {len(lost)} of its "
                                    f"{len(notes)} notes ({terms}) and nothing was written: if that is what you "
                                    "meant, build again with --allow-removals"))
    if problems and not allowed:
        raise NotesError(problems)
    return tuple(held)
