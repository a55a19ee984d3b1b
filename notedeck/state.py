"""The build state kept beside the notes: what a rebuild must reproduce.

Anki updates an existing note only when the incoming modification time is newer, and skips
it when equal. So each note keeps the time its content last changed: an unchanged note
keeps its times and ids (same bytes), a changed one gets a newer time (Anki updates it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NotesError

FORMAT = 1
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


@dataclass(frozen=True)
class State:
    """The whole state file."""

    note_type_digest: str = ""
    note_type_mod: int = 0
    notes: tuple[NoteState, ...] = ()


@dataclass(frozen=True, slots=True)
class Current:
    """A note as this build makes it."""

    guid: str
    deck: str
    term: str
    digest: str


@dataclass(frozen=True)
class Changes:
    """Terms added, changed, unchanged and removed since the state was written."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    note_type_changed: bool = False

    @property
    def any(self) -> bool:
        """Would a rebuild change the deck?"""
        return bool(self.added or self.changed or self.removed or self.note_type_changed)


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
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, next_id, clock))
            used_ids.add(next_id)
            next_id += 10
            changes.added.append(note.term)
        elif before.digest != note.digest or before.deck != note.deck or before.term != note.term:
            notes.append(NoteState(note.guid, note.deck, note.term, note.digest, before.id,
                                   max(clock, before.mod + 1)))
            changes.changed.append(note.term)
        else:
            notes.append(before)
            changes.unchanged.append(note.term)
    built_decks = {n.deck for n in current}
    built_guids = {n.guid for n in current}
    for before in old.notes:
        if before.guid in built_guids:
            continue
        if before.deck in built_decks:
            changes.removed.append(before.term)
            changes.removed_ids.append(before.id)
        else:
            notes.append(before)
    return State(old.note_type_digest, old.note_type_mod, tuple(notes)), changes


def with_note_type(state: State, digest: str, clock: int) -> tuple[State, bool]:
    """The state with the note type's digest; a changed note type gets a newer time."""
    if state.note_type_digest == digest:
        return state, False
    mod = max(clock, state.note_type_mod + 1) if state.note_type_digest else clock
    return State(digest, mod, state.notes), True


def chunks(state: State) -> Iterator[str]:
    """The state file's text in pieces, a note a line, so it diffs well and is never whole in memory."""
    head = {"format": FORMAT, "note_type": {"digest": state.note_type_digest, "mod": state.note_type_mod}}
    yield json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "notes": ['
    last = len(state.notes) - 1
    for i, n in enumerate(state.notes):
        row = json.dumps({f: getattr(n, f) for f in n.__slots__}, ensure_ascii=False, sort_keys=True)
        yield "\n  " + row + ("," if i < last else "")
    yield "\n]}\n"


def dumps(state: State) -> str:
    """The whole state file's text."""
    return "".join(chunks(state))


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
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        nt = data["note_type"]
        notes = tuple(
            NoteState(str(n["guid"]), str(n["deck"]), str(n["term"]), str(n["digest"]), int(n["id"]), int(n["mod"]))
            for n in data["notes"]
        )
        state = State(str(nt["digest"]), int(nt["mod"]), notes)
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise NotesError.at(path, None, f"state file is damaged ({err!s} is wrong or missing); {recover}") from None
    if len({n.guid for n in notes}) != len(notes) or len({n.id for n in notes}) != len(notes):
        raise NotesError.at(path, None, f"state file is damaged (a note is listed twice); {recover}")
    return state


def load(path: Path) -> State:
    """The state at ``path``; an empty state when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except (OSError, UnicodeDecodeError) as err:
        raise NotesError.at(str(path), None, f"cannot read the state file: {err}") from None
    return loads(text, str(path))
