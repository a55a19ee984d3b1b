"""Every card's fields: the second core (a worker process) renders the same bytes, and the render cache's
key covers everything the fields are made of."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck import build
from notedeck.build import render_fields as rendering
from notedeck.cache import render_cache as reuse

from ..cache.conftest import sha256_of, seed_and_optimisers


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return seed_and_optimisers(tmp_path)


def test_a_worker_process_renders_the_same_fields(notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    """Both cores: small batches and no threshold, so the worker renders every other batch."""
    opts = build.Options(notes=(str(notes / "notes"),), output=tmp_path / "serial.apkg",
                         state_path=tmp_path / "serial.json")
    monkeypatch.setenv("NOTEDECK_WORKERS", "0")
    build.build(opts, clock=1764000000)
    monkeypatch.delenv("NOTEDECK_WORKERS")
    monkeypatch.setattr(rendering, "BATCH", 8)
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 0)
    submitted: list[int] = []
    # The worker's own submit (private on purpose): the only way to see that it, not this process, rendered.
    original = rendering._Worker.submit

    def counting(self, work):  # type: ignore[no-untyped-def]
        future = original(self, work)
        if future is not None:
            submitted.append(len(work))
        return future

    monkeypatch.setattr(rendering._Worker, "submit", counting)
    parallel = build.Options(notes=(str(notes / "notes"),), output=tmp_path / "parallel.apkg",
                             state_path=tmp_path / "parallel.json")
    build.build(parallel, clock=1764000000)
    assert submitted and sum(submitted) >= 8  # the worker did render some batches
    assert sha256_of(tmp_path / "parallel.apkg") == sha256_of(tmp_path / "serial.apkg")
    assert (tmp_path / "parallel.json").read_bytes() == (tmp_path / "serial.json").read_bytes()


def test_the_cache_key_covers_everything_the_fields_are_made_of() -> None:
    from dataclasses import replace

    from notedeck.model import cards
    from notedeck import parse as readers

    card = cards.make_cards(readers.read("Term (TA)\nA definition.\n", "x.txt", ".txt").entries, "x.txt").cards[0]
    base = rendering.cache_key(card, ())
    for change in ({"name": "Other"}, {"alias": "TB"}, {"definition": "Another."}, {"context": "Up"},
                   {"extra": "more"}, {"markup": "text"}, {"line": 7}, {"source": "y.txt"}, {"reverse": True},
                   {"cloze": (1,)}, {"titled": False}):
        assert rendering.cache_key(replace(card, **change), ()) != base, change
    assert rendering.cache_key(card, (rendering.Shown("a.svg", "alt"),)) != base
    assert reuse.RenderCache.key(("a", "b")) != reuse.RenderCache.key(("a\x1fb",))
