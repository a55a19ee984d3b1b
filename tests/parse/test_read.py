"""parse.read: what no reading may do silently."""

from __future__ import annotations

import pytest

from notedeck import parse
from notedeck.errors import NotesError


def test_a_label_read_as_the_term_of_many_cards_is_refused_unless_declared() -> None:
    text = "".join(f"## Part {i}\n\n### Solution!\n\nThe working of part {i}, at length.\n\n" for i in range(6))
    with pytest.raises(NotesError) as info:
        parse.read(text, "x.md", ".md")
    assert str(info.value).startswith("x.md:3: read as headings, 6 of its 6 cards would have the term 'Solution!': "
                                      "that reads like a label, not a term")
    declared = parse.read("#notedeck:headings\n" + text, "x.md", ".md")
    assert len(declared.entries) == 6


def test_a_comma_in_a_quizlet_definition_is_the_definition_s() -> None:
    """Quizlet's export with "Comma" between term and definition quotes nothing."""
    text = ("die Erfahrung,experience\nder Verkehr,traffic, transport\ndie Gesellschaft,society, company, party\n"
            "entscheiden,to decide\n")
    reading = parse.read(text, "q.txt", ".txt")
    assert [(e.term, e.definition, e.extra) for e in reading.entries] == [
        ("die Erfahrung", "experience", ""), ("der Verkehr", "traffic, transport", ""),
        ("die Gesellschaft", "society, company, party", ""), ("entscheiden", "to decide", "")]
    assert reading.remembered == {"shape": "delimited", "separator": ",", "split": "first"}
    again = parse.read(text + "die Umwelt,the environment, nature\n", "q.txt", ".txt", remembered=reading.remembered)
    assert again.entries[-1].definition == "the environment, nature"


def test_a_card_that_embeds_another_note_is_refused_at_its_line() -> None:
    """``![[Circuits#^15c42b]]`` shows a part of another note: a card cannot, and its name alone is no answer."""
    text = "#flashcards/logic\n\nHow do you lay out a truth table?\n?\nOne column per input.\n![[Circuits#^15c42b]]\n"
    with pytest.raises(NotesError) as err:
        parse.read(text, "gates.md", ".md")
    assert [(p.line, p.message.split(" shows")[0]) for p in err.value.problems] == [(6, "![[Circuits#^15c42b]]")]
    assert "[[Circuits#^15c42b]]" in err.value.problems[0].message
    # A picture is embedded as a picture.
    assert parse.read(text.replace("Circuits#^15c42b", "gate.png"), "g.md", ".md").entries[0].definition == \
        "One column per input.\n![gate.png](gate.png)"
