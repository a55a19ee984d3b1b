"""The note type: its fields are a contract with every collection that imported the deck.

Anki matches a known note type's fields and templates by name; if they differ, it makes a
renamed copy and refuses every existing note as "conflicting". So the field list below is
fixed. If it ever must change, bump VERSION: the note type gets a new id and name.
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


@dataclass(frozen=True)
class NoteType:
    """Fields, templates and CSS as the package carries them."""

    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, front HTML, back HTML)
    css: str

    @property
    def digest(self) -> str:
        """Changes exactly when what Anki stores for the note type changes."""
        data = json.dumps([self.model_id, self.name, self.fields, self.templates, self.css])
        return hashlib.sha256(data.encode()).hexdigest()


@cache
def templates_dir() -> Traversable:
    """The package's ``templates/``: package data, shipped inside the wheel, read the same way
    from a checkout or an install."""
    from importlib.resources import files

    return files(__package__) / "templates"


@cache
def load(folder: Traversable | None = None) -> NoteType:
    """The note type with its templates and CSS read from ``folder`` (default: the package's ``templates/``)."""
    folder = templates_dir() if folder is None else folder
    def text(name: str) -> str:
        # Templates are written with \n line endings; a checkout on Windows must not change the note type.
        return folder.joinpath(name).read_text(encoding="utf-8").replace("\r\n", "\n")

    templates = tuple((name, text(front), text(back)) for name, front, back in TEMPLATES)
    return NoteType(MODEL_ID, NAME, FIELDS, templates, text("card.css"))
