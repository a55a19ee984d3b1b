"""The up-to-date check's fingerprint: what the deck is made of, the tool and its Unicode tables included."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.cache import fingerprint


def test_another_python_or_unicode_makes_everything_new(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GUIDs and the hierarchy read Unicode's tables (casefold, \\w): a Python with other tables
    finds neither the cache's entries nor the deck up to date."""
    import unicodedata

    from notedeck.inputs import settings as config, files as sources
    from notedeck.output import notetype

    found = sources.read([str(notes / "notes")])
    state = notes / "state.json"

    def prints() -> tuple[str, str]:
        fingerprint.tool_digest.cache_clear()
        return fingerprint.tool_digest(), fingerprint.fingerprint("Root", fingerprint.notes_digest(found), found, (notetype.load(),),
                                                   state, config.ProjectSettings())

    before = prints()
    assert prints() == before  # a hash, not a chance
    monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
    after = prints()
    monkeypatch.undo()
    fingerprint.tool_digest.cache_clear()
    assert after[0] != before[0] and after[1] != before[1]


def test_the_shortcut_reads_the_brief_the_build_wrote_down(notes: Path) -> None:
    """A build writes down what the up-to-date shortcut needs of the state (the terms built, the removed
    notes): the same as reading the state, so a rebuild with nothing to do says the same without reading it."""
    import json

    from notedeck.build import state
    from notedeck.inputs import files as sources

    from ..conftest import run_main
    from .conftest import EPOCH

    def build() -> str:
        run = run_main("notes", "-o", "dist/deck.apkg", cwd=notes, env=EPOCH)
        assert run.code == 0, run.err
        return run.out

    build()
    optimisers = notes / "notes" / "optimisers.txt"  # a note removed: the state keeps it among the gone ones
    text = optimisers.read_text(encoding="utf-8")
    removed = "Weight decay\nShrinks every weight by a factor $\\lambda$ each step.\n"
    assert removed in text
    optimisers.write_text(text.replace(removed, ""), encoding="utf-8")
    build()
    record = fingerprint.recorded(notes / "dist" / "deck.apkg")
    assert record is not None
    found = sources.read([str(notes / "notes")])
    decks = set(record["brief"]["decks"])  # type: ignore[index]
    files = {s.name for s in found}
    written = fingerprint.recorded_brief(record, decks, files)
    read = state.brief(notes / "notes" / "deck-state.json", decks, files)
    assert written == read and read[0] and read[1]
    assert fingerprint.recorded_brief(record, decks, files | {"other.txt"}) is None  # for other files: read the state
    first = build()
    (notes / "dist" / ".deck.apkg.build").write_text(json.dumps({k: v for k, v in record.items() if k != "brief"}))
    assert build() == first  # a record without the brief (an older build's): the state is read, the same words
