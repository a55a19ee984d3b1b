"""Warnings about notes that parse but are probably not what the learner meant.

Pure. Each check is a function from one file's cards to problems; none of them stops a
build unless ``--strict`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from .cards import Card, identity_key
from .errors import Problem
from .readers.entry import definition_reads_like_a_term, term_reads_like_a_sentence

MAX_ANSWER_WORDS = 45  # beyond this an answer is a paragraph to reread, not a fact to recall
_WORDS = re.compile(r"\w+")

Check = Callable[[Sequence[Card], str], Iterator[Problem]]


def _warn(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, "warning: " + message)


def misaligned(cards: Sequence[Card], path: str) -> Iterator[Problem]:
    """A term that reads like a sentence, or a definition that reads like a term."""
    for card in cards:
        if term_reads_like_a_sentence(card.name):
            yield _warn(path, card.line, f"the term {card.name!r} reads like a sentence: are the term and "
                        "definition lines swapped, or is a line missing above?")
        if definition_reads_like_a_term(card.definition):
            yield _warn(path, card.line, f"the definition of {card.name!r} reads like a term "
                        f"({card.definition.strip()!r}): is a line missing above?")


def definition_is_a_term(cards: Sequence[Card], path: str) -> Iterator[Problem]:
    """A definition that is only the name or abbreviation of another term."""
    lines: dict[str, tuple[str, int]] = {}
    for card in cards:
        lines.setdefault(identity_key(card.name), (card.name, card.line))
        if card.alias:
            lines.setdefault(identity_key(card.alias), (card.name, card.line))
    for card in cards:
        other = lines.get(identity_key(card.definition))
        if other is not None and other[0] != card.name:
            yield _warn(path, card.line, f"the definition of {card.name!r} is only the term {other[0]!r} "
                        f"(line {other[1]}): say what it means in words, so the card can be answered")


def _letters(text: str) -> str:
    return "".join(_WORDS.findall(identity_key(text)))


def near_duplicates(cards: Sequence[Card], path: str) -> Iterator[Problem]:
    """Terms that differ only by punctuation or spacing (differing by case is an error)."""
    seen: dict[str, Card] = {}
    for card in cards:
        key = _letters(card.name)
        first = seen.setdefault(key, card)
        if first is not card:
            yield _warn(path, card.line, f"the term {card.name!r} differs from {first.name!r} (line {first.line}) "
                        "only by punctuation: merge them, or make the difference clear")


def long_answers(cards: Sequence[Card], path: str) -> Iterator[Problem]:
    """Answers too long to recall in one go (the minimum-information principle)."""
    for card in cards:
        words = len(_WORDS.findall(card.definition))
        if words > MAX_ANSWER_WORDS:
            yield _warn(path, card.line, f"the answer for {card.name!r} has {words} words: split it into "
                        f"smaller cards of one fact each (at most {MAX_ANSWER_WORDS} words reads back well)")


def abbreviations_before_definition(cards: Sequence[Card], path: str) -> Iterator[Problem]:
    """An abbreviation used in a card above the card that defines it."""
    defined = {card.alias: card for card in cards if card.alias}
    if not defined:
        return
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(defined, key=len, reverse=True))) + r")\b")
    for card in cards:
        used = dict.fromkeys(pattern.findall(card.term + "\n" + card.definition))
        for alias in used:
            where = defined[alias]
            if where.line > card.line:
                yield _warn(path, card.line, f"{alias!r} is used before it is defined (line {where.line}): "
                            "move its card up, or spell it out here")


CHECKS: tuple[Check, ...] = (misaligned, definition_is_a_term, near_duplicates, long_answers,
                             abbreviations_before_definition)


def lint(cards: Sequence[Card], path: str) -> list[Problem]:
    """Every warning for one notes file, in line order."""
    return sorted((p for check in CHECKS for p in check(cards, path)), key=lambda p: p.line or 0)
