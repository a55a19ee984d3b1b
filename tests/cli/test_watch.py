"""--watch as a user runs it: a process that rebuilds on every save (a real process: it is stopped with Ctrl-C)."""

from __future__ import annotations

import time
from pathlib import Path

APKG = Path("dist/Deep_Learning.apkg")


def test_watch_settles_a_save_made_of_several_writes_into_one_build(workdir: Path) -> None:
    from ..watching import Watch

    notes = workdir / "notes" / "deep_learning.txt"
    with Watch(workdir, merge_stderr=False) as watch:
        watch.wait_for("Built")
        time.sleep(0.5)
        text = notes.read_text(encoding="utf-8").replace("sequences.", "ordered sequences.")
        # An editor's save: truncate, write half, write the rest.
        with notes.open("w", encoding="utf-8", newline="\n") as f:
            f.flush()
            time.sleep(0.05)
            f.write(text[: len(text) // 2])
            f.flush()
            time.sleep(0.05)
            f.write(text[len(text) // 2:])
        report = watch.wait_for("  changed")
        assert report[-1] == "  changed: Sequence Models\n", report
        assert sum(line.startswith("Built") for line in report) == 1  # one build for the three writes
        # ...and a save that puts back the same bytes is no change at all: no build.
        notes.write_text(notes.read_text(encoding="utf-8"), encoding="utf-8")
        time.sleep(2.5)
        assert watch.lines.empty(), list(watch.lines.queue)
    assert "Built" not in watch.rest and "Stopped watching." in watch.rest


def test_watch_rebuilds_on_save_and_keeps_the_last_good_deck(workdir: Path) -> None:
    from ..watching import Watch

    notes = workdir / "notes" / "deep_learning.txt"
    with Watch(workdir) as watch:
        watch.wait_for("Built dist/Deep_Learning.apkg")
        edited = notes.read_text(encoding="utf-8").replace("sequences.", "ordered sequences.")
        notes.write_text(edited, encoding="utf-8")
        assert any("changed: Sequence Models" in line for line in watch.wait_for("changed: Sequence Models"))
        good = (workdir / APKG).read_bytes()
        notes.write_text("A term without its definition\n", encoding="utf-8")
        watch.wait_for("has no definition")
        watch.wait_for("nothing was written")
        assert (workdir / APKG).read_bytes() == good
        notes.write_text("Neuron\na unit\n", encoding="utf-8")  # most of the file's notes gone: asked, not done
        watch.wait_for("build again with --allow-removals")
        assert (workdir / APKG).read_bytes() == good
        notes.write_text(edited.rstrip("\n") + "\nNeuron\na unit\n", encoding="utf-8")
        watch.wait_for("added: Neuron")
    assert watch.proc.returncode == 0
    assert "Stopped watching." in watch.rest and "Traceback" not in watch.rest
