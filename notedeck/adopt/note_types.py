"""Which note types can become notedeck's, and how: their fields and cards, read off their templates.

Pure. notedeck has two note types: a term and its definition (and the reverse card, on request),
and a cloze text. A note type is adopted when its cards are one of those: Anki's Basic, Basic
(and reversed card), Basic (optional reversed card) and Cloze, and any note type of the user's
own whose templates ask the same (a field on the front, another on the back; or a cloze field).
The front field becomes the term, the back field the definition (or the cloze field the text),
and every further field the Extra. Anything else (image occlusion, typing the answer, a card
that asks two fields at once, scripts, filters notedeck's cards have no place for) is refused,
with the reason, one note type at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..output.notetype import CLOZE_MODEL_ID, MODEL_ID
from .anki_source import NoteType

IMAGE_OCCLUSION = 6  # Anki's originalStockKind of its image occlusion note type
# {{Field}}, {{filter:Field}}, {{#Field}}, {{^Field}}, {{/Field}}: what a template refers to.
_REFERENCE = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")
_SPECIAL = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"})
_HARMLESS_FILTERS = frozenset({"text"})  # the field without its HTML: notedeck's cards show it anyway


class Kind(StrEnum):
    """Which of notedeck's note types the notes become."""

    TERM = "term"
    CLOZE = "cloze"


@dataclass(frozen=True)
class Adoption:
    """How the notes of one note type become notedeck notes, field by field and card by card."""

    note_type: NoteType
    kind: Kind
    term: int | None  # the front field (a term note's); None for a cloze note type
    main: int  # the back field (a term note's definition), or the cloze field (the text)
    extra: tuple[int, ...]  # fields that go into the Extra, in the note type's order
    reverse: bool  # every note has the reverse card
    reverse_if: int | None = None  # ...or the notes whose this field is filled (Basic (optional reversed card))

    def fields(self) -> list[tuple[str, str]]:
        """Its fields → notedeck's, for Change Note Type (one old field to a new one; the Extra takes the
        first further field: the import that follows writes every field anyway)."""
        names = self.note_type.fields
        if self.kind == Kind.CLOZE:
            pairs = [(names[self.main], "Text")]
        else:
            assert self.term is not None
            pairs = [(names[self.term], "Term"), (names[self.main], "Definition")]
            # Filled where the note has its reverse card until the import writes "y" there: the card is never
            # empty meanwhile, and none is made where there was none.
            if self.reverse:
                pairs.append((names[self.term], "Reverse"))
            elif self.reverse_if is not None:
                pairs.append((names[self.reverse_if], "Reverse"))
        if self.extra:
            pairs.append((names[self.extra[0]], "Extra"))
        return pairs

    def cards(self) -> list[tuple[int, int]]:
        """Its cards (template ordinals) → notedeck's: the first card and, for a reversed type, the reverse.
        A cloze note type keeps its cloze numbers."""
        if self.kind == Kind.CLOZE:
            return []
        return [(0, 0)] + ([(1, 1)] if self.reverse or self.reverse_if is not None else [])


@dataclass(frozen=True)
class Refusal:
    """A note type that cannot be adopted, and why."""

    note_type: NoteType
    reason: str


def _references(template: str) -> list[tuple[str, str | None, str]]:
    """(kind, filter, field) of each reference: kind '' for a field shown, '#', '^' or '/' for a section."""
    found = []
    for match in _REFERENCE.finditer(template):
        kind, body = match.group(1), match.group(2)
        if kind:
            found.append((kind, None, body))
            continue
        *filters, field = body.split(":")
        found.append(("", ":".join(filters) or None, field.strip()))
    return found


def _shown(template: str, fields: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The fields a template shows, in order of appearance, and what it shows that notedeck has no place
    for (a filter: ``{{hint:…}}``, ``{{furigana:…}}``, ``{{tts …}}``)."""
    shown: list[str] = []
    odd: list[str] = []
    for kind, filters, field in _references(template):
        if kind or field in _SPECIAL:  # a section is a condition; FrontSide, Tags… are the card's own
            continue
        if filters is not None and any(f.strip() not in _HARMLESS_FILTERS for f in filters.split(":")):
            odd.append("{{" + filters + ":" + field + "}}")
        elif field in fields and field not in shown:
            shown.append(field)
    return shown, odd


def _sections(template: str) -> set[str]:
    return {field for kind, _, field in _references(template) if kind in ("#", "^")}


def classify(note_type: NoteType) -> Adoption | Refusal:
    """How ``note_type``'s notes are adopted, or why they cannot be."""
    fields, templates = note_type.fields, note_type.templates
    if note_type.id in (MODEL_ID, CLOZE_MODEL_ID) or note_type.name.startswith(("notedeck term v", "notedeck cloze v")):
        return Refusal(note_type, "notedeck built these notes: their notes files are their source (a package does "
                       "not hold them); rebuild from those files, and the same notes update in place")
    if note_type.stock == IMAGE_OCCLUSION or any("image-occlusion" in q + a for _, q, a in templates):
        return Refusal(note_type, "image occlusion: notedeck has no image occlusion cards")
    if any(re.search(r"<script\b", q + a, re.IGNORECASE) for _, q, a in templates):
        return Refusal(note_type, "its card templates run scripts, which notedeck's cards do not")
    if any(re.search(r"\{\{\s*type:", q + a) for _, q, a in templates):
        return Refusal(note_type, "its cards ask to type the answer, which notedeck's cards do not: change these "
                       "notes to Basic in Anki (Notes → Change Note Type) to adopt them")
    if note_type.cloze:
        return _cloze(note_type)
    if len(templates) > 2:
        return Refusal(note_type, f"it makes {len(templates)} cards a note; notedeck's notes make a term card and, "
                       "on request, its reverse")
    name, question, answer = templates[0]
    front, odd = _shown(question, fields)
    if odd:
        return Refusal(note_type, f"its card {name!r} shows {odd[0]}, which notedeck's cards have no place for")
    if len(front) != 1:
        return Refusal(note_type, f"its card {name!r} asks {len(front)} fields at once"
                       + (f" ({', '.join(front)})" if front else "") + "; notedeck's cards ask one term")
    back, odd = _shown(answer, fields)
    if odd:
        return Refusal(note_type, f"its card {name!r} shows {odd[0]}, which notedeck's cards have no place for")
    back = [f for f in back if f != front[0]]
    if not back:
        return Refusal(note_type, f"its card {name!r} shows no other field on its back")
    term, main = fields.index(front[0]), fields.index(back[0])
    reverse, reverse_if = False, None
    if len(templates) == 2:
        name2, question2, answer2 = templates[1]
        asked, odd = _shown(question2, fields)
        flags = _sections(question2) - {back[0], front[0]}
        if odd or asked != [back[0]] or len(flags) > 1 or front[0] not in _shown(answer2, fields)[0]:
            return Refusal(note_type, f"its second card {name2!r} is not the first one reversed; notedeck's reverse "
                           f"card asks the {back[0]} and answers the {front[0]}")
        if flags:
            reverse_if = fields.index(next(iter(flags)))
        else:
            reverse = True
    extra = tuple(i for i, f in enumerate(fields) if i not in (term, main, reverse_if))
    return Adoption(note_type, Kind.TERM, term, main, extra, reverse, reverse_if)


def _cloze(note_type: NoteType) -> Adoption | Refusal:
    fields, templates = note_type.fields, note_type.templates
    if len(templates) != 1:
        return Refusal(note_type, "a cloze note type with more than one card template")
    _, question, answer = templates[0]
    clozed = [field for kind, filters, field in _references(question) if not kind and filters and "cloze" in
              filters.split(":")]
    if len(set(clozed)) != 1 or clozed[0] not in fields:
        return Refusal(note_type, "its cloze card does not hide one field's clozes")
    for template in (question, answer):
        _, odd = _shown(re.sub(r"\{\{\s*cloze:[^{}]*\}\}", "", template), fields)
        if odd:
            return Refusal(note_type, f"its card shows {odd[0]}, which notedeck's cards have no place for")
    main = fields.index(clozed[0])
    return Adoption(note_type, Kind.CLOZE, None, main, tuple(i for i in range(len(fields)) if i != main), False)


def plan(note_types: dict[int, NoteType]) -> tuple[dict[int, Adoption], list[Refusal]]:
    """Each note type's adoption, and the refusals (by name)."""
    adoptions: dict[int, Adoption] = {}
    refusals: list[Refusal] = []
    for mid, note_type in sorted(note_types.items()):
        found = classify(note_type)
        if isinstance(found, Refusal):
            refusals.append(found)
        else:
            adoptions[mid] = found
    return adoptions, sorted(refusals, key=lambda r: r.note_type.name)
