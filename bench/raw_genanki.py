#!/usr/bin/env python3
"""Baseline: the least a deck builder can do with genanki, to compare notedeck against.

Reads a notes file or folder as plain term/definition pairs: blank lines and ``#`` lines are
skipped, indented lines are glued to the line before, a tab splits a line in two (so the card count matches notedeck's);
no parsing rules, no Markdown, no hierarchy, no diagrams, no state. Fixed ids and timestamp.
A ``.csv`` is read with the ``csv`` module: its first row is the column names, then a pair a row.

    python bench/raw_genanki.py NOTES OUT.apkg
"""

import csv
import sys
from pathlib import Path

import genanki

MODEL = genanki.Model(
    1_600_000_001, "raw baseline",
    fields=[{"name": "Term"}, {"name": "Definition"}],
    templates=[{"name": "Card 1", "qfmt": "{{Term}}", "afmt": "{{FrontSide}}<hr id=answer>{{Definition}}"}],
)


def lines(arg: str) -> list[str]:
    path = Path(arg)
    files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".md", ".csv")) if path.is_dir() else [path]
    out: list[str] = []
    for f in files:
        if f.suffix == ".csv":
            with f.open(encoding="utf-8", newline="") as sheet:
                for row in list(csv.reader(sheet))[1:]:
                    out.extend(row[:2])
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            if line[:1] in (" ", "\t") and out:
                out[-1] += "\n" + line.strip()
            else:
                out.extend(line.split("\t", 1))  # term<TAB>definition is two of the pairs' lines
    return out


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    deck = genanki.Deck(2_000_000_001, "Raw baseline")
    items = lines(src)
    for term, definition in zip(items[0::2], items[1::2]):
        deck.add_note(genanki.Note(model=MODEL, fields=[term, definition]))
    genanki.Package(deck).write_to_file(dst, timestamp=1_764_000_000)


if __name__ == "__main__":
    main()
