"""One build: notes files in, a package and an updated state out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__, cards, diagrams, notetype, package, parse, render, sources, state
from .errors import NotesError, Problem


@dataclass(frozen=True)
class Result:
    """What a build made and what changed."""

    output: Path
    state_path: Path
    notes: int
    cards: int
    media: int
    changes: state.Changes


def default_state_path(args: Sequence[str]) -> Path:
    """The state lives beside the notes: in the first folder named, or the first file's folder."""
    first = Path(args[0])
    return (first if first.is_dir() else first.parent) / state.FILENAME


def default_output(decks: Sequence[str], args: Sequence[str]) -> Path:
    """``dist/<Deck_Name>.apkg``, named after the deck, or the notes folder when there are several."""
    name = decks[0] if len(decks) == 1 else cards.deck_name(Path(args[0]).resolve().name)
    return Path("dist") / (cards.tag_part(name) + ".apkg")


def deck_id(name: str) -> int:
    """Fixed for a deck name, so rebuilds never make a second deck."""
    return int(hashlib.sha256(f"notedeck deck\x1f{name}".encode()).hexdigest()[:12], 16)


def read_cards(args: Sequence[str]) -> list[list[cards.Card]]:
    """Parse every notes file; report the problems of all files together."""
    problems: list[Problem] = []
    decks: list[list[cards.Card]] = []
    first_file_of_deck: dict[str, str] = {}
    for source in sources.read(list(args)):
        path = str(source.path)
        try:
            built = cards.build(parse.parse(source.text, path), source.name, path)
        except NotesError as err:
            problems.extend(err.problems)
            continue
        if not built:
            problems.append(Problem(path, None, "no cards in this file: write a term line and its "
                                    "definition on the next line"))
            continue
        name = built[0].deck
        if name in first_file_of_deck:
            problems.append(Problem(path, None, f"makes the same deck {name!r} as {first_file_of_deck[name]}: "
                                    "rename one of the files"))
            continue
        first_file_of_deck[name] = path
        decks.append(built)
    if problems:
        raise NotesError(problems)
    return decks


def card_diagrams(deck: Sequence[cards.Card], path_of: dict[str, str]) -> list[tuple[diagrams.Diagram, ...]]:
    """The diagrams of each card, from its own concept and its ancestors in the hierarchy."""
    result = []
    problems = []
    for card in deck:
        ancestors = []
        parent = card.parent
        while parent is not None:
            up = deck[parent]
            ancestors.append((up.name, up.alias, up.short))
            parent = up.parent
        try:
            result.append(diagrams.diagrams_for(card.name, card.alias, card.short, ancestors, card.diagram))
        except diagrams.UnknownDiagram as err:
            problems.append(Problem(path_of[card.source], card.line, str(err)))
    if problems:
        raise NotesError(problems)
    return result


def note_digest(deck: str, fields: dict[str, str], tags: Sequence[str]) -> str:
    """What counts as a change: every field but the source line, the tags and the deck."""
    content = {k: v for k, v in fields.items() if k != "Source"}
    return hashlib.sha256(json.dumps([deck, content, list(tags)], sort_keys=True).encode()).hexdigest()[:16]


def description(deck: Sequence[cards.Card]) -> str:
    """What Anki shows on the deck's overview: nothing machine-specific."""
    return (f"{len(deck)} notes from <code>{render.escape(deck[0].source)}</code>, "
            f"built by notedeck {__version__}.")


def build(args: Sequence[str], output: Path | None, state_path: Path | None, clock: int,
          write: bool = True, assets: Path = notetype.ASSETS) -> Result:
    """Build the package for the notes in ``args``; raises NotesError on bad input."""
    decks = read_cards(args)
    output = output or default_output([d[0].deck for d in decks], args)
    state_path = state_path or default_state_path(args)
    path_of = {str(p.name): str(p) for p in map(Path, args) if p.is_file()}
    for arg in args:
        if Path(arg).is_dir():
            path_of.update({p.name: str(p) for p in Path(arg).iterdir()})

    nt = notetype.load(assets)
    old = state.load(state_path)
    old, _ = state.with_note_type(old, nt.digest, clock)
    current: list[state.Current] = []
    rows: list[tuple[int, cards.Card, tuple[str, ...]]] = []
    media: dict[str, bytes] = {}
    for deck in decks:
        did = deck_id(deck[0].deck)
        for card, pictures in zip(deck, card_diagrams(deck, path_of)):
            fields = render.fields(card, pictures)
            for picture in pictures:
                media[picture.filename] = picture.svg.encode()
            current.append(state.Current(card.guid, card.deck, card.name, note_digest(card.deck, fields, card.tags)))
            rows.append((did, card, tuple(fields[name] for name in nt.fields)))
    new, changes = state.update(old, current, clock)
    by_guid = {n.guid: n for n in new.notes}
    notes = [
        package.NoteSpec(card.guid, did, values, card.tags, by_guid[card.guid].id, by_guid[card.guid].mod, due)
        for due, (did, card, values) in enumerate(rows, start=1)
    ]
    specs = [package.DeckSpec(deck_id(d[0].deck), d[0].deck, description(d)) for d in decks]
    collection, card_count = package.collection_bytes(nt, new.note_type_mod, specs, notes)
    result = Result(output, state_path, len(notes), card_count, len(media), changes)
    if write:
        # The deck first, then the state: a crash between them leaves the old state, which
        # at worst stamps a newer time on notes that were already current.
        package.write_atomically(output, package.apkg_bytes(collection, media))
        text = state.dumps(new)
        if not state_path.exists() or state_path.read_text(encoding="utf-8") != text:
            package.write_atomically(state_path, text.encode())
    return result
