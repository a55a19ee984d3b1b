"""--into for someone using it the first time: a new collection, a folder, a run with nothing to do."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import SEED, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _notes(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(SEED, tmp_path / "notes" / "deep_learning.txt")


def test_a_collection_path_that_does_not_exist_yet_is_made_and_said_so(tmp_path: Path) -> None:
    _notes(tmp_path)
    run = run_main("--into", "anki/collection.anki2", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "Into anki/collection.anki2: 24 added, 0 updated, 0 unchanged" in run.out
    assert "  a new collection, made now: anki/collection.anki2" in run.out
    assert "sync" not in run.out  # a collection in no profile: nothing syncs it
    from anki.collection import Collection

    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        assert len(col.find_notes("")) == 24
    finally:
        col.close()


def test_a_folder_holding_a_collection_is_that_collection(tmp_path: Path) -> None:
    _notes(tmp_path)
    assert run_main("--into", "anki/collection.anki2", cwd=tmp_path, env=EPOCH).code == 0
    (tmp_path / "notes" / "deep_learning.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("input data in the form of sequences", "data in order"),
        encoding="utf-8")
    run = run_main("--into", "anki", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000100"})
    assert run.code == 0, run.err
    assert "Into anki/collection.anki2: 0 added, 1 updated, 23 unchanged" in run.out
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_main("--into", "empty/", cwd=tmp_path, env=EPOCH)
    assert refused.code == 2 and "empty/: no collection.anki2 in this folder" in refused.err


def test_a_run_that_changes_nothing_makes_no_backup_and_says_nothing_about_sync(tmp_path: Path) -> None:
    _notes(tmp_path)
    assert run_main("--into", "anki/collection.anki2", cwd=tmp_path, env=EPOCH).code == 0
    backups = sorted((tmp_path / "anki" / "backups").iterdir())
    again = run_main("--into", "anki/collection.anki2", cwd=tmp_path, env=EPOCH)
    assert again.code == 0, again.err
    assert "Into anki/collection.anki2: nothing to change, it has these 24 notes as they are (no backup made)" \
        in again.out
    assert "sync" not in again.out and "backup:" not in again.out
    assert sorted((tmp_path / "anki" / "backups").iterdir()) == backups


def test_without_anki_the_hint_fits_every_way_of_installing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    real_import = builtins.__import__

    def no_anki(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("anki"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    _notes(tmp_path)
    monkeypatch.setattr(builtins, "__import__", no_anki)
    run = run_main("--into", "anki/collection.anki2", cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    assert run.err.startswith("--into: needs Anki's own backend, the anki package: pip install anki (where notedeck "
                              "was installed with pipx: pipx inject notedeck anki)")
