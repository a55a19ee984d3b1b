"""The concept hierarchy: parents found by whole words, only with real evidence, quiet on real-sized decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.errors import NotesError
from notedeck.model import cards as cards_module
from notedeck.model.cards import Card, make_cards
from notedeck.model.hierarchy import infer_parents
from notedeck.parse.shapes.plain import parse

from ..conftest import run_main
from ..generated import glossary, vocabulary

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _depth(deck: list[Card], card: Card) -> int:
    depth = 0
    while card.parent is not None:
        card, depth = deck[card.parent], depth + 1
    return depth


def test_a_five_thousand_word_vocabulary_gets_almost_no_hierarchy() -> None:
    text = vocabulary(5000)
    deck = cards_module.make_cards(parse(text, "spanish.txt"), "spanish.txt").cards
    assert len(deck) == 5000
    parented = [c for c in deck if c.parent is not None]
    assert len(parented) <= 0.01 * len(deck), [(c.name, deck[c.parent].name) for c in parented[:20]]
    assert max(_depth(deck, c) for c in deck) <= 1
    # The disambiguators keep terms apart instead of colliding: "the bank (bench)", "the bank (money)".
    assert any(c.name.endswith("(ES)") for c in deck) and all(c.alias is None for c in deck)


def test_a_seven_hundred_term_glossary_gets_shallow_precise_parents() -> None:
    deck = cards_module.make_cards(parse(glossary(700), "glossary.txt"), "glossary.txt").cards
    parented = [c for c in deck if c.parent is not None]
    assert len(parented) <= 0.05 * len(deck)
    assert max(_depth(deck, c) for c in deck) <= 2
    # Every link there is: the child is its parent's whole name with content words added.
    for child in parented:
        parent = deck[child.parent]
        assert child.name.startswith(parent.name + " ") or child.name.endswith(" " + parent.name)


RNN_NOTES = "Recurrent Neural Network (RNN)\na loop\nDeep RNN\nstacked RNNs\n"


@pytest.mark.parametrize(("declared", "settings", "parents"), [
    ("", None, "1 parent"),
    ("#hierarchy:false\n", None, "0 parents"),
    ("", "hierarchy = false\n", "0 parents"),
], ids=["on-by-default", "off-by-the-file", "off-in-the-settings"])
def test_hierarchy_can_be_switched_off_in_the_settings_or_by_the_file(tmp_path: Path, declared: str,
                                                                      settings: str | None, parents: str) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text(declared + RNN_NOTES, encoding="utf-8")
    if settings is not None:
        (tmp_path / "notedeck.toml").write_text(settings)
    assert f"inferred: {parents}," in run_main("notes", cwd=tmp_path, env=EPOCH).report


def test_hierarchy_longest_match_and_suffix_and_name_without_parent() -> None:
    names = ["Neural Network", "Deep Neural Network", "Neural Network Layer", "Deep Neural Network Layer Norm",
             "Layer Norm Epsilon"]
    parents = infer_parents(names, [None] * len(names))
    assert parents == [
        (None, None),
        (0, "Deep"),  # ends with "Neural Network"
        (0, "Layer"),  # begins with it
        (1, "Layer Norm"),  # "Deep Neural Network" is longer than "Neural Network"
        (3, "Epsilon"),  # begins with the name-without-its-parent of the card above
    ]


def test_hierarchy_matches_whole_words_only_and_only_earlier_terms() -> None:
    parents = infer_parents(["Neural Net", "Neural Network design", "Deep Neural Net"], [None, None, None])
    assert parents == [(None, None), (None, None), (0, "Deep")]
    # A child written before its parent is not attached.
    assert infer_parents(["LSTM Gate", "LSTM"], [None, None]) == [(None, None), (None, None)]


@pytest.mark.parametrize(("names", "aliases", "expected"), [
    # A single common word fathers nothing; an abbreviation does.
    (["Network", "Neural Network"], [None, None], [(None, None), (None, None)]),
    (["Recurrent Neural Network", "Deep RNN"], ["RNN", None], [(None, None), (0, "Deep")]),
    # Never through a stop word, in any of the languages people learn.
    (["to open", "to open the door"], [None, None], [(None, None), (None, None)]),
    (["abrir la puerta", "abrir la puerta de la casa"], [None, None], [(None, None), (None, None)]),
    (["Freedom of Information", "Freedom of Information Act"], [None, None], [(None, None), (0, "Act")]),
    (["Information Act", "Freedom of Information Act"], [None, None], [(None, None), (None, None)]),
    # A capitalised listed word inside a title-cased term is a content word there.
    (["Feature Extraction", "Feature Extraction Fully Connected Layer"], [None, None],
     [(None, None), (0, "Fully Connected Layer")]),
])
def test_a_child_needs_real_evidence(names: list[str], aliases: list[str | None],
                                     expected: list[tuple[int | None, str | None]]) -> None:
    assert infer_parents(names, aliases) == expected


def test_explicit_parents_win() -> None:
    names = ["Recurrent Neural Network", "Vanishing gradient", "Deep RNN"]
    assert infer_parents(names, ["RNN", None, None], [None, "RNN", "none"]) == [(None, None), (0, None), (None, None)]
    text = "Recurrent Neural Network (RNN)\na loop\nVanishing gradient [parent: RNN]\nsmall updates\n" \
           "Deep RNN [parent: none]\nstacked\nGate [parent: Transformer]\nx\n"
    with pytest.raises(NotesError) as info:
        make_cards(parse(text, "x.txt"), "x.txt").cards
    assert str(info.value) == ("x.txt:7: [parent: Transformer]: no term or abbreviation 'Transformer' above this "
                               "line; name an earlier card, or write [parent: none]")
    cards = make_cards(parse(text.rsplit("Gate", 1)[0], "x.txt"), "x.txt").cards
    assert [c.context for c in cards] == ["", "RNN", ""]
    assert cards[1].tags == ("X::RNN::Vanishing_gradient",)
    flat = make_cards(parse(text.rsplit("Gate", 1)[0], "x.txt"), "x.txt", hierarchy=False).cards
    assert [c.parent for c in flat] == [None, None, None]
