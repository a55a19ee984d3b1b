"""One build: notes files in, a package and an updated state out.

``build`` takes the build lock and runs the pipeline (``_build``): each stage is a function
of ``stages`` (or ``diagram_plan``) returning a small record the next stages read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import fingerprint, render_cache
from ..errors import NotesError, Problem
from ..inputs import files as sources
from ..inputs.settings import DiagramMode, ProjectSettings
from ..inputs.settings import find as settings_of
from ..model import cards
from ..model import decks as deck_info
from ..output import filenames, notetype
from . import lock, state

if TYPE_CHECKING:
    from ..render.diagrams import topic
    from .stages import ShapeNews

__all__ = ["Inferred", "Options", "Result", "ShapeNews", "build", "default_state_path", "root_deck"]


def __getattr__(name: str) -> object:
    """``ShapeNews`` from the stages, imported when asked for: a build with nothing to do (the up-to-date
    shortcut) never loads the stages, the diagrams and their regular expressions."""
    if name == "ShapeNews":
        from .stages import ShapeNews

        return ShapeNews
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    cards: int | None  # None: not counted (nothing was built: the package on disk is up to date)
    media: int | None
    changes: state.Changes
    up_to_date: bool = False  # nothing to do: the package on disk is what these notes make
    warnings: tuple[Problem, ...] = field(default=())
    preview: Path | None = None
    settings: ProjectSettings = field(default_factory=ProjectSettings)  # the settings file the build used
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
class Inferred:
    """What a build derived from the notes, counted, so a user sees when inference went wild."""

    parents: int
    aliases: int
    with_diagrams: int
    diagrams: DiagramMode  # the setting
    verdict: topic.Verdict | None  # how "auto" decided
    cloze_notes: int = 0  # notes read as clozes, and their cards
    cloze_cards: int = 0


def default_state_path(args: Sequence[str]) -> Path:
    """The state lives beside the notes: in the first folder named, or the first file's folder."""
    first = Path(args[0])
    return (first if first.is_dir() else first.parent) / state.FILENAME


def root_deck(opts: Options, found: Sequence[sources.Source], settings: ProjectSettings) -> str:
    """The root deck: given, configured, or named after the only file or the notes folder."""
    root = opts.root or settings.deck
    if root:
        return root
    if len(found) == 1:
        return cards.deck_name(found[0].name)
    return cards.deck_name(Path(opts.notes[0]).resolve().name)


def build(opts: Options, clock: int, write: bool = True) -> Result:
    """Build the package for the notes in ``opts``; raises NotesError on bad input."""
    state_path = opts.state_path or default_state_path(opts.notes)
    inputs = _Inputs.read(opts)
    if write and opts.preview is None:
        _not_someone_elses(opts, inputs.output, state_path.parent)
    if not write or not state_path.parent.is_dir():
        return _shortcut(opts, inputs, state_path) or _build(opts, inputs, clock, write, state_path)
    # Nothing to do is found without the lock: every file it reads is replaced atomically, so
    # it sees one build's output or another's, and a mismatch only means looking again under the lock.
    if (unchanged := _shortcut(opts, inputs, state_path)) is not None:
        return unchanged
    with lock.locked(state_path.parent):
        return _shortcut(opts, inputs, state_path) or _build(opts, inputs, clock, write, state_path)


def _not_someone_elses(opts: Options, output: Path, notes: Path) -> None:
    """Refuse to write the default package over one built from another notes folder that is still there."""
    if opts.output is not None or not output.exists():
        return  # -o names the file: the user chose it
    other = fingerprint.built_from(output)
    if other is None or other == notes.resolve() or not other.is_dir():
        return  # ours, or of a folder since moved or renamed (this one, most likely)
    here = notes.resolve()
    name = here.parent.name if here.name.casefold() == "notes" else here.name  # a/notes: "a"
    suggestion = output.with_name(f"{output.stem}_{filenames.stem(name)}{output.suffix}")
    raise NotesError.at(str(output), None, f"was built from the notes in {other}, not from those in {notes}: "
                        f"this build would overwrite it. Choose another file with -o (say -o {suggestion}), or "
                        "delete it first")


@dataclass(frozen=True)
class _Inputs:
    """The notes and settings a build reads, read once."""

    found: tuple[sources.Source, ...]
    settings: ProjectSettings
    root: str
    output: Path
    nt: notetype.NoteType
    notes_seen: str
    cloze_nt: notetype.NoteType
    skipped: tuple[str, ...] = ()  # files of the notes folders that are not notes

    @classmethod
    def read(cls, opts: Options) -> _Inputs:
        settings = settings_of(Path(opts.notes[0]))
        found = sources.read(list(opts.notes), settings.subdecks)
        root = root_deck(opts, found, settings)
        output = opts.output or Path("dist") / filenames.package_name(root)
        return cls(tuple(found), settings, root, output, notetype.load(opts.templates), fingerprint.notes_digest(found),
                   notetype.load_cloze(opts.templates), tuple(sources.skipped(list(opts.notes))))

    @property
    def note_types(self) -> tuple[notetype.NoteType, notetype.NoteType]:
        return self.nt, self.cloze_nt

    def built(self) -> set[str]:
        """The decks these notes fill."""
        return {deck_info.deck_for(self.root, s) for s in self.found}

    def let_texts_go(self) -> None:
        """Forget the notes files' text once the build has read them: only their paths and names are read
        after that (the up-to-date fingerprint has the text's digest, ``notes_seen``), and one file of
        100,000 cards is 24 MB as a string. In place: the caller of ``_build`` holds these inputs too."""
        object.__setattr__(self, "found", tuple(replace(s, text="") for s in self.found))

    def fingerprint(self, state_path: Path) -> str:
        return fingerprint.fingerprint(self.root, self.notes_seen, self.found, self.note_types, state_path,
                                       self.settings)


def _shortcut(opts: Options, inputs: _Inputs, state_path: Path) -> Result | None:
    """The result of a build with nothing to do, if the package on disk is what these notes make."""
    if opts.strict or opts.preview is not None:
        return None
    record = fingerprint.recorded(inputs.output)
    if not fingerprint.matches(record, inputs.output, inputs.fingerprint(state_path)):
        return None
    assert record is not None
    decks, files = inputs.built(), {s.name for s in inputs.found}
    # What the state says of these notes, as the build that wrote it wrote it down (a 100k state is 20 MB to read)
    brief = fingerprint.recorded_brief(record, decks, files)
    try:
        terms, gone = brief if brief is not None else state.brief(state_path, decks, files)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not as the package was built with after all: build, and let the build say what is wrong
    changes = state.Changes(unchanged=terms)
    return Result(inputs.output, state_path, len(terms), None, None, changes, up_to_date=True,
                  settings=inputs.settings, root=inputs.root, gone=gone, skipped=inputs.skipped)


def _build(opts: Options, inputs: _Inputs, clock: int, write: bool, state_path: Path) -> Result:
    """The build itself: read, identify, draw, render, update the state, write."""
    from . import diagram_plan, stages  # not for the up-to-date shortcut (see __getattr__)

    old = state.load(state_path)
    # GUIDs are made within the root deck's name at the first build, kept in the state: renaming
    # the only notes file (which names the root) or the root itself keeps every note's identity.
    namespace = old.namespace or inputs.root
    writing = write and opts.preview is None  # a preview or a dry run writes no deck, state or cache
    # What earlier builds read, rendered and drew (beside the package), so only what changed is done again.
    # A rebuild keeps a render cache; a first build, which may well be the only one (a fresh clone in CI,
    # a deck made once to share), is spared the cost of writing one.
    cache = render_cache.RenderCache(render_cache.render_cache_path(inputs.output),
                                     writing and inputs.output.is_file())
    read = stages.read(inputs.found, inputs.root, namespace, inputs.settings, old, cache, opts.verbose, opts.strict)
    identified = stages.identify(read, old, namespace)
    read = replace(read, decks=[])  # the cards live on in ``identified`` alone (see the render below)
    inputs.let_texts_go()
    store = stages.diagram_store(cache)
    plan = diagram_plan.choose(identified.decks, inputs.found, inputs.settings.diagrams, store)
    old, note_type_changed = state.with_note_type(old, inputs.nt.digest, clock)
    cloze_notes = sum(bool(c.cloze) for d in identified.decks for c in d)
    if cloze_notes:  # the cloze note type goes only into a package with cloze notes
        old, cloze_type_changed = state.with_note_type(old, inputs.cloze_nt.digest, clock, cloze=True)
        note_type_changed = note_type_changed or cloze_type_changed
    # What the cards say beyond their rows, taken before the render lets each card go once its row is made:
    # a large deck's cards (their terms, definitions, context lines) are never held beside all its rows.
    specs = stages.deck_specs(identified.decks, inputs.root)
    parents = sum(c.parent is not None for d in identified.decks for c in d)
    aliases = sum(c.alias is not None for d in identified.decks for c in d)
    decks, identified = identified.decks, replace(identified, decks=[])
    verdict = plan.verdict
    rendered = stages.render(decks, inputs.found, plan, read.texts, identified.term_guids, cache,
                             inputs.note_types, opts.progress)
    del decks, plan
    if opts.strict and rendered.warnings:
        raise NotesError(list(rendered.warnings))
    if opts.preview is not None:
        stages.preview_page(opts.preview, inputs.root, rendered, inputs.note_types)
    updated = stages.update_state(old, rendered, read, identified, inputs.found, inputs.root, namespace,
                                  note_type_changed, clock, opts.allow_removals)
    rendered = replace(rendered, current=[])  # the state has what it said of each note
    cache.save(store.pictures())
    written = stages.write(inputs.output if writing else None, rendered, updated.state,
                           specs, inputs.note_types, bool(cloze_notes),
                           (state_path, fingerprint.cache_path(inputs.output)))
    result = Result(inputs.output, state_path, len(rendered.rows), written.cards, len(rendered.media),
                    updated.changes, warnings=read.warnings + rendered.warnings, preview=opts.preview,
                    settings=inputs.settings,
                    inferred=Inferred(parents, aliases, rendered.with_diagrams,
                                      inputs.settings.diagrams, verdict, cloze_notes, rendered.cloze_cards),
                    root=inputs.root,
                    gone=tuple((n.guid, n.term) for n in sorted(updated.state.gone, key=lambda n: (n.id, n.guid))),
                    from_cache=cache.hits, files=len(inputs.found), files_from_cache=cache.files_reused,
                    shapes=read.shape_news, held=updated.held,
                    tables=read.tables_for(opts.verbose), skipped=inputs.skipped)
    if writing:
        from ..output.apkg import write_if_changed

        write_if_changed(state_path, (chunk.encode() for chunk in state.chunks(updated.state)))
        # Last: a crash before this line only costs the next build its shortcut.
        decks, files = inputs.built(), {s.name for s in inputs.found}
        fingerprint.remember(inputs.output, inputs.fingerprint(state_path), written.digest or "", state_path.parent,
                             (decks, files, state.brief_of(updated.state, decks, files)))
    return result
