"""Warnings about notes that parse but are probably not what the learner meant.

Pure. Each check is a named function from one file's cards to problems; none of them stops
a build unless ``--strict`` is given. Which checks run and their thresholds come from
``[lint]`` in the settings. On a big file a check that fires again and again says so in one
line (how many, a typical value, the first lines); ``--verbose`` lists every one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..parse import cloze as clozes
from .cards import Card, Duplicate, identity_key
from ..errors import NotesError, Problem
from ..parse.entry import MAX_TERM_WORDS, definition_reads_like_a_term, term_reads_like_a_sentence

MAX_ANSWER_WORDS = 45  # beyond this an answer is a paragraph to reread, not a fact to recall
SUMMARY_AFTER = 3  # more warnings of one kind than this make one summary line
ALPHABETICAL = 0.9  # the share of neighbouring terms in order that makes a file a glossary, not a lesson
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class LintConfig:
    """``[lint]``: which checks run, and their thresholds."""

    disabled: frozenset[str] = frozenset()
    max_answer_words: int = MAX_ANSWER_WORDS
    max_term_words: int = MAX_TERM_WORDS
    summary_after: int = SUMMARY_AFTER
    verbose: bool = False  # every warning, never a summary (--verbose)


@dataclass(frozen=True)
class Finding:
    """One warning, with the number a summary of many is made from."""

    problem: Problem
    value: int | None = None


Check = Callable[[Sequence[Card], str, LintConfig], Iterator[Finding]]


def _warn(path: str, line: int, message: str, value: int | None = None) -> Finding:
    return Finding(Problem(path, line, "warning: " + message), value)


def shifted(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """A term that reads like a sentence, or a definition that reads like a term."""
    for card in cards:
        if card.titled and term_reads_like_a_sentence(card.name, settings.max_term_words):
            yield _warn(path, card.line, f"the term {card.name!r} reads like a sentence: are the term and "
                        "definition lines swapped, or is a line missing above?")
        if not card.cloze and definition_reads_like_a_term(card.definition):
            yield _warn(path, card.line, f"the definition of {card.name!r} reads like a term "
                        f"({card.definition.strip()!r}): is a line missing above?")


def definition_is_a_term(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
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


def near_duplicates(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """Terms that differ only by punctuation or spacing (differing by case is an error)."""
    seen: dict[str, Card] = {}
    for card in cards:
        key = _letters(card.name)
        first = seen.setdefault(key, card)
        if first is not card and identity_key(first.name) != identity_key(card.name):  # the same: "duplicates"
            yield _warn(path, card.line, f"the term {card.name!r} differs from {first.name!r} (line {first.line}) "
                        "only by punctuation: merge them, or make the difference clear")


def long_answers(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """Answers too long to recall in one go (the minimum-information principle)."""
    most = settings.max_answer_words
    for card in cards:
        words = len(_WORDS.findall(clozes.plain(card.definition) if card.cloze else card.definition))
        if words > most:
            yield _warn(path, card.line, f"the answer for {card.name!r} has {words} words: split it into "
                        f"smaller cards of one fact each (at most {most} words reads back well)", words)


def alphabetical(cards: Sequence[Card]) -> bool:
    """Whether the cards are in alphabetical order (a glossary), rather than in teaching order."""
    keys = [identity_key(c.name) for c in cards]
    pairs = len(keys) - 1
    return pairs >= 3 and sum(a <= b for a, b in zip(keys, keys[1:])) >= ALPHABETICAL * pairs


def used_before_defined(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """An abbreviation used in a card above the card that defines it, in a file meant to be read in order."""
    defined = {card.alias: card for card in cards if card.alias}
    if not defined or alphabetical(cards):  # a glossary's order says nothing about what comes first
        return
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(defined, key=len, reverse=True))) + r")\b")
    for card in cards:
        used = dict.fromkeys(pattern.findall(card.term + "\n" + card.definition))
        for alias in used:
            where = defined[alias]
            if where.line > card.line:
                yield _warn(path, card.line, f"{alias!r} is used before it is defined (line {where.line}): "
                            "move its card up, or spell it out here")


def cloze_gaps(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """Cloze numbers that skip one: ``c1`` and ``c3`` make cards 1 and 3, and no card 2."""
    for card in cards:
        if not card.cloze:
            continue
        first, missing = clozes.gaps(card.cloze)
        if missing:
            shown = ", ".join(f"c{n}" for n in card.cloze[:8]) + (", …" if len(card.cloze) > 8 else "")
            absent = ", ".join(f"c{n}" for n in first) + (f" and {missing - len(first)} more" if missing > len(first)
                                                          else "")
            yield _warn(path, card.line, f"the clozes of {card.name!r} are numbered {shown}, with no {absent}: "
                        "each number is a card; renumber them from c1 up if none is missing")


def empty_clozes(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """A cloze with nothing in it: its card asks for nothing. And ``[reverse]`` on a cloze note,
    which has a card per cloze and no reverse card."""
    for card in cards:
        if card.cloze and card.reverse:
            yield _warn(path, card.line, f"[reverse] after {card.name!r} makes no card: a cloze note has a card "
                        "per cloze number and no reverse")
        for deletion in clozes.parse(card.definition)[0] if card.cloze else ():
            if not clozes.plain(deletion.answer).strip():
                yield _warn(path, card.line, f"an empty cloze in {card.name!r}: "
                            f"{card.definition[deletion.start:deletion.end]!r} hides nothing; write its answer "
                            "inside it")


def written_twice(duplicates: Sequence[Duplicate], path: str) -> Iterator[Finding]:
    """A term written more than once in a file: merged (the same definition), or two notes."""
    for twin in duplicates:
        if twin.same:
            yield _warn(path, twin.line, f"{twin.term!r} is written again with the same definition as on line "
                        f"{twin.first}: one note (delete one of the two)")
        else:
            yield _warn(path, twin.line, f"{twin.term!r} is also defined on line {twin.first}, differently: two "
                        "notes, told apart by their definitions (merge them, or rename one)")


def _from_reading(cards: Sequence[Card], path: str, settings: LintConfig) -> Iterator[Finding]:
    """A check whose findings the reading gives (``findings``' ``duplicates``), not the cards."""
    return iter(())


@dataclass(frozen=True)
class Kind:
    """A check, its name in ``[lint] disable``, and how a summary of many of its warnings reads."""

    check: Check
    name: str
    summary: str  # "{count} of {cards} …", with {typical} where the check measures something
    measured: bool = field(default=False)


KINDS: tuple[Kind, ...] = (
    Kind(shifted, "shifted", "{count} of {cards} cards look shifted (a term like a sentence, or a definition "
         "like a term)"),
    Kind(definition_is_a_term, "definition-is-a-term", "{count} of {cards} definitions are only another term"),
    Kind(near_duplicates, "near-duplicates", "{count} terms differ from another only by punctuation"),
    Kind(long_answers, "long-answers", "{count} of {cards} answers are over {most} words, median {typical}: "
         "consider splitting them", measured=True),
    Kind(used_before_defined, "used-before-defined", "{count} abbreviations are used above the card that "
         "defines them"),
    Kind(cloze_gaps, "cloze-gaps", "{count} cloze notes skip a cloze number"),
    Kind(empty_clozes, "empty-clozes", "{count} clozes are empty, or cloze notes ask for a reverse card"),
    Kind(_from_reading, "duplicates", "{count} terms are written more than once (the same definition: one note; "
         "another: a note each)"),
)
NAMES = tuple(k.name for k in KINDS)


def config_from(table: Mapping[str, object], path: str, verbose: bool = False) -> LintConfig:
    """``[lint]`` from the settings file, checked: unknown checks or keys are named."""
    known = {"disable", "max_answer_words", "max_term_words", "summary_after"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise NotesError.at(path, None, f"[lint]: unknown settings {', '.join(unknown)}; known: "
                            f"{', '.join(sorted(known))}")
    disabled = table.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(d, str) and d in NAMES for d in disabled):
        raise NotesError.at(path, None, f"[lint] disable must be a list of checks from: {', '.join(NAMES)}")
    numbers = {}
    for key in ("max_answer_words", "max_term_words", "summary_after"):
        value = table.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise NotesError.at(path, None, f"[lint] {key} must be a whole number of at least 1")
        if value is not None:
            numbers[key] = value
    return LintConfig(frozenset(disabled), verbose=verbose, **numbers)  # type: ignore[arg-type]


def _summary(kind: Kind, findings: list[Finding], cards: int, path: str, most: int) -> Problem:
    lines = [f.problem.line for f in findings if f.problem.line is not None]
    values = [f.value for f in findings if f.value is not None]
    ordered = sorted(values)
    middle = len(ordered) // 2
    typical = round((ordered[middle] + ordered[~middle]) / 2) if ordered else 0  # the median
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    text = kind.summary.format(count=len(findings), cards=cards, most=most, typical=typical)
    return Problem(path, None, f"warning: {text} — lines {shown} (--verbose lists each; [lint] disable = "
                   f"[\"{kind.name}\"] turns this check off)")


def lint(cards: Sequence[Card], path: str, config: LintConfig | None = None) -> list[Problem]:
    """The warnings for one notes file: each one, or one line for a check that fires many times."""
    config = config or LintConfig()
    return report(findings(cards, path, config), len(cards), path, config)


def findings(cards: Sequence[Card], path: str, config: LintConfig, duplicates: Sequence[Duplicate] = ()
             ) -> list[tuple[str, Finding]]:
    """What each check that runs finds, by the check's name: all of it, before any summary.
    ``duplicates`` are the terms the file writes more than once."""
    found = [(kind.name, f) for kind in KINDS if kind.name not in config.disabled
             for f in kind.check(cards, path, config)]
    if "duplicates" not in config.disabled:
        found += [("duplicates", f) for f in written_twice(duplicates, path)]
    return found


def report(found: Sequence[tuple[str, Finding]], cards: int, path: str, config: LintConfig) -> list[Problem]:
    """The warnings to show for a file's ``findings`` (of ``cards`` cards): a check that fires more
    than ``summary_after`` times is one summary line, unless ``verbose``."""
    problems: list[Problem] = []
    for kind in KINDS:
        mine = [f for name, f in found if name == kind.name]
        if len(mine) > config.summary_after and not config.verbose:
            problems.append(_summary(kind, mine, cards, path, config.max_answer_words))
        else:
            problems.extend(f.problem for f in mine)
    return sorted(problems, key=lambda p: p.line or 0)
