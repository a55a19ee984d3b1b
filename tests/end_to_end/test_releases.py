"""A deck built by an earlier release, rebuilt by this code, re-imports with 0 new notes."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from ..conftest import ROOT, Anki, run_main

RELEASES = sorted((ROOT / "tests" / "data" / "releases").glob("*/"))


@pytest.mark.parametrize("release", RELEASES, ids=[r.name for r in RELEASES])
@pytest.mark.parametrize("with_state", [True, False], ids=["with-state", "without-state"])
def test_an_earlier_releases_deck_is_updated_never_duplicated(release: Path, with_state: bool, tmp_path: Path,
                                                             anki: Anki) -> None:
    anki.import_apkg(release / "Deep_Learning.apkg")
    before = _ids(anki)
    notes = tmp_path / "notes"
    if (release / "notes").is_dir():  # the notes folder the release built from, its state inside
        shutil.copytree(release / "notes", notes)
    else:  # 0.1.0 kept its one notes file and its state beside the package
        notes.mkdir()
        shutil.copy(release / "deep_learning.txt", notes)
        shutil.copy(release / "deck-state.json", notes)
    if not with_state:
        (notes / "deck-state.json").unlink()
    # Rebuilt now: newer than the release, not in the future (Anki leaves a note type from the future as it is).
    run = run_main("notes", "--deck", "Deep Learning", "-o", "new.apkg", cwd=tmp_path,
                  env={"SOURCE_DATE_EPOCH": str(int(time.time()) - 1)})
    assert run.code == 0, run.err
    log = anki.import_apkg(tmp_path / "new.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert _ids(anki) == before
    if with_state:  # the same notes and state: the very same notes as the release built (ids, times, fields, tags)
        assert _notes(tmp_path / "new.apkg") == _notes(release / "Deep_Learning.apkg")
    # A changed note type (the code colours came after 0.1.0) reaches the collection on re-import.
    from notedeck.output.notetype import NAME

    anki.col.models._clear_cache()  # the note type as the collection now has it, not as first read
    assert ".nd-code" in anki.col.models.by_name(NAME)["css"]


def _ids(anki: Anki) -> dict[str, tuple[int, list[int]]]:
    """Every note's id and card ids, by GUID (cloze notes have no Term field to go by)."""
    return {anki.col.get_note(nid).guid: (nid, sorted(anki.col.card_ids_of_note(nid)))
            for nid in anki.col.find_notes("")}


def _notes(apkg: Path) -> list[tuple[object, ...]]:
    with zipfile.ZipFile(apkg) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(zf.read("collection.anki2"))
        with sqlite3.connect(db) as conn:
            rows = conn.execute("select id, guid, mid, mod, flds, tags from notes order by id").fetchall()
        conn.close()
        return rows
