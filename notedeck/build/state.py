"""The build state kept beside the notes: what a rebuild must reproduce.

Anki updates an existing note only when the incoming modification time is newer, and skips
it when equal. So each note keeps the time its content last changed: an unchanged note
keeps its times and ids (same bytes), a changed one gets a newer time (Anki updates it).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # a string as json.dumps(..., ensure_ascii=False) writes it
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import NotesError

FORMAT = 2
READS = (1, 2)  # format 1 (0.1.0) lacks the fields that follow notes through renames: read as empty
FILENAME = "deck-state.json"


@dataclass(frozen=True, slots=True)
class NoteState:
    """What a rebuild must reproduce for one note."""

    guid: str
    deck: str
    term: str
    digest: str
    id: int
    mod: int
    key: str = ""  # the GUID its term makes now, where the note kept an older one (it was renamed)
    text: str = ""  # a digest of its definition as written: a renamed term is found by it
    file: str = ""  # the notes file it comes from: a renamed file is reported by it
    kind: str = ""  # "cloze" for a note of the cloze note type

    @property
    def identity(self) -> str:
        """What the note is found by: the GUID its term makes."""
        return self.key or self.guid


@dataclass(frozen=True)
class State:
    """The whole state file."""

    note_type_digest: str = ""
    note_type_mod: int = 0
    notes: tuple[NoteState, ...] = ()
    namespace: str = ""  # the root deck's name at the first build: what GUIDs are made within, ever after
    root: str = ""  # the root deck's name at the last build
    gone: tuple[tuple[str, str], ...] = ()  # (GUID, term) of notes removed from the notes: --into --delete finds them
    cloze_type_digest: str = ""  # the cloze note type, once a deck has had cloze notes
    cloze_type_mod: int = 0


@dataclass(frozen=True, slots=True)
class Current:
    """A note as this build makes it."""

    guid: str
    deck: str
    term: str
    digest: str
    key: str = ""  # the GUID its term makes, where it keeps an older one
    text: str = ""
    file: str = ""
    kind: str = ""  # "cloze" for a cloze note


@dataclass(frozen=True)
class Changes:
    """Terms added, changed, unchanged and removed since the state was written."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    removed_guids: list[str] = field(default_factory=list)
    note_type_changed: bool = False
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old term, new term), each keeping its note
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old file, new file)
    ambiguous: list[str] = field(default_factory=list)  # renames not made, and why
    root_renamed: tuple[str, str] | None = None  # (old root deck, new one): the notes keep their identities
    switched: list[tuple[str, str]] = field(default_factory=list)  # (term, "cloze" or "term"): its note type changed
    switched_guids: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Would a rebuild change the deck?"""
        return bool(self.added or self.changed or self.removed or self.note_type_changed or self.root_renamed)


def update(old: State, current: Sequence[Current], clock: int) -> tuple[State, Changes]:
    """The state after building ``current`` at time ``clock`` (seconds), and what changed.

    Notes of decks not in this build keep their entries, so building one file of several
    does not make the others look new next time.
    """
    by_guid = {n.guid: n for n in old.notes}
    used_ids = {n.id for n in old.notes}
    next_id = max(clock * 1000, max(used_ids, default=0) + 10)
    changes = Changes()
    notes: list[NoteState] = []
    for note in current:
        before = by_guid.get(note.guid)
        if before is None:
            while next_id in used_ids:
                next_id += 10
            # Card ids are the note id plus the template's ordinal: keep room for them.
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, next_id, clock, note.key,
                                   note.text, note.file, note.kind))
            used_ids.add(next_id)
            next_id += 10
            changes.added.append(note.term)
        elif before.digest != note.digest or before.deck != note.deck or before.term != note.term \
                or before.kind != note.kind:
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, before.id,
                                   max(clock, before.mod + 1), note.key, note.text, note.file, note.kind))
            changes.changed.append(note.term)
            if before.kind != note.kind:
                changes.switched.append((note.term, note.kind or "term"))
                changes.switched_guids.append(note.guid)
        else:
            # Unchanged: the same bytes, the fields that follow it through renames brought up to date.
            notes.append(replace(before, key=note.key, text=note.text, file=note.file))
            changes.unchanged.append(note.term)
    # A note is this build's to keep or remove when its deck or its file is built now (a file that
    # names each note's deck can empty a deck of its own).
    built_decks = {n.deck for n in current}
    built_files = {n.file for n in current if n.file}
    built_guids = {n.guid for n in current}
    gone = {guid: term for guid, term in old.gone if guid not in built_guids}
    for before in old.notes:
        if before.guid in built_guids:
            continue
        if before.deck in built_decks or (before.file and before.file in built_files):
            changes.removed.append(before.term)
            changes.removed_ids.append(before.id)
            changes.removed_guids.append(before.guid)
            gone[before.guid] = before.term
        else:
            notes.append(before)
    return replace(old, notes=tuple(notes), gone=tuple(sorted(gone.items()))), changes


@dataclass(frozen=True, slots=True)
class Wanted:
    """A card as its notes make it, before it is matched with a note of the state."""

    key: str  # the GUID its term makes
    term: str
    text: str  # a digest of its definition as written
    was: str | None = None  # the GUID its [was: Old term] marker's term makes


@dataclass(frozen=True)
class Identities:
    """Which GUID each card keeps, and the renames found."""

    guids: list[str]  # one per card, in order
    renamed: list[tuple[str, str]]  # (old term, new term)
    ambiguous: list[str]


def identities(old: State, cards: Sequence[Wanted], decks: set[str], salt: Callable[[str], str]) -> Identities:
    """Each card's GUID: the one a note of the state already has, or the one its term makes.

    A card whose term makes a GUID a note was given before keeps that note's GUID (the note
    was renamed in an earlier build). Otherwise a removed term and an added term are one note
    renamed when the added one says so (``[was: Old term]``) or when they have the same
    definition, and only one removed and one added term share it: anything else is reported,
    not guessed. ``decks`` are the decks this build fills (notes of other decks are not looked
    at); ``salt`` makes a fresh GUID for a new term whose own is already a renamed note's.
    """
    by_identity = {n.identity: n for n in old.notes}
    keys = {c.key for c in cards}
    guids = [by_identity[c.key].guid if c.key in by_identity else "" for c in cards]
    renamed: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    gone = {n.identity: n for n in old.notes if n.identity not in keys and n.deck in decks}
    for i, card in enumerate(cards):  # said: [was: Old term]
        if guids[i] or card.was is None:
            continue
        note = gone.pop(card.was, None)
        if note is not None:
            guids[i] = note.guid
            renamed.append((note.term, card.term))
    by_text: dict[str, list[NoteState]] = {}
    for note in gone.values():
        if note.text:
            by_text.setdefault(note.text, []).append(note)
    new_by_text: dict[str, list[int]] = {}
    for i, card in enumerate(cards):
        if not guids[i] and card.text in by_text:
            new_by_text.setdefault(card.text, []).append(i)
    for text, news in new_by_text.items():  # found: the same definition under a new term
        olds = by_text[text]
        if len(olds) == 1 and len(news) == 1:
            guids[news[0]] = olds[0].guid
            renamed.append((olds[0].term, cards[news[0]].term))
        else:
            ambiguous.append(f"{' and '.join(repr(n.term) for n in olds)} removed and "
                             f"{' and '.join(repr(cards[i].term) for i in news)} added with the same definition: "
                             "not taken as a rename (write [was: Old term] after the new term to say which)")
    taken = {g for g in guids if g} | {n.guid for n in old.notes if n.key}  # renamed notes keep older GUIDs
    for i, card in enumerate(cards):
        if not guids[i]:  # a new note: its own GUID, unless a renamed note already has that one
            guids[i] = card.key if card.key not in taken else salt(card.key)
    return Identities(guids, renamed, ambiguous)


def moved_files(old: State, current: Sequence[Current]) -> list[tuple[str, str]]:
    """Notes files renamed since the state was written: every note of one now comes from another."""
    if not any(note.file for note in old.notes):
        return []  # a first build, or a state from before files were recorded
    files_now = {n.file for n in current}
    before: dict[str, set[str]] = {}
    by_guid = {n.guid: n for n in current}
    for note in old.notes:
        now = by_guid.get(note.guid)
        if note.file and now is not None and now.file != note.file and note.file not in files_now:
            before.setdefault(note.file, set()).add(now.file)
    return sorted((old_file, next(iter(new))) for old_file, new in before.items() if len(new) == 1)


def with_note_type(state: State, digest: str, clock: int, cloze: bool = False) -> tuple[State, bool]:
    """The state with the (term or cloze) note type's digest; a changed note type gets a newer time."""
    before, before_mod = (state.cloze_type_digest, state.cloze_type_mod) if cloze else \
        (state.note_type_digest, state.note_type_mod)
    if before == digest:
        return state, False
    mod = max(clock, before_mod + 1) if before else clock
    if cloze:
        return replace(state, cloze_type_digest=digest, cloze_type_mod=mod), True
    return replace(state, note_type_digest=digest, note_type_mod=mod), True


def chunks(state: State) -> Iterator[str]:
    """The state file's text in pieces, a note a line, so it diffs well and is never whole in memory."""
    head: dict[str, object] = {"format": FORMAT, "namespace": state.namespace, "root": state.root,
                               "note_type": {"digest": state.note_type_digest, "mod": state.note_type_mod}}
    if state.gone:
        head["gone"] = [list(pair) for pair in state.gone]
    if state.cloze_type_digest:
        head["cloze_type"] = {"digest": state.cloze_type_digest, "mod": state.cloze_type_mod}
    yield json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "notes": ['
    last = len(state.notes) - 1
    for i, n in enumerate(state.notes):
        yield "\n  " + row(n) + ("," if i < last else "")
    yield "\n]}\n"


def row(n: NoteState) -> str:
    """A note's line: what ``json.dumps`` of its fields (sorted, ``ensure_ascii=False``) writes, the
    fields that follow a note through renames only where they say something, written directly
    (a large deck has 100,000 of them; ``tests/test_properties.py`` checks the two agree).
    """
    parts = ['{"deck": ', _string(n.deck), ', "digest": ', _string(n.digest)]
    if n.file:
        parts += [', "file": ', _string(n.file)]
    parts += [', "guid": ', _string(n.guid), ', "id": ', str(int(n.id))]
    if n.key:
        parts += [', "key": ', _string(n.key)]
    if n.kind:
        parts += [', "kind": ', _string(n.kind)]
    parts += [', "mod": ', str(int(n.mod)), ', "term": ', _string(n.term)]
    if n.text:
        parts += [', "text": ', _string(n.text)]
    parts.append("}")
    return "".join(parts)


def dumps(state: State) -> str:
    """The whole state file's text."""
    return "".join(chunks(state))


_OPTIONAL = ("key", "text", "file", "kind")

_HOW_TO_RECOVER = ("restore it from version control (git checkout -- {path}), or delete it to start "
                   "afresh: every note then counts as new and its next import updates it in Anki")


def loads(text: str, path: str) -> State:
    """Parse a state file; anything unexpected is reported with the way to recover."""
    recover = _HOW_TO_RECOVER.format(path=path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotesError.at(path, err.lineno, f"state file is not valid JSON ({err.msg}); {recover}") from None
    try:
        if data.get("format") not in READS:
            raise ValueError(f"unknown format {data.get('format')!r}")
        nt = data["note_type"]
        notes = tuple(
            NoteState(str(n["guid"]), str(n["deck"]), str(n["term"]), str(n["digest"]), int(n["id"]), int(n["mod"]),
                      str(n.get("key", "")), str(n.get("text", "")), str(n.get("file", "")), str(n.get("kind", "")))
            for n in data["notes"]
        )
        gone = tuple((str(guid), str(term)) for guid, term in data.get("gone", []))
        cloze_type = data.get("cloze_type", {"digest": "", "mod": 0})
        state = State(str(nt["digest"]), int(nt["mod"]), notes, str(data.get("namespace", "")),
                      str(data.get("root", "")), gone, str(cloze_type["digest"]), int(cloze_type["mod"]))
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise NotesError.at(path, None, f"state file is damaged ({err!s} is wrong or missing); {recover}") from None
    if len({n.guid for n in notes}) != len(notes) or len({n.id for n in notes}) != len(notes):
        raise NotesError.at(path, None, f"state file is damaged (a note is listed twice); {recover}")
    return state


def brief(path: Path, decks: set[str], files: set[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """The terms of the notes in ``decks`` or from ``files``, and the removed notes, from a state known to be sound.

    For the up-to-date shortcut: the state is the one the package on disk was built with (its
    digest is part of the check), so it is read without building every note's record.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    terms = [n["term"] for n in data["notes"] if n["deck"] in decks or n.get("file") in files]
    return terms, tuple((str(g), str(t)) for g, t in data.get("gone", []))


def load(path: Path) -> State:
    """The state at ``path``; an empty state when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except (OSError, UnicodeDecodeError) as err:
        raise NotesError.at(str(path), None, f"cannot read the state file: {err}") from None
    return loads(text, str(path))
