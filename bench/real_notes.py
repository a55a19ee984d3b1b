"""How well the readers read notes files written by other people: a folder of files, each beside the
cards a careful person expects (``F.expected.json``, the format of ``tests/data/real/``).

For each file: built end to end by the command (exit code), and its cards compared with the expected
ones (term and definition, spaces and Markdown emphasis aside). Prints a line a file and the totals:
read right, refused (exit 2, nothing written), or built wrong with exit 0, the one outcome that must
never happen.

    .venv/bin/python bench/real_notes.py FOLDER [FOLDER ...]
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notedeck import parse  # noqa: E402
from notedeck.cli import main  # noqa: E402
from notedeck.errors import NotesError  # noqa: E402
from notedeck.inputs import files  # noqa: E402


def _norm(text: str) -> str:
    """Text as a card shows it: emphasis marks, a Markdown line break (``<br>`` or two spaces) and the
    two ways to write an embedded image (``![[x.png]]``, ``![x.png](x.png)``) aside."""
    text = re.sub(r"!\[\[([^\]|]+)\]\]", r"\1", text or "")
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>|  \n", " ", text)
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.split())


def _anki_syntax(term: str, definition: str) -> tuple[str, str, bool]:
    """A card as the build makes it of a reader's entry: short-form clozes (``{x}``, ``==x==``) in Anki's syntax."""
    from notedeck.parse import cloze

    try:
        text, numbers = cloze.read(definition)
        if numbers:
            return term, text, True
        text, numbers = cloze.read(term)
    except cloze.ClozeError:
        return term, definition, False
    return (term, text, True) if numbers else (term, definition, False)


def _card(term: str, definition: str, cloze: bool) -> tuple[str, str]:
    """What a card is: a cloze note by its text in Anki's syntax (whether a reader gives it as the
    term line or as the definition under a term), any other by its term and definition."""
    if cloze:
        return "cloze", _norm(definition if "{{c" in definition else term)
    return _norm(term), _norm(definition)


def measure(case: Path) -> tuple[str, str]:
    expected = json.loads(Path(str(case) + ".expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        shutil.copy(case, notes / case.name)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(notes), "-o", str(Path(tmp) / "out.apkg"), "--deck", "Bench"])
    if code != 0:
        return "refused", err.getvalue().strip().split("\n")[0][:150]
    try:
        text = files.read([str(case)])[0].text  # a workbook's cells as text, as a build reads them
        entries = parse.read(text, case.name, case.suffix).entries
    except NotesError as error:
        return "refused", str(error.problems[0])[:150]
    got = [_card(*_anki_syntax(e.term, e.definition)) for e in entries]
    want = [_card(c["term"], c["definition"], bool(c.get("cloze"))) for c in expected["cards"]]
    if got == want:
        return "right", f"{len(got)} cards"
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    first = (missing or extra or [("?", "?")])[0]
    return "wrong", f"{len(got)} cards for {len(want)}; first difference: {first[0][:50]!r} → {first[1][:60]!r}"


def main_() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [Path("tests/data/real")]
    totals: dict[str, int] = {}
    for folder in folders:
        for case in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".json")
                           and Path(str(p) + ".expected.json").exists()):
            verdict, detail = measure(case)
            totals[verdict] = totals.get(verdict, 0) + 1
            print(f"{verdict:8} {case.relative_to(folder.parent)}: {detail}")
    total = sum(totals.values())
    print(f"\n{total} files: {totals.get('right', 0)} read right, {totals.get('refused', 0)} refused, "
          f"{totals.get('wrong', 0)} built with exit 0 but read otherwise than expected")


if __name__ == "__main__":
    main_()
