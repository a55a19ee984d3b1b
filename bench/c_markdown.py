#!/usr/bin/env python3
"""What a C Markdown renderer would save: Python-Markdown against markdown-it-py and cmarkgfm.

Not a test, and nothing here is adopted. Takes the definitions of ``bench.py``'s synthetic notes
that need Markdown (the ones notedeck's fast path cannot take, about 30 %), and times on them:
notedeck's whole slow path (``Renderer.markdown``: math lifted, lists nested, Python-Markdown with
its extensions and the sanitiser, math put back), Python-Markdown's ``convert`` alone with the same
set-up, markdown-it-py (``commonmark`` with tables) and cmarkgfm (cmark-gfm, C), each where it is
installed. The other renderers' HTML is not the same as ours (lists, code, escaping differ), so
this is an upper bound on the saving, before making them match. Prints µs a definition (median of
``--repeat`` passes) and what that is at 10k and 100k cards.

    python bench/c_markdown.py
    PYTHONPATH=/somewhere/with/cmarkgfm python bench/c_markdown.py --cards 10000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench  # noqa: E402
from notedeck import parse as readers  # noqa: E402
from notedeck.render import markdown as ours  # noqa: E402


def definitions(cards: int) -> tuple[list[str], int]:
    """The definitions that take the slow path, and how many definitions there are."""
    with tempfile.TemporaryDirectory() as tmp:
        bench.generate(cards, Path(tmp))
        texts = [e.definition for p in sorted(Path(tmp).glob("*.txt"))
                 for e in readers.read(p.read_text(encoding="utf-8"), str(p), p.suffix).entries]
    return [t for t in texts if t and ours._NEEDS_MARKDOWN.search(t)], len(texts)


def renderers() -> dict[str, object]:
    found: dict[str, object] = {}
    renderer = ours.Renderer()
    found["notedeck slow path (Python-Markdown + lifting, sanitising)"] = renderer.markdown
    md = ours._make_markdown(renderer)

    def python_markdown(text: str) -> str:
        md.reset()
        return md.convert(text)

    found["Python-Markdown convert alone"] = python_markdown
    try:
        from markdown_it import MarkdownIt

        mdit = MarkdownIt("commonmark", {"html": False}).enable("table")
        found["markdown-it-py (pure Python)"] = mdit.render
    except ImportError:
        print("markdown-it-py is not installed: skipped", file=sys.stderr)
    try:
        import cmarkgfm

        found["cmarkgfm (C)"] = cmarkgfm.github_flavored_markdown_to_html
    except ImportError:
        print("cmarkgfm is not installed: skipped", file=sys.stderr)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=10000, help="notes to take the definitions from")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    texts, total = definitions(args.cards)
    share = len(texts) / total
    print(f"{len(texts):,} of {total:,} definitions need Markdown ({share:.0%})\n")
    print("| renderer | µs a definition | at 10k cards (s) | at 100k cards (s) |")
    print("|---|---:|---:|---:|")
    for name, render in renderers().items():
        for text in texts[:50]:
            render(text)  # warm up: the first call builds what each renderer keeps
        passes = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for text in texts:
                render(text)
            passes.append((time.perf_counter() - start) / len(texts))
        each = statistics.median(passes)
        print(f"| {name} | {each * 1e6:.1f} | {each * share * 10_000:.2f} | {each * share * 100_000:.2f} |")


if __name__ == "__main__":
    main()
