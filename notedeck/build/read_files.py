"""Read every notes file of a build: each file's cards, from the cache where the file is as it was.

What a notes file gives a build (its cards, parsed by its reader and built into a hierarchy
with their GUIDs by ``cards.build``; the lines its reader passed over; lint's findings; the
digest of each definition) depends only on what ``file_key`` hashes: the file's text, name,
path and deck, the settings it is read with, and the tool's code. So a rebuild takes every
unchanged file's from the render cache (``reuse.RenderCache``) and parses only the files that
changed: editing one file of twenty parses one. A missing, stale or damaged entry is parsed
again, so the cache never changes what a build makes; a file with errors is never cached.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, field, fields, replace

from ..model import cards, lint
from .. import parse as readers
from ..inputs import files as sources
from ..parse import cloze as clozes
from ..model import decks as deck_info
from ..inputs.settings import Config
from ..errors import NotesError, Problem
from ..cache.render_cache import RenderCache, renderer

_CARD_FIELDS = tuple(f.name for f in fields(cards.Card))
# What each field of a card may hold, as JSON gives it back (a list where the card has a tuple):
# an entry holding anything else is not what this code wrote. A new field of Card must be named here.
_STR, _INT, _BOOL, _NONE, _LIST = (str,), (int,), (bool,), (type(None),), (list,)
_KINDS = {"deck": _STR, "term": _STR, "name": _STR, "alias": _STR + _NONE, "definition": _STR, "source": _STR,
          "line": _INT, "headings": _LIST, "parent": _INT + _NONE, "short": _STR + _NONE, "context": _STR,
          "tags": _LIST, "reverse": _BOOL, "diagram": _STR + _NONE, "guid": _STR, "extra": _STR, "markup": _STR,
          "was": _STR + _NONE, "cloze": _LIST, "titled": _BOOL}
_CHECKS = tuple(_KINDS[name] for name in _CARD_FIELDS)
_TUPLES = tuple(i for i, name in enumerate(_CARD_FIELDS) if _KINDS[name] == _LIST)
_SHARED = tuple(_CARD_FIELDS.index(name) for name in ("deck", "source", "context", "markup"))


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

    def show(self, checks: lint.Settings | None) -> None:
        """Turn the findings into the warnings ``checks`` show (``--verbose`` each one, else a summary of
        a check that fires many times), and let the findings go."""
        self.warnings = lint.report(self.findings, len(self.cards), self.path, checks or lint.Settings())
        self.findings = []


def read_all(found: Sequence[sources.Source], root: str, settings: Config | None = None,
             namespace: str | None = None, checks: lint.Settings | None = None,
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
                                    "definition on the next line (the README shows the other shapes)"))
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


def read_file(source: sources.Source, deck: str, namespace: str, settings: Config | None = None,
              checks: lint.Settings | None = None, shape: Mapping[str, str] | None = None) -> FileCards:
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
    cloze = _cloze_mode(parsed.settings.get("cloze"), settings.cloze if settings else "auto", path)
    made = cards.make_cards(parsed.entries, source.name, path=path, deck=deck, namespace=namespace,
                            hierarchy=hierarchy, cloze=cloze)
    return FileCards(path, made.cards, skipped,
                     lint.findings(made.cards, path, checks or lint.Settings(), made.duplicates),
                     [cards.definition_digest(c.definition) for c in made.cards], parsed.remembered,
                     str(parsed.origin), parsed.described)


def file_key(source: sources.Source, deck: str, namespace: str, settings: Config | None,
             checks: lint.Settings | None, shape: Mapping[str, str] | None = None) -> bytes:
    """The hash of everything ``read_file`` reads."""
    rule = settings.rule_for(source.name, source.path) if settings is not None else None
    # What the checks find, not how it is shown: --verbose and the summary threshold read the same entry.
    lint_settings = None if checks is None else (sorted(checks.disabled), checks.max_answer_words,
                                                 checks.max_term_words)
    parts = (renderer(), source.name, str(source.path), source.path.suffix,
             sorted(rule.items()) if rule else None, deck, namespace,
             (settings.hierarchy, settings.cloze) if settings is not None else None, lint_settings,
             sorted(shape.items()) if shape else None)
    h = hashlib.blake2b(repr(parts).encode(), digest_size=16)
    h.update(b"\0" + source.text.encode())
    return h.digest()


def _cached(source: sources.Source, deck: str, namespace: str, settings: Config | None,
            checks: lint.Settings | None, cache: RenderCache | None, shape: Mapping[str, str] | None) -> FileCards:
    if cache is None or not cache.useful:
        return read_file(source, deck, namespace, settings, checks, shape)
    key, path = file_key(source, deck, namespace, settings, checks, shape), str(source.path)
    found = cache.file(path, key, lambda value: _decode(value, path))
    if found is not None:
        return found
    read = read_file(source, deck, namespace, settings, checks, shape)
    if cache.keeps_file(path, key):
        cache.put_file(path, key, _encode(read))
    return read


def _encode(read: FileCards) -> bytes:
    return json.dumps({
        "cards": [[getattr(c, name) for name in _CARD_FIELDS] for c in read.cards],
        "skipped": [astuple(p) for p in read.skipped],
        "findings": [[name, *astuple(f.problem), f.value] for name, f in read.findings],
        "texts": read.texts,
        "shape": read.shape,
        "origin": read.origin,
        "described": read.described,
    }, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(value: bytes, path: str) -> FileCards:
    data = json.loads(value)
    # Strings many cards share (deck, file, markup, headings, tags, context) are shared again, as
    # the reader shares them: 100,000 cards would otherwise hold a copy each.
    shared: dict[str, str] = {}
    one = shared.setdefault
    built = []
    for values in data["cards"]:
        if len(values) != len(_CHECKS) or not all(type(v) in kinds for v, kinds in zip(values, _CHECKS)):
            raise ValueError("a card of another shape")
        for i in _SHARED:
            values[i] = one(values[i], values[i])
        for i in _TUPLES:
            values[i] = tuple([one(v, v) for v in values[i]])
        built.append(cards.Card(*values))
    texts = data["texts"]
    if len(texts) != len(built) or not all(isinstance(t, str) for t in texts):
        raise ValueError("digests that do not match the cards")
    found = [(name, lint.Finding(Problem(where, line, message), number))
             for name, where, line, message, number in data["findings"]]
    shape, origin, described = data["shape"], data["origin"], data["described"]
    if not isinstance(shape, dict) or not all(isinstance(v, str) for v in shape.values()) or \
            not isinstance(origin, str) or not isinstance(described, list) or \
            not all(isinstance(d, str) for d in described):
        raise ValueError("a shape of another form")
    return FileCards(path, built, [Problem(*p) for p in data["skipped"]], found, texts, shape, origin,
                     tuple(described))


def _switch(value: str | None, default: bool, path: str) -> bool:
    """A true/false setting a file declares (``#hierarchy:false``), else the configured default."""
    if value is None:
        return default
    word = value.strip().lower()
    if word not in ("true", "false", "on", "off", "yes", "no"):
        raise NotesError.at(path, 1, f"hierarchy must be true or false, not {value.strip()!r}")
    return word in ("true", "on", "yes")


def _cloze_mode(value: str | None, default: str, path: str) -> str:
    """The cloze setting a file declares (``#cloze:anki``), else the configured one."""
    if value is None:
        return default
    word = value.strip().lower()
    if word not in clozes.MODES:
        raise NotesError.at(path, 1, f"cloze must be auto, anki or off, not {value.strip()!r}")
    return word
