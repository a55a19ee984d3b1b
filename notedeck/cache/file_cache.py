"""What a notes file gave an earlier build, kept in the render cache under the hash of all it was read with.

``file_key`` hashes everything ``build.read_files.read_file`` reads; ``encode`` and ``decode``
write and check an entry field by field: an entry holding anything this code would not have
written is a miss, never a wrong card.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import astuple, fields
from typing import NamedTuple

from ..errors import Problem
from ..inputs import files as sources
from ..inputs.settings import ProjectSettings
from ..model import cards, lint
from ..parse.entry import Markup
from .fingerprint import tool_digest

_CARD_FIELDS = tuple(f.name for f in fields(cards.Card))
# What each field of a card may hold, as JSON gives it back (a list where the card has a tuple):
# an entry holding anything else is not what this code wrote. A new field of Card must be named here.
_STR, _INT, _BOOL, _NONE, _LIST = (str,), (int,), (bool,), (type(None),), (list,)
_KINDS = {"deck": _STR, "term": _STR, "name": _STR, "alias": _STR + _NONE, "definition": _STR, "source": _STR,
          "line": _INT, "headings": _LIST, "parent": _INT + _NONE, "short": _STR + _NONE, "context": _STR,
          "tags": _LIST, "reverse": _BOOL, "diagram": _STR + _NONE, "guid": _STR, "extra": _STR, "markup": _STR,
          "was": _STR + _NONE, "cloze": _LIST, "titled": _BOOL}
_CHECKS = tuple(_KINDS[name] for name in _CARD_FIELDS)
_TUPLES = tuple(i for i, name in enumerate(_CARD_FIELDS) if _KINDS[name] == _LIST)
_SHARED = tuple(_CARD_FIELDS.index(name) for name in ("deck", "source", "context", "markup"))
_MARKUP = _CARD_FIELDS.index("markup")



class Entry(NamedTuple):
    """A notes file's cards and what came with them."""

    cards: list[cards.Card]
    skipped: list[Problem]
    findings: list[tuple[str, lint.Finding]]
    texts: list[str]
    shape: dict[str, str]
    origin: str
    described: tuple[str, ...] = ()


def file_key(source: sources.Source, deck: str, namespace: str, settings: ProjectSettings | None,
             checks: lint.LintConfig | None, shape: Mapping[str, str] | None = None) -> bytes:
    """The hash of everything ``read_file`` reads: the file, its deck, its settings (the settings' rule
    for it among them) and remembered shape, the lint thresholds, and the tool."""
    rule = settings.rule_for(source.name, source.path) if settings is not None else None
    # What the checks find, not how it is shown: --verbose and the summary threshold read the same entry.
    lint_settings = None if checks is None else (sorted(checks.disabled), checks.max_answer_words,
                                                 checks.max_term_words)
    parts = (tool_digest(), source.name, str(source.path), source.path.suffix,
             sorted(rule.items()) if rule else None, deck, namespace,
             (settings.hierarchy, str(settings.cloze)) if settings is not None else None, lint_settings,
             sorted(shape.items()) if shape else None)
    h = hashlib.blake2b(repr(parts).encode(), digest_size=16)
    h.update(b"\0" + source.text.encode())
    return h.digest()


def encode(entry: Entry) -> bytes:
    return json.dumps({
        "cards": [[getattr(c, name) for name in _CARD_FIELDS] for c in entry.cards],
        "skipped": [astuple(p) for p in entry.skipped],
        "findings": [[name, *astuple(f.problem), f.value] for name, f in entry.findings],
        "texts": entry.texts,
        "shape": entry.shape,
        "origin": entry.origin,
        "described": entry.described,
    }, ensure_ascii=False, separators=(",", ":")).encode()


def decode(value: bytes, path: str) -> Entry:
    """An entry as ``encode`` wrote it; raises ValueError (or KeyError, TypeError) for anything else."""
    data = json.loads(value)
    # Strings many cards share (deck, file, markup, headings, tags, context) are shared again, as
    # the reader shares them: 100,000 cards would otherwise hold a copy each.
    shared: dict[str, str] = {}
    one = shared.setdefault
    built = []
    for values in data["cards"]:
        if len(values) != len(_CHECKS) or not all(type(v) in kinds for v, kinds in zip(values, _CHECKS)):
            raise ValueError("a card of another shape")
        for i in _SHARED:
            values[i] = one(values[i], values[i])
        for i in _TUPLES:
            values[i] = tuple([one(v, v) for v in values[i]])
        values[_MARKUP] = Markup(values[_MARKUP])
        built.append(cards.Card(*values))
    texts = data["texts"]
    if len(texts) != len(built) or not all(isinstance(t, str) for t in texts):
        raise ValueError("digests that do not match the cards")
    found = [(name, lint.Finding(Problem(where, line, message), number))
             for name, where, line, message, number in data["findings"]]
    shape, origin, described = data["shape"], data["origin"], data["described"]
    if not isinstance(shape, dict) or not all(isinstance(v, str) for v in shape.values()) or \
            not isinstance(origin, str) or not isinstance(described, list) or \
            not all(isinstance(d, str) for d in described):
        raise ValueError("a shape of another form")
    return Entry(built, [Problem(*p) for p in data["skipped"]], found, texts, shape, origin, tuple(described))
