"""A progress bar on standard error for builds long enough to wait on, and only on a terminal.

Pipes, CI logs and tests see nothing: the bar appears only when standard error is a
terminal, and only after a second (``tqdm``'s ``delay``), so small builds never show one.
Standard output, where the report goes, is never touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

DELAY = 1.0  # seconds before a bar appears at all

Progress = Callable[[int, int], None]  # (cards done, cards in all)


def bar(stream: Any = None) -> tuple[Progress | None, Callable[[], None]]:
    """A progress callback for the build (None when ``stream`` is not a terminal), and its closer."""
    stream = sys.stderr if stream is None else stream
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None, lambda: None
    from tqdm import tqdm

    # Made now, so its delay counts from the start of the build; it learns the total later.
    shown = tqdm(total=None, delay=DELAY, file=stream, unit=" cards", leave=False, dynamic_ncols=True)

    def update(done: int, total: int) -> None:
        shown.total = total
        shown.update(done - shown.n)

    return update, shown.close
