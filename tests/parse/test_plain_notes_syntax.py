"""The plain format's syntax for a note's own tags, its Extra and HTML fields (what adopted decks need),
and the writer that puts entries back out as the reader reads them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notedeck import parse as readers
from notedeck.errors import NotesError
from notedeck.parse.entry import Entry, Markup
from notedeck.parse.shapes.plain import dumps, parse


def _one(text: str) -> Entry:
    entries = parse(text, "n.txt")
    assert len(entries) == 1
    return entries[0]


def test_a_note_s_own_tags_follow_its_term_like_the_other_markers() -> None:
    entry = _one("Mitochondrion [reverse] [tags: bio::cells exam]\nthe cell's power plant\n")
    assert (entry.term, entry.reverse, entry.tags) == ("Mitochondrion", True, ("bio::cells", "exam"))
    assert _one("ATP [tags: a] [tags: b a]\nenergy\n").tags == ("a", "b")
    assert _one("Set [tags:]\nbraces\n").tags == ()


def test_an_extra_line_starts_the_note_s_extra() -> None:
    entry = _one("ATP\nthe energy currency\n  - made in mitochondria\n\n  [extra] Lohmann, 1929.\n  More on it.\n")
    assert entry.definition == "the energy currency\n- made in mitochondria"
    assert entry.extra == "Lohmann, 1929.\nMore on it."
    assert _one("ATP\nenergy\n  [extra]\n  on the next line\n").extra == "on the next line"
    # only a line that starts with it, alone or before a space: '[extra]s' or a later '[extra]' are text
    assert _one("ATP\nenergy\n  [extra]s and more\n").extra == ""
    assert _one("ATP\nenergy\n  see [extra] below\n").definition == "energy\nsee [extra] below"


def test_a_line_of_clozes_takes_its_extra_from_the_line_under_it() -> None:
    entry = _one("The {{c1::nucleus}} holds the {{c2::DNA}}.\n  [extra] see chapter 2\n")
    assert (entry.definition, entry.extra) == ("", "see chapter 2")
    # the older form, indented lines under it, still reads as it did (make_cards makes them its Extra)
    older = _one("The {{c1::nucleus}} holds DNA.\n    see chapter 2\n")
    assert (older.definition, older.extra) == ("see chapter 2", "")


def test_an_html_note_says_so_after_its_term() -> None:
    entry = _one("H<sub>2</sub>O [html]\nwater, <u>two</u> hydrogens<br>one oxygen\n")
    assert (entry.term, entry.markup) == ("H<sub>2</sub>O", Markup.HTML)
    assert _one("Water\nH2O\n").markup == Markup.MARKDOWN


def test_in_a_file_known_to_be_plain_a_shift_never_crosses_a_blank_line() -> None:
    # Each card alone between blank lines pairs up on its own: sentences as terms are no shift there.
    text = "".join(f"Define {word}.\nthe {word} process\n\n" for word in ("osmosis", "mitosis", "meiosis", "lysis"))
    assert [e.term for e in parse(text, "n.txt", known=True)] == ["Define osmosis.", "Define mitosis.",
                                                                  "Define meiosis.", "Define lysis."]
    assert len(readers.read("#notedeck:plain\n" + text, "n.txt", ".txt").entries) == 4  # declared
    assert len(readers.read(text, "n.txt", ".txt", remembered={"shape": "plain"}).entries) == 4  # remembered
    with pytest.raises(NotesError, match=r"n.txt:1: line 1, 'Define osmosis.', reads like a definition with no term"):
        parse(text.replace("\n\n", "\n"), "n.txt", known=True)  # within a block, as before
    # A file whose shape is still to be found: a run anywhere says its lines do not pair up, as before.
    with pytest.raises(NotesError, match=r"n.txt:1: (the lines seem shifted from here on|line 1, 'Define osmosis.', reads like a definition)"):
        parse(text, "n.txt")


# What the writer is given: what adoption writes (Markdown escaped by its writer, so no line starts a
# heading, a list or a rule where a term or a definition's first line stands).
_WORD = st.text(st.characters(categories=("L", "N"), include_characters="'-+&<>$\\_*()"), min_size=1, max_size=10)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_TERM = _LINE.filter(lambda t: not re.match(r"[-*+](\s|$)|([^\w\s])\1{2,}\s*$", t))
_TAG = st.text(st.characters(categories=("L", "N"), include_characters=":_-&"), min_size=1, max_size=12)


@st.composite
def _body(draw: st.DrawFn) -> str:
    """A definition or an Extra: a first line, then lines that may be list items or blank."""
    more = draw(st.lists(st.one_of(_LINE, _LINE.map(lambda s: "- " + s), st.just("")), max_size=3))
    text = "\n".join([draw(_LINE), *more]).rstrip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


@st.composite
def _notes(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(1, 6))
    terms = draw(st.lists(_TERM, min_size=count, max_size=count, unique_by=lambda t: " ".join(t.casefold().split())))
    entries = []
    for n, term in enumerate(terms):
        cloze = draw(st.booleans()) and draw(st.booleans())
        if cloze:  # a line of clozes: no definition, perhaps an Extra
            term, definition = f"{term} {{{{c1::{n}}}}}", ""
        else:
            definition = draw(_body())
        extra = draw(st.one_of(st.just(""), _body()))
        tags = tuple(draw(st.lists(_TAG, max_size=3, unique=True)))
        entries.append(Entry(term, definition, 0, (), draw(st.booleans()) and not cloze, None, tags, extra=extra,
                             markup=draw(st.sampled_from(list(Markup)[::2]))))
    return entries


def _comparable(entries: list[Entry]) -> list[tuple[object, ...]]:
    return [(e.term, e.definition, e.reverse, e.tags, e.extra, e.markup) for e in entries]


@given(_notes())
def test_notes_with_tags_extra_and_html_written_out_read_back_the_same(entries: list[Entry]) -> None:
    assert _comparable(parse(dumps(entries), "n.txt")) == _comparable(entries)
