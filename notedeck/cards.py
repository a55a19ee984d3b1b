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

from .errors import NotesError, Problem
from .readers.entry import Entry

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
    markup: str = "markdown"  # how term and definition are written: "markdown", "text" or "html"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def split_alias(term: str) -> tuple[str, str | None]:
    """Split a trailing abbreviation off a term.

    >>> split_alias("Long Short-Term Memory (LSTM)")
    ('Long Short-Term Memory', 'LSTM')
    >>> split_alias("CNN Layers (In, FE)")
    ('CNN Layers (In, FE)', None)
    """
    match = _ALIAS.search(term)
    if match and sum(c.isupper() for c in match.group(1)) >= 2 and match.start() > 0:
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


def _guid(prefix: str, key: str) -> str:
    """``guid_for`` from the namespace's part of the hashed text and the term's identity key."""
    number = int.from_bytes(hashlib.sha256((prefix + key).encode()).digest()[:8], "big")
    chars = []
    while number:
        number, rest = divmod(number, len(_B91))
        chars.append(_B91[rest])
    return "".join(reversed(chars)) or _B91[0]


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _key(text: str | None) -> tuple[str, ...]:
    return tuple(m.group().casefold() for m in _WORD.finditer(text or ""))


def infer_parents(names: Sequence[str], aliases: Sequence[str | None]) -> list[tuple[int | None, str | None]]:
    """For each term, its parent's index and its name without the parent's, or ``(None, None)``.

    A term is a child of the earlier term whose name, alias or name-without-its-parent it
    begins or ends with as whole words; the longest match wins, then the latest such term.
    Each term is looked up by its own prefixes and suffixes in a dictionary, so the cost
    grows with the number of terms, not with its square.

    >>> infer_parents(["Recurrent Neural Network", "One-to-One RNN"], [ "RNN", None])
    [(None, None), (0, 'One-to-One')]
    """
    seen: dict[tuple[str, ...], int] = {}
    result: list[tuple[int | None, str | None]] = []
    for i, (name, alias) in enumerate(zip(names, aliases)):
        words = _words(name)
        key = tuple(m.group().casefold() for m in words)
        parent: int | None = None
        short: str | None = None
        for k in range(len(key) - 1, 0, -1):
            if (found := seen.get(key[:k])) is not None:
                parent, short = found, name[words[k].start():]
                break
            if (found := seen.get(key[len(key) - k:])) is not None:
                parent, short = found, name[: words[len(key) - k].start()]
                break
        if short is not None:
            short = short.strip(_EDGE) or None
        result.append((parent, short))
        for alt in (key, _key(alias), _key(short)):
            if alt:
                seen[alt] = i
    return result


def tag_part(text: str) -> str:
    """One level of an Anki tag: no spaces, nothing Anki's tag syntax would misread."""
    return _TAG_UNSAFE.sub("_", text).strip("_") or "_"


def build(entries: Sequence[Entry], source: str, path: str | None = None, deck: str | None = None,
          namespace: str | None = None) -> list[Card]:
    """Structured cards of one notes file; raises NotesError on duplicate terms.

    ``source`` is the name the cards show; ``path`` the one errors name (default: ``source``);
    ``deck`` the Anki deck they go in (default: named after the file); ``namespace`` what
    their GUIDs are unique within (default: the deck): the root deck, for a set of files.
    """
    deck = deck or deck_name(source)
    namespace = namespace or deck
    split = [split_alias(e.term) for e in entries]
    names = [name for name, _ in split]
    aliases = [alias for _, alias in split]
    parents = infer_parents(names, aliases)

    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    keys = [identity_key(name) for name in names]
    for entry, name, key in zip(entries, names, keys):
        if key in first_line:
            problems.append(Problem(path or source, entry.line, f"duplicate term {name!r}: it is already defined at "
                                    f"line {first_line[key]}; merge the two cards or rename one"))
        else:
            first_line[key] = entry.line
    if problems:
        raise NotesError(problems)

    has_children = {p for p, _ in parents if p is not None}
    labels: list[str] = []  # how each card is named inside a context line
    paths: list[tuple[str, ...]] = []  # labels from the root concept down to the card
    cards = []
    root_tag = "::".join(map(tag_part, deck.split("::")))
    guid_prefix = f"notedeck\x1f{identity_key(namespace)}\x1f"
    heading_tags: dict[tuple[str, ...], str] = {}  # headings repeat: each tag is made once
    for i, entry in enumerate(entries):
        parent, short = parents[i]
        labels.append(short if short else (aliases[i] or names[i]))
        paths.append((paths[parent] if parent is not None else ()) + (labels[i],))
        ancestry = paths[i][:-1]
        tags = []
        if entry.headings:
            if (heading_tag := heading_tags.get(entry.headings)) is None:
                heading_tag = heading_tags[entry.headings] = "::".join((root_tag, *map(tag_part, entry.headings)))
            tags.append(heading_tag)
        if parent is not None or i in has_children:
            tags.append("::".join((root_tag, *map(tag_part, paths[i]))))
        cards.append(Card(
            deck=entry.deck or deck, term=entry.term, name=names[i], alias=aliases[i], definition=entry.definition,
            source=source, line=entry.line, headings=entry.headings, parent=parent, short=short,
            context=SEPARATOR.join((*entry.headings, *ancestry)),
            tags=tuple(dict.fromkeys((*(tags or (root_tag,)), *entry.tags))), reverse=entry.reverse, diagram=entry.diagram,
            guid=entry.guid or _guid(guid_prefix, keys[i]), extra=entry.extra, markup=entry.markup,
        ))
    return cards
