"""Nothing lost: atomic writes in a safe order, crashes, a damaged state, concurrent builds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from notedeck.build import lock, state

from ..conftest import ROOT, run_cli, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def test_a_second_build_waits_for_the_lock_then_fails_clearly(workdir: Path) -> None:
    # The builds are processes of their own (run_cli): the lock is the OS's, held by one process against another.
    with lock.locked(workdir / "notes"):
        run = run_cli(cwd=workdir, env={**EPOCH, "NOTEDECK_LOCK_WAIT": "0.3"})
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes: another build of these notes is still running: wait for it to "
                                       "finish, then build again")
    assert not (workdir / "dist").exists()
    assert run_cli(cwd=workdir, env=EPOCH).code == 0  # released: the next build goes through
    assert not [p for p in (workdir / "notes").iterdir() if "lock" in p.name], "a lock file among the notes"


def test_the_lock_of_a_killed_build_is_released(workdir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from notedeck.build import lock\n"
         "with lock.locked(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(600)",
         str(workdir / "notes")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert run_cli(cwd=workdir, env={**EPOCH, "NOTEDECK_LOCK_WAIT": "0.3"}).code == 2  # really held
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    finally:
        holder.kill()
        if holder.stdout:
            holder.stdout.close()
    run = run_cli(cwd=workdir, env={**EPOCH, "NOTEDECK_LOCK_WAIT": "5"})
    assert run.code == 0, run.err


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "notes/deck-state.json:1: state file is not valid JSON (Expecting property name enclosed in "
     "double quotes)"),
    ('{"format": 1, "note_type": {"digest": "x", "mod": 1}, "notes": [{"guid": "a"}]}',
     "notes/deck-state.json: state file is damaged ('deck' is wrong or missing)"),
    ('{"format": 7, "note_type": {}, "notes": []}', "notes/deck-state.json: state file is damaged (unknown format 7"),
])
def test_a_damaged_state_is_named_with_the_way_to_recover_never_reset(workdir: Path, text: str,
                                                                        message: str) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    apkg = (workdir / "dist" / "Deep_Learning.apkg").read_bytes()
    (workdir / "notes" / "deck-state.json").write_text(text)
    run = run_main(cwd=workdir, env=EPOCH)
    assert run.code == 2 and "Traceback" not in run.err
    first = run.err.splitlines()[0]
    assert first.startswith(message), first
    assert "git checkout -- notes/deck-state.json" in first and "delete it to start afresh" in first
    assert (workdir / "notes" / "deck-state.json").read_text() == text  # not reset behind the user's back
    assert (workdir / "dist" / "Deep_Learning.apkg").read_bytes() == apkg


def _big_notes(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    lines = []
    for i in range(count):
        lines.append(f"Concept {i}\n" if i % 7 else f"# Part {i}\nConcept {i}\n")
        lines.append(f"a definition with **markdown** and \\(x_{{{i}}}\\) number {i}\n")
    (folder / "big.txt").write_text("".join(lines), encoding="utf-8")


def _loadable(apkg: Path, state_file: Path) -> None:
    with zipfile.ZipFile(apkg) as zf:
        assert zf.testzip() is None
        db = apkg.parent / "check.anki2"
        db.write_bytes(zf.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count() from notes").fetchone()[0] > 0
    db.unlink()
    state.loads(state_file.read_text(encoding="utf-8"), str(state_file))


def test_killed_builds_leave_the_previous_deck_and_state_loadable(tmp_path: Path) -> None:
    # Processes throughout (run_cli): the build timed is the one killed below, and the build after the kills
    # must find what a killed process left, as a user's next build does.
    _big_notes(tmp_path / "notes", 6000)
    assert run_cli(cwd=tmp_path, env=EPOCH).code == 0
    apkg, state_file = tmp_path / "dist" / "Big.apkg", tmp_path / "notes" / "deck-state.json"
    start = time.monotonic()
    assert run_cli(cwd=tmp_path, env=EPOCH).code == 0  # time a full build, to kill inside it
    (tmp_path / "notes" / "big.txt").write_text(
        (tmp_path / "notes" / "big.txt").read_text().replace("number", "figure"), encoding="utf-8")
    duration = time.monotonic() - start
    for step in range(1, 9):
        proc = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py")], cwd=tmp_path,
                                env={**os.environ, "SOURCE_DATE_EPOCH": str(1764000000 + step)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * step / 8)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _loadable(apkg, state_file)
    run = run_cli(cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764009999"})
    assert run.code == 0, run.err
    _loadable(apkg, state_file)
    assert "figure" in (tmp_path / "notes" / "big.txt").read_text()
    assert not [p for p in (tmp_path / "dist").iterdir() if p.name.endswith(".tmp")], "stale temporary files"


def test_two_builds_at_once_do_not_corrupt_the_state(tmp_path: Path) -> None:
    _big_notes(tmp_path / "notes", 3000)
    procs = [subprocess.Popen([sys.executable, str(ROOT / "build_deck.py")], cwd=tmp_path,
                              env={**os.environ, "SOURCE_DATE_EPOCH": str(1764000000 + i)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    # The second waited for the first: one added everything, the other found it up to date.
    outs = sorted(out for out, _ in results)
    assert "3000 added" in outs[0] and "up to date" in outs[1]
    _loadable(tmp_path / "dist" / "Big.apkg", tmp_path / "notes" / "deck-state.json")


def test_an_enormous_notes_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    with open(tmp_path / "notes" / "huge.txt", "wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB, sparse: the size alone must stop it
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes/huge.txt: is 100 MB; a notes file may be at most 64 MB: split it "
                                       "into several files in the folder")


def test_a_one_megabyte_definition_is_reported_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text("Neuron\na unit\nEssay\n" + "word " * 210_000 + "\n")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines()[0] == ("notes/n.txt:3: the definition of 'Essay' is 1,049,999 characters; a "
                                       "definition may have at most 100,000: split it into several cards")


def _peak_rss_mb(args: list[str], cwd: Path) -> tuple[int, float]:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "peak_memory.py"), str(ROOT / "build_deck.py"),
                           *args], cwd=cwd, env={**os.environ, **EPOCH}, capture_output=True, text=True)
    peak_kb = int(proc.stderr.rsplit("peak-memory-kb ", 1)[1])
    return proc.returncode, peak_kb / 1024


def test_a_hundred_thousand_headings_build_in_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    lines = [f"{'#' * (1 + i % 3)} Section {i}\n" for i in range(100_000)]
    lines.insert(50_000, "Neuron\na unit\n")
    (tmp_path / "notes" / "n.txt").write_text("".join(lines) + "Bias\nan offset\n")
    code, peak = _peak_rss_mb([], tmp_path)
    assert code == 0
    assert peak < 150, f"peak memory {peak:.0f} MB"


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_deck(tmp_path: Path) -> None:
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, "96k"):
        pytest.skip("needs root to mount a tiny tmpfs as a full disk")
    try:
        (tmp_path / "notes").mkdir()
        notes = tmp_path / "notes" / "n.txt"
        notes.write_text("Neuron\ta unit\n")
        assert run_main("-o", str(disk / "deck.apkg"), "--deck", "D", cwd=tmp_path, env=EPOCH).code == 0
        old = (disk / "deck.apkg").read_bytes()
        notes.write_text("".join(f"Term {i} {os.urandom(40).hex()}\t{os.urandom(200).hex()}\n" for i in range(600)))
        run = run_main("-o", str(disk / "deck.apkg"), "--deck", "D", cwd=tmp_path, env=EPOCH)
        assert run.code == 2 and "Traceback" not in run.err
        assert "No space left on device" in run.err and "nothing was changed" in run.err
        assert (disk / "deck.apkg").read_bytes() == old
        assert not [p.name for p in disk.iterdir() if p.name.endswith(".tmp")]  # no half-written temporary
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
