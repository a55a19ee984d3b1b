"""The notes files' cards in the render cache: a file read once is read again only when it changed, and a
damaged entry is read afresh with the same bytes; its warnings are the file's own."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import run_main
from .conftest import EPOCH, OPTIMISERS, fresh_build, sha256_of


def test_editing_one_file_reads_only_that_file(notes: Path) -> None:
    fresh_build(notes)
    out = fresh_build(notes)  # a rebuild: the cache is written
    assert "parsed 2 of 2 notes files (0 from the render cache)" in out
    assert "parsed 0 of 2 notes files (2 from the render cache)" in fresh_build(notes)
    cold = sha256_of(notes / "dist" / "deck.apkg")
    optimisers = notes / "notes" / "optimisers.txt"
    optimisers.write_text(OPTIMISERS.replace("threshold", "chosen threshold"), encoding="utf-8")
    out = fresh_build(notes)
    assert "parsed 1 of 2 notes files (1 from the render cache)" in out
    assert "rendered 1 of 31 notes (30 from the render cache)" in out
    edited = sha256_of(notes / "dist" / "deck.apkg")
    assert edited != cold
    (notes / "dist" / ".deck.apkg.render").unlink()
    fresh_build(notes)  # the same notes read afresh: the same bytes
    assert sha256_of(notes / "dist" / "deck.apkg") == edited


def test_a_file_being_edited_is_kept_once_it_stays_as_it_is(notes: Path) -> None:
    """Writing a file's cards costs as much as parsing it: not for the file the learner is editing."""
    cache = notes / "dist" / ".deck.apkg.render"
    optimisers = notes / "notes" / "optimisers.txt"

    def kept() -> dict[str, bool]:
        with sqlite3.connect(cache) as db:
            return {Path(path).name: value is not None for path, value in db.execute("SELECT path, value FROM files")}

    fresh_build(notes)
    fresh_build(notes)
    assert kept() == {"deep_learning.txt": True, "optimisers.txt": True}
    for n in range(2):  # edited build after build: its hash is kept, its cards are not written
        optimisers.write_text(OPTIMISERS.replace("threshold", f"threshold {n}"), encoding="utf-8")
        assert "parsed 1 of 2 notes files (1 from the render cache)" in fresh_build(notes)
        assert kept() == {"deep_learning.txt": True, "optimisers.txt": False}
    assert "parsed 1 of 2 notes files (1 from the render cache)" in fresh_build(notes)  # as it was: kept now
    assert kept() == {"deep_learning.txt": True, "optimisers.txt": True}
    assert "parsed 0 of 2 notes files (2 from the render cache)" in fresh_build(notes)
    optimisers.unlink()  # a file that is gone leaves the cache
    fresh_build(notes)
    assert set(kept()) == {"deep_learning.txt"}


def _every_entry(cache: Path, value: bytes) -> None:
    """Every file's entry replaced by ``value`` with a checksum that matches: contents this code did not write."""
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE files SET value = ?, crc = ?", (value, zlib.crc32(value)))


def checksum_fails(cache: Path) -> None:
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE files SET value = CAST(replace(CAST(value AS TEXT), 'e', 'E') AS BLOB)")


def not_json(cache: Path) -> None:
    _every_entry(cache, b"{not json")


def a_card_of_another_shape(cache: Path) -> None:
    _every_entry(cache, b'{"cards": [["deck", "term"]], "skipped": [], "findings": [], "texts": ["x"]}')


def no_digests(cache: Path) -> None:
    _every_entry(cache, b'{"cards": [], "skipped": [], "findings": [], "texts": ["x", "y"]}')


def a_line_that_is_text(cache: Path) -> None:
    """A real entry, one card's line number a string."""
    with sqlite3.connect(cache) as db:
        for path, value in db.execute("SELECT path, value FROM files").fetchall():
            data = json.loads(value)
            data["cards"][0][6] = str(data["cards"][0][6])
            value = json.dumps(data).encode()
            db.execute("UPDATE files SET value = ?, crc = ? WHERE path = ?", (value, zlib.crc32(value), path))


def a_list_nested_too_deep_for_python_s_parser(cache: Path) -> None:
    _every_entry(cache, b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize("damage", [checksum_fails, not_json, a_card_of_another_shape, no_digests,
                                    a_line_that_is_text, a_list_nested_too_deep_for_python_s_parser],
                         ids=lambda damage: damage.__name__)
def test_a_damaged_file_entry_is_read_again_with_the_same_bytes(notes: Path, damage: Callable[[Path], None]) -> None:
    cache = notes / "dist" / ".deck.apkg.render"
    fresh_build(notes)
    fresh_build(notes)
    cold = sha256_of(notes / "dist" / "deck.apkg")
    damage(cache)
    out = fresh_build(notes)
    assert "parsed 2 of 2 notes files (0 from the render cache)" in out
    assert sha256_of(notes / "dist" / "deck.apkg") == cold
    assert "(2 from the render cache)" in fresh_build(notes)  # written again, whole


def test_warnings_from_the_cache_are_the_warnings_of_the_file(tmp_path: Path) -> None:
    """Lint's findings are kept whole: a summary, or with --verbose each one, from the same entry."""
    (tmp_path / "notes").mkdir()
    long = " ".join(["word"] * 60)
    (tmp_path / "notes" / "long.txt").write_text("".join(f"Term {i}\n{long} {i}\n\n" for i in range(6)),
                                                 encoding="utf-8")

    def report(*args: str) -> str:
        (tmp_path / "dist" / ".deck.apkg.build").unlink(missing_ok=True)
        (tmp_path / "notes" / "deck-state.json").unlink(missing_ok=True)
        run = run_main("notes", "-o", "dist/deck.apkg", *args, cwd=tmp_path, env=EPOCH)
        assert run.code == 0, run.err
        return run.out + run.err

    summary = report()
    assert "warning: 6 of 6 answers are over 45 words" in summary, summary
    verbose = report("--verbose")  # the rebuild that writes the cache
    assert "(0 from the render cache)" in verbose
    each = [line for line in verbose.splitlines() if "words" in line and "long.txt:" in line]
    assert len(each) == 6, verbose
    warm_verbose = report("--verbose")
    assert "parsed 0 of 1 notes files (1 from the render cache)" in warm_verbose
    assert [line for line in warm_verbose.splitlines() if "words" in line and "long.txt:" in line] == each
    warm = report()
    assert [line for line in warm.splitlines() if "warning" in line] == \
        [line for line in summary.splitlines() if "warning" in line]


def test_a_file_with_errors_is_never_taken_from_the_cache(notes: Path) -> None:
    fresh_build(notes)
    fresh_build(notes)
    optimisers = notes / "notes" / "optimisers.txt"
    optimisers.write_text(OPTIMISERS + "\nAdam [parent: Nothing]\nA parent that is not there.\n", encoding="utf-8")
    for _ in range(2):  # the second time as the first: the error is found again, not remembered as cards
        run = run_main("notes", "-o", "dist/deck.apkg", cwd=notes, env=EPOCH)
        assert run.code == 2 and "optimisers.txt:" in run.err and "[parent: Nothing]" in run.err


def test_the_file_key_covers_everything_a_file_is_read_with(tmp_path: Path) -> None:
    from dataclasses import replace

    from notedeck.inputs import settings as config, files as sources
    from notedeck.model import lint
    from notedeck.cache import file_cache

    source = sources.Source(tmp_path / "a.txt", "a.txt", "Term\nA definition.\n")
    settings = config.ProjectSettings()
    checks = lint.LintConfig()
    base = file_cache.file_key(source, "Deck", "Root", settings, checks)
    assert file_cache.file_key(source, "Deck", "Root", settings, checks) == base  # a hash, not a chance
    changed = [
        file_cache.file_key(replace(source, text="Term\nAnother definition.\n"), "Deck", "Root", settings, checks),
        file_cache.file_key(replace(source, name="b.txt"), "Deck", "Root", settings, checks),
        file_cache.file_key(replace(source, path=tmp_path / "sub" / "a.txt"), "Deck", "Root", settings, checks),
        file_cache.file_key(replace(source, path=tmp_path / "a.md"), "Deck", "Root", settings, checks),
        file_cache.file_key(source, "Other", "Root", settings, checks),
        file_cache.file_key(source, "Deck", "Other", settings, checks),
        file_cache.file_key(source, "Deck", "Root", replace(settings, hierarchy=False), checks),
        file_cache.file_key(source, "Deck", "Root", replace(settings, cloze="off"), checks),
        file_cache.file_key(source, "Deck", "Root", replace(settings, files=(("*.txt", {"separator": "tab"}),)),
                         checks),
        file_cache.file_key(source, "Deck", "Root", settings, replace(checks, disabled=frozenset({"long-answers"}))),
        file_cache.file_key(source, "Deck", "Root", settings, replace(checks, max_answer_words=10)),
        file_cache.file_key(source, "Deck", "Root", settings, replace(checks, max_term_words=3)),
    ]
    assert base not in changed and len(set(changed)) == len(changed)
    # How warnings are shown is not what a file gives: --verbose and the summary read the same entry.
    assert file_cache.file_key(source, "Deck", "Root", settings, replace(checks, verbose=True, summary_after=9)) == base


def test_a_bad_lint_table_does_not_hide_the_notes_own_problems(notes: Path) -> None:
    (notes / "notedeck.toml").write_text("[lint]\nloudness = 3\n", encoding="utf-8")
    optimisers = notes / "notes" / "optimisers.txt"
    optimisers.write_text(OPTIMISERS + "\nAdam [parent: Nothing]\nA parent that is not there.\n", encoding="utf-8")
    run = run_main("notes", "-o", "dist/deck.apkg", cwd=notes, env=EPOCH)
    assert run.code == 2 and "[parent: Nothing]" in run.err
    optimisers.write_text(OPTIMISERS, encoding="utf-8")
    run = run_main("notes", "-o", "dist/deck.apkg", cwd=notes, env=EPOCH)
    assert run.code == 2 and "[lint]: unknown settings loudness" in run.err


def test_a_sheet_is_parsed_from_the_cache_and_its_plain_cells_rendered_each_time(tmp_path: Path) -> None:
    """A table's cells are plain text: rendering them is quicker than a lookup, and gives the same bytes."""
    (tmp_path / "notes").mkdir()
    rows = "".join(f'"Word {i}","a meaning, with ""quotes"" and < signs\nover two lines {i}"\r\n' for i in range(40))
    (tmp_path / "notes" / "vocab.csv").write_text("Term,Definition\r\n" + rows, encoding="utf-8")
    (tmp_path / "notes" / "more.csv").write_text("Term,Definition\r\nExtra word,its meaning\r\n", encoding="utf-8")
    fresh_build(tmp_path)
    cold = sha256_of(tmp_path / "dist" / "deck.apkg")
    fresh_build(tmp_path)
    out = fresh_build(tmp_path)
    assert "parsed 0 of 2 notes files (2 from the render cache)" in out
    assert "rendered 41 of 41 notes (0 from the render cache)" in out
    assert sha256_of(tmp_path / "dist" / "deck.apkg") == cold
