"""Settings follow the notes: the nearest notedeck.toml or [tool.notedeck], never the current directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..conftest import ROOT, SEED, run_cli, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def test_building_someone_elses_notes_from_inside_this_repository_never_uses_our_deck_name(tmp_path: Path) -> None:
    (tmp_path / "their-notes").mkdir()
    (tmp_path / "their-notes" / "greek_letters.txt").write_text("Alpha\tthe first letter\nBeta\tthe second\n",
                                                               encoding="utf-8")
    run = run_main(str(tmp_path / "their-notes"), "-o", str(tmp_path / "out.apkg"), cwd=ROOT, env=EPOCH)
    assert run.code == 0, run.err
    assert not run.out.startswith("Settings:")  # none found: nothing to say, unless --verbose
    assert "Deep Learning" not in run.out
    verbose = run_cli(str(tmp_path / "their-notes"), "-o", str(tmp_path / "out.apkg"), "--verbose", cwd=ROOT,
                      env=EPOCH)
    assert verbose.out.splitlines()[0].startswith("Settings: none found (no notedeck.toml")
    saved = json.loads((tmp_path / "their-notes" / "deck-state.json").read_text(encoding="utf-8"))
    assert [n["deck"] for n in saved["notes"]] == ["Greek Letters", "Greek Letters"] and saved["root"] == "Greek Letters"


def test_the_repositorys_own_notes_use_its_pyproject_from_any_folder(tmp_path: Path) -> None:
    run = run_main(str(ROOT / "notes"), "--dry-run", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == f"Settings: {ROOT / 'pyproject.toml'} [tool.notedeck]"
    assert "Deep_Learning.apkg" in run.report


def test_the_nearest_settings_file_at_or_above_the_notes_wins(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "week1" / "notes").mkdir(parents=True)
    shutil.copy(SEED, course / "week1" / "notes" / "deep_learning.txt")
    (course / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.notedeck]\ndeck = "Course"\n')
    run = run_main("course/week1/notes", cwd=tmp_path, env=EPOCH)
    assert run.out.splitlines()[0] == f"Settings: {Path('course/pyproject.toml')} [tool.notedeck]"
    assert run.report.startswith(f"Built {Path('dist/Course.apkg')}")
    (course / "week1" / "notedeck.toml").write_text('deck = "Week 1"\n')  # nearer: it wins
    run = run_main("course/week1/notes", cwd=tmp_path, env=EPOCH)
    assert run.out.splitlines()[0] == f"Settings: {Path('course/week1/notedeck.toml')}"
    assert run.report.startswith(f"Built {Path('dist/Week_1.apkg')}")
    # A pyproject.toml without [tool.notedeck] is not notedeck's: the search goes on above it.
    (course / "week1" / "notedeck.toml").unlink()
    (course / "week1" / "pyproject.toml").write_text('[project]\nname = "week1"\n')
    assert run_main("course/week1/notes", cwd=tmp_path, env=EPOCH).report.startswith(f"Built {Path('dist/Course.apkg')}")


def test_a_file_pattern_in_the_settings_declares_the_shape(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    # Half the lines have no '---': undeclared, this is refused; declared by pattern, it is read.
    (tmp_path / "notes" / "quizlet.txt").write_text(
        "epoch---one pass\nbatch---a group of examples\nlearning rate---step size\nnote to self\n", encoding="utf-8")
    refused = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert refused.code == 2 and "#separator:---" in refused.err
    (tmp_path / "notedeck.toml").write_text('[files."quizlet*.txt"]\nshape = "delimited"\nseparator = "---"\n')
    run = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert run.code == 2  # declared: the line without the separator is named, not guessed
    assert run.err.splitlines()[0] == "notes/quizlet.txt:4: empty definition for 'note to self': the row has " \
                                      "nothing in its definition column"
    (tmp_path / "notes" / "quizlet.txt").write_text("epoch---one pass\nbatch---a group\n", encoding="utf-8")
    run = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert run.code == 0 and "2 notes" in run.report


def test_a_file_pattern_may_say_the_first_row_is_a_header(tmp_path: Path, anki) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes").mkdir()
    # Welsh column names over words as short as they are: a card, unless a rule says the row is the header.
    (tmp_path / "notes" / "geiriau.csv").write_text("Gair;Ystyr\ntŷ;house\ncoeden;tree\n", encoding="utf-8")
    unruled = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert unruled.code == 0 and "3 notes" in unruled.report
    (tmp_path / "notedeck.toml").write_text('[files."*.csv"]\nheader = true\n', encoding="utf-8")
    run = run_main("notes", "--allow-removals", "-o", "ruled.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "ruled.apkg")
    assert "columns read as Front=Gair, Back=Ystyr" in run.report
    assert {term: note["Definition"] for term, note in anki.notes().items()} == \
        {"tŷ": "<p>house</p>", "coeden": "<p>tree</p>"}


def test_unreadable_settings_are_named(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(SEED, tmp_path / "notes")
    (tmp_path / "notedeck.toml").write_text('[files."*.txt"]\nshape = "plain"\nseperator = ","\n')
    run = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0].startswith(f"{tmp_path / 'notedeck.toml'}: files.'*.txt': unknown settings "
                                              "seperator")
