"""Contact sheets of cards as Anki renders them: a cloze card and a code card, light and night.

    python -m tests.cards_sheet               # docs/cards/cards-{light,night}.png
    python -m tests.cards_sheet --out /tmp/x

The notes in ``tests/data/cloze/lstm_clozes.txt`` are built by the command line, imported into
a fresh collection of Anki's real backend, and each chosen card's question and answer (as the
backend renders them, the note type's CSS included) are laid side by side on one page per
mode, then photographed with headless Chromium.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from pathlib import Path

from .render.diagrams.render import find_chromium, screenshot

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "tests" / "data" / "cloze" / "lstm_clozes.txt"
WIDTH, ROW_H = 1040, 470
# (what the note is called, which card, caption)
SHOWN = (("LSTM forget gate", 0, "Cloze card 1: a hint in the gap"),
         ("Softmax", 0, "Cloze around math (TeX source here; Anki typesets it)"),
         ("Backward pass", 0, "Code: Pygments colours, braces kept"))


def sides(folder: Path) -> list[tuple[str, str, str]]:
    """(caption, question HTML, answer HTML) of each card in SHOWN, rendered by Anki's backend."""
    from anki.collection import Collection, ImportAnkiPackageRequest

    notes = folder / "notes"
    notes.mkdir()
    (notes / NOTES.name).write_bytes(NOTES.read_bytes())
    subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "notes", "-o", "deck.apkg"], cwd=folder,
                   check=True, capture_output=True, env={"SOURCE_DATE_EPOCH": "1764000000", "PATH": ""})
    col = Collection(str(folder / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(folder / "deck.apkg")))
        # The media (diagrams) are next to the collection, where the page can load them.
        media = Path(col.media.dir())
        found = []
        for name, ord_, caption in SHOWN:
            (nid,) = col.find_notes(f'"Term:{name}"')
            card = next(c for c in col.get_note(nid).cards() if c.ord == ord_)
            found.append((caption, card.question().replace('src="', f'src="{media.as_uri()}/'),
                          card.answer().replace('src="', f'src="{media.as_uri()}/')))
        return found
    finally:
        col.close()


def page(cards: list[tuple[str, str, str]], night: bool) -> str:
    mode = " nightMode night_mode" if night else ""
    background = "#2c2c2f" if night else "#ffffff"
    rows = []
    for caption, question, answer in cards:
        cells = "".join(f'<div class="side"><div class="label">{label}</div><div class="card{mode}">{side}</div></div>'
                        for label, side in (("Question", question), ("Answer", answer)))
        rows.append(f'<section><h2>{html.escape(caption)}</h2><div class="row">{cells}</div></section>')
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            f"body {{ margin: 0; background: {'#1e1e20' if night else '#eef0f3'}; font-family: sans-serif; }}"
            f"section {{ height: {ROW_H}px; box-sizing: border-box; padding: 8px 12px; overflow: hidden; }}"
            f"h2 {{ font-size: 14px; margin: 0 0 6px; color: {'#aaa' if night else '#555'}; }}"
            ".row { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }"
            f".side {{ background: {background}; border-radius: 8px; overflow: hidden; height: {ROW_H - 44}px; }}"
            ".label { font-size: 11px; color: #888; padding: 4px 10px 0; text-transform: uppercase; }"
            "img.diagram { max-height: 180px; }"
            "</style></head><body>" + "".join(rows) + "</body></html>")


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--out", type=Path, default=ROOT / "docs" / "cards")
    out = args.parse_args(argv).out
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("chromium not found")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="notedeck-cards-") as tmp:
        cards = sides(Path(tmp))
        for night, name in ((False, "light"), (True, "night")):
            screenshot(page(cards, night), (WIDTH, ROW_H * len(cards)), out / f"cards-{name}.png", chromium)
            print(out / f"cards-{name}.png")


if __name__ == "__main__":
    main()
