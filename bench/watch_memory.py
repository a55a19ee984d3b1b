"""How much a ``--watch`` process holds as it rebuilds: 50 edits of one definition, built in one process.

Prints the memory Python holds after each rebuild (tracemalloc: every allocation, on any OS) and
the growth from the 5th rebuild to the 50th. A process that keeps only what its current build
needs stays flat; one that keeps every build's pictures or cards grows with each.

    .venv/bin/python bench/watch_memory.py [CARDS]
"""

from __future__ import annotations

import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notedeck.build import Options, build  # noqa: E402

REBUILDS = 50
SEED = Path(__file__).resolve().parent.parent / "notes" / "deep_learning.txt"


def main() -> None:
    cards = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        seed = SEED.read_text(encoding="utf-8")
        extra = "".join(f"Term {i}\nthe definition of term {i}, with a `code` span\n" for i in range(cards))
        (notes / "deep_learning.txt").write_text(seed.rstrip("\n") + "\n" + extra, encoding="utf-8")
        opts = Options((str(notes),), Path(tmp) / "deck.apkg", root="Deep Learning")
        tracemalloc.start()
        held = []
        for i in range(REBUILDS):
            text = (notes / "deep_learning.txt").read_text(encoding="utf-8")
            (notes / "deep_learning.txt").write_text(text.replace(f"term {i},", f"term {i} (edited),"),
                                                     encoding="utf-8")
            build(opts, clock=1764000000 + i)
            gc.collect()
            held.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.stop()
    mb = [h / 2**20 for h in held]
    print(f"{cards + 24} cards, {REBUILDS} rebuilds in one process (as --watch does)")
    print("held after rebuild 1, 5, 10, 25, 50 (MB): " + ", ".join(f"{mb[i - 1]:.1f}" for i in (1, 5, 10, 25, 50)))
    print(f"growth from rebuild 5 to 50: {mb[-1] - mb[4]:+.2f} MB")


if __name__ == "__main__":
    main()
