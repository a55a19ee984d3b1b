#!/usr/bin/env python3
"""Which deflate level the package should use: size and time of the ``.apkg`` at levels 1, 6 and 9.

Not a test. Builds the bench's synthetic notes (``bench.py``'s generator, 10k and 100k cards by
default) once with notedeck, takes the collection and media out of the package, and writes the
package again at each level the way ``notedeck/output/apkg.py`` writes it (the collection streamed
from its file, the media after it), timing only that; also raw genanki's package of the same
cards, for the ``.apkg ≤ 0.4× genanki`` check. Prints a Markdown table of medians.

    python bench/deflate_levels.py                      # 10k and 100k, 3 runs a level
    python bench/deflate_levels.py --sizes 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench  # noqa: E402  (the generator)
from notedeck.output import apkg  # noqa: E402

LEVELS = (1, 6, 9)


def package_at(level: int, collection: Path, media: dict[str, bytes], out: Path) -> float:
    """Seconds to write the package at ``level``, as ``apkg.write_apkg`` does."""
    saved = apkg._LEVEL
    apkg._LEVEL = level
    try:
        start = time.perf_counter()
        apkg.write_apkg(out, collection, media)
        return time.perf_counter() - start
    finally:
        apkg._LEVEL = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": bench.EPOCH}
    rows = []
    work = Path(tempfile.mkdtemp(prefix="notedeck-deflate-"))
    try:
        for size in (int(s) for s in args.sizes.split(",") if s):
            notes = work / f"notes_{size}"
            bench.generate(size, notes)
            built, raw = work / f"deck_{size}.apkg", work / f"raw_{size}.apkg"
            subprocess.run([sys.executable, str(bench.BUILD), str(notes), "-o", str(built), "--state",
                            str(work / f"state_{size}.json")], env=env, check=True, stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, str(bench.RAW), str(notes), str(raw)], env=env, check=True)
            collection = work / f"collection_{size}.anki2"
            with zipfile.ZipFile(built) as zf:
                collection.write_bytes(zf.read("collection.anki2"))
                names = json.loads(zf.read("media"))
                media = {name: zf.read(str(i)) for i, name in names.items()}
            for level in LEVELS:
                out = work / f"level{level}_{size}.apkg"
                times = [package_at(level, collection, media, out) for _ in range(args.repeat)]
                rows.append((size, level, out.stat().st_size, statistics.median(times), raw.stat().st_size,
                             collection.stat().st_size))
                print(f"  {size} cards, level {level}: {out.stat().st_size / 2**20:.2f} MB, "
                      f"{statistics.median(times):.2f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| Cards | level | .apkg (MB) | write the package (s, median) | vs raw genanki's .apkg | collection (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, level, nbytes, seconds, raw_bytes, col in rows:
        print(f"| {size:,} | {level} | {nbytes / 2**20:.2f} | {seconds:.2f} | {nbytes / raw_bytes:.2f}× | {col / 2**20:.2f} |")


if __name__ == "__main__":
    main()
