"""Render every card of a build: from the render cache where it can, on both cores where it pays.

The fields of a card are a pure function of the card and its pictures (``render.fields.fields``), so
where they come from never changes them: the cache holds them under the hash of everything
they depend on, and worker processes compute exactly what this process would. A table's plain
text (CSV, TSV, Quizlet) is rendered every time: that is quicker than looking it up. Cards with local
images are rendered here, with the resolver that packages the image files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from ..cache.render_cache import RenderCache
from ..model.cards import Card
from ..render.fields import fields as card_fields
from ..render.images import Images
from ..render.markdown import Renderer

BATCH = 2_000  # cards looked up and rendered together: the batch's fields are all that is held at once
PARALLEL_FROM = 20_000  # fewer cards render here alone: starting a worker costs more than it saves


class Shown(NamedTuple):
    """What a card's field shows of a diagram: its media file's name and its text (not the SVG itself)."""

    filename: str
    alt: str


class Job(NamedTuple):
    """A card to render, its diagrams, and the resolver of its notes file's local images."""

    card: Card
    pictures: Sequence[object]
    images: Images | None


class Rendered(NamedTuple):
    """A card's fields, and what its local images could not be (each shown as its alt text)."""

    fields: dict[str, str]
    image_problems: tuple[str, ...] = ()


def cache_key(card: Card, pictures: Sequence[object]) -> bytes:
    """The render cache's key of a card: everything ``fields`` reads."""
    shown = [(p.filename, p.alt) for p in pictures]  # type: ignore[attr-defined]
    # str(): a Markup member and its string must give one key (its repr would not)
    return RenderCache.key((card.name, card.alias, card.definition, card.context, card.extra, str(card.markup),
                            card.where, card.reverse, card.cloze, card.titled, shown))


def _has_images(card: Card) -> bool:
    return "![" in card.definition or "![" in card.extra or "![" in card.name


def render_many(work: list[tuple[Card, tuple[Shown, ...]]]) -> list[dict[str, str]]:
    """A worker's share: the fields of cards that have no local images."""
    renderer = Renderer()
    return [card_fields(card, renderer, shown) for card, shown in work]  # type: ignore[arg-type]


class _Prepared(NamedTuple):
    batch: list[Job]
    keys: list[bytes | None]
    found: dict[bytes, dict[str, str]]
    todo: list[int]  # the cards to render: not in the cache
    future: object | None  # the worker's rendering of ``todo``


def fields(jobs: Iterable[Job], cache: RenderCache | None, total: int) -> Iterator[Rendered]:
    """The fields of each job's card, in order, with the problems of its local images.

    Cards go in batches. With ``total`` cards at least ``PARALLEL_FROM`` and a second core, one
    worker process renders every other batch while this process renders the ones between, so
    both cores work and the fields still come out in order.
    """
    batches = _batches(jobs)
    worker = _Worker(total)
    renderer = Renderer()
    try:
        first = next(batches, None)
        current = _prepare(first, cache, None) if first is not None else None
        offload = True
        while current is not None:
            following = next(batches, None)
            upcoming = _prepare(following, cache, worker if offload else None) if following is not None else None
            offload = not offload
            yield from _finish(current, cache, renderer)
            current = upcoming
    finally:
        worker.close()


def _batches(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Worker:
    """A worker process, started the first time a batch has many cards to render (never for a
    small deck, a single core, or a deck the cache already holds)."""

    def __init__(self, total: int) -> None:
        self.allowed = total >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 and \
            os.environ.get("NOTEDECK_WORKERS") != "0"
        self.pool = None

    def submit(self, work: list[tuple[Card, tuple[Shown, ...]]]):  # type: ignore[no-untyped-def]
        if not self.allowed or len(work) < BATCH // 4:
            return None
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # "spawn" on every OS: as on Windows and macOS, and never a fork of a process that
            # holds a lock, a database connection and perhaps a progress bar's thread.
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return self.pool.submit(render_many, work)
        except Exception:  # noqa: BLE001 - the worker broke (no way to start Python here, say): render here
            self.allowed = False
            return None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _prepare(batch: list[Job], cache: RenderCache | None, worker) -> _Prepared:  # type: ignore[no-untyped-def]
    """Look the batch up in the cache, and hand what is left to the worker if there is one."""
    if cache is not None and cache.useful:
        # A table's plain text renders in less time than its hash takes: those cards skip the cache.
        keys: list[bytes | None] = [None if resolver is not None and _has_images(card) else
                                    b"" if card.markup == "text" else cache_key(card, pictures)
                                    for card, pictures, resolver in batch]
        found = cache.lookup([k for k in keys if k])
        todo = [i for i, k in enumerate(keys) if k is not None and k not in found]
    else:  # a first build: no cache to read or write, so no keys to compute
        keys = [b"" if resolver is None or not _has_images(card) else None for card, _, resolver in batch]
        found = {}
        todo = [i for i, k in enumerate(keys) if k is not None]
    future = None
    if worker is not None and todo:
        work = [(batch[i][0], tuple(Shown(p.filename, p.alt) for p in batch[i][1])) for i in todo]  # type: ignore[attr-defined]
        future = worker.submit(work)
    return _Prepared(batch, keys, found, todo, future)


def _finish(prepared: _Prepared, cache: RenderCache | None, renderer: Renderer) -> Iterator[Rendered]:
    batch, keys, found, todo, future = prepared
    rendered = None
    if future is not None:
        try:
            rendered = dict(zip(todo, future.result()))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - the worker could not start or died: render here, the same fields
            rendered = None
    if rendered is None:
        rendered = {i: card_fields(batch[i].card, renderer, batch[i].pictures) for i in todo}  # type: ignore[arg-type]
    for i, (card, pictures, resolver) in enumerate(batch):
        k = keys[i]
        if k is None:  # local images: rendered here, where the image files are packaged
            assert resolver is not None
            made = card_fields(card, renderer, pictures, resolver)  # type: ignore[arg-type]
            yield Rendered(made, tuple(resolver.take()))
            continue
        made = found.get(k)
        if made is None:
            made = rendered[i]
            if k and cache is not None:
                cache.put(k, made)
        yield Rendered(made)
