"""A notes file keeps the shape it was first read in: a broken edit is an error in that shape, never a new shape.

The state remembers, per notes file, the shape a build read it in (``files`` in ``deck-state.json``);
later builds read the file in that shape again, and detection runs only for a file the state has
never seen. A file changes shape only when it declares another.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, Anki, run_main

GIT = ROOT / "tests" / "data" / "headed" / "git.txt"  # notedeck's plain format under # headings: 13 cards
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
LATER = {"SOURCE_DATE_EPOCH": "1764000100"}


def _folder(tmp_path: Path, text: str | None = None) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "git.txt").write_text(text if text is not None else GIT.read_text(encoding="utf-8"), encoding="utf-8")
    return notes


def _snapshot(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (tmp_path / "out.apkg", tmp_path / "notes" / "deck-state.json")}


def test_the_state_remembers_the_shape_each_file_was_read_in(tmp_path: Path) -> None:
    _folder(tmp_path)
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "read git.txt as plain (detected; the state remembers it" in run.out
    state = json.loads((tmp_path / "notes" / "deck-state.json").read_text(encoding="utf-8"))
    assert state["format"] == 3 and state["files"] == {"git.txt": {"shape": "plain"}}
    again = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert "detected" not in again.out  # said once, when it was decided


def test_a_deleted_definition_line_is_an_error_in_the_remembered_shape_and_nothing_changes(tmp_path: Path) -> None:
    notes = _folder(tmp_path)
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    before = _snapshot(tmp_path)
    text = GIT.read_text(encoding="utf-8")
    (notes / "git.txt").write_text(text.replace("replay commits on top of another base\n", ""), encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    # Read anew, the file is a heading-per-card file of 3 cards; remembered, it is plain with a missing line.
    assert run.code == 2
    assert run.err.startswith("notes/git.txt:20: term 'git rebase' has no definition")
    assert "nothing was written" in run.err
    assert _snapshot(tmp_path) == before


def test_without_the_state_detection_still_reads_the_broken_file_as_plain_with_a_line_missing(tmp_path: Path) -> None:
    """Detection weighs the evidence: the plain reading's twelve cards and one problem outweigh three heading
    cards of alternating lines, so it names the same problem as the remembered shape (it once read headings)."""
    from notedeck import parse

    text = GIT.read_text(encoding="utf-8").replace("replay commits on top of another base\n", "")
    with pytest.raises(parse.NotesError) as detected:
        parse.read(text, "git.txt", ".txt")
    with pytest.raises(parse.NotesError) as remembered:
        parse.read(text, "git.txt", ".txt", remembered={"shape": "plain"})
    assert str(detected.value) == str(remembered.value)
    assert str(detected.value).startswith("git.txt:20: term 'git rebase' has no definition")


def test_a_file_changes_shape_only_when_it_declares_one_and_the_report_says_so(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "terms.md").write_text("- **Epoch**: one pass over the data\n- **Batch**: a group of examples\n"
                                    "- **Step**: one update of the weights\n", encoding="utf-8")
    first = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert first.code == 0 and "read terms.md as bullets (detected" in first.out
    # The same cards as a plain file, saying so on its first line.
    (notes / "terms.md").write_text("#notedeck:plain\nEpoch\none pass over the data\nBatch\na group of examples\n"
                                    "Step\none update of the weights\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert run.code == 0, run.err
    assert "terms.md: now read as plain, was bullets (declared)" in run.out
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in run.out
    assert json.loads((notes / "deck-state.json").read_text(encoding="utf-8"))["files"] == \
        {"terms.md": {"shape": "plain"}}
    # The declaration taken out again, the file stays plain: remembered, not detected.
    (notes / "terms.md").write_text("Epoch\none pass over the data\nBatch\na group of examples\n"
                                    "Step\none update of the weights\n", encoding="utf-8")
    quiet = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert quiet.code == 0 and "read as" not in quiet.out and "detected" not in quiet.out


def test_a_detected_separator_is_remembered_with_the_shape(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    rows = "epoch --- one pass over the data\nbatch --- a group of examples\nstep --- one update of the weights\n"
    (notes / "q.txt").write_text(rows, encoding="utf-8")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    shape = json.loads((notes / "deck-state.json").read_text(encoding="utf-8"))["files"]["q.txt"]
    assert shape["shape"] == "delimited" and shape["separator"].strip() == "---"
    # A row without the separator is named in that shape, not read as something else.
    (notes / "q.txt").write_text(rows + "momentum, a running average of the gradients\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert run.code == 2 and run.err.startswith("notes/q.txt:4:"), run.err


def test_a_state_written_by_0_1_0_means_its_files_were_read_as_plain(tmp_path: Path, anki: Anki) -> None:
    release = ROOT / "tests" / "data" / "releases" / "0.1.0"
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(release / "deck-state.json", notes)
    text = (release / "deep_learning.txt").read_text(encoding="utf-8")
    # One definition line deleted, and a heading added: read anew, the file would read otherwise.
    broken = "# Basics\n" + text.replace("is the process of taking incorrect paths and retracing the cycle to "
                                         "adjust your layers/weights\n", "")
    (notes / "deep_learning.txt").write_text(broken, encoding="utf-8")
    run = run_main("notes", "--deck", "Deep Learning", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert run.code == 2 and not (tmp_path / "out.apkg").exists()
    assert run.err.startswith("notes/deep_learning.txt:"), run.err
    assert "definition" in run.err.split("\n")[0]  # the plain format's own complaint
    # Mended, it builds; the state now names the file's shape.
    (notes / "deep_learning.txt").write_text("# Basics\n" + text, encoding="utf-8")
    fixed = run_main("notes", "--deck", "Deep Learning", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert fixed.code == 0, fixed.err
    assert "detected" not in fixed.out
    assert json.loads((notes / "deck-state.json").read_text(encoding="utf-8"))["files"] == \
        {"deep_learning.txt": {"shape": "plain"}}
    anki.import_apkg(release / "Deep_Learning.apkg")
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
