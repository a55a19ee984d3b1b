"""--into: a build goes straight into a learner's collection, through Anki's own backend.

It never loses what a learner has: a broken edit changes nothing, a mass removal deletes nothing
until asked again, and every changed note is applied whatever the clocks say (the learner's Extra kept)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT, run_main

GIT = ROOT / "tests" / "data" / "headed" / "git.txt"
# Fixed times, long before the tests run: the learner's edits in Anki are newer than every package, and
# --into applies every change anyway. (A time taken when the module is imported made the suite depend on how
# fast the machine gets from collecting to running these tests.)
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


def test_into_a_collection_with_renames_deletions_and_the_learners_own_notes(workdir: Path) -> None:
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    path = _collection(workdir / "Anki2" / "User 1")
    env = {**T0, "ANKI_BASE": str(workdir / "Anki2")}
    run = run_main("--into", "User 1", cwd=workdir, env=env)  # a profile name, found under ANKI_BASE
    assert run.code == 0, run.err
    assert "Into " in run.out and "24 added, 0 updated" in run.out
    assert f"  backup: {path.parent / 'backups'}" in run.out
    col = Collection(str(path))
    try:
        notes = {col.get_note(n)["Term"]: col.get_note(n) for n in col.find_notes("")}
        assert len(notes) == 24
        for cid in col.find_cards(""):  # the learner reviews every card
            card = col.get_card(cid)
            card.start_timer()
            states = col._backend.get_scheduling_states(cid)
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
        reviews = col.db.scalar("select count() from revlog")
        own = col.new_note(col.models.by_name("Basic"))
        own["Front"], own["Back"] = "my own card", "kept"
        col.add_note(own, col.decks.id("Deep Learning"))
        edited = notes["Back-propagation"]  # its definition is edited below: the import replaces its fields
        edited["Extra"] = "my mnemonic"
        col.update_note(edited)
        ids = {t: n.id for t, n in notes.items()}
    finally:
        col.close()
    notes_file = workdir / "notes" / "deep_learning.txt"
    text = notes_file.read_text(encoding="utf-8")
    text = text.replace("Sequence Models\n", "Sequence Model\n")  # renamed, same definition
    text = text.replace("taking incorrect paths", "taking wrong paths")  # edited
    lines = text.split("\n")
    at = lines.index("How to train DL")
    del lines[at:at + 2]  # removed
    notes_file.write_text("\n".join(lines).rstrip("\n") + "\nEpoch\none pass over the training set\n", encoding="utf-8")
    run = run_main("--into", str(path), "--delete", cwd=workdir, env=T1)
    assert run.code == 0, run.err
    assert "renamed: Sequence Models → Sequence Model" in run.out
    assert "1 added" in run.out and "deleted: How to train DL (--delete)" in run.out
    assert "the learner's Extra kept on 1" in run.out and f"  backup: {path.parent / 'backups'}" in run.out
    col = Collection(str(path))
    try:
        after = {col.get_note(n)["Term"]: col.get_note(n) for n in col.find_notes('"note:notedeck term v1"')}
        assert after["Sequence Model"].id == ids["Sequence Models"]
        assert all(c.reps == 1 for c in after["Sequence Model"].cards())
        assert "taking wrong paths" in after["Back-propagation"]["Definition"]
        assert after["Back-propagation"]["Extra"] == "my mnemonic"
        assert "How to train DL" not in after and "Epoch" in after
        assert [col.get_note(n)["Front"] for n in col.find_notes('"note:Basic"')] == ["my own card"]  # kept
        assert col.db.scalar("select count() from revlog") == reviews
        assert len(after) == 24  # 24 − 1 removed + 1 added
    finally:
        col.close()


def test_without_delete_stale_notes_are_listed_and_kept(workdir: Path) -> None:
    path = _collection(workdir / "c")
    assert run_main("--into", str(path), cwd=workdir, env=T0).code == 0
    notes_file = workdir / "notes" / "deep_learning.txt"
    lines = notes_file.read_text(encoding="utf-8").split("\n")
    at = lines.index("How to train DL")
    del lines[at:at + 2]
    notes_file.write_text("\n".join(lines), encoding="utf-8")
    run = run_main("--into", str(path), cwd=workdir, env=T1)
    assert "no longer in the notes, still in the collection: How to train DL (run again with --delete" in run.out
    # Later, with nothing left to build, --delete still finds it: the state remembers what was removed.
    again = run_main("--into", str(path), "--delete", cwd=workdir, env=T1)
    assert "is up to date" in again.out and "deleted: How to train DL (--delete)" in again.out
    assert "How to train DL" not in run_main("--into", str(path), cwd=workdir, env=T1).out


def test_a_collection_open_in_anki_is_refused_and_left_as_it_was(workdir: Path) -> None:
    path = _collection(workdir / "c")
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom anki.collection import Collection\n"
                               "c = Collection(sys.argv[1]); print('open', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = path.read_bytes()
        run = run_main("--into", str(path), cwd=workdir, env=T0)
        assert run.code == 2
        assert run.err.startswith(f"{path}: Anki has this collection open") and "close Anki" in run.err
        assert path.read_bytes() == before
        assert not (workdir / "dist").exists()  # nothing built either
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()


def test_an_unknown_profile_names_the_ones_there(workdir: Path) -> None:
    _collection(workdir / "Anki2" / "Main")
    run = run_main("--into", "Mian", cwd=workdir, env={"ANKI_BASE": str(workdir / "Anki2")})
    assert run.code == 2
    assert run.err.startswith(f"Mian: no Anki profile 'Mian' in {workdir / 'Anki2'} (profiles there: Main)")
