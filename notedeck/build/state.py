"""The build state kept beside the notes: what a rebuild must reproduce.

Anki updates an existing note only when the incoming modification time is newer, and skips
it when equal. So each note keeps the time its content last changed: an unchanged note
keeps its times and ids (same bytes), a changed one gets a newer time (Anki updates it).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # a string as json.dumps(..., ensure_ascii=False) writes it
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from sys import intern

from ..errors import NotesError
from ..model.cards import identity_key

FORMAT = 3
# Format 1 (0.1.0) lacks the fields that follow notes through renames: read as empty. Format 2 lacks the
# shapes files were read in, and keeps only the GUID and term of a removed note.
READS = (1, 2, 3)
FILENAME = "deck-state.json"


class NoteKind(StrEnum):
    """Which note type a note is of (the state writes a term note's kind as nothing)."""

    TERM = ""
    CLOZE = "cloze"


@dataclass(frozen=True, slots=True)
class NoteState:
    """What a rebuild must reproduce for one note."""

    guid: str
    deck: str
    term: str
    digest: str
    id: int
    mod: int
    term_guid: str = ""  # the GUID its term makes now, where the note kept an older one (it was renamed)
    text: str = ""  # a digest of its definition as written: a renamed term is found by it
    file: str = ""  # the notes file it comes from: a renamed file is reported by it
    kind: NoteKind = NoteKind.TERM
    # The id of the note type the note was adopted from (--adopt): --into --convert changes it to notedeck's
    adopted: str = ""

    @property
    def identity(self) -> str:
        """What the note is found by: the GUID its term makes."""
        return self.term_guid or self.guid


@dataclass(frozen=True)
class State:
    """The whole state file."""

    note_type_digest: str = ""
    note_type_mod: int = 0
    notes: tuple[NoteState, ...] = ()
    namespace: str = ""  # the root deck's name at the first build: what GUIDs are made within, ever after
    root: str = ""  # the root deck's name at the last build
    # Notes removed from the notes, every one ever: a term that comes back gets its note (GUID, id, history)
    # again, and --into --delete finds them in the collection.
    gone: tuple[NoteState, ...] = ()
    cloze_type_digest: str = ""  # the cloze note type, once a deck has had cloze notes
    cloze_type_mod: int = 0
    # The shape each notes file was first read in (``readers.Reading.remembered``), by file name: a
    # file is read in it again until it declares another.
    files: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    format: int = FORMAT  # the format the file was written in (1 is 0.1.0's)
    # The note types notes were adopted from (--adopt), by id: their name, the note type they became ("term" or
    # "cloze"), and their fields and cards → notedeck's ({"fields": [[old, new], …], "cards": [[0, 0], …]})
    adopted: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Current:
    """A note as this build makes it."""

    guid: str
    deck: str
    term: str
    digest: str
    term_guid: str = ""  # the GUID its term makes, where it keeps an older one
    text: str = ""
    file: str = ""
    kind: NoteKind = NoteKind.TERM


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
    returned: list[str] = field(default_factory=list)  # terms removed earlier that are back, with their note

    @property
    def any(self) -> bool:
        """Would a rebuild change the deck?"""
        return bool(self.added or self.returned or self.changed or self.removed or self.note_type_changed
                    or self.root_renamed)


def update(old: State, current: Sequence[Current], clock: int) -> tuple[State, Changes]:
    """The state after building ``current`` at time ``clock`` (seconds), and what changed.

    Notes of decks not in this build keep their entries, so building one file of several
    does not make the others look new next time. A removed note is kept among the gone ones,
    whole: when its term comes back it gets its note id again, with a newer time, so Anki
    updates the note it still has (history and all) instead of adding another.
    """
    by_guid = {n.guid: n for n in old.notes}
    gone_by_guid = {n.guid: n for n in old.gone}
    used_ids = {n.id for n in old.notes} | {n.id for n in old.gone if n.id}
    next_id = max(clock * 1000, max(used_ids, default=0) + 10)
    changes = Changes()
    notes: list[NoteState] = []
    for note in current:
        before = by_guid.get(note.guid)
        if before is None:
            back = gone_by_guid.get(note.guid)
            if back is not None and back.id:  # its note again, newer than Anki's copy of it
                notes.append(NoteState(note.guid, note.deck, note.term, note.digest, back.id, max(clock, back.mod + 1),
                                       note.term_guid, note.text, note.file, note.kind, back.adopted))
                changes.returned.append(note.term)
                continue
            while next_id in used_ids:
                next_id += 10
            # Card ids are the note id plus the template's ordinal: keep room for them.
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, next_id, clock, note.term_guid,
                                   note.text, note.file, note.kind))
            used_ids.add(next_id)
            next_id += 10
            changes.added.append(note.term)
        elif before.digest != note.digest or before.deck != note.deck or before.term != note.term \
                or before.kind != note.kind:
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, before.id,
                                   max(clock, before.mod + 1), note.term_guid, note.text, note.file, note.kind,
                                   before.adopted))
            changes.changed.append(note.term)
            if before.kind != note.kind:
                changes.switched.append((note.term, "cloze" if note.kind == NoteKind.CLOZE else "term"))
                changes.switched_guids.append(note.guid)
        else:
            # Unchanged: the same bytes, the fields that follow it through renames brought up to date (the
            # entry itself where they are: most notes of most rebuilds).
            same = before.term_guid == note.term_guid and before.text == note.text and before.file == note.file
            notes.append(before if same else replace(before, term_guid=note.term_guid, text=note.text, file=note.file))
            changes.unchanged.append(note.term)
    # A note is this build's to keep or remove when its deck or its file is built now (a file that
    # names each note's deck can empty a deck of its own).
    built_decks = {n.deck for n in current}
    built_files = {n.file for n in current if n.file}
    built_guids = {n.guid for n in current}
    gone = {n.guid: n for n in old.gone if n.guid not in built_guids}
    for before in old.notes:
        if before.guid in built_guids:
            continue
        if before.deck in built_decks or (before.file and before.file in built_files):
            changes.removed.append(before.term)
            changes.removed_ids.append(before.id)
            changes.removed_guids.append(before.guid)
            gone[before.guid] = before
        else:
            notes.append(before)
    return replace(old, notes=tuple(notes), gone=tuple(gone[g] for g in sorted(gone))), changes


@dataclass(frozen=True, slots=True)
class Wanted:
    """A card as its notes make it, before it is matched with a note of the state."""

    term_guid: str  # the GUID its term makes
    term: str
    text: str  # a digest of its definition as written
    was: str | None = None  # the GUID its [was: Old term] marker's term makes
    twin: bool = False  # its term is written more than once: its notes are told apart by their definitions


@dataclass(frozen=True)
class Identities:
    """Which GUID each card keeps, and the renames found."""

    guids: list[str]  # one per card, in order
    renamed: list[tuple[str, str]]  # (old term, new term)
    ambiguous: list[str]


def identities(old: State, cards: Sequence[Wanted], decks: set[str], salt: Callable[[str], str]) -> Identities:
    """Each card's GUID: the one a note of the state already has, or the one its term makes.

    A card whose term makes a GUID a note was given before keeps that note's GUID (the note
    was renamed in an earlier build), also when that note was removed since: the state keeps
    every identity it has given. Otherwise a removed term and an added term are one note
    renamed when the added one says so (``[was: Old term]``) or when they have the same
    definition, and only one removed and one added term share it: anything else is reported,
    not guessed. ``decks`` are the decks this build fills (notes of other decks are not looked
    at); ``salt`` makes a fresh GUID for a new term whose own is already another note's.
    """
    by_identity = {n.identity: n for n in old.notes}
    returning: dict[str, NoteState] = {}  # removed notes, by what they are found by
    for note in old.gone:
        returning.setdefault(note.identity, note)
    keys = {c.term_guid for c in cards}
    guids = [""] * len(cards)
    claimed: set[str] = set()  # removed notes given back to a card
    if any(card.twin for card in cards):  # a term written twice: its notes are found by their definitions first
        by_definition = {(identity_key(n.term), n.text): n for n in old.notes if n.text}
        for i, card in enumerate(cards):
            note = by_definition.get((identity_key(card.term), card.text)) if card.twin else None
            if note is not None and note.guid not in claimed:
                guids[i] = note.guid
                claimed.add(note.guid)
    for i, card in enumerate(cards):
        if guids[i]:
            continue
        if card.term_guid in by_identity and by_identity[card.term_guid].guid not in claimed:
            guids[i] = by_identity[card.term_guid].guid
        elif card.term_guid in returning and returning[card.term_guid].guid not in claimed:
            guids[i] = returning[card.term_guid].guid
            claimed.add(guids[i])
    renamed: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    gone = {n.identity: n for n in old.notes if n.identity not in keys and n.deck in decks and n.guid not in claimed}
    for i, card in enumerate(cards):  # said: [was: Old term]
        if guids[i] or card.was is None:
            continue
        note = gone.pop(card.was, None)
        if note is None and card.was in returning and returning[card.was].guid not in claimed:
            note = returning[card.was]  # renamed from a term removed in an earlier build
        if note is not None:
            guids[i] = note.guid
            claimed.add(note.guid)
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
    # A term written twice whose definition changed: the one note of that term left, and the one card left.
    if any(card.twin for card in cards):
        left: dict[str, list[NoteState]] = {}
        for note in gone.values():
            if note.guid not in claimed and note.guid not in guids:
                left.setdefault(identity_key(note.term), []).append(note)
        waiting: dict[str, list[int]] = {}
        for i, card in enumerate(cards):
            if not guids[i] and card.twin:
                waiting.setdefault(identity_key(card.term), []).append(i)
        for term, indices in waiting.items():
            if len(indices) == 1 and len(left.get(term, ())) == 1:
                guids[indices[0]] = left[term][0].guid
    # A new term gets the GUID it makes, unless a card has it already or a live renamed note keeps it
    # (then a fresh one); a removed note's GUID that no card claimed is free: its first term is back.
    used = {g for g in guids if g} | {n.guid for n in old.notes if n.term_guid}
    for i, card in enumerate(cards):
        if not guids[i]:
            guids[i] = card.term_guid if card.term_guid not in used else salt(card.term_guid)
            used.add(guids[i])
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
    if state.cloze_type_digest:
        head["cloze_type"] = {"digest": state.cloze_type_digest, "mod": state.cloze_type_mod}
    yield json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    if state.files:
        yield ', "files": {' + ",".join(f"\n  {_string(name)}: {json.dumps(shape, ensure_ascii=False, sort_keys=True)}"
                                         for name, shape in sorted(state.files.items())) + "\n}"
    if state.adopted:
        yield ', "adopted": {' + ",".join(f"\n  {_string(mid)}: {json.dumps(how, ensure_ascii=False, sort_keys=True)}"
                                           for mid, how in sorted(state.adopted.items())) + "\n}"
    yield from _rows("notes", state.notes)
    if state.gone:
        yield from _rows("gone", state.gone)
    yield "}\n"


def _rows(name: str, notes: Sequence[NoteState]) -> Iterator[str]:
    yield f', "{name}": ['
    last = len(notes) - 1
    for i, n in enumerate(notes):
        yield "\n  " + row(n) + ("," if i < last else "")
    yield "\n]"


def row(n: NoteState) -> str:
    """A note's line: what ``json.dumps`` of its fields (sorted, ``ensure_ascii=False``) writes, the
    fields that follow a note through renames only where they say something, written directly
    (a large deck has 100,000 of them; ``tests/end_to_end/test_properties.py`` checks the two agree).
    """
    parts = ['{"adopted": ', _string(n.adopted), ', "deck": '] if n.adopted else ['{"deck": ']
    parts += [_string(n.deck), ', "digest": ', _string(n.digest)]
    if n.file:
        parts += [', "file": ', _string(n.file)]
    parts += [', "guid": ', _string(n.guid), ', "id": ', str(int(n.id))]
    if n.term_guid:  # written "key", as earlier formats did
        parts += [', "key": ', _string(n.term_guid)]
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


_OPTIONAL = ("term_guid", "text", "file", "kind", "adopted")  # fields a note's line leaves out when empty

_HOW_TO_RECOVER = ("restore it from version control (git checkout -- {path}), or delete it to start "
                   "afresh: every note then counts as new and its next import updates it in Anki")


def _note(n: dict[str, object]) -> NoteState:
    # A deck's and a file's name are one string for all their notes (the JSON parser makes one a note):
    # a 100,000-note state is held through the whole build.
    return NoteState(str(n["guid"]), intern(str(n["deck"])), str(n["term"]), str(n["digest"]), int(n["id"]),  # type: ignore[call-overload]
                     int(n["mod"]), str(n.get("key", "")), str(n.get("text", "")),  # type: ignore[call-overload]
                     intern(str(n.get("file", ""))), NoteKind(str(n.get("kind", ""))), str(n.get("adopted", "")))


_NOTE_KEYS = frozenset(("guid", "deck", "term", "digest", "id", "mod", "key", "text", "file", "kind", "adopted"))
_NOTE_NEEDS = frozenset(("guid", "deck", "term", "digest", "id", "mod"))


def _note_as_read(d: dict[str, object]) -> object:
    """A note's object made its ``NoteState`` as the JSON parser reads it, so a large state's notes are
    never all held as dicts too (a dict a note is most of the memory ``json.loads`` would take). Any other
    object, or a note that is not sound, stays a dict: ``loads`` then reports it as before."""
    if len(d) >= len(_NOTE_NEEDS) and d.keys() <= _NOTE_KEYS and d.keys() >= _NOTE_NEEDS:
        try:
            return _note(d)
        except (AttributeError, KeyError, TypeError, ValueError):
            return d
    return d


def loads(text: str, path: str) -> State:
    """Parse a state file; anything unexpected is reported with the way to recover."""
    recover = _HOW_TO_RECOVER.format(path=path)
    try:
        data = json.loads(text, object_hook=_note_as_read)
    except json.JSONDecodeError as err:
        raise NotesError.at(path, err.lineno, f"state file is not valid JSON ({err.msg}); {recover}") from None
    try:
        if data.get("format") not in READS:
            raise ValueError(f"unknown format {data.get('format')!r}")
        nt = data["note_type"]
        notes = tuple(n if isinstance(n, NoteState) else _note(n) for n in data["notes"])
        gone = tuple(n if isinstance(n, NoteState) else _note(n) if isinstance(n, dict) else
                     NoteState(str(n[0]), "", str(n[1]), "", 0, 0)
                     for n in data.get("gone", []))  # format 2 kept a removed note's GUID and term only
        cloze_type = data.get("cloze_type", {"digest": "", "mod": 0})
        files = {str(name): {str(k): str(v) for k, v in shape.items()} for name, shape in data.get("files", {}).items()}
        adopted = {str(mid): dict(how) for mid, how in data.get("adopted", {}).items()}
        state = State(str(nt["digest"]), int(nt["mod"]), notes, str(data.get("namespace", "")),
                      str(data.get("root", "")), gone, str(cloze_type["digest"]), int(cloze_type["mod"]), files,
                      int(data["format"]), adopted)
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise NotesError.at(path, None, f"state file is damaged ({err!s} is wrong or missing); {recover}") from None
    if len({n.guid for n in notes}) != len(notes) or len({n.id for n in notes}) != len(notes) or \
            len({n.guid for n in gone}) != len(gone):
        raise NotesError.at(path, None, f"state file is damaged (a note is listed twice); {recover}")
    return state


def brief(path: Path, decks: set[str], files: set[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """The terms of the notes in ``decks`` or from ``files``, and the removed notes, from a state known to be sound.

    For the up-to-date shortcut: the state is the one the package on disk was built with (its
    digest is part of the check), so it is read without building every note's record.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    terms = [n["term"] for n in data["notes"] if n["deck"] in decks or n.get("file") in files]
    gone = sorted(((int(n["id"]), str(n["guid"]), str(n["term"])) if isinstance(n, dict) else (0, str(n[0]), str(n[1]))
                   for n in data.get("gone", [])))  # in the order the notes were made, as a build lists them
    return terms, tuple((guid, term) for _, guid, term in gone)


def brief_of(state: State, decks: set[str], files: set[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """``brief`` of the file ``state`` is written as, from the state itself (a build has it in memory)."""
    terms = [n.term for n in state.notes if n.deck in decks or n.file in files]
    gone = sorted((n.id, n.guid, n.term) for n in state.gone)
    return terms, tuple((guid, term) for _, guid, term in gone)


def load(path: Path) -> State:
    """The state at ``path``; an empty state when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except (OSError, UnicodeDecodeError) as err:
        raise NotesError.at(str(path), None, f"cannot read the state file: {err}") from None
    return loads(text, str(path))
