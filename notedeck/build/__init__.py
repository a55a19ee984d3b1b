"""One build: notes files in, a package and an updated state out."""

from __future__ import annotations

import hashlib
from json.encoder import encode_basestring_ascii as _ascii  # a string as json.dumps writes it
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..parse import cloze as clozes
from ..model import cards, lint
from ..inputs import settings as config, files as sources
from ..render import diagrams, images, markdown as render
from . import render_fields as rendering
from ..output import filenames, notetype, apkg as package
from . import lock, read_files as reading, state
from ..cache import render_cache as reuse
from ..model import decks as deck_info
from ..render.diagrams import topic
from ..errors import NotesError, Problem

@dataclass(frozen=True)
class Options:
    """What to build, from where, to where."""

    notes: Sequence[str] = ("notes",)
    output: Path | None = None
    state_path: Path | None = None
    root: str | None = None  # the root deck; default: pyproject's [tool.notedeck] deck, or from the notes
    templates: Path | None = None  # the card templates and CSS (default: the package's own)
    strict: bool = False  # lint warnings are errors
    verbose: bool = False  # every lint warning, never a summary of many
    preview: Path | None = None  # write this HTML page instead of the deck
    progress: Callable[[int, int], None] | None = None  # told (cards rendered, cards in all) as the build goes
    allow_removals: bool = False  # a build may remove most of a file's notes


@dataclass(frozen=True)
class Result:
    """What a build made (or would make) and what changed."""

    output: Path
    state_path: Path
    notes: int
    cards: int
    media: int
    changes: state.Changes
    up_to_date: bool = False  # nothing to do: the package on disk is what these notes make
    warnings: tuple[Problem, ...] = field(default=())
    preview: Path | None = None
    settings: config.Config = field(default_factory=config.Config)  # the settings file the build used
    inferred: Inferred | None = None  # what the build derived from the terms
    root: str = ""  # the root deck
    gone: tuple[tuple[str, str], ...] = ()  # (GUID, term) of the notes removed from the notes, ever
    from_cache: int = 0  # notes whose fields came from the render cache (the others were rendered)
    files: int = 0  # notes files read
    files_from_cache: int = 0  # notes files whose cards came from the render cache (the others were parsed)
    shapes: tuple[ShapeNews, ...] = ()  # files read in a shape for the first time, or in a new one
    # GUIDs of notes removed by a build that removed most of their file (--allow-removals): --into --delete
    # leaves them for a later run
    held: tuple[str, ...] = ()
    # How tables were read (``vocab.csv: columns read as Front=単語, Back=意味, …``, a line a note type of an
    # Anki export): for files read for the first time or read anew, and for every table with --verbose
    tables: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # files of the notes folders that are not notes: "lecture.docx (a Word document: …)"


@dataclass(frozen=True)
class ShapeNews:
    """A notes file read in a shape the state did not remember for it."""

    file: str
    shape: str
    origin: str  # why: readers.Origin
    before: str | None  # the shape it was read in until now; None for a file first seen


@dataclass(frozen=True)
class Inferred:
    """What a build derived from the notes, counted, so a user sees when inference went wild."""

    parents: int
    aliases: int
    with_diagrams: int
    diagrams: str  # the setting: "auto", "on" or "off"
    verdict: topic.Verdict | None  # how "auto" decided
    cloze_notes: int = 0  # notes read as clozes, and their cards
    cloze_cards: int = 0


def default_state_path(args: Sequence[str]) -> Path:
    """The state lives beside the notes: in the first folder named, or the first file's folder."""
    first = Path(args[0])
    return (first if first.is_dir() else first.parent) / state.FILENAME


def root_deck(opts: Options, found: Sequence[sources.Source], settings: config.Config) -> str:
    """The root deck: given, configured, or named after the only file or the notes folder."""
    root = opts.root or settings.deck
    if root:
        return root
    if len(found) == 1:
        return cards.deck_name(found[0].name)
    return cards.deck_name(Path(opts.notes[0]).resolve().name)


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


def card_diagrams(deck: Sequence[cards.Card], path: str, recognise: bool = True
                  ) -> list[tuple[diagrams.Diagram, ...]]:
    """The diagrams of each card, from its own concept and its ancestors in the hierarchy.

    Without ``recognise`` only cards that ask for a diagram (``[diagram: NAME]``) get one.
    """
    result: list[tuple[diagrams.Diagram, ...]] = []
    problems = []
    for card in deck:
        if not recognise and card.diagram is None:
            result.append(())
            continue
        ancestors = []
        parent = card.parent
        while parent is not None:
            up = deck[parent]
            ancestors.append((up.name, up.alias, up.short))
            parent = up.parent
        try:
            result.append(diagrams.diagrams_for(card.name, card.alias, card.short, ancestors, card.diagram))
        except diagrams.UnknownDiagram as err:
            problems.append(Problem(path, card.line, str(err)))
    if problems:
        raise NotesError(problems)
    return result


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


def _mass_removals(old: state.State, changes: state.Changes, found: Sequence[sources.Source], root: str,
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


PROGRESS_EVERY = 500  # cards between two progress reports


def note_digest(deck: str, fields: dict[str, str], tags: Sequence[str]) -> str:
    """What counts as a change: every field but the source line, the tags and the deck.

    The hash of ``json.dumps([deck, fields but Source, tags], sort_keys=True)``, that text written
    directly (once a note, for 100,000s of notes; ``tests/test_properties.py`` checks it is the same).
    """
    content = ", ".join(f"{_ascii(k)}: {_ascii(fields[k])}" for k in sorted(fields) if k != "Source")
    text = f"[{_ascii(deck)}, {{{content}}}, [{', '.join(map(_ascii, tags))}]]"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _same_notes(rows: list[tuple], new: state.State) -> Iterator[state.NoteState]:  # type: ignore[type-arg]
    """The state's notes for the rows, checked one by one (a mismatch is a bug, never a wrong deck)."""
    for row, note in zip(rows, new.notes):
        if row[2] != note.guid:
            raise AssertionError(f"the state's notes are not in the build's order at {note.guid}")
        yield note


def _remove_stale_temporaries(*paths: Path) -> None:
    """Temporary files a killed build left: under the lock, no live build owns them."""
    for path in paths:
        if path.parent.is_dir():
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                stale.unlink(missing_ok=True)


def build(opts: Options, clock: int, write: bool = True) -> Result:
    """Build the package for the notes in ``opts``; raises NotesError on bad input."""
    state_path = opts.state_path or default_state_path(opts.notes)
    inputs = _Inputs.read(opts)
    if not write or not state_path.parent.is_dir():
        return _shortcut(opts, inputs, state_path) or _build(opts, inputs, clock, write, state_path)
    # Nothing to do is found without the lock: every file it reads is replaced atomically, so
    # it sees one build's output or another's, and a mismatch only means looking again under the lock.
    if (unchanged := _shortcut(opts, inputs, state_path)) is not None:
        return unchanged
    with lock.locked(state_path.parent):
        return _shortcut(opts, inputs, state_path) or _build(opts, inputs, clock, write, state_path)


@dataclass
class _Inputs:
    """The notes and settings a build reads, read once (the texts let go of once parsed)."""

    found: list[sources.Source]
    settings: config.Config
    root: str
    output: Path
    nt: notetype.NoteType
    notes_seen: str
    cloze_nt: notetype.NoteType
    skipped: tuple[str, ...] = ()  # files of the notes folders that are not notes

    @classmethod
    def read(cls, opts: Options) -> _Inputs:
        found = sources.read(list(opts.notes))
        settings = config.find(Path(opts.notes[0]))
        root = root_deck(opts, found, settings)
        output = opts.output or Path("dist") / filenames.package_name(root)
        return cls(found, settings, root, output, notetype.load(opts.templates), reuse.notes_digest(found),
                   notetype.load_cloze(opts.templates), tuple(sources.skipped(list(opts.notes))))

    def fingerprint(self, state_path: Path) -> str:
        return reuse.fingerprint(self.root, self.notes_seen, self.found, (self.nt, self.cloze_nt), state_path,
                                    self.settings)


def _shortcut(opts: Options, inputs: _Inputs, state_path: Path) -> Result | None:
    """The result of a build with nothing to do, if the package on disk is what these notes make."""
    if opts.strict or opts.preview is not None or \
            not reuse.up_to_date(inputs.output, inputs.fingerprint(state_path)):
        return None
    try:
        terms, gone = state.brief(state_path, {deck_info.deck_for(inputs.root, s) for s in inputs.found},
                                  {s.name for s in inputs.found})
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not as the package was built with after all: build, and let the build say what is wrong
    changes = state.Changes(unchanged=terms)
    return Result(inputs.output, state_path, len(terms), -1, -1, changes, up_to_date=True,
                  settings=inputs.settings, root=inputs.root, gone=gone, skipped=inputs.skipped)


def _build(opts: Options, inputs: _Inputs, clock: int, write: bool, state_path: Path) -> Result:
    """The build itself: read, render and write."""
    found, settings, root, output, nt = inputs.found, inputs.settings, inputs.root, inputs.output, inputs.nt
    old = state.load(state_path)
    # GUIDs are made within the root deck's name at the first build, kept in the state: renaming
    # the only notes file (which names the root) or the root itself keeps every note's identity.
    namespace = old.namespace or root
    # What earlier builds read, rendered and drew (beside the package), so only what changed is done again.
    writing = write and opts.preview is None  # a preview or a dry run writes no deck, state or cache
    # A rebuild keeps a render cache; a first build, which may well be the only one (a fresh
    # clone in CI, a deck made once to share), is spared the cost of writing one.
    cache = reuse.RenderCache(reuse.render_cache_path(output), writing and output.is_file())
    try:
        checks, bad_lint = lint.settings(dict(settings.lint), str(settings.path), opts.verbose), None
    except NotesError as err:  # reported after the notes' own problems, as they come first
        checks, bad_lint = lint.Settings(), err
    files = reading.read_all(found, root, settings, namespace, checks, cache, remembered_shapes(old, found, root))
    if bad_lint is not None:
        raise bad_lint
    warnings = tuple(w for f in files for w in f.skipped) + tuple(w for f in files for w in f.warnings)
    if opts.strict and warnings:
        raise NotesError(list(warnings))
    decks, renames, keys = keep_identities([f.cards for f in files], texts := [t for f in files for t in f.texts],
                                           old, namespace)
    shapes = {source.name: f.shape for source, f in zip(found, files)}
    shape_news = tuple(ShapeNews(source.name, f.shape["shape"], f.origin, old.files[source.name]["shape"]
                                 if source.name in old.files else None)
                       for source, f in zip(found, files)
                       if old.files.get(source.name, {}).get("shape") != f.shape["shape"])
    tables = tuple(f"{source.name}: {line}" for source, f in zip(found, files)
                   if opts.verbose or old.files.get(source.name) != f.shape for line in f.described)
    del files
    text_of = iter(texts)
    found = inputs.found = [replace(s, text="") for s in found]  # parsed: the text need not stay in memory
    everything = [c for d in decks for c in d]
    parents, aliases = sum(c.parent is not None for c in everything), sum(c.alias is not None for c in everything)
    diagrams.RECALLED.update(cache.pictures)
    # Each card's pictures as recognised from its terms; "auto" keeps them only in a deck about networks.
    pictures_of = [card_diagrams(deck, str(source.path), settings.diagrams != "off") for deck, source in
                   zip(decks, found)]
    verdict = None
    if settings.diagrams == "auto":
        recognised = sum(bool(p) for d, ps in zip(decks, pictures_of) for c, p in zip(d, ps) if c.diagram is None)
        verdict = topic.judge([(c.name, c.definition) for c in everything], recognised)
        if not verdict.about_networks:
            pictures_of = [[p if c.diagram is not None else () for c, p in zip(d, ps)]
                           for d, ps in zip(decks, pictures_of)]
    del everything
    with_diagrams = 0
    by_deck: dict[str, list[cards.Card]] = {}
    for card in (c for d in decks for c in d):  # a file fills one deck, unless it names each note's deck
        by_deck.setdefault(card.deck, []).append(card)
    specs = [package.DeckSpec(deck_info.deck_id(name), name, deck_info.description(cs)) for name, cs in by_deck.items()]
    del by_deck
    if root not in {spec.name for spec in specs}:
        specs.insert(0, package.DeckSpec(deck_info.deck_id(root), root, deck_info.root_description(root, decks)))
    old, note_type_changed = state.with_note_type(old, nt.digest, clock)
    cloze_notes = sum(bool(c.cloze) for d in decks for c in d)
    if cloze_notes:  # the cloze note type goes only into a package with cloze notes
        old, cloze_type_changed = state.with_note_type(old, inputs.cloze_nt.digest, clock, cloze=True)
        note_type_changed = note_type_changed or cloze_type_changed
    current_notes: list[state.Current] = []
    # Only what the package needs of each card: the cards themselves can go once rendered.
    rows: list[tuple[int, str, str, tuple[str, ...], tuple[str, ...], tuple[int, ...]]] = []
    cloze_cards = 0
    media: dict[str, bytes] = {}
    render_problems: list[Problem] = []  # images that cannot be used, clozes no card can show
    total, done = sum(map(len, decks)), 0
    if opts.progress is not None:
        opts.progress(0, total)
    jobs = ((card, pictures, resolver) for deck, source, deck_pictures in zip(decks, found, pictures_of)
            for resolver in (images.Images(source.path, media),) for card, pictures in zip(deck, deck_pictures))
    rendered = rendering.fields(jobs, cache, total)
    for deck, source, deck_pictures in zip(decks, found, pictures_of):
        for card, pictures in zip(deck, deck_pictures):
            with_diagrams += bool(pictures)
            text = next(text_of)  # before anything can skip the card: the digests go in step with the cards
            fields = next(rendered)
            if isinstance(fields, render.ImageError):
                render_problems.append(Problem(str(source.path), card.line, str(fields)))
                continue
            numbers = card.cloze and clozes.numbers_shown(fields["Text"])  # the clozes Anki will see
            if card.cloze and not numbers:
                render_problems.append(Problem(str(source.path), card.line, f"every cloze of {card.name!r} is inside "
                                              "code, where it is shown as written: take one out of the code"))
                continue
            for picture in pictures:
                media[picture.filename] = picture.svg.encode()
            current_notes.append(state.Current(card.guid, card.deck, card.name,
                                               note_digest(card.deck, fields, card.tags), keys.get(card.guid, ""),
                                               text, card.source, "cloze" if card.cloze else ""))
            rows.append((deck_info.deck_id(card.deck), card.deck, card.guid, card.tags,
                         tuple(fields[name] for name in (inputs.cloze_nt if card.cloze else nt).fields), numbers or ()))
            cloze_cards += len(numbers or ())
            done += 1
            if opts.progress is not None and done % PROGRESS_EVERY == 0:
                opts.progress(done, total)
    del decks, deck, rendered
    if render_problems:
        raise NotesError(render_problems)
    if opts.preview is not None:
        from ..output import preview  # only for --preview

        shown = [(deck_name, dict(zip((inputs.cloze_nt if numbers else nt).fields, values)), numbers)
                 for _, deck_name, _, _, values, numbers in rows]
        package.write_atomically(opts.preview, preview.page(root, shown, nt, media, inputs.cloze_nt).encode())
    new, changes = state.update(old, current_notes, clock)
    held = _mass_removals(old, changes, found, root, opts.allow_removals)
    new = replace(new, namespace=namespace, root=root, files={**old.files, **shapes})
    changes = replace(changes, note_type_changed=note_type_changed, moved=state.moved_files(old, current_notes),
                      root_renamed=(old.root, root) if old.root and old.root != root else None,
                      renamed=renames.renamed, ambiguous=renames.ambiguous)
    del current_notes
    notes = (  # a generator: the collection is written from it, row by row
        package.NoteSpec(guid, did, values, tags, note.id, note.mod, due, numbers)
        # The state lists this build's notes first, in the order they were given to it: the rows' order.
        for due, ((did, _, guid, tags, values, numbers), note) in enumerate(zip(rows, _same_notes(rows, new)), start=1)
    )
    note_count = len(rows)
    cache.save({k: (d.svg, d.alt) for k, d in diagrams.MADE.items()})
    with tempfile.TemporaryDirectory(prefix="notedeck-") as tmp:
        db = Path(tmp) / "collection.anki2"
        card_count = package.write_collection(db, nt, new.note_type_mod, specs, notes,
                                              (inputs.cloze_nt, new.cloze_type_mod) if cloze_notes else None,
                                              max((n.id for n in new.notes), default=0) + 10)
        del rows, notes
        if writing:
            # The deck first, then the state: a crash between them leaves the old state,
            # which at worst stamps a newer time on notes that were already current.
            _remove_stale_temporaries(output, state_path, reuse.cache_path(output))
            package_digest = package.write_apkg(output, db, media)
    result = Result(output, state_path, note_count, card_count, len(media), changes,
                    warnings=warnings, preview=opts.preview, settings=settings,
                    inferred=Inferred(parents, aliases, with_diagrams, settings.diagrams, verdict, cloze_notes,
                                      cloze_cards), root=root,
                    gone=tuple((n.guid, n.term) for n in sorted(new.gone, key=lambda n: (n.id, n.guid))),
                    from_cache=cache.hits, files=len(found),
                    files_from_cache=cache.files_reused, shapes=shape_news, held=held, tables=tables,
                    skipped=inputs.skipped)
    if writing:
        package.write_if_changed(state_path, (chunk.encode() for chunk in state.chunks(new)))
        # Last: a crash before this line only costs the next build its shortcut.
        reuse.remember(output, inputs.fingerprint(state_path), package_digest)
    return result

