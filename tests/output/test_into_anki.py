"""--into never loses what a learner has: a broken edit changes nothing, a mass removal deletes nothing
until asked again, and every changed note is applied whatever the clocks say (the learner's Extra kept)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import ROOT, run_main

GIT = ROOT / "tests" / "data" / "headed" / "git.txt"
T0, T1, T2 = ({"SOURCE_DATE_EPOCH": str(1764000000 + 100 * i)} for i in range(3))


def _collection(folder: Path) -> Path:
    from anki.collection import Collection

    folder.mkdir(parents=True)
    Collection(str(folder / "collection.anki2")).close()
    return folder / "collection.anki2"


def _notes(path: Path) -> dict[str, tuple[int, int, str, str]]:
    """Every note of the collection by term: (id, mod, fields, tags)."""
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        return {col.get_note(n)["Term"]: (n, col.get_note(n).mod, "\x1f".join(col.get_note(n).fields),
                                          " ".join(col.get_note(n).tags)) for n in col.find_notes("")}
    finally:
        col.close()


def _learner_reviews_and_writes_extra(path: Path, term: str, extra: str) -> int:
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    col = Collection(str(path))
    try:
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            card.start_timer()
            states = col._backend.get_scheduling_states(cid)
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
        note = col.get_note(next(n for n in col.find_notes("") if col.get_note(n)["Term"] == term))
        note["Extra"] = extra
        col.update_note(note)  # stamped now: newer than any package of these tests
        return int(col.db.scalar("select count() from revlog"))
    finally:
        col.close()


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "git.txt").write_text(GIT.read_text(encoding="utf-8"), encoding="utf-8")
    path = _collection(tmp_path / "Anki2" / "User 1")
    run = run_main("notes", "-o", "out.apkg", "--into", str(path), cwd=tmp_path, env=T0)
    assert run.code == 0 and "13 added" in run.out, run.err
    return notes / "git.txt", path


def test_a_deleted_line_under_into_delete_changes_nothing(tmp_path: Path) -> None:
    notes_file, path = _setup(tmp_path)
    _learner_reviews_and_writes_extra(path, "git log", "my note")
    before = _notes(path)
    notes_file.write_text(GIT.read_text(encoding="utf-8").replace("replay commits on top of another base\n", ""),
                          encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", "--into", str(path), "--delete", cwd=tmp_path, env=T1)
    assert run.code == 2 and run.err.startswith("notes/git.txt:20: term 'git rebase' has no definition")
    assert _notes(path) == before


def test_into_delete_leaves_what_a_build_with_allow_removals_removed_until_asked_again(tmp_path: Path) -> None:
    notes_file, path = _setup(tmp_path)
    notes_file.write_text("# Basics\ngit init\ncreate an empty repository in the current folder\n", encoding="utf-8")
    refused = run_main("notes", "-o", "out.apkg", "--into", str(path), "--delete", cwd=tmp_path, env=T1)
    assert refused.code == 2 and "--allow-removals" in refused.err and len(_notes(path)) == 13
    run = run_main("notes", "-o", "out.apkg", "--into", str(path), "--delete", "--allow-removals", cwd=tmp_path,
                   env=T1)
    assert run.code == 0, run.err
    assert "not deleted this time: git clone, git add" in run.out and "deleted:" not in run.out
    assert len(_notes(path)) == 13
    again = run_main("notes", "-o", "out.apkg", "--into", str(path), "--delete", cwd=tmp_path, env=T2)
    assert again.code == 0 and "deleted: git clone" in again.out
    assert list(_notes(path)) == ["git init"]


def test_an_edit_reaches_a_note_the_learner_touched_after_the_package_was_stamped(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH (here a fixed day in 2025) is older than the learner's edit in Anki, so Anki's import
    skips the note: --into applies its new definition anyway and keeps the learner's Extra."""
    notes_file, path = _setup(tmp_path)
    reviews = _learner_reviews_and_writes_extra(path, "git log", "remember: q to quit")
    notes_file.write_text(GIT.read_text(encoding="utf-8").replace("show the commit history",
                                                                  "list the commits, newest first"), encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", "--into", str(path), cwd=tmp_path, env=T1)
    assert run.code == 0, run.err
    assert "changed: git log" in run.out
    assert "0 added, 1 updated, 12 unchanged" in run.out  # never "unchanged" for the edited note
    assert "updated although edited in Anki since: git log (the notes win; Extra kept)" in run.out
    after = _notes(path)
    fields = dict(zip(("Term", "Alias", "Definition", "Context", "Diagram", "Extra"), after["git log"][2].split("\x1f")))
    assert "list the commits, newest first" in fields["Definition"]
    assert fields["Extra"] == "remember: q to quit"
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        assert col.db.scalar("select count() from revlog") == reviews  # history kept
        assert len(col.find_notes("")) == 13
    finally:
        col.close()
    # Nothing left to apply: the next run updates nothing.
    quiet = run_main("notes", "-o", "out.apkg", "--into", str(path), cwd=tmp_path, env=T2)
    assert "nothing to change, it has these 13 notes as they are" in quiet.out and "edited in Anki" not in quiet.out


def test_the_report_tells_a_shared_package_s_importer_what_to_choose(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "git.txt").write_text(GIT.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=T0).code == 0
    (notes / "git.txt").write_text(GIT.read_text(encoding="utf-8").replace("show the commit history", "list commits"),
                                   encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=T1)
    assert "SOURCE_DATE_EPOCH stamps them 2025-11-24" in run.out
    assert "Updates → Update notes: Always" in run.out
