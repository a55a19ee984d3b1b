"""The note types: their fields are a contract with every collection that imported the deck.

Anki matches a known note type's fields and templates by name; if they differ, it makes a
renamed copy and refuses every existing note as "conflicting". So the field lists below are
fixed. If one must ever change, bump its version: the note type gets a new id and name.

Two note types share one CSS: the term note type (a term and its definition, and the reverse
when asked for) and the cloze note type (a text with gaps, a card per cloze number), which a
package carries only when it has cloze notes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

VERSION = 1
MODEL_ID = 1_732_001_000 + VERSION
NAME = f"notedeck term v{VERSION}"
FIELDS = ("Term", "Alias", "Definition", "Context", "Diagram", "Extra", "Source", "Reverse")
# Anki generates the reverse card only where the Reverse field is filled ([reverse] in the notes).
TEMPLATES = (
    ("Term → Definition", "front.html", "back.html"),
    ("Definition → Term", "reverse_front.html", "reverse_back.html"),
)

CLOZE_VERSION = 1
CLOZE_MODEL_ID = 1_732_002_000 + CLOZE_VERSION
CLOZE_NAME = f"notedeck cloze v{CLOZE_VERSION}"
# Text holds the clozes; Term, when the note has one, is shown above it.
CLOZE_FIELDS = ("Text", "Term", "Alias", "Context", "Diagram", "Extra", "Source")
CLOZE_TEMPLATES = (("Cloze", "cloze_front.html", "cloze_back.html"),)


@dataclass(frozen=True)
class NoteType:
    """Fields, templates and CSS as the package carries them."""

    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, front HTML, back HTML)
    css: str
    cloze: bool = False  # a cloze note type: a card per cloze number of its first field

    @property
    def digest(self) -> str:
        """Changes exactly when what Anki stores for the note type changes."""
        data = [self.model_id, self.name, self.fields, self.templates, self.css] + ([True] if self.cloze else [])
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


@cache
def templates_dir() -> Traversable:
    """The package's ``templates/``: package data, shipped inside the wheel, read the same way
    from a checkout or an install."""
    from importlib.resources import files

    return files(__package__) / "templates"


@cache
def load(folder: Traversable | None = None) -> NoteType:
    """The term note type with its templates and CSS read from ``folder`` (default: the package's ``templates/``)."""
    return _load(folder, MODEL_ID, NAME, FIELDS, TEMPLATES, cloze=False)


@cache
def load_cloze(folder: Traversable | None = None) -> NoteType:
    """The cloze note type, from the same folder and with the same CSS as ``load``'s."""
    return _load(folder, CLOZE_MODEL_ID, CLOZE_NAME, CLOZE_FIELDS, CLOZE_TEMPLATES, cloze=True)


def _load(folder: Traversable | None, model_id: int, name: str, fields: tuple[str, ...],
          templates: tuple[tuple[str, str, str], ...], cloze: bool) -> NoteType:
    folder = templates_dir() if folder is None else folder

    def text(file: str) -> str:
        # Templates are written with \n line endings; a checkout on Windows must not change the note type.
        path = folder.joinpath(file)
        if cloze and not path.is_file():  # a templates folder from before cloze notes: the package's own
            path = templates_dir().joinpath(file)
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")

    return NoteType(model_id, name, fields, tuple((n, text(front), text(back)) for n, front, back in templates),
                    text("card.css"), cloze)
