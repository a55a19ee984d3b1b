"""Real spreadsheets and Anki exports, card by card and in real Anki (``parse/shapes/delimited.py``).

Each file of ``tests/data/real/`` was written the way people and tools write them, beside the
cards a careful human expects from it (``.expected.json``: the conventions are in
``tests/data/real/README.md``). The workbooks are written by ``python -m tests.workbooks``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from notedeck import parse
from notedeck.errors import NotesError
from notedeck.inputs import workbooks
from notedeck.model.cards import deck_name
from notedeck.parse import cloze as clozes
from notedeck.parse.entry import Entry

from ..conftest import Anki, run_cli, run_main

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
TABLES = sorted(p for p in REAL.iterdir() if p.suffix in (".csv", ".tsv", ".xlsx", ".ods")
                or p.name.startswith(("anki_export", "quizlet")))
TABLES = [p for p in TABLES if not p.name.endswith(".json")]
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _expected(case: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(Path(str(case) + ".expected.json").read_text(encoding="utf-8"))


def _text(case: Path) -> str:
    data = case.read_bytes()
    return workbooks.text(data, case.name) if case.suffix in (".xlsx", ".ods") else \
        data.decode("utf-8").removeprefix("\ufeff")


def _card(e: Entry) -> dict[str, object]:
    """An entry in the expectations' terms: a line of clozes is named by its text with the answers filled in,
    its definition is the clozes; another note type's GUID is the note's identity."""
    cloze = clozes.is_cloze(e.term) and not e.definition
    card: dict[str, object] = {"line": e.line, "term": clozes.plain(e.term) if cloze else e.term,
                               "definition": e.term if cloze else e.definition}
    guid = e.guid or (e.identity.removeprefix("guid\x1f") if e.identity and e.identity.startswith("guid\x1f")
                      else None)
    for key, value in (("headings", e.headings), ("reverse", e.reverse), ("tags", e.tags), ("guid", guid),
                       ("deck", e.deck), ("extra", e.extra), ("cloze", cloze)):
        if value not in ((), False, None, ""):
            card[key] = list(value) if isinstance(value, tuple) else value
    return card


@pytest.mark.parametrize("case", TABLES, ids=lambda p: p.name)
def test_each_real_table_reads_card_by_card(case: Path) -> None:
    reading = parse.read(_text(case), case.name, case.suffix)
    expected = _expected(case)["cards"]
    got = [_card(e) for e in reading.entries]
    for i, (card, want) in enumerate(zip(got, expected)):
        assert card == want, f"card {i + 1}"
    assert len(got) == len(expected)


def test_an_id_column_and_another_note_types_guid_are_the_notes_identity() -> None:
    jp = parse.read(_text(REAL / "jp_n4_vocab.tsv"), "jp_n4_vocab.tsv", ".tsv")
    assert [e.identity for e in jp.entries[:3]] == ["1", "2", "3"]
    sheet = parse.read(_text(REAL / "vocab_lessons.xlsx"), "vocab_lessons.xlsx", ".xlsx", deck="Root::Vocab")
    assert sheet.entries[0].identity == "Lesson 1\x1f1" and sheet.entries[0].deck == "Root::Vocab::Lesson 1"
    assert sheet.entries[-1].identity is None  # Lesson 2 has no ID column
    export = parse.read(_text(REAL / "anki_export_notetypes.txt"), "a.txt", ".txt")
    assert export.entries[0].guid is None and export.entries[0].identity == "guid\x1fPtY]gj)mU/"


def test_the_report_says_how_each_table_and_note_type_was_read() -> None:
    assert parse.read(_text(REAL / "jp_n4_vocab.tsv"), "v.tsv", ".tsv").described == \
        ("columns read as Front=単語, Back=意味, Extra=No., 読み, 品詞, 例文; Id=No.",)
    assert parse.read(_text(REAL / "anki_export_tool_header.txt"), "a.txt", ".txt").described == (
        "notetype 'Basic': read as term notes (Front, Back)",
        "notetype 'Cloze': read as cloze notes (Text, Back Extra)")
    described = parse.read(_text(REAL / "anki_export_notetypes.txt"), "a.txt", ".txt").described
    assert described[2] == "notetype 'Cloze+': read as cloze notes (Text, Back Extra); their GUIDs are another " \
        "note type's in Anki: new notedeck notes, each known by its GUID"


def test_a_quizlet_export_whose_definition_had_a_line_break_reads_it_on_the_next_line() -> None:
    reading = parse.read(_text(REAL / "quizlet_export_multiline.txt"), "q.txt", ".txt")
    assert (reading.shape, dict(reading.found)) == ("delimited", {"separator": "\t", "continued": "lines"})
    assert reading.entries[0].definition.endswith("using light\nequation: 6CO2 + 6H2O → C6H12O6 + 6O2")
    # Remembered, a line without a tab goes on with the definition above, never a card of its own.
    again = parse.read("photosynthesis\tmaking glucose\nusing light\n", "q.txt", ".txt", remembered=reading.remembered)
    assert [(e.term, e.definition) for e in again.entries] == [("photosynthesis", "making glucose\nusing light")]


def test_a_refused_table_shows_five_problems_and_counts_the_rest() -> None:
    rows = "".join(f"{i}\tword {i}\t\n" for i in range(1, 160))  # 159 rows without a definition
    with pytest.raises(NotesError) as info:
        parse.read("#separator:tab\n#columns:ID\tFront\tBack\n" + rows, "v.txt", ".txt")
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 6 and lines[0].startswith("v.txt:3: empty definition for 'word 1'")
    assert lines[-1] == "v.txt: … and 154 more problems like these"


def _folder(tmp_path: Path, *cases: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for case in cases:
        shutil.copy(case, notes / case.name)
    return notes


def _plain(field: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", field).replace("&nbsp;", " ").split())


@pytest.mark.parametrize("case", TABLES, ids=lambda p: p.name)
def test_each_real_table_builds_into_real_anki(case: Path, tmp_path: Path, anki: Anki) -> None:
    _folder(tmp_path, case)
    run = run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    expected = _expected(case)["cards"]
    log = anki.import_apkg(tmp_path / "out.apkg")
    # A term written twice with the same definition (and Extra) is one note; every other card is a note.
    twins = {(c["term"], c["definition"], c.get("extra", ""), c.get("reverse", False)) for c in expected}
    assert len(log.new) == len(twins)
    notes = [anki.col.get_note(i) for i in anki.col.find_notes("")]
    by_text: dict[tuple[str, str, str], object] = {}
    for note in notes:
        cloze = "Text" in note.keys()
        by_text[(_plain(note["Text"]) if cloze else _plain(note["Term"]),
                 "" if cloze else _plain(note["Definition"]), _plain(note["Extra"]))] = note
    for card in expected:
        extra = _plain(str(card.get("extra", "")).replace("\n", "<br>"))
        if card.get("cloze"):
            note = by_text[(_plain(str(card["definition"])), "", extra)]
            assert len(note.cards()) == len(set(re.findall(r"\{\{c(\d+)::", str(card["definition"]))))
        else:
            definition = _plain(str(card["definition"]).replace("\n", "<br>"))
            note = by_text[(_plain(str(card["term"])), definition, extra)]
            assert len(note.cards()) == (2 if card.get("reverse") else 1)
        assert set(card.get("tags", [])) <= set(note.tags)
        if "deck" in card and case.suffix not in (".xlsx", ".ods"):
            assert anki.col.decks.name(note.cards()[0].did) == card["deck"]
        elif "deck" in card:  # a sheet is a subdeck of the file's deck (here the root, named after the only file)
            assert anki.col.decks.name(note.cards()[0].did) == f"{deck_name(case.name)}::{card['deck']}"


def test_a_front_edited_in_a_sheet_with_an_id_column_keeps_its_note(tmp_path: Path, anki: Anki) -> None:
    notes = _folder(tmp_path, REAL / "vocab_id_front_back_tags.csv")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    before = {n["Definition"]: n.id for n in (anki.col.get_note(i) for i in anki.col.find_notes(""))}
    sheet = notes / "vocab_id_front_back_tags.csv"
    sheet.write_bytes(sheet.read_bytes().replace(b"1,hablar,to speak", b"1,hablar (regular),to speak"))
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000100"})
    assert run.code == 0, run.err
    assert "0 added, 1 changed" in run.out
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert (len(log.new), len(log.updated)) == (0, 1)
    after = {n["Definition"]: n for n in (anki.col.get_note(i) for i in anki.col.find_notes(""))}
    assert after["<p>to speak</p>"].id == before["<p>to speak</p>"]
    assert after["<p>to speak</p>"]["Term"] == "hablar (regular)"


def test_an_export_of_another_note_type_with_guids_makes_new_notes_kept_by_their_guids(tmp_path: Path,
                                                                                        anki: Anki) -> None:
    """Anki reports a package's note whose GUID is a note of another note type as conflicting, and imports
    nothing: such a GUID is the note's identity instead, so the notes import, and an edited front keeps its note."""
    from anki.collection import ImportCsvRequest
    from anki.import_export_pb2 import CsvMetadata

    export = REAL / "anki_export_notetypes.txt"
    # The learner's own collection, with these notes as Anki's Basic notes (their GUIDs), as exported.
    text = export.read_text(encoding="utf-8").replace("Basic (and reversed card)-ab12", "Basic (and reversed card)") \
        .replace("Cloze+", "Cloze")
    source = tmp_path / "anki.txt"
    source.write_text(text, encoding="utf-8")
    metadata = anki.col.get_csv_metadata(str(source), None)
    anki.col.import_csv(ImportCsvRequest(path=str(source), metadata=metadata))
    assert len(anki.col.find_notes("")) == 25 and metadata.dupe_resolution == CsvMetadata.DupeResolution.UPDATE
    _folder(tmp_path, export)
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert (len(log.new), len(log.conflicting)) == (25, 0)  # beside the learner's notes, not refused
    first = anki.col.find_notes('"Term:der Bahnhof"')
    (tmp_path / "notes" / export.name).write_text(export.read_text(encoding="utf-8").replace(
        "\tder Bahnhof\t", "\tder Hauptbahnhof\t"), encoding="utf-8")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000100"}).code == 0
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert (len(log.new), len(log.updated)) == (0, 1)
    assert anki.col.find_notes('"Term:der Hauptbahnhof"') == first
