"""Structured cards: abbreviations, context, tags and identity (the hierarchy: tests/model/test_hierarchy.py)."""

from __future__ import annotations

import pytest

from notedeck.model.cards import Duplicate, make_cards, guid_for, split_alias
from notedeck.parse.shapes.plain import parse

from ..conftest import SEED

# The tree the seed notes must give (issue 2): child → parent; every other term at the top.
SEED_TREE = {
    "How to train DL": "Deep Learning",
    "One-to-One RNN": "Recurrent Neural Network",
    "One-to-Many RNN": "Recurrent Neural Network",
    "Many-to-Many RNN": "Recurrent Neural Network",
    "LSTM Gates Names": "Long Short-Term Memory",
    "LSTM Input Gate": "Long Short-Term Memory",
    "LSTM Forget Gate": "Long Short-Term Memory",
    "LSTM Output Gate": "Long Short-Term Memory",
    "CNN Layers (In, FE)": "Convolutional Neural Network",
    "CNN Input Layer": "Convolutional Neural Network",
    "CNN Feature Extraction": "Convolutional Neural Network",
    "CNN Feature Extraction Convolutional Layer": "CNN Feature Extraction",
    "CNN Feature Extraction Activation Function": "CNN Feature Extraction",
    "CNN Feature Extraction Pooling Layer": "CNN Feature Extraction",
    "CNN Feature Extraction Fully Connected Layer": "CNN Feature Extraction",
    "Convolutional Layer Kernel": "CNN Feature Extraction Convolutional Layer",
}


def seed_cards():  # type: ignore[no-untyped-def]
    return make_cards(parse(SEED.read_text(encoding="utf-8"), "notes/deep_learning.txt"), "deep_learning.txt").cards


def test_seed_hierarchy_is_exactly_the_expected_tree() -> None:
    cards = seed_cards()
    tree = {c.name: cards[c.parent].name for c in cards if c.parent is not None}
    assert tree == SEED_TREE
    assert len(cards) == 24


def test_seed_aliases() -> None:
    aliases = {c.name: c.alias for c in seed_cards() if c.alias}
    assert aliases == {
        "Deep Learning": "DL", "Artificial Neural Networks": "ANN", "Recurrent Neural Network": "RNN",
        "Long Short-Term Memory": "LSTM", "Convolutional Neural Network": "CNN",
    }


def test_seed_context_lines_and_tags() -> None:
    by_name = {c.name: c for c in seed_cards()}
    pooling = by_name["CNN Feature Extraction Pooling Layer"]
    assert pooling.context == "CNN › Feature Extraction"
    assert pooling.short == "Pooling Layer"
    assert pooling.tags == ("Deep_Learning::CNN::Feature_Extraction::Pooling_Layer",)
    kernel = by_name["Convolutional Layer Kernel"]
    assert kernel.context == "CNN › Feature Extraction › Convolutional Layer"
    assert kernel.short == "Kernel"
    assert by_name["One-to-One RNN"].context == "RNN"
    assert by_name["Sequence Models"].context == ""
    assert by_name["Sequence Models"].tags == ("Deep_Learning",)  # in no tree: the deck's tag
    assert by_name["Long Short-Term Memory"].tags == ("Deep_Learning::LSTM",)
    assert by_name["Deep Learning"].where == "deep_learning.txt:1"
    assert {c.deck for c in by_name.values()} == {"Deep Learning"}


@pytest.mark.parametrize(("term", "expected"), [
    ("Deep Learning (DL)", ("Deep Learning", "DL")),
    ("Artificial Neural Networks (ANN)", ("Artificial Neural Networks", "ANN")),
    ("Long Short-Term Memory (LSTM)", ("Long Short-Term Memory", "LSTM")),
    ("Convolutional network (ConvNet)", ("Convolutional network", "ConvNet")),
    ("CNN Layers (In, FE)", ("CNN Layers (In, FE)", None)),  # a list, not an alias
    ("Hyperbolic tangent (tanh)", ("Hyperbolic tangent (tanh)", None)),  # no capitals: a note, not an alias
    ("(DL)", ("(DL)", None)),  # nothing left to be the name
    ("Rectified Linear Unit (ReLU)", ("Rectified Linear Unit", "ReLU")),
    ("Batch Normalization (BatchNorm)", ("Batch Normalization", "BatchNorm")),
    ("The European Union (EU)", ("The European Union", "EU")),
    ("Alpha (ES)", ("Alpha (ES)", None)),  # a language, not the initials of "Alpha"
    ("the bank (bench)", ("the bank (bench)", None)),
    ("to run (verb)", ("to run (verb)", None)),
    ("Treaty of Paris (1990)", ("Treaty of Paris (1990)", None)),
    ("Neuron (NRN)", ("Neuron (NRN)", None)),  # not its initials
])
def test_alias_rule(term: str, expected: tuple[str, str | None]) -> None:
    assert split_alias(term) == expected


def test_guid_depends_on_deck_and_term_only() -> None:
    assert guid_for("Deep Learning", "Neuron") != guid_for("Deep Learning", "Bias")
    assert guid_for("Deep Learning", "Neuron") != guid_for("Other Deck", "Neuron")
    a = make_cards(parse("Neuron (NRN)\nfirst wording\n", "x.txt"), "x.txt").cards
    b = make_cards(parse("# Moved\nneuron\nsecond wording\n", "x.txt"), "x.txt").cards
    # Case, an added alias, a heading and a new definition keep the identity.
    assert a[0].guid == b[0].guid


def test_a_term_written_twice_with_another_definition_is_two_notes_told_apart_by_their_definitions() -> None:
    text = "Rectified Linear Unit\nmax(0, x)\nBias\nan offset\nrectified  linear unit (ReLU)\nagain\n"
    made = make_cards(parse(text, "notes/x.txt"), "x.txt", path="notes/x.txt")
    assert [c.line for c in made.cards] == [1, 3, 5]
    first, twin = made.cards[0], made.cards[2]
    assert first.guid == guid_for("X", "Rectified Linear Unit")  # the first keeps the GUID its term makes
    assert twin.guid not in (first.guid, made.cards[1].guid)
    assert made.duplicates == (Duplicate(5, 1, "rectified  linear unit (ReLU)", same=False),)
    # Each keeps its identity while its own definition stays as it is.
    edited = make_cards(parse(text.replace("max(0, x)", "the positive part"), "x.txt"), "x.txt").cards
    assert (edited[0].guid, edited[2].guid) == (first.guid, twin.guid)


def test_a_term_written_twice_with_the_same_definition_is_one_note() -> None:
    made = make_cards(parse("Bias\nan offset\nWeight\na factor\n\nbias\nan offset\n", "x.txt"), "x.txt")
    assert [c.name for c in made.cards] == ["Bias", "Weight"]
    assert made.duplicates == (Duplicate(6, 1, "bias", same=True),)


def test_disambiguators_are_part_of_the_term_and_keep_terms_apart() -> None:
    cards = make_cards(parse("Alpha (ES)\nalfa\nAlpha (EN)\nalpha\nBank (bench)\nbanco\n", "x.txt"), "x.txt").cards
    assert [(c.name, c.alias) for c in cards] == [("Alpha (ES)", None), ("Alpha (EN)", None), ("Bank (bench)", None)]
    assert len({c.guid for c in cards}) == 3
    # Alone, "Alpha (ES)" keeps the identity every earlier release gave it.
    assert make_cards(parse("Alpha (ES)\nalfa\n", "x.txt"), "x.txt").cards[0].guid == guid_for("X", "Alpha")


def test_headings_become_tags_and_context() -> None:
    cards = make_cards(parse("# Basics\n## Training loop\nEpoch\none pass\n", "x.txt"), "my_notes.txt").cards
    assert cards[0].deck == "My Notes"
    assert cards[0].tags == ("My_Notes::Basics::Training_loop",)
    assert cards[0].context == "Basics › Training loop"


def test_a_heading_named_like_the_parent_is_not_repeated_in_the_context_line() -> None:
    from notedeck import parse as readers

    text = "# LSTM\nLong Short-Term Memory (LSTM)\nA recurrent network.\n\nLSTM forget gate\nDecides what to drop.\n"
    built = make_cards(readers.read(text, "x.txt", ".txt").entries, "x.txt").cards
    assert [c.context for c in built] == ["LSTM", "LSTM"]  # not "LSTM › LSTM"


def test_base91_is_the_digit_by_digit_conversion() -> None:
    """GUIDs are written two digits at a time: the same text as one digit at a time, for any 64-bit number."""
    from notedeck.model.cards import _B91, _base91

    def one_at_a_time(number: int) -> str:
        chars = []
        while number:
            number, rest = divmod(number, len(_B91))
            chars.append(_B91[rest])
        return "".join(reversed(chars)) or _B91[0]

    edges = [0, 1, 90, 91, 92, 8280, 8281, 8282, 91 ** 3 - 1, 91 ** 3, 91 ** 9, 2 ** 64 - 1]
    for number in edges + [(n * 0x9E3779B97F4A7C15) % 2 ** 64 for n in range(20_000)]:
        assert _base91(number) == one_at_a_time(number), number
