"""A sheet keeps the columns it was first read with: a header row deleted never shifts them.

The state remembers, per table, its separator, whether its first row was a header and which
column is which (``files`` in ``deck-state.json``); a later build reads the table with them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedeck import parse
from notedeck.errors import NotesError
from notedeck.inputs import workbooks

from ..conftest import run_main
from ..workbooks import Sheet, write_xlsx

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
LATER = {"SOURCE_DATE_EPOCH": "1764000100"}
SHEET = "Begriff;Erklärung;Kapitel\nAngebot;Die Menge, die Anbieter verkaufen wollen.;2\n" \
        "Nachfrage;Die Menge, die Käufer kaufen wollen.;2\nInflation;Anstieg des Preisniveaus, z. B. 2,5 %.;7\n"


def _build(tmp_path: Path, env: dict[str, str]) -> tuple[int, str, str, dict[str, str]]:
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=env)
    state = tmp_path / "notes" / "deck-state.json"
    files = json.loads(state.read_text(encoding="utf-8"))["files"] if state.exists() else {}
    return run.code, run.out, run.err, files


def test_the_state_remembers_a_sheets_separator_header_and_columns(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "begriffe.csv").write_text(SHEET, encoding="utf-8")
    code, out, err, files = _build(tmp_path, EPOCH)
    assert code == 0, err
    assert "begriffe.csv: columns read as Front=Begriff, Back=Erklärung, Extra=Kapitel" in out
    assert files["begriffe.csv"]["separator"] == ";"
    assert json.loads(files["begriffe.csv"]["columns"]) == {"header": ["Begriff", "Erklärung", "Kapitel"],
                                                             "roles": ["term", "definition", "extra"]}
    code, out, _, _ = _build(tmp_path, LATER)
    assert code == 0 and "columns read as" not in out  # said once, when it was decided


def test_a_deleted_header_row_leaves_the_columns_where_they_were(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "begriffe.csv").write_text(SHEET, encoding="utf-8")
    assert _build(tmp_path, EPOCH)[0] == 0
    # Without its header and without the state, the first row splits at its comma: every row is then ragged.
    headless = SHEET.split("\n", 1)[1]
    with pytest.raises(NotesError, match="begriffe.csv:3: this row has 3 fields where the first row has 2"):
        parse.read(headless, "begriffe.csv", ".csv")
    (notes / "begriffe.csv").write_text(headless, encoding="utf-8")
    code, out, err, files = _build(tmp_path, LATER)
    assert code == 0, err
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in out  # the first row is a card, as it was; labels kept
    assert "begriffe.csv: no header row now (the last build read Begriff, Erklärung, Kapitel): columns read as " \
        "Front=Begriff, Back=Erklärung, Extra=Kapitel, as before" in out
    assert files["begriffe.csv"]["header"] == "gone"
    # Put back, the header is a header again, and the report says so once.
    (notes / "begriffe.csv").write_text(SHEET, encoding="utf-8")
    code, out, _, files = _build(tmp_path, LATER)
    assert code == 0 and "0 changed" in out and "header" not in files["begriffe.csv"]


def test_a_sheet_read_without_its_header_once_read_with_another_column_count_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "v.csv").write_text("ID,Front,Back\n1,hablar,to speak\n2,comer,to eat\n3,vivir,to live\n",
                                 encoding="utf-8")
    assert _build(tmp_path, EPOCH)[0] == 0
    before = (notes / "deck-state.json").read_bytes()
    (notes / "v.csv").write_text("1,hablar,to speak,x\n2,comer,to eat,y\n3,vivir,to live,z\n", encoding="utf-8")
    code, _, err, _ = _build(tmp_path, LATER)
    assert code == 2 and err.startswith("notes/v.csv:1: the first row is no longer the header row the last build "
                                        "read (ID, Front, Back), and the rows now have 4 columns where it named 3")
    assert (notes / "deck-state.json").read_bytes() == before


def test_a_first_row_that_is_data_is_read_as_data_with_the_remembered_labels() -> None:
    remembered = {"shape": "delimited", "separator": ",", "columns": json.dumps(
        {"header": ["No.", "Wort", "Bedeutung", "Beispiel"], "roles": ["id", "term", "definition", "extra"]})}
    reading = parse.read("7,Haus,house,Das Haus ist alt.\n8,Katze,cat,\n", "v.csv", ".csv", remembered=remembered)
    assert [(e.line, e.term, e.extra, e.identity) for e in reading.entries] == [
        (1, "Haus", "No.: 7\nBeispiel: Das Haus ist alt.", "7"), (2, "Katze", "No.: 8", "8")]


def test_each_sheet_of_a_workbook_keeps_its_columns(tmp_path: Path) -> None:
    book = tmp_path / "v.xlsx"
    write_xlsx(book, [Sheet("A", [["Nr", "Wort", "Bedeutung"], [1, "Haus", "house"], [2, "Katze", "cat"]]),
                      Sheet("B", [["Baum", "tree"], ["Hund", "dog"]])])
    first = parse.read(workbooks.text(book.read_bytes(), "v.xlsx"), "v.xlsx", ".xlsx", deck="R::V")
    write_xlsx(book, [Sheet("A", [[1, "Haus", "house"], [2, "Katze", "cat"]]),
                      Sheet("B", [["Baum", "tree"], ["Hund", "dog"]])])
    again = parse.read(workbooks.text(book.read_bytes(), "v.xlsx"), "v.xlsx", ".xlsx", remembered=first.remembered,
                       deck="R::V")
    assert [(e.term, e.identity, e.deck) for e in again.entries] == [
        (e.term, e.identity, e.deck) for e in first.entries] == [
        ("Haus", "A\x1f1", "R::V::A"), ("Katze", "A\x1f2", "R::V::A"), ("Baum", None, "R::V::B"),
        ("Hund", None, "R::V::B")]
    assert again.described[0] == "sheet 'A': no header row now (the last build read Nr, Wort, Bedeutung): columns " \
        "read as Front=Wort, Back=Bedeutung, Extra=Nr; Id=Nr, as before"
