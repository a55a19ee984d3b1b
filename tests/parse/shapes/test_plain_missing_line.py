"""A line missing in a plain file without blank lines is blamed where it went missing, not at the end."""

from __future__ import annotations

import pytest

from notedeck import parse
from notedeck.errors import NotesError

from ...conftest import SEED

LINES = SEED.read_text(encoding="utf-8").split("\n")


def _first_problem(lines: list[str]) -> tuple[int | None, str]:
    with pytest.raises(NotesError) as info:
        parse.read("\n".join(lines), "notes/n.txt", ".txt", remembered={"shape": "plain"})
    problem = info.value.problems[0]
    return problem.line, problem.message


@pytest.mark.parametrize("term", ["Recurrent Neural Network (RNN)", "LSTM Output Gate", "Deep Learning (DL)",
                                  "CNN Feature Extraction Pooling Layer", "One-to-Many RNN"])
def test_a_deleted_definition_is_blamed_on_the_card_that_lost_it(term: str) -> None:
    at = LINES.index(term)
    line, message = _first_problem(LINES[:at + 1] + LINES[at + 2:])
    assert line == at + 1
    assert message.startswith(f"{term!r} seems to have lost its definition: the line under it, {LINES[at + 2]!r} "
                              f"(line {at + 2}), reads like a term")


def test_nearly_every_deleted_definition_of_the_seed_is_blamed_on_its_own_card_or_the_one_before() -> None:
    exact = near = 0
    for at in range(0, len(LINES) - 1, 2):
        line, _ = _first_problem(LINES[:at + 1] + LINES[at + 2:])
        exact += line == at + 1
        near += line in (at + 1, at - 1)  # the card before, when its own definition is a short name
    assert (exact, near) >= (20, 24)


def test_a_deleted_term_is_named_as_a_definition_without_its_term() -> None:
    at = LINES.index("Sequence Models")
    line, message = _first_problem(LINES[:at] + LINES[at + 1:])
    assert line == at + 1 and "reads like a definition with no term above it" in message


def test_the_last_term_without_a_definition_is_still_named_as_such() -> None:
    line, message = _first_problem(LINES[:-1])
    assert line == len(LINES) - 1
    assert message == f"term {LINES[-2]!r} has no definition: write its definition on the next line, or remove the term"
