"""A sheet's header row, in any language, and which column is which (``parse/shapes/sheets.py``)."""

from __future__ import annotations

import pytest

from notedeck.errors import NotesError
from notedeck.parse.shapes import sheets
from notedeck.parse.shapes.sheets import Columns, Row


@pytest.mark.parametrize("first", [
    ["ID", "Front", "Back", "Tags"],
    ["No.", "単語", "品詞", "意味", "例文"],
    ["word", "meaning", "example"],
    ["English", "Deutsch"],
    ["spanish", "english", "lemma", "tense"],
    ["Begriff", "Erklärung", "Kapitel", "Seite"],
    ["Palavra", "Significado"],
    ["단어", "뜻"],
    # Languages qualified by a word or two, and languages among names of known kinds.
    ["English", "Standard Arabic", "Transliteration", "Egyptian Arabic", "Transliteration"],
    ["english", "transliteration", "arabic", "audioUrl"],
    ["Spanish (Mexico)", "English"],
])
def test_a_first_row_of_known_names_or_languages_is_a_header(first: list[str]) -> None:
    assert sheets.is_header(first, [])


@pytest.mark.parametrize(("first", "below"), [
    # In a language no name of which is known: a word over a column of numbers (Polish, Czech).
    (["Nr", "Słowo", "Znaczenie"], [["1", "kot", "cat"], ["2", "pies", "dog"], ["3", "dom", "house"]]),
    (["Číslo", "Slovo", "Význam"], [["1", "kočka", "cat"], ["2", "pes", "dog"], ["3", "dům", "house"]]),
    # A date column under a word.
    (["Hlavní", "Vedlejší", "Datum"], [["a", "b", "2024-01-01"], ["c", "d", "2024-01-02"], ["e", "f", "2024-01-03"]]),
    # Twice a name a third as long as the cells under it.
    (["Słowo", "Definicja", "Przykład"],
     [["kot", "zwierzę domowe, które miauczy", "Kot śpi na kanapie cały dzień."],
      ["pies", "zwierzę domowe, które szczeka", "Pies biega po ogrodzie rano."],
      ["dom", "budynek, w którym się mieszka", "Nasz dom stoi przy rzece od lat."]]),
])
def test_a_first_row_unlike_the_rows_under_it_is_a_header_in_any_language(first: list[str],
                                                                            below: list[list[str]]) -> None:
    assert sheets.is_header(first, below)


@pytest.mark.parametrize(("first", "below"), [
    # The headerless 12-column export: its rank column holds a number in the first row too.
    (["de", "of, from", "prep", "1", "Es la casa de mi madre.", "", "[sound:es_de.mp3]"],
     [["la", "the", "art", "2", "", "", ""], ["que", "that", "conj", "3", "Creo que sí.", "", ""],
      ["el", "the", "art", "4", "", "", ""]]),
    # Two short words over two short words: a card (a doubt costs a card the learner sees, never one lost).
    (["kot", "cat"], [["pies", "dog"], ["dom", "house"], ["okno", "window"]]),
    (["Słowo", "Znaczenie"], [["kot", "cat"], ["pies", "dog"], ["dom", "house"]]),
    # A vocabulary card teaching the word "word": two names of one kind name no columns.
    (["word", "Wort"], [["house", "Haus"], ["cat", "Katze"], ["dog", "Hund"]]),
    # A value its column holds again below: data.
    (["ser", "to be", "verb"], [["estar", "to be", "verb"], ["tener", "to have", "verb"], ["casa", "house", "noun"]]),
    # A sentence is no column name.
    (["ir", "to go", "Voy a casa."], [["ver", "to see", "Veo el mar desde aquí."], ["dar", "to give", "Le doy pan."],
                                     ["ser", "to be", "Soy de aquí."]]),
])
def test_a_first_row_like_the_others_is_a_card(first: list[str], below: list[list[str]]) -> None:
    assert not sheets.is_header(first, below)


def test_a_language_name_may_be_qualified_but_a_qualifier_alone_is_no_language() -> None:
    assert sheets.is_language("Standard Arabic") and sheets.is_language("Arabic (Egyptian)")
    assert sheets.is_language("Brazilian Portuguese") and sheets.is_language("English")
    assert not sheets.is_language("Standard") and not sheets.is_language("the history of the English language")
    # An unknown name beside the languages: a card may hold two languages' words in its first row.
    assert not sheets.names_columns(["chair", "English", "Arabic"])
    assert sheets.by_names(["english", "transliteration", "arabic", "audioUrl"], 4).roles == \
        ("term", "extra", "definition", "extra")
    assert sheets.by_names(["English", "Standard Arabic", "Transliteration", "Egyptian Arabic"], 4).roles == \
        ("term", "definition", "extra", "extra")


def test_columns_are_mapped_by_name_then_by_position_and_the_rest_is_extra() -> None:
    assert sheets.by_names(["No.", "単語", "読み", "品詞", "意味", "例文"], 6).roles == \
        ("id", "term", "extra", "extra", "definition", "extra")
    assert sheets.by_names(["ID", "Front", "Back", "Tags"], 4).roles == ("id", "term", "definition", "tags")
    # Languages: the first is the term, the next the definition.
    assert sheets.by_names(["Notes", "English", "Deutsch"], 3).roles == ("extra", "term", "definition")
    # Unknown names: the first column no name claims is the front, the next the back.
    assert sheets.by_names(["Słowo", "Znaczenie", "Przykład"], 3).roles == ("term", "definition", "extra")
    assert sheets.by_names(["Nr", "Słowo", "Znaczenie", "Przykład"], 4).roles == \
        ("id", "term", "definition", "extra")
    assert sheets.by_names(["ID", "Słowo", "Znaczenie"], 3).roles == ("id", "term", "definition")
    # A second term column is shown, not lost; a column beyond the names is Extra.
    assert sheets.by_names(["Front", "Back", "Word"], 4).roles == ("term", "definition", "extra", "extra")
    assert sheets.by_position(12).roles == ("term", "definition") + ("extra",) * 10
    assert sheets.by_position(3, anki_tags=True).roles == ("term", "definition", "tags")


def test_the_report_line_names_each_column() -> None:
    columns = sheets.by_names(["No.", "単語", "読み", "品詞", "意味", "例文"], 6)
    assert columns.describe() == "columns read as Front=単語, Back=意味, Extra=No., 読み, 品詞, 例文; Id=No."
    assert sheets.by_position(12).describe() == \
        "no header row: columns read as Front=Column 1, Back=Column 2, Extra=Columns 3–12"
    assert sheets.by_position(3).describe() == "no header row: columns read as Front=Column 1, Back=Column 2, " \
        "Extra=Column 3"


def test_extra_is_a_line_a_non_empty_cell_labelled_by_its_header() -> None:
    columns = sheets.by_names(["Wort", "Bedeutung", "Beispiel", "Extra", ""], 5)
    table = [Row(2, ["Haus", "house", "Das Haus ist alt.", "my note", "x"]), Row(3, ["Katze", "cat", "", "", ""])]
    found = sheets.entries(table, columns, "v.csv", "text")
    # A column named Extra is the field itself; an empty name is "Column N".
    assert [e.extra for e in found] == ["Beispiel: Das Haus ist alt.\nmy note\nColumn 5: x", ""]
    assert sheets.entries(table, columns, "v.csv", "html")[0].extra == \
        "Beispiel: Das Haus ist alt.<br>my note<br>Column 5: x"


def test_an_id_column_is_the_notes_identity_and_must_be_unique() -> None:
    columns = sheets.by_names(["ID", "Front", "Back"], 3)
    table = [Row(2, ["7", "hablar", "to speak"]), Row(3, ["", "comer", "to eat"])]
    assert [e.identity for e in sheets.entries(table, columns, "v.csv", "text", identity="L1\x1f")] == ["L1\x1f7", None]
    with pytest.raises(NotesError) as info:
        sheets.entries(table + [Row(4, ["7", "vivir", "to live"])], columns, "v.csv", "text")
    assert str(info.value) == "v.csv:4: the ID '7' is also line 2's: each row's ID is the note's identity, so it " \
        "must be its own"
    assert not sheets.unique_ids(table + [Row(4, ["7", "vivir", "to live"])], 0)


def test_columns_survive_the_state_and_anything_else_is_forgotten() -> None:
    columns = sheets.by_names(["No.", "単語", "意味"], 3)
    assert Columns.decode(columns.encode()) == columns
    assert Columns.decode(sheets.by_position(4).encode()) == sheets.by_position(4)
    for broken in ("", "not json", "[]", '{"roles": ["term"]}', '{"roles": ["term", "definition", "x"]}',
                   '{"roles": ["term", "definition"], "header": [1]}'):
        assert Columns.decode(broken) is None


def test_a_file_or_its_settings_may_say_whether_the_first_row_is_a_header() -> None:
    from notedeck import parse

    said = parse.read("#header:true\nSłowo;Znaczenie\nkot;cat\npies;dog\n", "p.csv", ".csv")
    assert [(e.line, e.term) for e in said.entries] == [(3, "kot"), (4, "pies")]
    assert said.described == ("columns read as Front=Słowo, Back=Znaczenie",)
    ruled = parse.read("Słowo;Znaczenie\nkot;cat\n", "p.csv", ".csv", {"header": "true"})
    assert [e.term for e in ruled.entries] == ["kot"]
    data = parse.read("word,meaning\nkot,cat\n", "p.csv", ".csv", {"header": "false"})
    assert [e.term for e in data.entries] == ["word", "kot"]
