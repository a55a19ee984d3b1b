#!/usr/bin/env python3
"""Compare this checkout's build time with another checkout's (an earlier release), runs interleaved.

Not a test. The same generated notes (``bench.py``'s generator) are built by both checkouts'
``build_deck.py`` with this interpreter, one after the other, so a machine that slows down
for a while slows both. Prints the median wall time of each at each size, and the change.

    git worktree add /tmp/v0.1.0 2a56156
    python bench/compare.py /tmp/v0.1.0                 # 1k ×9, 10k ×5, 100k ×3
    python bench/compare.py /tmp/v0.1.0 --sizes 1000 --repeat 15
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import EPOCH, ROOT, compile_bytecode, generate, run

REPEAT = {1000: 9, 10000: 5, 100000: 3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("other", type=Path, help="the other checkout (a folder with build_deck.py)")
    ap.add_argument("--sizes", type=int, nargs="+", default=sorted(REPEAT))
    ap.add_argument("--repeat", type=int, help="runs per size (default: 9, 5 or 3 by size)")
    args = ap.parse_args()
    builds = {"this": ROOT / "build_deck.py", "other": args.other.resolve() / "build_deck.py"}
    for script in builds.values():
        compile_bytecode(sys.executable, script.parent)
    print("| Cards | other (s) | this (s) | change |\n|---:|---:|---:|---:|")
    for size in args.sizes:
        times: dict[str, list[float]] = {name: [] for name in builds}
        with tempfile.TemporaryDirectory(prefix="notedeck-compare-") as tmp:
            work = Path(tmp)
            generate(size, work / "notes")
            for _ in range(args.repeat or REPEAT.get(size, 3)):
                for name, script in builds.items():
                    for stale in (work / "notes" / "deck-state.json", work / "out.apkg", work / ".out.apkg.build",
                                  work / ".out.apkg.render"):
                        stale.unlink(missing_ok=True)
                    result = run([sys.executable, str(script), "notes", "-o", "out.apkg"], work, measure=False)
                    times[name].append(result.seconds)
            shutil.rmtree(work / "notes")
        other, this = statistics.median(times["other"]), statistics.median(times["this"])
        print(f"| {size:,} | {other:.3f} | {this:.3f} | {100 * (this / other - 1):+.1f} % |", flush=True)
    print(f"\nSOURCE_DATE_EPOCH={EPOCH}; each checkout's notes state removed before each run (cold builds).")


if __name__ == "__main__":
    main()
