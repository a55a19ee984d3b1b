"""The render cache: it saves time and never changes a byte of the deck.

A build keeps each note's rendered fields, each diagram, and each notes file's cards beside
the package (``.<name>.apkg.render``). These tests build the same notes with no cache, a warm
cache, a cache that is garbage, cut short or deleted, and a cache whose entries were tampered
with, and compare the packages' bytes. The notes files' entries: tests/cache/test_file_cache.py;
the worker process: tests/build/test_render_fields.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import run_main
from .conftest import EPOCH, fresh_build, sha256_of

def test_a_first_build_writes_no_cache_and_a_rebuild_does(notes: Path) -> None:
    cache = notes / "dist" / ".deck.apkg.render"
    fresh_build(notes)
    assert not cache.exists()  # perhaps the only build there will be (a fresh clone in CI)
    out = fresh_build(notes)  # a rebuild: the package is there
    assert "rendered 31 of 31 notes (0 from the render cache)" in out
    assert cache.is_file() and not list((notes / "notes").glob(".*render*"))  # beside the package only
    assert "rendered 0 of 31 notes (31 from the render cache)" in fresh_build(notes)


def _warm(notes: Path) -> tuple[Path, str]:
    """A build, then a rebuild that renders every note and writes the cache: the cache and the cold package's hash."""
    cache = notes / "dist" / ".deck.apkg.render"
    fresh_build(notes)
    out = fresh_build(notes)
    assert "rendered 31 of 31 notes (0 from the render cache)" in out
    assert cache.is_file()
    return cache, sha256_of(notes / "dist" / "deck.apkg")


def test_a_warm_cache_renders_nothing_and_gives_the_same_bytes(notes: Path) -> None:
    _, cold = _warm(notes)
    out = fresh_build(notes)
    assert "rendered 0 of 31 notes (31 from the render cache)" in out
    assert sha256_of(notes / "dist" / "deck.apkg") == cold


def tampered(cache: Path) -> None:
    """Entries changed after they were written: their checksums no longer match."""
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE fields SET value = CAST(replace(CAST(value AS TEXT), 'e', 'E') AS BLOB)")
        db.execute("UPDATE pictures SET svg = replace(svg, 'stroke', 'fill')")


def garbage(cache: Path) -> None:
    """Not a database at all: started afresh."""
    cache.write_bytes(b"not a database at all" * 100)


def cut_short(cache: Path) -> None:
    """Half the file, as a full disk leaves it."""
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2])


def deleted(cache: Path) -> None:
    """Gone: the cache is safe to delete."""
    cache.unlink()


@pytest.mark.parametrize("damage", [tampered, garbage, cut_short, deleted], ids=lambda damage: damage.__name__)
def test_a_damaged_cache_renders_every_note_again_to_the_same_bytes(notes: Path, damage: Callable[[Path], None]
                                                                     ) -> None:
    cache, cold = _warm(notes)
    damage(cache)
    out = fresh_build(notes)
    assert "rendered 31 of 31 notes (0 from the render cache)" in out
    assert sha256_of(notes / "dist" / "deck.apkg") == cold
    assert "(31 from the render cache)" in fresh_build(notes)  # written again, whole


def test_editing_one_definition_renders_one_note(notes: Path) -> None:
    fresh_build(notes)
    fresh_build(notes)
    seed = notes / "notes" / "deep_learning.txt"
    text = seed.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines()[1:] if line and not line.startswith("#") and len(line) > 40)
    seed.write_text(text.replace(line, line + " (edited)", 1), encoding="utf-8")
    run = run_main("notes", "-o", "dist/deck.apkg", "--verbose", cwd=notes, env=EPOCH)
    assert run.code == 0, run.err
    assert "1 changed" in run.report and "rendered 1 of 31 notes (30 from the render cache)" in run.report
    edited = sha256_of(notes / "dist" / "deck.apkg")
    (notes / "dist" / ".deck.apkg.render").unlink()
    (notes / "dist" / ".deck.apkg.build").unlink()
    again = run_main("notes", "-o", "dist/deck.apkg", cwd=notes, env=EPOCH)  # the same notes and state, no cache
    assert again.code == 0 and sha256_of(notes / "dist" / "deck.apkg") == edited


def test_a_preview_or_a_dry_run_writes_no_cache(notes: Path) -> None:
    assert run_main("notes", "-o", "dist/deck.apkg", "--dry-run", cwd=notes, env=EPOCH).code == 0
    assert run_main("notes", "-o", "dist/deck.apkg", "--preview", "p.html", cwd=notes, env=EPOCH).code == 0
    assert not (notes / "dist").exists()


# ----------------------------------------------------------------------------- notes files read from the cache
