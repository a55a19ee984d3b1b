"""The concept hierarchy: which earlier term a term extends, found only on real evidence.

Pure. A term is a child of an earlier term when it begins or ends with that term's whole
name, abbreviation, or name-without-its-parent, as whole words (``LSTM Forget Gate`` under
*Long Short-Term Memory (LSTM)*), and:

- the parent is a concept's name: it neither starts nor ends with a stop word, and a
  parent of one word is an abbreviation (two capitals: ``RNN``, ``ConvNet``), never a single
  common word (``open``, ``Public``), so no chain grows through one;
- what the child adds is a content phrase joined on a content word: ``to open the door``
  does not hang from ``to open`` through ``the``.

Stop words are the maintained lists of the ``stop-words`` package for English, Spanish,
French, German, Portuguese and Italian (the languages people learn most). A listed word
written with a capital inside a term (``Fully Connected Layer``, ``Freedom of Information
Act``) is used as a content word there, as title case shows (which keeps ``of`` and ``the``
small); at a term's start it is a stop word however written (``The door``, ``To open``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

_WORD = re.compile(r"\w+")
_PUNCTUATION = "\"'()[]{}.,;:!?¿¡-–—/·"
_EDGE = " \t-–—:;,/·"
LANGUAGES = ("english", "spanish", "french", "german", "portuguese", "italian")
NONE = "none"  # [parent: none]


@cache
def stop_words() -> frozenset[str]:
    """The stop words of every language above, case-folded."""
    from stop_words import get_stop_words

    return frozenset(w.casefold() for language in LANGUAGES for w in get_stop_words(language))


def _is_stop(word: str, at_start: bool) -> bool:
    if word.casefold() not in stop_words():
        return False
    return at_start or not word[:1].isupper()


def _is_abbreviation(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def key(text: str | None) -> tuple[str, ...]:
    """The words of a name, case-folded: what two names are compared by."""
    return tuple(m.group().casefold() for m in _WORD.finditer(text or ""))


def can_parent(text: str) -> bool:
    """Whether a name may be a parent: a concept, not a common word or phrase.

    >>> [can_parent(t) for t in ("RNN", "Recurrent Neural Network", "open", "to open", "the door", "Public")]
    [True, True, False, False, False, False]
    """
    words = text.split()
    if not words:
        return False
    first, last = words[0].strip(_PUNCTUATION), words[-1].strip(_PUNCTUATION)
    if len(words) == 1:
        return _is_abbreviation(first)
    # Neither edge a stop word: then the first word is content, and so the name has some.
    return bool(first) and bool(last) and not _is_stop(first, True) and not _is_stop(last, False)


def _content_phrase(text: str, joined_at_start: bool) -> bool:
    """What a child adds to its parent: a content word where it joins (and so content in it).

    Words here are what spaces separate, so ``One-to-One`` is one word, not three.
    """
    parts = text.split(None, 1) if joined_at_start else text.rsplit(None, 1)
    joint = (parts[0] if joined_at_start else parts[-1]).strip(_PUNCTUATION) if parts else ""
    if not joint:  # a lone bracket or dash where it joins: look at the words themselves
        words = [w for w in (t.strip(_PUNCTUATION) for t in text.split()) if w]
        if not words:
            return False
        joint = words[0] if joined_at_start else words[-1]
    return not _is_stop(joint, False)


def infer_parents(names: Sequence[str], aliases: Sequence[str | None],
                  explicit: Sequence[str | None] | None = None) -> list[tuple[int | None, str | None]]:
    """For each term, its parent's index and its name without the parent's, or ``(None, None)``.

    The longest match wins, then the latest term with it. ``explicit`` holds each term's
    ``[parent: …]`` marker: a parent's name or alias (which must be an earlier term), or
    ``none``. Each term is looked up by its own prefixes and suffixes in a dictionary, so the
    cost grows with the number of terms, not with its square.

    >>> infer_parents(["Recurrent Neural Network", "One-to-One RNN"], ["RNN", None])
    [(None, None), (0, 'One-to-One')]
    >>> infer_parents(["to open", "to open the door", "the door"], [None, None, None])
    [(None, None), (None, None), (None, None)]
    """
    seen: dict[tuple[str, ...], tuple[int, str]] = {}  # names a later term may extend, and their text
    parentable: dict[str, bool] = {}  # can_parent, asked only of the names a term does extend
    named: dict[tuple[str, ...], int] = {}  # every earlier name and alias, for [parent: …]
    result: list[tuple[int | None, str | None]] = []

    def fits(found: tuple[int, str] | None, rest: str, joined_at_start: bool) -> bool:
        if found is None:
            return False
        text = found[1]
        if text not in parentable:
            parentable[text] = can_parent(text)
        return parentable[text] and _content_phrase(rest, joined_at_start)

    for i, (name, alias) in enumerate(zip(names, aliases)):
        matches = list(_WORD.finditer(name))
        words = tuple(m.group().casefold() for m in matches)
        parent: int | None = None
        short: str | None = None
        wanted = explicit[i] if explicit is not None else None
        if wanted is not None:
            parent = None if wanted.strip().casefold() == NONE else named.get(key(wanted))
            if parent is not None:
                short = _without(name, key(names[parent]), key(aliases[parent]), words, matches)
        else:
            for k in range(len(words) - 1, 0, -1):
                found = seen.get(words[:k])
                if fits(found, name[matches[k].start():], True):
                    parent, short = found[0], name[matches[k].start():]  # type: ignore[index]
                    break
                found = seen.get(words[len(words) - k:])
                if fits(found, name[: matches[len(words) - k].start()], False):
                    parent, short = found[0], name[: matches[len(words) - k].start()]  # type: ignore[index]
                    break
        if short is not None:
            short = short.strip(_EDGE) or None
        result.append((parent, short))
        for text, alt in ((name, words), (alias, None), (short, None)):
            if not text:
                continue
            alt = alt if alt is not None else key(text)
            named[alt] = i
            seen[alt] = (i, text)
    return result


def _without(name: str, parent: tuple[str, ...], alias: tuple[str, ...], words: tuple[str, ...],
             matches: list[re.Match[str]]) -> str | None:
    """The name without its (explicit) parent's name or alias at its start or end, if it has one there."""
    for part in sorted((parent, alias), key=len, reverse=True):
        k = len(part)
        if not k or k >= len(words):
            continue
        if words[:k] == part:
            return name[matches[k].start():]
        if words[len(words) - k:] == part:
            return name[: matches[len(words) - k].start()]
    return None
