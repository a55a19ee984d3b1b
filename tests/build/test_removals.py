"""A build never removes most of a file's notes by accident: it stops and asks.

A file that still exists and would lose more than half of its notes (and more than 3) in one
build stops the build (exit 2, nothing written) unless ``--allow-removals`` is given; ``--watch``
keeps the last good deck; ``--into --delete`` never deletes notes removed by such a build in
the same run.
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import ROOT, run_main

GIT = ROOT / "tests" / "data" / "headed" / "git.txt"
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
LATER = {"SOURCE_DATE_EPOCH": "1764000100"}
REWRITE = "# Basics\ngit init\ncreate an empty repository in the current folder\n"  # 12 of 13 notes gone


def _built(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "git.txt").write_text(GIT.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    return notes / "git.txt"


def test_a_rewrite_that_removes_most_notes_is_refused_then_allowed_with_the_flag(tmp_path: Path) -> None:
    notes_file = _built(tmp_path)
    before = (tmp_path / "out.apkg").read_bytes(), (notes_file.parent / "deck-state.json").read_bytes()
    notes_file.write_text(REWRITE, encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert run.code == 2
    assert run.err.split("\n")[0] == ("notes/git.txt: this build would remove 12 of its 13 notes (git clone, git add, "
                                      "git commit, …) and nothing was written: if that is what you meant, build "
                                      "again with --allow-removals")
    assert ((tmp_path / "out.apkg").read_bytes(), (notes_file.parent / "deck-state.json").read_bytes()) == before
    allowed = run_main("notes", "-o", "out.apkg", "--allow-removals", cwd=tmp_path, env=LATER)
    assert allowed.code == 0, allowed.err
    assert "0 added, 0 changed, 1 unchanged, 12 removed" in allowed.out


def test_a_few_removals_need_no_flag(tmp_path: Path) -> None:
    notes_file = _built(tmp_path)
    text = notes_file.read_text(encoding="utf-8")
    for term in ("git blame", "git reflog", "git diff"):  # 3 of 13: a learner tidying up
        text = text.replace(f"{term}\n", "", 1)
        text = "\n".join(line for line in text.split("\n") if not line.startswith(("show who last", "show where",
                                                                                    "show changes")))
    notes_file.write_text(text, encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER)
    assert run.code == 0 and "3 removed" in run.out, run.err


def test_half_or_fewer_is_no_mass_removal(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    cards = [f"Term {i}\ndefinition number {i}\n" for i in range(10)]
    (notes / "t.txt").write_text("".join(cards), encoding="utf-8")
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH).code == 0
    (notes / "t.txt").write_text("".join(cards[:5]), encoding="utf-8")  # 5 of 10: not more than half
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER).code == 0
    (notes / "t.txt").write_text("".join(cards[:1]), encoding="utf-8")  # 4 of 5: more than half, more than 3
    assert run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=LATER).code == 2


def test_watch_keeps_the_last_good_deck_on_a_deleted_line_and_on_a_mass_removal(tmp_path: Path) -> None:
    from ..watching import Watch

    notes = tmp_path / "notes"
    notes.mkdir()
    notes_file = notes / "git.txt"
    text = GIT.read_text(encoding="utf-8")
    notes_file.write_text(text, encoding="utf-8")
    deck = tmp_path / "dist" / "Git.apkg"
    with Watch(tmp_path) as watch:
        watch.wait_for("Built dist/Git.apkg")
        good, state = deck.read_bytes(), (notes / "deck-state.json").read_bytes()
        notes_file.write_text(text.replace("replay commits on top of another base\n", ""), encoding="utf-8")
        assert any("notes/git.txt:20: term 'git rebase' has no definition" in line
                   for line in watch.wait_for("nothing was written"))
        notes_file.write_text(REWRITE, encoding="utf-8")
        assert any("would remove 12 of its 13 notes" in line for line in watch.wait_for("nothing was written"))
        assert (deck.read_bytes(), (notes / "deck-state.json").read_bytes()) == (good, state)
        notes_file.write_text(text.replace("show the commit history", "list the commits"), encoding="utf-8")
        assert any("changed: git log" in line for line in watch.wait_for("changed: "))
    assert watch.proc.returncode == 0 and "Traceback" not in watch.rest
