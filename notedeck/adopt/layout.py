"""Where each deck's notes go: a notes file per deck, named so that a build reads it into that deck.

Pure. A build puts a notes file's cards in the deck named after the file (``Cells.txt`` →
*Biology::Cells*), the root deck's own notes in the file named like the root, and, with
``subdecks = true``, a file in a folder in the folder's subdeck (``Cells/Organelles.txt`` →
*Biology::Cells::Organelles*). A deck's name is kept as it is wherever a file name can say it;
otherwise the file gets the closest name every operating system takes, and the deck the build
will fill is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.cards import deck_name, identity_key

SUFFIX = ".txt"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # what Windows refuses in a file name (and "/" everywhere)
_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL"] + [f"{p}{n}" for p in ("COM", "LPT") for n in range(10)])
MAX_STEM = 120


@dataclass(frozen=True)
class Placed:
    """A deck of the collection and the notes file that holds its notes."""

    deck: str  # as the collection names it
    file: str  # the notes file, from the notes folder, "/"-separated
    read_as: str  # the deck a build reads the file into (the same but for case, unless a name could not say it)

    @property
    def renamed(self) -> bool:
        return identity_key(self.read_as) != identity_key(self.deck)


def _stem(level: str) -> str:
    """A file-name stem as close to a deck level's name as every operating system allows."""
    stem = " ".join(_UNSAFE.sub(" ", level).split())[:MAX_STEM].rstrip(". ")
    if not stem:
        return "deck"
    if stem.split(".", 1)[0].upper() in _RESERVED:
        stem += " notes"
    return stem


def _read_as(root: str, file: str) -> str:
    """The deck a build reads ``file`` into (``model.decks.deck_for``'s rule)."""
    parts = file.split("/")
    title = deck_name(parts[-1])
    if len(parts) == 1:
        return root if identity_key(title) == identity_key(root) else f"{root}::{title}"
    return "::".join((root, *(deck_name(f"{folder}{SUFFIX}") for folder in parts[:-1]), title))


def place(decks: list[str]) -> list[Placed]:
    """The notes file of each deck (full names, all under one root deck), in the order given.

    >>> [(p.file, p.read_as) for p in place(["Bio", "Bio::Cells", "Bio::Cells::Year-1: intro", "Bio::bio"])]
    [('Bio.txt', 'Bio'), ('Cells.txt', 'Bio::Cells'), ('Cells/Year-1 intro.txt', 'Bio::Cells::Year 1 intro'), \
('bio 2.txt', 'Bio::Bio 2')]
    """
    root = decks[0].split("::")[0]
    taken: set[str] = set()  # files, without case (a file system may ignore it)
    placed = []
    for deck in decks:
        levels = deck.split("::")[1:]
        if not levels:
            file = _stem(root) + SUFFIX
            if identity_key(_read_as(root, file)) != identity_key(root):  # a root no file name can be named like
                file = "_".join(root.split()) + SUFFIX
        else:
            folders = [_stem(level) for level in levels[:-1]]
            stem = _stem(levels[-1])
            file = "/".join((*folders, stem + SUFFIX))
            number = 2
            # not the root's own file, nor another deck's
            while file.casefold() in taken or (not folders and identity_key(deck_name(file)) == identity_key(root)):
                file = "/".join((*folders, f"{stem} {number}{SUFFIX}"))
                number += 1
        taken.add(file.casefold())
        placed.append(Placed(deck, file, _read_as(root, file)))
    return placed
