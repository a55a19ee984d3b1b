"""``--adopt``: a deck that lives in Anki → notes files and a build state that rebuild into the same notes.

Orchestration, like ``build``: it may use every stage. The deck is read through Anki's backend
(``anki_source``); its note types are matched with notedeck's (``note_types``); each note is
written as an entry of a notes file (``notes``, ``from_html``), a file per deck (``layout``), its
images copied beside it; then a state is seeded with each note's own GUID, note id and note type,
and a build of the written notes completes it, so that the next build (and ``--into --convert``)
gives every card the note Anki already has, its history with it.

Nothing is written into the notes folder until all of it is ready: the files are made in a
folder beside it and moved in at the end, and a folder that already has notes is refused.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import NotesError
from ..inputs import files as sources
from ..inputs.settings import find as settings_of
from ..model.cards import identity_key, split_alias
from ..parse.shapes import plain
from ..render.images import IMAGE_SUFFIXES, MAX_IMAGE_BYTES
from ..build import state
from . import anki_source, from_html, layout, note_types, notes

MEDIA = "media"  # the folder beside a notes file that holds its images
SETTINGS = "notedeck.toml"


@dataclass(frozen=True)
class Adopted:
    """What ``adopt`` wrote, and what it could not bring."""

    source: str
    deck: str  # the deck adopted, as the collection names it
    root: str  # the root deck of the notes (the adopted deck's top)
    folder: Path
    files: tuple[tuple[str, int], ...]  # each notes file and its notes
    notes: int
    cards: int  # cards and reviews of the notes adopted
    reviews: int
    media: int  # image files copied
    by_type: tuple[tuple[str, str, int], ...]  # (note type, what its notes became, how many)
    html: tuple[str, ...]  # notes kept as HTML ([html]): Markdown could not say them
    lost: tuple[tuple[str, tuple[str, ...]], ...]  # (what, the notes that lost it)
    refused: tuple[tuple[str, int, str], ...]  # note types not adopted: (name, notes, why)
    skipped: tuple[tuple[str, str], ...]  # notes not adopted: (what it says, why)
    merged: tuple[str, ...]  # notes the same as another (term, definition and Extra): one note
    renamed: tuple[tuple[str, str], ...]  # decks a file name could not say: (deck, the deck the notes fill)
    tags_dropped: tuple[str, ...]  # tags [tags: …] cannot hold
    warnings: int  # lint's warnings on the notes (the next build shows them)


@dataclass
class _File:
    placed: layout.Placed
    entries: list[plain.Entry]
    notes: list[anki_source.Note]


def adopt(source: str, folder: Path, deck: str | None) -> Adopted:
    """Write the notes of ``deck`` (default: a package's only top deck) of ``source`` into ``folder``."""
    _refuse_a_used_folder(folder)
    with anki_source.opened(source, deck) as found:
        adoptions, refusals = note_types.plan(found.note_types)
        refused_notes = Counter(n.note_type for n in found.notes if n.note_type not in adoptions)
        placed = {p.deck: p for p in layout.place(_decks(found))}
        files: dict[str, _File] = {}
        skipped: list[tuple[str, str]] = []
        html: list[str] = []
        lost: dict[str, list[str]] = {}
        dropped: set[str] = set()
        used: dict[str, dict[str, Path]] = {}  # folder of a notes file → its media files' names → where they are
        by_type: Counter[tuple[str, str]] = Counter()
        written_once: dict[tuple[str, str, str, bool], str] = {}  # what makes two entries one note → the first
        repeats: list[str] = []
        for note in found.notes:
            adoption = adoptions.get(note.note_type)
            if adoption is None:
                continue
            where = placed[note.deck]
            media_of = used.setdefault(str(PurePosixPath(where.file).parent), {})
            made = notes.make(note, adoption, _media(found.media, media_of))
            if isinstance(made, notes.Skipped):
                skipped.append((_name(note), f"{adoption.note_type.name}: {made.reason}"))
                continue
            entry = made.entry
            keep = tuple(t for t in entry.tags if "[" not in t and "]" not in t)
            dropped.update(t for t in entry.tags if t not in keep)
            entry = replace(entry, tags=keep)
            name = from_html.plain_text(entry.term)[:60] or "(an image)"
            # The same term, definition and Extra twice is one note to a build: written once.
            same = (identity_key(split_alias(entry.term)[0]), entry.definition, entry.extra, entry.reverse)
            if same in written_once:
                repeats.append(name)
                continue
            written_once[same] = name
            file = files.setdefault(where.file, _File(where, [], []))
            file.entries.append(entry)
            file.notes.append(note)
            if made.html:
                html.append(name)
            for what in sorted(made.lost):
                lost.setdefault(what, []).append(name)
            by_type[(adoption.note_type.name, _became(adoption))] += 1
        if not files:
            raise NotesError.at(source, None, f"nothing in {found.name!r} can be adopted: " + "; ".join(
                f"{r.note_type.name}: {r.reason}" for r in refusals) if refusals else "no note has a term")
        written = _write(folder, found, files, used, adoptions)
    merged, warnings = written
    return Adopted(source, found.name, _root(found), folder,
                   tuple((f.placed.file, len(f.entries)) for f in files.values()),
                   sum(len(f.entries) for f in files.values()) - len(merged),
                   sum(n.cards for f in files.values() for n in f.notes),
                   sum(n.reviews for f in files.values() for n in f.notes), sum(len(m) for m in used.values()),
                   tuple((name, became, count) for (name, became), count in sorted(by_type.items())),
                   tuple(html), tuple((what, tuple(names)) for what, names in sorted(lost.items())),
                   tuple((r.note_type.name, refused_notes[r.note_type.id], r.reason) for r in refusals),
                   tuple(skipped), tuple(repeats) + merged,
                   tuple((p.deck, p.read_as) for p in placed.values() if p.renamed and p.file in files),
                   tuple(sorted(dropped)), warnings)


def _became(adoption: note_types.Adoption) -> str:
    if adoption.kind == note_types.Kind.CLOZE:
        return "cloze notes"
    if adoption.reverse:
        return "term notes with their reverse card"
    if adoption.reverse_if is not None:
        return "term notes (with their reverse card where it is asked for)"
    return "term notes"


def _root(found: anki_source.Deck) -> str:
    return found.name.split("::")[0]


def _decks(found: anki_source.Deck) -> list[str]:
    """The decks the notes are in, the adopted deck's root first (layout names files from it)."""
    decks = sorted({n.deck for n in found.notes}, key=lambda d: [part.casefold() for part in d.split("::")])
    root = _root(found)
    return [d if d.split("::")[0] == root else root + d[len(root):] for d in decks]


def _name(note: anki_source.Note) -> str:
    return next((text for field in note.fields if (text := from_html.plain_text(field))), "(an empty note)")[:60]


def _media(folder: Path, used: dict[str, Path]) -> from_html.Media:
    """How a notes file refers to an image of the collection (copied into ``media/`` beside it), or None."""
    def refer(src: str) -> str | None:
        from urllib.parse import unquote

        name = unquote(src) if not (folder / src).is_file() else src
        path = folder / name
        if "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES or path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        used[name] = path
        return from_html.relative_media(MEDIA)(name)
    return refer


def _refuse_a_used_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise NotesError.at(str(folder), None, "is a file: give the folder the notes go in (a new or empty one)")
    if folder.is_dir():
        there = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        if there:
            raise NotesError.at(str(folder), None, f"already holds {', '.join(there[:3])}"
                                + (f" and {len(there) - 3} more" if len(there) > 3 else "")
                                + ": adopt into a new or empty folder; nothing was written")


@contextmanager
def _beside(folder: Path) -> Iterator[Path]:
    """A folder beside ``folder`` to make the notes in; removed unless moved into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    making = Path(tempfile.mkdtemp(prefix=f".{folder.name}.adopting-", dir=folder.parent))
    try:
        yield making
    finally:
        shutil.rmtree(making, ignore_errors=True)


def _settings(root: str, subdecks: bool) -> str:
    import json

    lines = ["# Written by notedeck --adopt. deck-state.json holds the GUID and note id each note has in Anki:",
             "# commit it with the notes.",
             f"deck = {json.dumps(root, ensure_ascii=False)}",
             "hierarchy = false  # the notes stay as they were: no parents inferred from their terms",
             'diagrams = "off"  # and no diagrams added to them',
             'cloze = "anki"  # only Anki\'s own {{c1::…}} make clozes']
    if subdecks:
        lines.append("subdecks = true  # a folder is a deck: its files are its subdecks")
    return "\n".join(lines) + "\n"


def _write(folder: Path, found: anki_source.Deck, files: dict[str, _File], used: dict[str, dict[str, Path]],
           adoptions: dict[int, note_types.Adoption]) -> tuple[tuple[str, ...], int]:
    """Write the notes, their media, the settings and the state; the notes written once with another, and
    how many lint warnings the notes have."""
    from ..build import Options, build
    from ..build import read_files

    root = _root(found)
    subdecks = any("/" in name for name in files)
    with _beside(folder) as making:
        lines: dict[str, list[int]] = {}
        for name, file in files.items():
            path = making / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = plain.dumps(file.entries)
            back = plain.parse(text, name, known=True)
            if [(e.term, e.definition, e.extra, e.tags, e.reverse, e.markup) for e in back] != \
                    [(e.term, e.definition, e.extra, e.tags, e.reverse, e.markup) for e in file.entries]:
                raise AssertionError(f"{name}: a note written out does not read back the same")
            lines[name] = [e.line for e in back]
            path.write_text(text, encoding="utf-8", newline="\n")
        for where, media in used.items():
            for name, path in sorted(media.items()):
                target = making / where / MEDIA / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        (making / SETTINGS).write_text(_settings(root, subdecks), encoding="utf-8", newline="\n")
        # Which card is which note: the cards a build reads from the files, by file and line.
        found_files = sources.read([str(making)], subdecks)
        read = read_files.read_all(found_files, root, settings_of(making), root,
                                   shapes={name: {"shape": "plain"} for name in files})
        note_at = {(name, line): note for name, file in files.items() for line, note in zip(lines[name], file.notes)}
        seeded: list[state.NoteState] = []
        kinds = {mid: a.kind for mid, a in adoptions.items()}
        texts = iter(t for f in read for t in f.texts)
        seen: set[tuple[str, int]] = set()
        for source_file, read_file in zip(found_files, read):
            for card in read_file.cards:
                text = next(texts)
                note = note_at[(source_file.name, card.line)]
                seen.add((source_file.name, card.line))
                seeded.append(state.NoteState(
                    note.guid, card.deck, card.name, "", note.id, note.mod, card.guid if card.guid != note.guid else "",
                    text, source_file.name, state.NoteKind.CLOZE if kinds[note.note_type] == "cloze" else
                    state.NoteKind.TERM, str(note.note_type)))
        merged = tuple(from_html.plain_text(file.entries[k].term)[:60] for name, file in files.items()
                       for k, line in enumerate(lines[name]) if (name, line) not in seen)
        used_types = {n.adopted for n in seeded}
        seed = state.State(notes=tuple(seeded), namespace=root, root=root,
                           files={name: {"shape": "plain"} for name in files},
                           adopted={str(mid): _stored(a) for mid, a in adoptions.items() if str(mid) in used_types})
        state_path = making / state.FILENAME
        state_path.write_text(state.dumps(seed), encoding="utf-8", newline="\n")
        # The build that completes the state: every note's digest, and its time: one second after the deck's
        # last change in Anki, newer than every note there (so the import after --convert takes the notes),
        # and the same for the same deck (the notes folder is the same, byte for byte).
        clock = max(n.mod for n in seeded) + 1
        with tempfile.TemporaryDirectory(prefix="notedeck-adopt-") as out:
            result = build(Options([str(making)], Path(out) / "adopted.apkg", state_path), clock)
        if result.changes.added:
            raise AssertionError(f"adopted notes the state did not find: {result.changes.added[:3]}")
        folder.mkdir(parents=True, exist_ok=True)
        for entry in sorted(making.iterdir()):
            os.replace(entry, folder / entry.name)
    return merged, len(result.warnings)


def _stored(adoption: note_types.Adoption) -> dict[str, object]:
    """What the state keeps of how a note type's notes were adopted (what --into --convert needs)."""
    return {"name": adoption.note_type.name, "kind": str(adoption.kind),
            "fields": [list(pair) for pair in adoption.fields()], "cards": [list(pair) for pair in adoption.cards()]}
