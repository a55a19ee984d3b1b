"""The notes format: the seed file and every rule the README documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedeck.errors import NotesError
from notedeck.parse.entry import Entry
from notedeck.parse.shapes.plain import parse

from ..conftest import SEED

DATA = Path(__file__).resolve().parents[1] / "data"


def test_seed_parses_into_24_cards_in_order() -> None:
    entries = parse(SEED.read_text(encoding="utf-8"), "deep_learning.txt")
    assert len(entries) == 24
    assert entries[0] == Entry("Deep Learning (DL)", entries[0].definition, 1)
    assert entries[0].definition.startswith("able to extract hierarchical features")
    # "How to train DL" is answered by a line that is itself the next term's name.
    assert (entries[2].term, entries[2].definition) == ("How to train DL", "Back-propagation")
    assert (entries[3].term, entries[3].line) == ("Back-propagation", 7)
    assert entries[-1].term == "CNN Feature Extraction Fully Connected Layer"
    assert entries[-1].line == 47
    assert [e.line for e in entries] == list(range(1, 48, 2))


def _valid_cases() -> list[Path]:
    return sorted((DATA / "valid").glob("*.txt"))


@pytest.mark.parametrize("case", _valid_cases(), ids=lambda p: p.stem)
def test_valid_notes_give_the_expected_entries(case: Path) -> None:
    expected_file = case.with_suffix(".json")
    assert expected_file.exists(), f"missing expected result {expected_file.name}"
    entries = parse(case.read_bytes().decode("utf-8").removeprefix("\ufeff"), case.name)
    got = [
        {"term": e.term, "definition": e.definition, "line": e.line, "headings": list(e.headings),
         "reverse": e.reverse, "diagram": e.diagram}
        for e in entries
    ]
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))


def _invalid_cases() -> list[Path]:
    return sorted((DATA / "invalid").glob("*.txt"))


@pytest.mark.parametrize("case", _invalid_cases(), ids=lambda p: p.stem)
def test_invalid_notes_report_each_problem_on_its_line(case: Path) -> None:
    expected_file = case.with_suffix(".err")
    assert expected_file.exists(), f"missing expected errors {expected_file.name}"
    with pytest.raises(NotesError) as info:
        parse(case.read_text(encoding="utf-8"), case.name)
    assert [str(p) for p in info.value.problems] == expected_file.read_text(encoding="utf-8").splitlines()


def test_crlf_and_lone_cr_keep_line_numbers() -> None:
    entries = parse("A\r\nthe first\r\n\r\nB\rthe second\r", "x.txt")
    assert [(e.term, e.definition, e.line) for e in entries] == [("A", "the first", 1), ("B", "the second", 4)]


def test_one_missing_line_is_reported_in_its_own_block_and_later_cards_are_kept_aligned() -> None:
    text = "A\nfirst\n\nB\n\nC\nthird\n\nD\nfourth\n"
    with pytest.raises(NotesError) as info:
        parse(text, "x.txt")
    assert [str(p) for p in info.value.problems] == [
        "x.txt:4: term 'B' has no definition: write its definition on the next line, or remove the term"
    ]
    # Without the bad block, the others parse to the right pairs.
    assert [(e.term, e.definition) for e in parse(text.replace("B\n\n", ""), "x.txt")] == [
        ("A", "first"), ("C", "third"), ("D", "fourth")]


def test_a_blank_line_before_the_continuation_keeps_two_paragraphs() -> None:
    # Found by the round-trip property: the blank line used to be dropped, merging the paragraphs.
    entries = parse("Term\nfirst paragraph\n\n  second paragraph\n", "x.txt")
    assert entries[0].definition == "first paragraph\n\nsecond paragraph"
