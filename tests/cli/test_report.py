"""The change report: what changed, named, with the search that finds removed notes in Anki."""

from __future__ import annotations

from pathlib import Path

from ..conftest import Anki, run_main
from ..end_to_end.test_workflow import APKG, EPOCH, LATER, edit_the_seed


def test_report_names_what_changed_and_finds_removed_notes_in_anki(workdir: Path, anki: Anki) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    anki.import_apkg(workdir / APKG)
    edit_the_seed(workdir)
    run = run_main(cwd=workdir, env=LATER)
    assert run.code == 0, run.err
    lines = run.report.splitlines()
    assert lines[1] == "  1 added, 2 changed, 21 unchanged, 1 removed"
    assert "  added: Epoch" in lines and "  changed: Deep Learning, Sequence Models" in lines  # DL lost its only child: its tag changed
    assert "  removed: How to train DL" in lines
    search = lines[-1].strip()
    assert search.startswith("nid:")
    log = anki.import_apkg(workdir / APKG)
    assert (len(log.new), len(log.updated)) == (1, 2)
    found = [anki.col.get_note(n)["Term"] for n in anki.col.find_notes(search)]
    assert found == ["How to train DL"]  # the search the report prints finds exactly the removed note


def test_long_lists_are_shortened(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text("".join(f"Term {i}\tdefinition {i}\n" for i in range(20)))
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert "  added: Term 0, Term 1, Term 2, Term 3, Term 4, Term 5, Term 6, Term 7, … and 12 more" in run.out
