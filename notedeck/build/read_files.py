"""Read every notes file of a build: each file's cards, from the cache where the file is as it was.

What a notes file gives a build (its cards, parsed by its reader and built into a hierarchy
with their GUIDs by ``cards.make_cards``; the lines its reader passed over; lint's findings; the
digest of each definition) depends only on what ``file_cache.file_key`` hashes: the file's text,
name, path and deck, the settings and shape it is read with, and the tool's code. So a rebuild
takes every unchanged file's from the render cache and parses only the files that changed: editing one file of twenty parses one. A missing, stale or damaged entry is parsed
again, so the cache never changes what a build makes; a file with errors is never cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model import cards, lint
from .. import parse as readers
from ..inputs import files as sources
from ..parse import cloze as clozes
from ..model import decks as deck_info
from ..inputs.settings import ClozeMode, ProjectSettings
from ..errors import NotesError, Problem
from ..cache import file_cache
from ..cache.render_cache import RenderCache

@dataclass
class FileCards:
    """What one notes file gives a build."""

    path: str  # as problems name it
    cards: list[cards.Card]
    skipped: list[Problem]  # warnings: lines a Markdown shape's reader passed over (prose between cards)
    findings: list[tuple[str, lint.Finding]]  # lint's, by check: all of them (what the cache keeps)
    texts: list[str]  # each card's definition digest, what a renamed term is recognised by
    shape: dict[str, str] = field(default_factory=dict)  # the shape it was read in, as the state remembers it
    origin: str = ""  # why it was read in that shape (``readers.Origin``)
    described: tuple[str, ...] = ()  # how a table was read: its columns, its note types (``Reading.described``)
    warnings: list[Problem] = field(default_factory=list)  # lint's findings as shown: see ``show``

    def show(self, checks: lint.LintConfig | None) -> None:
        """Turn the findings into the warnings ``checks`` show (``--verbose`` each one, else a summary of
        a check that fires many times), and let the findings go."""
        self.warnings = lint.report(self.findings, len(self.cards), self.path, checks or lint.LintConfig())
        self.findings = []


def read_all(found: Sequence[sources.Source], root: str, settings: ProjectSettings | None = None,
             namespace: str | None = None, checks: lint.LintConfig | None = None,
             cache: RenderCache | None = None,
             shapes: Mapping[str, Mapping[str, str]] | None = None) -> list[FileCards]:
    """Every notes file's cards, in order; the problems of all files reported together.

    Besides each file's own problems: two files that fill one deck, a file without cards, and a
    term defined in two files. ``shapes`` are the shapes earlier builds read the files in, by
    name: such a file is read in its shape again.
    """
    problems: list[Problem] = []
    files: list[FileCards] = []
    first_file_of_deck: dict[str, str] = {}
    placed: dict[str, tuple[str, int, str]] = {}  # GUID → where its term was first defined, and its definition
    for source in found:
        path = str(source.path)
        deck = deck_info.deck_for(root, source)
        if deck in first_file_of_deck:
            problems.append(Problem(path, None, f"fills the same deck {deck!r} as {first_file_of_deck[deck]}: "
                                    "rename one of the files"))
            continue
        first_file_of_deck[deck] = path
        try:
            read = _cached(source, deck, namespace or root, settings, checks, cache, (shapes or {}).get(source.name))
        except NotesError as err:
            problems.extend(err.problems)
            continue
        read.show(checks)
        if not read.cards:
            problems.append(Problem(path, None, "no cards in this file: write a term line and its "
                                    "definition on the next line (docs/other-notes.md shows the other shapes)"))
            continue
        read.cards, read.texts, twins = _written_elsewhere(read, placed, namespace or root)
        read.warnings = sorted(read.warnings + twins, key=lambda p: p.line or 0)
        files.append(read)
    if problems:
        raise NotesError(problems)
    return files


def _written_elsewhere(read: FileCards, placed: dict[str, tuple[str, int, str]], namespace: str
                       ) -> tuple[list[cards.Card], list[str], list[Problem]]:
    """A file's cards without those another file already has (the same term and definition), the cards
    whose term another file defines otherwise told apart by their definitions; and a warning for each."""
    kept, texts, warnings = [], [], []
    index: dict[int, int] = {}  # a card's place in the file → its place among the cards kept
    for i, (card, text) in enumerate(zip(read.cards, read.texts)):
        if card.guid in placed:
            where, line, definition = placed[card.guid]
            if definition == card.definition:
                warnings.append(Problem(read.path, card.line, f"warning: {card.name!r} is written again with the "
                                        f"same definition as at {where}:{line}: one note (delete one of the two)"))
                continue
            warnings.append(Problem(read.path, card.line, f"warning: {card.name!r} is also defined at {where}:{line}, "
                                    "differently: two notes, told apart by their definitions (merge them, or rename "
                                    "one)"))
            card = replace(card, guid=cards.twin_guid(namespace, card.name, text))
        placed.setdefault(card.guid, (read.path, card.line, card.definition))
        index[i] = len(kept)
        kept.append(card)
        texts.append(text)
    if len(kept) < len(read.cards):  # parents are places in the file: a card left out is no one's parent
        kept = [c if c.parent is None else replace(c, parent=index.get(c.parent)) for c in kept]
    return kept, texts, warnings


def read_file(source: sources.Source, deck: str, namespace: str, settings: ProjectSettings | None = None,
              checks: lint.LintConfig | None = None, shape: Mapping[str, str] | None = None) -> FileCards:
    """One notes file's cards, read (in ``shape`` when an earlier build read it so) and built;
    raises NotesError for its problems."""
    path = str(source.path)
    rule = settings.rule_for(source.name, source.path) if settings is not None else None
    parsed = readers.read(source.text, path, source.path.suffix, rule, shape, deck)
    skipped: list[Problem] = []
    if parsed.skipped:
        lines = readers.lines_of(source.text)
        skipped = [Problem(path, n, f"warning: not a card of this {parsed.shape} file, skipped: "
                           f"{lines[n - 1].strip()[:60]!r}") for n in parsed.skipped]
    hierarchy = _switch(parsed.settings.get("hierarchy"), settings.hierarchy if settings else True, path)
    cloze = _cloze_mode(parsed.settings.get("cloze"), settings.cloze if settings else ClozeMode.AUTO, path)
    made = cards.make_cards(parsed.entries, source.name, path=path, deck=deck, namespace=namespace,
                            hierarchy=hierarchy, cloze=cloze)
    return FileCards(path, made.cards, skipped,
                     lint.findings(made.cards, path, checks or lint.LintConfig(), made.duplicates),
                     [cards.definition_digest(c.definition) for c in made.cards], parsed.remembered,
                     str(parsed.origin), parsed.described)


def _cached(source: sources.Source, deck: str, namespace: str, settings: ProjectSettings | None,
            checks: lint.LintConfig | None, cache: RenderCache | None, shape: Mapping[str, str] | None) -> FileCards:
    if cache is None or not cache.useful:
        return read_file(source, deck, namespace, settings, checks, shape)
    key, path = file_cache.file_key(source, deck, namespace, settings, checks, shape), str(source.path)
    found = cache.file(path, key, lambda value: file_cache.decode(value, path))
    if found is not None:
        return FileCards(path, *found)
    read = read_file(source, deck, namespace, settings, checks, shape)
    if cache.keeps_file(path, key):
        cache.put_file(path, key, file_cache.encode(file_cache.Entry(read.cards, read.skipped, read.findings,
                                                                     read.texts, read.shape, read.origin,
                                                                     read.described)))
    return read


def _switch(value: str | None, default: bool, path: str) -> bool:
    """A true/false setting a file declares (``#hierarchy:false``), else the configured default."""
    if value is None:
        return default
    word = value.strip().lower()
    if word not in ("true", "false", "on", "off", "yes", "no"):
        raise NotesError.at(path, 1, f"hierarchy must be true or false, not {value.strip()!r}")
    return word in ("true", "on", "yes")


def _cloze_mode(value: str | None, default: ClozeMode, path: str) -> ClozeMode:
    """The cloze setting a file declares (``#cloze:anki``), else the configured one."""
    if value is None:
        return default
    word = value.strip().lower()
    if word not in tuple(ClozeMode):
        raise NotesError.at(path, 1, f"cloze must be auto, anki or off, not {value.strip()!r}")
    return ClozeMode(word)
