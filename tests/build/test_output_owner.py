"""A package built from one notes folder is never overwritten, unasked, by a build of another."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import SEED, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _folders(tmp_path: Path) -> None:
    for name in ("course-a", "course-b"):
        (tmp_path / name / "notes").mkdir(parents=True)
        shutil.copy(SEED, tmp_path / name / "notes" / "deep_learning.txt")


def test_the_default_package_of_another_notes_folder_is_not_overwritten(tmp_path: Path) -> None:
    _folders(tmp_path)
    first = run_main("course-a/notes", "--deck", "Deep Learning", cwd=tmp_path, env=EPOCH)
    assert first.code == 0, first.err
    package = tmp_path / "dist" / "Deep_Learning.apkg"
    before = package.read_bytes()
    second = run_main("course-b/notes", "--deck", "Deep Learning", cwd=tmp_path, env=EPOCH)
    assert second.code == 2
    assert second.err.splitlines()[0] == (
        f"dist/Deep_Learning.apkg: was built from the notes in {tmp_path / 'course-a' / 'notes'}, not from those in "
        "course-b/notes: this build would overwrite it. Choose another file with -o (say -o "
        "dist/Deep_Learning_course-b.apkg), or delete it first")
    assert package.read_bytes() == before
    chosen = run_main("course-b/notes", "--deck", "Deep Learning", "-o", "dist/Deep_Learning_course-b.apkg",
                      cwd=tmp_path, env=EPOCH)
    assert chosen.code == 0 and package.read_bytes() == before
    again = run_main("course-a/notes", "--deck", "Deep Learning", cwd=tmp_path, env=EPOCH)  # its own: fine
    assert again.code == 0, again.err


def test_a_notes_folder_renamed_still_builds_its_package(tmp_path: Path) -> None:
    _folders(tmp_path)
    assert run_main("course-a/notes", "--deck", "Deep Learning", cwd=tmp_path, env=EPOCH).code == 0
    (tmp_path / "course-a").rename(tmp_path / "course-a-2026")
    moved = run_main("course-a-2026/notes", "--deck", "Deep Learning", cwd=tmp_path, env=EPOCH)
    assert moved.code == 0, moved.err
