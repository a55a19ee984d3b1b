"""Write contact sheets of every diagram, light and night, as Anki cards show them, and a thumbnail sheet.

Run from the repository root::

    python -m tests.render.diagrams.contact_sheet            # docs/diagrams/contact-sheet-{light,night}-N.png, thumbnails.png
    python -m tests.render.diagrams.contact_sheet lstm gru   # only these drawings (all their highlights)
    python -m tests.render.diagrams.contact_sheet --out /tmp/sheets

A sheet holds 30 cards (a browser captures no taller page), so all pictures take several pages.
Needs Chromium (``/usr/bin/chromium`` or ``chromium`` on PATH).
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run by path: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from notedeck.render import diagrams  # noqa: E402
from tests.render.diagrams.render import ROOT, Item, find_chromium, render_pages, screenshot  # noqa: E402

THUMB_W, THUMB_H, THUMB_COLUMNS = 230, 220, 7


def all_pictures(only: Sequence[str] = ()) -> list[tuple[str, str | None]]:
    """Every ``(drawing, highlight)`` pair: the plain picture first, then each highlight."""
    names = [n for n in diagrams.DRAWINGS if not only or n in only]
    return [(n, h) for n in names for h in (None, *diagrams.DRAWINGS[n].highlights)]


def write_svgs(pairs: Sequence[tuple[str, str | None]], folder: Path) -> list[Item]:
    """Write each picture as an SVG file and return the sheet items."""
    items = []
    for name, highlight in pairs:
        diagram = diagrams.make(name, highlight)
        path = folder / diagram.filename
        path.write_text(diagram.svg, encoding="utf-8")
        items.append(Item(name if highlight is None else f"{name} : {highlight}", path))
    return items


def thumbnails_html(items: Sequence[Item]) -> str:
    """Every drawing small, with its name: the README's overview."""
    cells = "".join(
        f'<div class="t"><img src="{i.svg.resolve().as_uri()}" alt="{html.escape(i.caption)}">'
        f'<div>{html.escape(i.caption)}</div></div>' for i in items)
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><style>body{margin:0;background:#fff;display:flex;"
            f"flex-wrap:wrap;width:{THUMB_COLUMNS * THUMB_W}px}}.t{{width:{THUMB_W}px;height:{THUMB_H}px;"
            "box-sizing:border-box;padding:8px;text-align:center;font:600 14px sans-serif;color:#1d1d21}"
            ".t img{width:210px;height:180px;object-fit:contain;display:block;margin:0 auto 4px}</style></head>"
            f"<body>{cells}</body></html>")


def main(argv: Sequence[str] | None = None) -> int:
    """Render the light and night contact sheets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="drawings to include (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "diagrams")
    parser.add_argument("--columns", type=int, default=3)
    args = parser.parse_args(argv)
    if find_chromium() is None:
        print("contact_sheet: chromium not found (/usr/bin/chromium or chromium on PATH)", file=sys.stderr)
        return 1
    unknown = [n for n in args.names if n not in diagrams.DRAWINGS]
    if unknown:
        print(f"contact_sheet: unknown drawings {unknown}; known: {diagrams.names()}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.names:  # the whole set: the old pages go, whatever their number was
        for old in args.out.glob("contact-sheet-*.png"):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="notedeck-sheet-") as tmp:
        items = write_svgs(all_pictures(args.names), Path(tmp))
        for number, sheets in enumerate(render_pages(items, Path(tmp), args.columns), start=1):
            for mode, sheet in sheets.items():
                out = args.out / f"contact-sheet-{mode}-{number}.png"
                shutil.copyfile(sheet, out)
                print(out)
        if not args.names:
            plain = [i for i in items if " : " not in i.caption]
            out = args.out / "thumbnails.png"
            rows = (len(plain) + THUMB_COLUMNS - 1) // THUMB_COLUMNS
            screenshot(thumbnails_html(plain), (THUMB_COLUMNS * THUMB_W, rows * THUMB_H), out, find_chromium() or "")
            print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
