"""Which files of a notes folder are notes, and what the others are (``inputs/files.py``)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def test_files_that_are_not_notes_are_listed_once_as_skipped(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "terms.txt").write_text("Epoch\none pass over the data\n", encoding="utf-8")
    for name in ("lecture.docx", "slides.pdf", "board.png", "old.xls", "deck-state-backup.json", "readme.rst"):
        (notes / name).write_bytes(b"PK\x03\x04\xff\xfe not text")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    skipped = [line.strip() for line in run.out.splitlines() if line.strip().startswith("skipped:")]
    assert skipped == [
        "skipped: board.png (an image: a card shows it where a definition names it, ![…](board.png))",
        "skipped: lecture.docx (a Word document: save it as .txt or .md to use it)",
        "skipped: old.xls (an Excel 97-2003 workbook: save it as .xlsx (or .csv) to use it)",
        "skipped: slides.pdf (a PDF: copy its text into a .txt or .md file to use it)",
    ]
    again = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert "is up to date" in again.out and again.out.count("skipped: lecture.docx") == 1


def test_a_file_that_is_not_notes_given_by_name_is_refused_with_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "lecture.docx").write_bytes(b"PK\x03\x04\xff\xfe")
    run = run_main("lecture.docx", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == "lecture.docx: not notes: a Word document: save it as .txt or .md to use it"
    assert "UTF-8" not in run.err and not (tmp_path / "out.apkg").exists()


def test_a_folder_of_only_other_files_says_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "slides.pdf").write_bytes(b"%PDF-1.7")
    run = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert run.code == 2 and run.err.splitlines()[0] == (
        "notes: no notes here: a notes folder needs *.txt, *.md, *.csv, *.tsv, *.xlsx or *.ods files; skipped: "
        "slides.pdf (a PDF: copy its text into a .txt or .md file to use it)")
