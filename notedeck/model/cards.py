"""Structured cards: what the parser's plain entries mean.

Pure. From each entry it derives the abbreviation, the place in a hierarchy of concepts,
a context line, hierarchical tags and a stable identity (GUID).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..inputs.settings import ClozeMode
from ..parse import cloze as clozes
from ..errors import NotesError, Problem
from .hierarchy import infer_parents
from ..parse.entry import Entry, Markup

_WORD = re.compile(r"\w+")
# "(DL)", "(LSTM)", "(ConvNet)": one word in brackets with two capitals; "(In, FE)" is not one.
_ALIAS = re.compile(r"\s*\(([^\s(),]{2,15})\)\s*$")
_TAG_UNSAFE = re.compile(r"[^\w.&+-]+")
_EDGE = " \t-–—:;,/·"
SEPARATOR = " › "


@dataclass(frozen=True, slots=True)  # slots: no per-instance dict, for 100,000s of them
class Card:
    """One note of the deck, with everything derived from its entry."""

    deck: str
    term: str  # as written, alias included
    name: str  # without the alias
    alias: str | None
    definition: str  # Markdown source
    source: str  # file name, relative to the folder it came from
    line: int
    headings: tuple[str, ...]
    parent: int | None  # index of the parent card in the same deck
    short: str | None  # the name without its parent's name, when it has a parent
    context: str
    tags: tuple[str, ...]
    reverse: bool
    diagram: str | None
    guid: str
    extra: str = ""  # the Extra field as the file gives it (an Anki export's Extra column)
    markup: Markup = Markup.MARKDOWN
    was: str | None = None  # the term this one renames ([was: …])
    cloze: tuple[int, ...] = ()  # its cloze numbers: a cloze note, whose text is ``definition``, in Anki's syntax
    titled: bool = True  # a cloze note with a term shown above its text (not a line of clozes on its own)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def abbreviates(alias: str, name: str) -> bool:
    """Whether ``alias``'s capitals are initials of ``name``'s words, in order, from its first or second word.

    >>> [abbreviates(a, n) for a, n in [("LSTM", "Long Short-Term Memory"), ("ConvNet", "Convolutional network"),
    ...                                 ("ES", "Alpha"), ("EU", "The European Union"), ("NN", "Neural")]]
    [True, True, False, True, False]
    """
    capitals = [c.casefold() for c in alias if c.isupper()]
    initials = [w[0].casefold() for w in _WORD.findall(name)]
    if len(capitals) < 2 or not initials or capitals[0] not in initials[:2]:
        return False
    position = initials.index(capitals[0])
    for capital in capitals[1:]:
        try:
            position = initials.index(capital, position + 1)
        except ValueError:
            return False
    return True


def identity_name(term: str) -> str:
    """The part of a term its identity (GUID) is made of: the term without a trailing bracketed
    word of two capitals or more. Releases up to 0.1.0 took any such word as an abbreviation;
    identity keeps that rule, so no note a learner has changes its GUID (the alias rule for
    what is shown is ``split_alias``'s).

    >>> identity_name("Alpha (ES)"), identity_name("Long Short-Term Memory (LSTM)"), identity_name("Bank (bench)")
    ('Alpha', 'Long Short-Term Memory', 'Bank (bench)')
    """
    match = _ALIAS.search(term)
    if match and sum(c.isupper() for c in match.group(1)) >= 2 and match.start() > 0:
        return term[: match.start()].rstrip()
    return term


def split_alias(term: str) -> tuple[str, str | None]:
    """Split a trailing abbreviation off a term: a bracketed word whose capitals are the name's initials.

    ``(ES)``, ``(bench)``, ``(verb)`` and ``(1990)`` abbreviate nothing: they stay part of the term.

    >>> split_alias("Long Short-Term Memory (LSTM)")
    ('Long Short-Term Memory', 'LSTM')
    >>> split_alias("CNN Layers (In, FE)")
    ('CNN Layers (In, FE)', None)
    >>> split_alias("Alpha (ES)")
    ('Alpha (ES)', None)
    """
    match = _ALIAS.search(term)
    if match and match.start() > 0 and abbreviates(match.group(1), term[: match.start()]):
        return term[: match.start()].rstrip(), match.group(1)
    return term, None


def deck_name(filename: str) -> str:
    """The deck a notes file fills: ``deep_learning.txt`` → ``Deep Learning``."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return words.title() if words == words.lower() else words


def identity_key(name: str) -> str:
    """What makes two terms the same note: case, spacing and Unicode form do not."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


_B91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def guid_for(deck: str, name: str) -> str:
    """A note's GUID: a hash of its deck and term only, never of its definition.

    >>> guid_for("Deep Learning", "Back-propagation") == guid_for("deep learning", "back-propagation ")
    True
    """
    return _guid(f"notedeck\x1f{identity_key(deck)}\x1f", identity_key(name))


def salted(guid: str) -> str:
    """A fresh GUID for a new term whose own GUID a renamed note already has (always the same one)."""
    return _guid("notedeck renamed\x1f", guid)


def identity_guid(namespace: str, source: str, identity: str) -> str:
    """The GUID of a note its file identifies (``Entry.identity``: a sheet's ID, another note type's GUID):
    within the root deck and the file's deck, never a term's GUID (its prefix is another)."""
    return _guid(f"notedeck identity\x1f{identity_key(namespace)}\x1f{identity_key(deck_name(source))}\x1f", identity)


_B91_PAIRS = tuple(a + b for a in _B91 for b in _B91)  # two base-91 digits at a time: half the divisions


def _guid(prefix: str, key: str) -> str:
    """``guid_for`` from the namespace's part of the hashed text and the term's identity key."""
    return _base91(int.from_bytes(hashlib.sha256((prefix + key).encode()).digest()[:8], "big"))


def _base91(number: int) -> str:
    """``number`` in genanki's base 91, most significant digit first, no leading zeros (0 is ``a``).

    >>> [_base91(n) for n in (0, 90, 91, 8281)]
    ['a', '~', 'ba', 'baa']
    """
    parts = []
    while number >= 8281:  # 91 ** 2
        number, rest = divmod(number, 8281)
        parts.append(_B91_PAIRS[rest])
    parts.append(_B91_PAIRS[number] if number >= 91 else _B91[number])
    return "".join(reversed(parts))


def _without_repeats(parts: tuple[str, ...]) -> list[str]:
    """A context line's parts, a part that repeats the one before it shown once (``LSTM › LSTM``:
    a heading named like the card's parent)."""
    return [part for i, part in enumerate(parts) if i == 0 or part != parts[i - 1]]


def tag_part(text: str) -> str:
    """One level of an Anki tag: no spaces, nothing Anki's tag syntax would misread."""
    return _TAG_UNSAFE.sub("_", text).strip("_") or "_"


@dataclass(frozen=True, slots=True)
class _Cloze:
    """An entry read as a cloze note: its text in Anki's syntax, and what it is called."""

    numbers: tuple[int, ...]
    text: str
    name: str | None = None  # for a line of clozes without a term: the line with its answers filled in
    extra: str = ""  # and what followed it, shown on the back


def _clozes(entries: Sequence[Entry], mode: ClozeMode, path: str) -> list[_Cloze | None]:
    """Which entries are cloze notes: clozes in the definition (under a term), or in the term line itself."""
    found: list[_Cloze | None] = []
    problems: list[Problem] = []
    for entry in entries:
        try:
            text, numbers = clozes.read(entry.definition, mode, entry.markup)
            if numbers:
                if clozes.read(entry.term, mode, entry.markup)[1]:
                    raise clozes.ClozeError(
                        f"both {entry.term[:60]!r} and the line under it have clozes: a line of clozes is a card "
                        "on its own, so leave a blank line after it (or put the clozes in one of the two)")
                found.append(_Cloze(numbers, text))
                continue
            text, numbers = clozes.read(entry.term, mode, entry.markup)
        except clozes.ClozeError as err:
            problems.append(Problem(path, entry.line, str(err)))
            continue
        if numbers:
            extra = "\n\n".join(part for part in (entry.definition, entry.extra) if part)
            found.append(_Cloze(numbers, text, clozes.plain(text), extra))
        elif not entry.definition:
            problems.append(Problem(path, entry.line, f"{entry.term[:60]!r} has no definition" +
                                    (" (clozes are off: cloze = \"off\")" if mode == ClozeMode.OFF else "") +
                                    ": write its definition on the next line"))
            found.append(None)
        else:
            found.append(None)
    if problems:
        raise NotesError(problems)
    return found


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A term written again in one file: merged into the first (the same definition) or a note of its own."""

    line: int
    first: int  # the line of the term's first card
    term: str
    same: bool  # the same definition too: one note; else two, told apart by their definitions


@dataclass(frozen=True)
class Made:
    """One file's cards, and the terms it writes more than once."""

    cards: list[Card]
    duplicates: tuple[Duplicate, ...] = ()


def make_cards(entries: Sequence[Entry], source: str, *, path: str | None = None, deck: str | None = None,
               namespace: str | None = None, hierarchy: bool = True, cloze: ClozeMode = ClozeMode.AUTO) -> Made:
    """Structured cards of one notes file; raises NotesError on what cannot stand in a note.

    ``source`` is the name the cards show; ``path`` the one errors name (default: ``source``);
    ``deck`` the Anki deck they go in (default: named after the file); ``namespace`` what
    their GUIDs are unique within (default: the deck): the root deck, for a set of files.
    ``cloze`` is the cloze setting. A term written twice with one definition
    is one note; with two definitions, two notes told apart by their definitions.
    """
    where = path or source
    deck = deck or deck_name(source)
    entries, duplicates = _twins(entries)
    marked = any(clozes.marked(e.definition) or clozes.marked(e.term) or not e.definition for e in entries)
    cloze_of = _clozes(entries, cloze, where) if marked else [None] * len(entries)
    split = [split_alias(e.term) if c is None or c.name is None else (c.name, None) for e, c in zip(entries, cloze_of)]
    names = [name for name, _ in split]
    aliases = [alias for _, alias in split]
    parents = infer_parents(names, aliases, [e.parent for e in entries]) if hierarchy else [(None, None)] * len(entries)
    _validate(entries, parents if hierarchy else None, where)
    identities = _identities(entries, names, cloze_of, {d.line for d in duplicates if not d.same})
    guid_prefix = f"notedeck\x1f{identity_key(namespace or deck)}\x1f"
    return Made(_cards(entries, source, deck, names, aliases, parents, cloze_of,
                       [e.guid or (_guid(guid_prefix, i) if e.identity is None else
                                   identity_guid(namespace or deck, source, e.identity))
                        for e, i in zip(entries, identities)]), duplicates)


def _twins(entries: Sequence[Entry]) -> tuple[list[Entry], tuple[Duplicate, ...]]:
    """The entries without repeats of an earlier one (same term and definition), and every term written twice."""
    first: dict[str, list[Entry]] = {}
    kept: list[Entry] = []
    duplicates: list[Duplicate] = []
    for entry in entries:
        key = identity_key(split_alias(entry.term)[0])
        earlier = first.setdefault(key, [])
        same = next((e for e in earlier if (e.definition, e.extra, e.reverse) ==
                     (entry.definition, entry.extra, entry.reverse)), None)
        if earlier:
            duplicates.append(Duplicate(entry.line, (same or earlier[0]).line, entry.term, same is not None))
        if same is None:
            earlier.append(entry)
            kept.append(entry)
    return kept, tuple(duplicates)


def _validate(entries: Sequence[Entry], parents: Sequence[tuple[int | None, str | None]] | None, where: str) -> None:
    """What no note can hold, and ``[parent: …]`` markers that name no earlier term."""
    problems: list[Problem] = []
    for entry in entries:
        if "\x1f" in entry.term or "\x1f" in entry.definition or "\x1f" in entry.extra:
            problems.append(Problem(where, entry.line, "the control character U+001F is Anki's field "
                                    "separator and cannot stand in a note: remove it"))
    if parents is not None and any(e.parent is not None for e in entries):
        for entry, (parent, _) in zip(entries, parents):
            if entry.parent is not None and parent is None and entry.parent.strip().casefold() != "none":
                problems.append(Problem(where, entry.line, f"[parent: {entry.parent}]: no term or abbreviation "
                                        f"{entry.parent!r} above this line; name an earlier card, or write "
                                        "[parent: none]"))
    if problems:
        raise NotesError(problems)


def _identities(entries: Sequence[Entry], names: Sequence[str], cloze_of: Sequence[_Cloze | None],
                twins: set[int]) -> list[str]:
    """What each entry's GUID is made of: its term's identity key, by the 0.1.0 rule.

    Two different terms the rule would confuse ("Alpha (ES)" and "Alpha (EN)") are told apart by
    their whole terms; a term written again with another definition (``twins``, by line) by its
    definition, so each of the two keeps its note while its own definition stays as it is.
    """
    keys = [identity_key(name) for name in names]
    identities = [key if ")" not in e.term or (c is not None and c.name is not None) else
                  identity_key(identity_name(e.term)) for e, key, c in zip(entries, keys, cloze_of)]
    if any(identity != key for identity, key in zip(identities, keys)):  # only then can two share one
        sharing: dict[str, set[str]] = {}
        for identity, key in zip(identities, keys):
            sharing.setdefault(identity, set()).add(key)
        identities = [identity if len(sharing[identity]) == 1 else identity_key(e.term)
                      for identity, e in zip(identities, entries)]
    if twins:
        identities = [identity + "\x1f" + definition_digest(e.definition) if e.line in twins else identity
                      for identity, e in zip(identities, entries)]
    return identities


def twin_guid(namespace: str, name: str, text: str) -> str:
    """The GUID of a term written again with another definition (``text``, its digest): told apart by it."""
    return _guid(f"notedeck\x1f{identity_key(namespace)}\x1f", identity_key(name) + "\x1f" + text)


def definition_digest(definition: str) -> str:
    """What a definition is recognised by (a renamed term, a term written twice): its text as written."""
    return hashlib.sha256(definition.encode()).hexdigest()[:16]


def _cards(entries: Sequence[Entry], source: str, deck: str, names: Sequence[str], aliases: Sequence[str | None],
           parents: Sequence[tuple[int | None, str | None]], cloze_of: Sequence[_Cloze | None],
           guids: Sequence[str]) -> list[Card]:
    """The cards: each entry with its context line, tags and GUID."""
    has_children = {p for p, _ in parents if p is not None}
    labels: list[str] = []  # how each card is named inside a context line
    paths: list[tuple[str, ...]] = []  # labels from the root concept down to the card
    cards = []
    root_tag = "::".join(map(tag_part, deck.split("::")))
    heading_tags: dict[tuple[str, ...], str] = {}  # headings repeat: each tag is made once
    for i, entry in enumerate(entries):
        parent, short = parents[i]
        as_cloze = cloze_of[i]
        labels.append(short if short else (aliases[i] or names[i]))
        paths.append((paths[parent] if parent is not None else ()) + (labels[i],))
        tags = []
        if entry.headings:
            if (heading_tag := heading_tags.get(entry.headings)) is None:
                heading_tag = heading_tags[entry.headings] = "::".join((root_tag, *map(tag_part, entry.headings)))
            tags.append(heading_tag)
        if parent is not None or i in has_children:
            tags.append("::".join((root_tag, *map(tag_part, paths[i]))))
        own_line = as_cloze is not None and as_cloze.name is not None  # a line of clozes without a term
        cards.append(Card(
            deck=entry.deck or deck, term=names[i] if own_line else entry.term, name=names[i], alias=aliases[i],
            definition=entry.definition if as_cloze is None else as_cloze.text, source=source, line=entry.line,
            headings=entry.headings, parent=parent, short=short,
            context=SEPARATOR.join(_without_repeats((*entry.headings, *paths[i][:-1]))),
            tags=tuple(dict.fromkeys((*(tags or (root_tag,)), *entry.tags))) if entry.tags else
            tuple(tags) or (root_tag,), reverse=entry.reverse, diagram=entry.diagram, guid=guids[i],
            extra=as_cloze.extra if own_line else entry.extra, markup=entry.markup, was=entry.was,
            cloze=() if as_cloze is None else as_cloze.numbers, titled=not own_line,
        ))
    return cards
