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
