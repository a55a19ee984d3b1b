"""Folders as subdecks (``subdecks = true``): a file in a folder of the notes folder fills a subdeck of the
folder's deck, in real Anki; without the setting a notes folder's folders are not read, as before."""

from __future__ import annotations

from pathlib import Path

from ..conftest import Anki, run_main


def _notes(tmp_path: Path, settings: str) -> Path:
    notes = tmp_path / "notes"
    (notes / "Cells" / "Year 1.2").mkdir(parents=True)
    (notes / "notedeck.toml").write_text(f'deck = "Biology"\n{settings}', encoding="utf-8")
    (notes / "Biology.txt").write_text("Cell\nthe unit of life\n", encoding="utf-8")
    (notes / "Cells.txt").write_text("Nucleus\nholds the DNA\n", encoding="utf-8")
    (notes / "Cells" / "Organelles.txt").write_text("Ribosome\nmakes proteins\n", encoding="utf-8")
    (notes / "Cells" / "Year 1.2" / "membranes.txt").write_text("Lipid bilayer\ntwo layers\n", encoding="utf-8")
    (notes / ".hidden").mkdir()
    (notes / ".hidden" / "draft.txt").write_text("Draft\nnot read\n", encoding="utf-8")
    return notes


def test_a_folder_is_a_deck_whose_files_are_its_subdecks(tmp_path: Path, anki: Anki) -> None:
    _notes(tmp_path, "subdecks = true\n")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "4 notes" in run.report
    anki.import_apkg(tmp_path / "out.apkg")
    decks = {term: anki.col.decks.name(note.cards()[0].did) for term, note in anki.notes().items()}
    assert decks == {"Cell": "Biology", "Nucleus": "Biology::Cells", "Ribosome": "Biology::Cells::Organelles",
                     "Lipid bilayer": "Biology::Cells::Year 1.2::Membranes"}
    assert anki.notes()["Ribosome"]["Source"] == "Cells/Organelles.txt:1"


def test_without_the_setting_a_notes_folder_s_folders_are_not_read(tmp_path: Path) -> None:
    _notes(tmp_path, "")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "2 notes" in run.report
