"""What the cache tests share: two notes files (the seed and Markdown optimisers) and a first build of them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ..conftest import SEED, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fresh_build(folder: Path, *args: str) -> str:
    """A first build of the notes (no state, no up-to-date record): the cache is all it can reuse."""
    (folder / "notes" / "deck-state.json").unlink(missing_ok=True)
    (folder / "dist" / ".deck.apkg.build").unlink(missing_ok=True)
    run = run_main("notes", "-o", "dist/deck.apkg", "--verbose", *args, cwd=folder, env=EPOCH)
    assert run.code == 0, run.err
    return run.out


def seed_and_optimisers(folder: Path) -> Path:
    """``folder`` with notes/: the seed notes and OPTIMISERS."""
    (folder / "notes").mkdir()
    shutil.copy(SEED, folder / "notes" / "deep_learning.txt")
    (folder / "notes" / "optimisers.txt").write_text(OPTIMISERS, encoding="utf-8")
    return folder


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return seed_and_optimisers(tmp_path)


OPTIMISERS = """# Optimisers
Adam
Keeps running averages of the gradient ($m_t$) and its square ($v_t$):
    ```python
    m = b1 * m + (1 - b1) * g
    ```

Momentum
Adds a {{c1::fraction of the previous step}} to the current one.

Learning rate warm-up
Starts with a **small** learning rate and raises it over the first steps.

Weight decay
Shrinks every weight by a factor $\\lambda$ each step.

The {Nesterov} update looks ahead before it computes the gradient.

Gradient clipping
Caps the gradient's norm at a threshold.

AdaGrad
Divides each step by the root of the summed squared gradients.
"""
