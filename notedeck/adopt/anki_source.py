"""What an Anki deck holds, read through Anki's own backend: the one module of adoption that imports ``anki``.

A package (``.apkg`` or ``.colpkg``) is opened the way Anki restores a backup: the backend
unpacks it into a collection of its own in a temporary folder, whatever version wrote it (the
legacy ``collection.anki2`` or ``collection.anki21``, the current zstd-compressed
``collection.anki21b`` with its protobuf media map). An ``.apkg`` is the same container as a
``.colpkg`` holding only the exported decks, so one path reads both, with the note types,
decks and media exactly as the package has them (importing it into an empty collection instead
would rename note types whose names the empty collection already has: "Basic+"). A learner's
collection is opened in place (refused while Anki has it open) and only read.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NotesError

PACKAGE_SUFFIXES = (".apkg", ".colpkg")


@dataclass(frozen=True)
class NoteType:
    """A note type as the collection has it."""

    id: int
    name: str
    cloze: bool
    stock: int  # which of Anki's own note types it was made from (originalStockKind; 0: none, 6: image occlusion)
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, question, answer)


@dataclass(frozen=True)
class Note:
    """A note, and the deck of its first card."""

    id: int
    guid: str
    mod: int
    note_type: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    cards: int = 0  # its cards
    reviews: int = 0  # their entries in the review log


@dataclass(frozen=True)
class Deck:
    """The notes of the deck chosen (and its subdecks), with what they need."""

    name: str  # the deck adopted, as the collection names it
    notes: tuple[Note, ...]  # in the order they were made
    note_types: dict[int, NoteType]
    media: Path  # the folder of the collection's media files


def _is_package(source: str) -> bool:
    return Path(source).suffix.lower() in PACKAGE_SUFFIXES


@contextmanager
def opened(source: str, deck: str | None) -> Iterator[Deck]:
    """The deck ``deck`` (and its subdecks) of the package or collection ``source``; without ``deck``,
    a package's only top deck. The media folder exists while the block runs."""
    try:
        from anki.collection import Collection
    except ImportError:
        raise NotesError.at("--adopt", None, "needs Anki's own backend, the anki package: pip install anki (where "
                             "notedeck was installed with pipx: pipx inject notedeck anki)") from None
    if not _is_package(source):
        from ..output import into_anki

        if deck is None:
            raise NotesError.at(source, None, "adopting from a collection needs the deck: --deck NAME (its "
                                "subdecks come with it)")
        found, missing = into_anki.locate(source)
        if missing:
            raise NotesError.at(source, None, "no such collection: give the path of a collection.anki2 file, a "
                                "folder holding one or an Anki profile's name")
        with into_anki.opened(found) as col:
            yield _read(col, deck, source)
        return
    path = Path(source)
    if not path.is_file():
        raise NotesError.at(source, None, "no such file: give an .apkg or .colpkg exported by Anki, or a "
                            "collection (a collection.anki2 path or a profile name) with --deck NAME")
    from anki._backend import RustBackend  # what Anki itself restores a backup with
    from anki.errors import BackendError

    with tempfile.TemporaryDirectory(prefix="notedeck-adopt-") as tmp:
        collection = Path(tmp) / "collection.anki2"
        try:
            RustBackend().import_collection_package(col_path=str(collection), backup_path=str(path.resolve()),
                                                    media_folder=str(Path(tmp) / "collection.media"),
                                                    media_db=str(Path(tmp) / "collection.media.db2"))
        except BackendError as err:
            raise NotesError.at(source, None, f"Anki cannot read this package ({err}): export the deck again "
                                "from Anki (File → Export, Anki Deck Package)") from None
        col = Collection(str(collection))
        try:
            yield _read(col, deck, source)
        finally:
            col.close()


def _read(col: Any, wanted: str | None, source: str) -> Deck:
    names = {d.id: d.name for d in col.decks.all_names_and_ids()}
    # A card in a filtered deck is in its home deck (odid) for good.
    rows = col.db.all("select n.id, n.guid, n.mod, n.mid, n.flds, n.tags, "
                      "case when c.odid then c.odid else c.did end, c.ord from notes n join cards c on c.nid = n.id "
                      "order by n.id, c.ord")
    first_deck: dict[int, str] = {}
    notes_by_id: dict[int, tuple[Any, ...]] = {}
    for nid, guid, mod, mid, flds, tags, did, _ord in rows:
        if nid not in notes_by_id:
            notes_by_id[nid] = (guid, mod, mid, flds, tags)
            first_deck[nid] = names.get(did, "")
    top = _chosen(wanted, sorted(set(first_deck.values())), source)
    inside = [nid for nid, deck in first_deck.items() if _under(deck, top)]
    if not inside:
        raise NotesError.at(source, None, f"the deck {top!r} has no notes")
    cards = Counter(nid for nid, *_ in rows)
    reviews = Counter(dict(col.db.all("select c.nid, count() from revlog r join cards c on c.id = r.cid group by c.nid")))
    notes = tuple(Note(nid, guid, int(mod), int(mid), tuple(flds.split("\x1f")), tuple(tags.split()), first_deck[nid],
                       cards[nid], reviews[nid])
                  for nid in sorted(inside) for guid, mod, mid, flds, tags in (notes_by_id[nid],))
    note_types = {}
    for mid in sorted({n.note_type for n in notes}):
        m = col.models.get(mid)
        note_types[mid] = NoteType(mid, m["name"], m["type"] == 1, int(m.get("originalStockKind") or 0),
                                   tuple(f["name"] for f in m["flds"]),
                                   tuple((t["name"], t["qfmt"], t["afmt"]) for t in m["tmpls"]))
    return Deck(top, notes, note_types, Path(col.media.dir()))


def _under(deck: str, top: str) -> bool:
    """Whether ``deck`` is ``top`` or one of its subdecks (Anki's names ignore case)."""
    return deck.casefold() == top.casefold() or deck.casefold().startswith(top.casefold() + "::")


def _chosen(wanted: str | None, decks: list[str], source: str) -> str:
    """The deck to adopt, as the collection spells it."""
    tops = sorted({d.split("::")[0] for d in decks if d})
    if wanted is None:
        if len(tops) == 1:
            return tops[0]
        raise NotesError.at(source, None, f"holds the notes of several decks ({', '.join(tops)}): choose one with "
                            "--deck NAME")
    key = "::".join(part.strip() for part in wanted.split("::")).casefold()
    known = {d.casefold(): d for d in decks}
    for deck in decks:  # a deck with no notes of its own above decks that have some
        parts = deck.split("::")
        for depth in range(1, len(parts) + 1):
            known.setdefault("::".join(parts[:depth]).casefold(), "::".join(parts[:depth]))
    if key not in known:
        raise NotesError.at(source, None, f"has no deck {wanted!r} with notes (decks: {', '.join(tops)})")
    return known[key]
