"""The stages of one build, each a function that returns a small frozen record.

``build._build`` calls them in order: read the notes files, give each card its note, choose
the diagrams, render every card's fields, update the state, write the package. A stage's
locals end when it returns; what the next stages need is in its record.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from json.encoder import encode_basestring_ascii as _ascii  # a string as json.dumps writes it
from pathlib import Path
from typing import NamedTuple

from ..cache import render_cache
from ..errors import NotesError, Problem
from ..inputs import files as sources
from ..inputs.settings import ProjectSettings
from ..model import cards, lint
from ..model import decks as deck_info
from ..output import apkg, notetype
from ..parse import cloze as clozes
from ..render import diagrams
from ..render.images import Images
from . import diagram_plan, identities, read_files, render_fields, state

PROGRESS_EVERY = 500  # cards between two progress reports


@dataclass(frozen=True)
class Read:
    """What the notes files give: each file's cards (a deck each), their definitions' digests, the
    warnings, and the shape each file was read in."""

    decks: list[list[cards.Card]]
    texts: list[str]  # each card's definition digest, in order
    warnings: tuple[Problem, ...]
    shapes: dict[str, dict[str, str]]  # by file name: what the state remembers
    shape_news: tuple[ShapeNews, ...]
    tables: tuple[tuple[str, bool], ...] = ()  # how each table was read, and whether it is new to the state

    def tables_for(self, verbose: bool) -> tuple[str, ...]:
        """How tables were read: those read for the first time or anew, or every one (``verbose``)."""
        return tuple(line for line, new in self.tables if verbose or new)


@dataclass(frozen=True)
class ShapeNews:
    """A notes file read in a shape the state did not remember for it."""

    file: str
    shape: str
    origin: str  # why: parse.Origin
    before: str | None  # the shape it was read in until now; None for a file first seen


def read(found: Sequence[sources.Source], root: str, namespace: str, settings: ProjectSettings, old: state.State,
         cache: render_cache.RenderCache, verbose: bool, strict: bool) -> Read:
    """Every file's cards in the shape it is (or was first) read in; lint's and the readers' warnings
    (errors with ``strict``)."""
    try:
        checks, bad_lint = lint.config_from(dict(settings.lint), str(settings.path), verbose), None
    except NotesError as err:  # reported after the notes' own problems, as they come first
        checks, bad_lint = lint.LintConfig(), err
    files = read_files.read_all(found, root, settings, namespace, checks, cache,
                                identities.remembered_shapes(old, found, root))
    if bad_lint is not None:
        raise bad_lint
    warnings = tuple(w for f in files for w in f.skipped) + tuple(w for f in files for w in f.warnings)
    if strict and warnings:
        raise NotesError(list(warnings))
    news = tuple(ShapeNews(s.name, f.shape["shape"], f.origin, old.files[s.name]["shape"] if s.name in old.files
                           else None) for s, f in zip(found, files)
                 if old.files.get(s.name, {}).get("shape") != f.shape["shape"])
    tables = tuple((f"{s.name}: {line}", old.files.get(s.name) != f.shape) for s, f in zip(found, files)
                   for line in f.described)
    return Read([f.cards for f in files], [t for f in files for t in f.texts], warnings,
                {s.name: f.shape for s, f in zip(found, files)}, news, tables)


@dataclass(frozen=True)
class Identified:
    """The cards with the GUIDs of their notes, the renames found, and each renamed card's own GUID."""

    decks: list[list[cards.Card]]
    renames: state.Identities
    term_guids: dict[str, str]  # GUID kept → the GUID the card's term makes now


def identify(read: Read, old: state.State, namespace: str) -> Identified:
    return Identified(*identities.keep_identities(read.decks, read.texts, old, namespace))


def deck_specs(decks: Sequence[Sequence[cards.Card]], root: str) -> list[apkg.DeckSpec]:
    """The package's decks: one a notes file (or a deck an export names), and the root above them."""
    by_deck: dict[str, list[cards.Card]] = {}
    for card in (c for d in decks for c in d):  # a file fills one deck, unless it names each note's deck
        by_deck.setdefault(card.deck, []).append(card)
    specs = [apkg.DeckSpec(deck_info.deck_id(name), name, deck_info.description(cs)) for name, cs in by_deck.items()]
    if root not in {spec.name for spec in specs}:
        specs.insert(0, apkg.DeckSpec(deck_info.deck_id(root), root, deck_info.root_description(root, decks)))
    return specs


class Row(NamedTuple):
    """What the package needs of a card (the card itself can go once rendered)."""

    deck_id: int
    deck: str
    guid: str
    tags: tuple[str, ...]
    values: tuple[str, ...]  # its fields, in its note type's order
    numbers: tuple[int, ...]  # a cloze note's cloze numbers


@dataclass(frozen=True)
class Rendered:
    """Every card rendered: the package's rows, the state's view of each note, media, counts, image warnings."""

    rows: list[Row]
    current: list[state.Current]
    media: dict[str, bytes]
    with_diagrams: int
    cloze_cards: int
    warnings: tuple[Problem, ...]  # local images that could not be used (each card shows the alt text)


def render(decks: list[list[cards.Card | None]], found: Sequence[sources.Source], plan: diagram_plan.DiagramPlan,
           texts: Sequence[str], term_guids: dict[str, str], cache: render_cache.RenderCache,
           note_types: tuple[notetype.NoteType, notetype.NoteType],
           progress: Callable[[int, int], None] | None) -> Rendered:
    """Every card's fields, from the render cache, here or in a worker; raises NotesError for a cloze note
    whose every cloze sits in code.

    Empties ``decks`` as it goes: each card is let go (its place set to None) once its row is made, so
    a large deck's cards and its rows are not all held at once (the caller keeps no other reference).
    """
    nt, cloze_nt = note_types
    rows: list[Row] = []
    current: list[state.Current] = []
    media: dict[str, bytes] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    with_diagrams = cloze_cards = done = 0
    total = sum(map(len, decks))
    if progress is not None:
        progress(0, total)
    jobs = (render_fields.Job(card, pictures, resolver) for deck, source, deck_pictures in
            zip(decks, found, plan.pictures) for resolver in (Images(source.path, media),)
            for card, pictures in zip(deck, deck_pictures))
    rendered = render_fields.fields(jobs, cache, total)
    text_of = iter(texts)
    for deck, source, deck_pictures in zip(decks, found, plan.pictures):
        for at, (card, pictures) in enumerate(zip(deck, deck_pictures)):
            assert card is not None
            with_diagrams += bool(pictures)
            text = next(text_of)  # before anything can skip the card: the digests go in step with the cards
            fields, image_problems = next(rendered)
            deck[at] = None  # its job has been made and rendered: the row below is what is kept of it
            warnings += [Problem(str(source.path), card.line, f"warning: {p}") for p in image_problems]
            numbers = clozes.numbers_shown(fields["Text"]) if card.cloze else ()  # the clozes Anki will see
            if card.cloze and not numbers:
                problems.append(Problem(str(source.path), card.line, f"every cloze of {card.name!r} is inside "
                                        "code, where it is shown as written: take one out of the code"))
                continue
            for picture in pictures:
                media[picture.filename] = picture.svg.encode()
            current.append(state.Current(card.guid, card.deck, card.name, note_digest(card.deck, fields, card.tags),
                                         term_guids.get(card.guid, ""), text, card.source,
                                         state.NoteKind.CLOZE if card.cloze else state.NoteKind.TERM))
            rows.append(Row(deck_info.deck_id(card.deck), card.deck, card.guid, card.tags,
                            tuple(fields[name] for name in (cloze_nt if card.cloze else nt).fields), numbers))
            cloze_cards += len(numbers)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if problems:
        raise NotesError(problems)
    return Rendered(rows, current, media, with_diagrams, cloze_cards, tuple(warnings))


def note_digest(deck: str, fields: dict[str, str], tags: Sequence[str]) -> str:
    """What counts as a change: every field but the source line, the tags and the deck.

    The hash of ``json.dumps([deck, fields but Source, tags], sort_keys=True)``, that text written
    directly (once a note, for 100,000s of notes; ``tests/end_to_end/test_properties.py`` checks it is the same).
    """
    content = ", ".join(f"{_ascii(k)}: {_ascii(fields[k])}" for k in sorted(fields) if k != "Source")
    text = f"[{_ascii(deck)}, {{{content}}}, [{', '.join(map(_ascii, tags))}]]"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Updated:
    """The state after this build, what changed, and the notes --into --delete must leave this time."""

    state: state.State
    changes: state.Changes
    held: tuple[str, ...]


def update_state(old: state.State, rendered: Rendered, read: Read, identified: Identified,
                 found: Sequence[sources.Source], root: str, namespace: str, note_type_changed: bool,
                 clock: int, allow_removals: bool) -> Updated:
    """The state this build leaves, and what changed since the last; stops a build that would remove
    most of a file's notes unless ``allow_removals``."""
    new, changes = state.update(old, rendered.current, clock)
    held = identities.mass_removals(old, changes, found, root, allow_removals)
    new = replace(new, namespace=namespace, root=root, files={**old.files, **read.shapes})
    changes = replace(changes, note_type_changed=note_type_changed, moved=state.moved_files(old, rendered.current),
                      root_renamed=(old.root, root) if old.root and old.root != root else None,
                      renamed=identified.renames.renamed, ambiguous=identified.renames.ambiguous)
    return Updated(new, changes, held)


@dataclass(frozen=True)
class Written:
    """The package made: its cards, and its sha256 when it was written."""

    cards: int
    digest: str | None


def write(output: Path | None, rendered: Rendered, new: state.State, specs: Sequence[apkg.DeckSpec],
          note_types: tuple[notetype.NoteType, notetype.NoteType], cloze_notes: bool,
          also_clear: Sequence[Path]) -> Written:
    """The collection, and the package at ``output`` (None: made, to count its cards, but not written)."""
    nt, cloze_nt = note_types
    notes = (  # a generator: the collection is written from it, row by row
        apkg.NoteSpec(row.guid, row.deck_id, row.values, row.tags, note.id, note.mod, due, row.numbers)
        # The state lists this build's notes first, in the order they were given to it: the rows' order.
        for due, (row, note) in enumerate(zip(rendered.rows, _same_notes(rendered.rows, new)), start=1)
    )
    with tempfile.TemporaryDirectory(prefix="notedeck-") as tmp:
        db = Path(tmp) / "collection.anki2"
        card_count = apkg.write_collection(db, nt, new.note_type_mod, specs, notes,
                                           (cloze_nt, new.cloze_type_mod) if cloze_notes else None,
                                           max((n.id for n in new.notes), default=0) + 10)
        if output is None:
            return Written(card_count, None)
        # The deck first, then the state: a crash between them leaves the old state,
        # which at worst stamps a newer time on notes that were already current.
        _remove_stale_temporaries(output, *also_clear)
        return Written(card_count, apkg.write_apkg(output, db, rendered.media))


def _same_notes(rows: Sequence[Row], new: state.State) -> Iterator[state.NoteState]:
    """The state's notes for the rows, checked one by one (a mismatch is a bug, never a wrong deck)."""
    for row, note in zip(rows, new.notes):
        if row.guid != note.guid:
            raise AssertionError(f"the state's notes are not in the build's order at {note.guid}")
        yield note


def _remove_stale_temporaries(*paths: Path) -> None:
    """Temporary files a killed build left: under the lock, no live build owns them."""
    for path in paths:
        if path.parent.is_dir():
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                stale.unlink(missing_ok=True)


def preview_page(path: Path, root: str, rendered: Rendered,
                 note_types: tuple[notetype.NoteType, notetype.NoteType]) -> None:
    """``--preview``: one page with every card, drawn with the note type's templates."""
    from ..output import preview  # only for --preview

    nt, cloze_nt = note_types
    shown = [(row.deck, dict(zip((cloze_nt if row.numbers else nt).fields, row.values)), row.numbers)
             for row in rendered.rows]
    apkg.write_atomically(path, preview.page(root, shown, nt, rendered.media, cloze_nt).encode())


def diagram_store(cache: render_cache.RenderCache) -> diagrams.DiagramStore:
    """This build's pictures: recalled from the render cache, or drawn."""
    return diagrams.DiagramStore(cache.pictures)
