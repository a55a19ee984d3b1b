"""--into: a build goes straight into a learner's collection, through Anki's own backend."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import run_cli

# Fixed times, long before the tests run: the learner's edits in Anki are newer than every package, and
# --into applies every change anyway. (A time taken when the module is imported made the suite depend on how
# fast the machine gets from collecting to running these tests.)
T0, T1 = ({"SOURCE_DATE_EPOCH": str(1764000000 + 100 * i)} for i in range(2))


def _collection(folder: Path) -> Path:
    from anki.collection import Collection

    folder.mkdir(parents=True)
    Collection(str(folder / "collection.anki2")).close()
    return folder / "collection.anki2"


def test_into_a_collection_with_renames_deletions_and_the_learners_own_notes(workdir: Path) -> None:
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    path = _collection(workdir / "Anki2" / "User 1")
    env = {**T0, "ANKI_BASE": str(workdir / "Anki2")}
    run = run_cli("--into", "User 1", cwd=workdir, env=env)  # a profile name, found under ANKI_BASE
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
    run = run_cli("--into", str(path), "--delete", cwd=workdir, env=T1)
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
    assert run_cli("--into", str(path), cwd=workdir, env=T0).code == 0
    notes_file = workdir / "notes" / "deep_learning.txt"
    lines = notes_file.read_text(encoding="utf-8").split("\n")
    at = lines.index("How to train DL")
    del lines[at:at + 2]
    notes_file.write_text("\n".join(lines), encoding="utf-8")
    run = run_cli("--into", str(path), cwd=workdir, env=T1)
    assert "no longer in the notes, still in the collection: How to train DL (run again with --delete" in run.out
    # Later, with nothing left to build, --delete still finds it: the state remembers what was removed.
    again = run_cli("--into", str(path), "--delete", cwd=workdir, env=T1)
    assert "is up to date" in again.out and "deleted: How to train DL (--delete)" in again.out
    assert "How to train DL" not in run_cli("--into", str(path), cwd=workdir, env=T1).out


def test_a_collection_open_in_anki_is_refused_and_left_as_it_was(workdir: Path) -> None:
    path = _collection(workdir / "c")
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom anki.collection import Collection\n"
                               "c = Collection(sys.argv[1]); print('open', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = path.read_bytes()
        run = run_cli("--into", str(path), cwd=workdir, env=T0)
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
    run = run_cli("--into", "Mian", cwd=workdir, env={"ANKI_BASE": str(workdir / "Anki2")})
    assert run.code == 2
    assert run.err.startswith(f"Mian: no Anki profile 'Mian' in {workdir / 'Anki2'} (profiles there: Main)")
