#!/usr/bin/env python3
"""Compare this checkout's edit and no-op rebuilds with another checkout's, runs interleaved.

Not a test. ``compare.py`` compares cold builds; this builds the same generated notes with both
checkouts (a cold build, then an edit that writes the render cache), then alternates: edit one
definition and rebuild, then rebuild with nothing changed, each checkout in turn. Prints medians.

    git archive COMMIT | tar -x -C /tmp/before
    python bench/compare_edits.py /tmp/before 10000 5000 7      # 10k cards, 5,000 a file, 7 runs
    python bench/compare_edits.py /tmp/before 100000 100000 3   # 100k cards in one file, 3 runs
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import compile_bytecode, edit_definition, generate, run


def main() -> None:
    other, size, per_file, reps = Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    trees = {"before": other, "after": Path(__file__).resolve().parent.parent}
    work = Path(tempfile.mkdtemp(prefix="notedeck-compare-edits-"))
    try:
        cmds: dict[str, tuple[list[str], Path]] = {}
        for name, tree in trees.items():
            compile_bytecode(sys.executable, tree)
            folder = work / name
            generate(size, folder / "notes", per_file=per_file)
            cmd = [sys.executable, str(tree / "build_deck.py"), "notes", "-o", "out.apkg", "--state", "state.json"]
            cmds[name] = (cmd, folder)
            run(cmd, folder, measure=False)  # cold: writes no render cache
            edit_definition(folder / "notes", 0)
            run(cmd, folder, measure=False)  # writes the render cache
        edits: dict[str, list[float]] = {n: [] for n in trees}
        noops: dict[str, list[float]] = {n: [] for n in trees}
        for i in range(reps):
            for name in (list(trees) if i % 2 == 0 else list(trees)[::-1]):
                cmd, folder = cmds[name]
                edit_definition(folder / "notes", i + 1)
                edits[name].append(run(cmd, folder, measure=False).seconds)
                noops[name].append(run(cmd, folder, measure=False).seconds)
        for name in trees:
            print(f"{name}: edit {statistics.median(edits[name]):.3f} s, "
                  f"no-op {statistics.median(noops[name]):.3f} s (median of {reps})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
