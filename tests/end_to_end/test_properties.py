"""Properties over generated input (Hypothesis): only our own error escapes, and nothing drifts."""

from __future__ import annotations

import re

import contextlib
import hashlib
import json
import io
import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from notedeck.model.cards import make_cards
from notedeck.build.state import NoteKind, NoteState, row
from notedeck.cli import main
from notedeck.errors import NotesError
from notedeck.parse import cloze
from notedeck.parse.entry import Entry, lines_of
from notedeck import parse as readers
from notedeck.parse.shapes.plain import dumps, parse

# Characters the format gives meaning to, mixed with anything at all.
_SPECIAL = st.sampled_from(list("\n\n\n\t  #[]():-*_`$\\\r\ufeff<>&"))
noisy_text = st.text(st.one_of(_SPECIAL, st.characters()), max_size=300)


@given(noisy_text)
def test_any_text_parses_or_raises_our_error_with_a_line_in_the_file(text: str) -> None:
    try:
        entries = parse(text, "n.txt")
    except NotesError as err:
        assert err.problems
        count = len(lines_of(text))
        assert all(p.path == "n.txt" and p.line is not None and 1 <= p.line <= count for p in err.problems)
    else:
        # A line of clozes is a card on its own, with no definition ("{?}" is one, its answer "?").
        assert all(e.term and (e.definition.strip() or cloze.is_cloze(e.term)) for e in entries)


_WORD = st.text(st.characters(categories=("L", "N"), include_characters="'-+&<>$\\_*()"), min_size=1, max_size=10)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


# A term never starts with a list bullet nor is a line of punctuation: the format refuses both.
_TERM = _LINE.filter(lambda t: not re.match(r"[-*+](\s|$)|([^\w\s])\1{2,}\s*$", t))


@st.composite
def notes(draw: st.DrawFn) -> list[Entry]:
    """Entries as a learner writes them: unique terms, multi-line definitions, headings."""
    count = draw(st.integers(1, 8))
    terms = draw(st.lists(_TERM, min_size=count, max_size=count, unique_by=lambda t: " ".join(t.casefold().split())))
    entries = []
    headings: tuple[str, ...] = ()
    for term in terms:
        if draw(st.booleans()) and draw(st.booleans()):
            depth = draw(st.integers(0, len(headings)))
            headings = headings[:depth] + (draw(_LINE),)
        first = draw(_LINE)
        more = draw(st.lists(st.one_of(_LINE, _LINE.map(lambda s: "- " + s), st.just("")), max_size=3))
        definition = "\n".join([first, *more]).rstrip("\n")
        while "\n\n\n" in definition:
            definition = definition.replace("\n\n\n", "\n\n")
        diagram = draw(st.one_of(st.none(), st.sampled_from(["none", "lstm", "cnn:pooling"])))
        entries.append(Entry(term, definition, 0, headings, draw(st.booleans()), diagram))
    return entries


def _comparable(entries: list[Entry]) -> list[tuple[object, ...]]:
    return [(e.term, e.definition, e.headings, e.reverse, e.diagram) for e in entries]


@given(notes())
def test_notes_written_back_out_parse_to_the_same_cards(entries: list[Entry]) -> None:
    assert _comparable(parse(dumps(entries), "n.txt")) == _comparable(entries)


@given(notes())
def test_notes_in_the_plain_format_are_never_taken_for_another_shape(entries: list[Entry]) -> None:
    """Read as plain, or refused with plain among the shapes named: never a deck of another shape's guesses."""
    text = dumps(entries)
    expected = parse(text, "n.txt")
    for suffix in (".txt", ".md"):
        try:
            reading = readers.read(text, "n.txt", suffix)
            shape, found = reading.shape, reading.entries
        except NotesError as err:
            assert "#notedeck:plain" in str(err.problems[0]), str(err)
            continue
        assert (shape, _comparable(found)) == ("plain", _comparable(expected))


@given(notes(), st.data())
def test_editing_only_definitions_never_changes_a_guid(entries: list[Entry], data: st.DataObject) -> None:
    before = make_cards(parse(dumps(entries), "n.txt"), "n.txt").cards
    edited = [Entry(e.term, data.draw(_LINE) if data.draw(st.booleans()) else e.definition, 0, e.headings,
                    e.reverse, e.diagram) for e in entries]
    after = make_cards(parse(dumps(edited), "n.txt"), "n.txt").cards
    assert [(c.name, c.guid) for c in after] == [(c.name, c.guid) for c in before]


@given(st.binary(max_size=400))
def test_any_bytes_through_the_cli_end_in_a_deck_or_a_clean_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        notes_dir = Path(tmp) / "notes"
        notes_dir.mkdir()
        (notes_dir / "n.txt").write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(notes_dir), "-o", os.path.join(tmp, "out.apkg"), "--deck", "Fuzz"])
        if code == 0:
            assert Path(tmp, "out.apkg").stat().st_size > 0
        else:
            assert code == 2 and not Path(tmp, "out.apkg").exists()
            assert err.getvalue().splitlines()[0].startswith(str(notes_dir / "n.txt"))


@given(st.builds(NoteState, guid=st.text(), deck=st.text(), term=st.text(), digest=st.text(),
                 id=st.integers(0, 2**62), mod=st.integers(0, 2**40), term_guid=st.text(), text=st.text(),
                 file=st.text(), kind=st.sampled_from(list(NoteKind)), adopted=st.text()))
def test_a_state_line_is_what_json_writes(note: NoteState) -> None:
    names = {"term_guid": "key"}  # the field's name in the file, as earlier formats wrote it
    optional = ("term_guid", "text", "file", "kind", "adopted")  # the format leaves these out of a note's line when empty
    by_json = json.dumps({names.get(f, f): v for f in note.__slots__
                          if (v := getattr(note, f)) != "" or f not in optional}, ensure_ascii=False, sort_keys=True)
    assert row(note) == by_json


@given(st.text(), st.dictionaries(st.text(min_size=1), st.text(), max_size=9), st.lists(st.text(), max_size=4))
def test_a_note_s_digest_is_the_hash_of_what_json_writes(deck: str, fields: dict[str, str], tags: list[str]) -> None:
    from notedeck.build.stages import note_digest

    content = {k: v for k, v in fields.items() if k != "Source"}
    by_json = hashlib.sha256(json.dumps([deck, content, tags], sort_keys=True).encode()).hexdigest()[:16]
    assert note_digest(deck, fields, tags) == by_json
