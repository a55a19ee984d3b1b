"""Anki's *Notes in Plain Text* of any note type (``parse/shapes/anki_export.py``)."""

from __future__ import annotations

import json

import pytest

from notedeck import parse
from notedeck.errors import NotesError
from notedeck.parse.shapes import anki_export

HEAD = "#separator:tab\n#html:false\n#notetype column:1\n#tags column:5\n"


@pytest.mark.parametrize(("name", "kind"), [
    ("Basic", "basic"), ("Basic-66869", "basic"), ("basic (type in the answer)", "basic"),
    ("Basic (and reversed card)-1e33a", "reversed"), ("Basic (and reversed card) German", "reversed"),
    ("Basic (optional reversed card)", "optional"), ("Cloze", "cloze"), ("notedeck term v1", "own-term"),
    ("notedeck cloze v1", "own-cloze"), ("Vocab (Japanese)", None), ("Cloze+", None), ("Cloze-heavy", None),
])
def test_a_note_type_is_known_by_its_name_whatever_anki_appended(name: str, kind: str | None) -> None:
    assert (anki_export.stock_kind(name) or (None,))[0] == kind


def test_custom_note_types_are_cloze_notes_when_their_first_field_holds_clozes_else_term_notes() -> None:
    rows = ("Cloze+\tIch {{c1::bin}} gefahren.\tPerfekt\t\tgrammatik\n"
            "Vocab (Japanese)\t会議\tmeeting\tかいぎ\tjp n4\n"
            "Basic (optional reversed card)\tdas Gleis\tthe platform\ty\t\n"
            "Basic (optional reversed card)\tder Zug\tthe train\t\t\n")
    reading = parse.read(HEAD + rows, "a.txt", ".txt")
    assert [(e.term, e.definition, e.extra, e.reverse, e.tags) for e in reading.entries] == [
        ("Ich {{c1::bin}} gefahren.", "", "Perfekt", False, ("grammatik",)),
        ("会議", "meeting", "Field 3: かいぎ", False, ("jp", "n4")),
        ("das Gleis", "the platform", "", True, ()),
        ("der Zug", "the train", "", False, ())]
    assert reading.described == (
        "notetype 'Cloze+': read as cloze notes (Text, Back Extra)",
        "notetype 'Vocab (Japanese)': read as term notes (Front, Back, Extra: field 3)",
        "notetype 'Basic (optional reversed card)': read as term notes, a reverse card where Add Reverse is filled "
        "(Front, Back, Add Reverse)")
    assert json.loads(dict(reading.found)["notetypes"]) == {"Cloze+": "cloze", "Vocab (Japanese)": "basic"}


def test_a_note_types_kind_is_remembered_so_a_note_without_clozes_is_an_error_not_a_new_note_type() -> None:
    first = parse.read(HEAD + "Cloze+\tIch {{c1::bin}} gefahren.\tPerfekt\t\t\n", "a.txt", ".txt")
    edited = HEAD + "Cloze+\tIch bin gefahren.\tPerfekt\t\t\n"
    assert parse.read(edited, "a.txt", ".txt").entries[0].definition == "Perfekt"  # read anew: a term note
    with pytest.raises(NotesError, match=r"a.txt:5: a note of the cloze note type 'Cloze\+' without a cloze"):
        parse.read(edited, "a.txt", ".txt", remembered=first.remembered)


def test_one_note_type_for_the_whole_file_takes_the_column_after_its_fields_as_tags() -> None:
    text = "#separator:tab\n#notetype:Basic (and reversed card)\nHaus\thouse\tnouns\n"
    entry = parse.read(text, "a.txt", ".txt").entries[0]
    assert (entry.term, entry.definition, entry.reverse, entry.tags) == ("Haus", "house", True, ("nouns",))
    custom = parse.read("#separator:tab\n#notetype:Vocab\nHaus\thouse\tdas\n", "a.txt", ".txt").entries[0]
    assert (custom.definition, custom.extra, custom.tags) == ("house", "Field 3: das", ())


def test_guids_of_notedecks_own_note_types_are_kept_and_of_others_become_identities() -> None:
    text = ("#separator:tab\n#guid column:1\n#notetype column:2\n"
            "g1\tnotedeck term v1\tEpoch\t\tone pass\t\t\t\t\t\n"
            "g2\tBasic\tBatch\ta group\n")
    own, other = parse.read(text, "a.txt", ".txt").entries
    assert (own.guid, own.identity) == ("g1", None)
    assert (other.guid, other.identity) == (None, "guid\x1fg2")
    ignored = parse.read(text.replace("#guid column:1\n", "#guid column:1\n#guids:ignore\n"), "a.txt", ".txt")
    assert [(e.guid, e.identity) for e in ignored.entries] == [(None, None), (None, None)]
