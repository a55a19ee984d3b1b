"""Renames keep their notes: a term, a notes file or the root deck renamed updates the same notes in Anki."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..conftest import ROOT, Anki, run_main

T0, T1, T2 = ({"SOURCE_DATE_EPOCH": str(1764000000 + 100 * i)} for i in range(3))


def _review_first_card(anki: Anki, term: str) -> int:
    from anki.scheduler.v3 import CardAnswer

    card = anki.notes()[term].cards()[0]
    card.start_timer()
    states = anki.col._backend.get_scheduling_states(card.id)
    anki.col.sched.answer_card(anki.col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    return card.id


def test_a_renamed_term_keeps_its_note_and_history(workdir: Path, anki: Anki) -> None:
    assert run_main(cwd=workdir, env=T0).code == 0
    anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    ids = {t: n.id for t, n in anki.notes().items()}
    card = _review_first_card(anki, "Sequence Models")
    notes = workdir / "notes" / "deep_learning.txt"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Sequence Models\n", "Sequence Model\n"),
                     encoding="utf-8")
    run = run_main(cwd=workdir, env=T1)
    assert run.code == 0, run.err
    assert "  renamed: Sequence Models → Sequence Model (the same note: Anki keeps its history)" in run.report
    assert "0 added, 1 changed, 23 unchanged, 0 removed" in run.report
    log = anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    after = anki.notes()
    assert after["Sequence Model"].id == ids["Sequence Models"] and "Sequence Models" not in after
    assert anki.col.get_card(card).reps == 1
    # The state remembers: the next build finds the note again, with nothing to do.
    saved = json.loads((workdir / "notes" / "deck-state.json").read_text(encoding="utf-8"))
    renamed = next(n for n in saved["notes"] if n["term"] == "Sequence Model")
    assert renamed["key"] and renamed["key"] != renamed["guid"]
    assert "0 added, 0 changed, 24 unchanged" in run_main("-o", "dist/again.apkg", cwd=workdir, env=T2).report


def test_a_was_marker_renames_where_the_definition_changed_too(workdir: Path, anki: Anki) -> None:
    assert run_main(cwd=workdir, env=T0).code == 0
    anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    before = anki.notes()["Sequence Models"].id
    notes = workdir / "notes" / "deep_learning.txt"
    text = notes.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("Sequence Models")
    lines[at], lines[at + 1] = "Sequence modelling [was: Sequence Models]", "models of ordered data"
    notes.write_text("\n".join(lines), encoding="utf-8")
    run = run_main(cwd=workdir, env=T1)
    assert "renamed: Sequence Models → Sequence modelling" in run.report, run.out + run.err
    log = anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    assert len(log.new) == 0
    assert anki.notes()["Sequence modelling"].id == before


def test_two_removed_terms_with_one_definition_are_reported_not_guessed(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    notes = tmp_path / "notes" / "n.txt"
    notes.write_text("Alpha one\nthe same words\nAlpha two\nthe same words\nBeta\nother\n", encoding="utf-8")
    assert run_main("notes", cwd=tmp_path, env=T0).code == 0
    notes.write_text("Gamma one\nthe same words\nBeta\nother\n", encoding="utf-8")
    run = run_main("notes", cwd=tmp_path, env=T1)
    assert "  not a rename: 'Alpha one' and 'Alpha two' removed and 'Gamma one' added with the same definition" \
        in run.report
    assert "1 added, 0 changed, 1 unchanged, 2 removed" in run.report


def test_renaming_the_only_notes_file_keeps_every_note(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    letters = "Alpha\tthe first letter\nBeta\tthe second letter\nGamma\tthe third letter\n"
    (tmp_path / "notes" / "greek_letters.txt").write_text(letters, encoding="utf-8")
    assert run_main("notes", "-o", "a.apkg", cwd=tmp_path, env=T0).code == 0
    anki.import_apkg(tmp_path / "a.apkg")
    (tmp_path / "notes" / "greek_letters.txt").rename(tmp_path / "notes" / "letters.txt")
    run = run_main("notes", "-o", "b.apkg", cwd=tmp_path, env=T1)
    assert run.code == 0, run.err
    assert "  moved: greek_letters.txt → letters.txt (its notes keep their identity)" in run.report
    assert "  root deck renamed: Greek Letters → Letters" in run.report
    assert "0 added, 3 changed, 0 unchanged, 0 removed" in run.report  # their deck's name changed
    log = anki.import_apkg(tmp_path / "b.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert len(anki.notes()) == 3


def test_renaming_the_root_deck_on_purpose_keeps_identities(workdir: Path, anki: Anki) -> None:
    assert run_main(cwd=workdir, env=T0).code == 0
    anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    run = run_main("--deck", "Neural Networks", cwd=workdir, env=T1)
    assert "  root deck renamed: Deep Learning → Neural Networks" in run.report
    log = anki.import_apkg(workdir / "dist" / "Neural_Networks.apkg")
    assert (len(log.new), len(log.updated)) == (0, 24)


def test_building_this_repositorys_notes_leaves_the_committed_state_as_it_is(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "notes", tmp_path / "notes")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    run = run_main(cwd=tmp_path, env=T2)
    assert run.code == 0 and "0 added, 0 changed, 24 unchanged, 0 removed" in run.report
    assert (tmp_path / "notes" / "deck-state.json").read_bytes() == (ROOT / "notes" / "deck-state.json").read_bytes()
