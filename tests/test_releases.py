"""A deck built by an earlier release, rebuilt by this code, re-imports with 0 new notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, Anki, run_cli

RELEASES = sorted((ROOT / "tests" / "data" / "releases").glob("*/"))


@pytest.mark.parametrize("release", RELEASES, ids=[r.name for r in RELEASES])
@pytest.mark.parametrize("with_state", [True, False], ids=["with-state", "without-state"])
def test_an_earlier_releases_deck_is_updated_never_duplicated(release: Path, with_state: bool, tmp_path: Path,
                                                             anki: Anki) -> None:
    anki.import_apkg(release / "Deep_Learning.apkg")
    before = {term: note.id for term, note in anki.notes().items()}
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(release / "deep_learning.txt", notes)
    if with_state:
        shutil.copy(release / "deck-state.json", notes)
    run = run_cli("notes", "--deck", "Deep Learning", "-o", "new.apkg", cwd=tmp_path,
                  env={"SOURCE_DATE_EPOCH": "1764100000"})
    assert run.code == 0, run.err
    log = anki.import_apkg(tmp_path / "new.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert {term: note.id for term, note in anki.notes().items()} == before
    if with_state:  # the same notes and state: the very same bytes as the release built
        assert (tmp_path / "new.apkg").read_bytes() == (release / "Deep_Learning.apkg").read_bytes()
