"""Real-shaped notes written by other people and tools, read card by card, and built into real Anki.

Each file in ``tests/data/real/`` imitates a file people really have (a pipe-table vocabulary, an
Obsidian note, a RemNote outline, an interview handbook) and sits beside the cards a careful learner
expects from it (``.expected.json``: the format is described in the fixtures' README, kept with them
in the repository's history). A missing expectation fails.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from notedeck import parse as readers
from notedeck.parse import cloze

from ..conftest import Anki, run_cli

REAL = Path(__file__).parent.parent / "data" / "real"
# The Markdown files; the tables (CSV, TSV, workbooks, Anki's and Quizlet's exports) are tests/parse/test_delimited.py's.
CASES = sorted(p for p in REAL.iterdir() if p.suffix == ".md" and Path(str(p) + ".expected.json").exists())
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _expected(case: Path) -> dict:  # type: ignore[type-arg]
    expected = Path(str(case) + ".expected.json")
    assert expected.exists(), f"missing expected result {expected.name}"
    return json.loads(expected.read_text(encoding="utf-8"))


def _text(case: Path) -> str:
    return case.read_bytes().decode("utf-8").removeprefix("\ufeff")


def _got(case: Path) -> tuple[readers.Reading, list[dict]]:  # type: ignore[type-arg]
    reading = readers.read(_text(case), case.name, case.suffix)
    got = []
    for entry in reading.entries:
        found: dict[str, object] = {"line": entry.line}
        text, numbers = cloze.read(entry.term) if not entry.definition else ("", ())
        if numbers:  # a line of clozes: named by its text with the answers filled in, as the deck names it
            found["term"], found["definition"] = cloze.plain(text), text
        else:
            found["term"], found["definition"] = entry.term, entry.definition
        for key in ("headings", "reverse", "tags", "deck", "extra"):
            value = getattr(entry, key)
            if value not in ((), False, None, ""):
                found[key] = list(value) if isinstance(value, tuple) else value
        if numbers:
            found["cloze"] = True
        got.append(found)
    return reading, got


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_each_real_file_reads_card_by_card(case: Path) -> None:
    expected = _expected(case)
    reading, got = _got(case)
    assert reading.shape == expected["shape"]
    want = [{k: v for k, v in card.items() if k not in ("guid",)} for card in expected["cards"]]
    for mine, theirs in zip(got, want):
        assert mine == theirs
    assert len(got) == len(want)
    if "skipped_prose_lines" in expected:
        assert reading.skipped == expected["skipped_prose_lines"]


def test_the_shapes_a_mixed_file_is_read_in_are_what_the_state_remembers() -> None:
    reading = readers.read(_text(REAL / "security_glossary_mixed.md"), "s.md", ".md")
    assert reading.remembered == {"shape": "markdown", "regions": "table bullets"}
    again = readers.read(_text(REAL / "security_glossary_mixed.md"), "s.md", ".md", remembered=reading.remembered)
    assert again.entries == reading.entries and again.origin == readers.Origin.REMEMBERED


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_each_real_file_reads_the_same_in_the_shape_the_state_remembers(case: Path) -> None:
    reading = readers.read(_text(case), case.name, case.suffix)
    again = readers.read(_text(case), case.name, case.suffix, remembered=reading.remembered)
    assert (again.shape, again.entries, again.skipped) == (reading.shape, reading.entries, reading.skipped)


def _plain(field: str) -> str:
    """What a field shows, as text: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", field)).split())


def _words(markdown: str) -> list[str]:
    """The words a learner reads in some Markdown: no link targets, fence languages, list marks or clozes' syntax;
    an image's alt text (these fixtures' images are all missing: a card shows the alt text instead)."""
    text = re.sub(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", r"\1", markdown)
    text = re.sub(r"^\s*(?:```|~~~).*$", "", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.) |[*`|>]", " ", text, flags=re.M)
    return re.findall(r"\w+", html.unescape(text))


def _notes_expected(expected: dict) -> int:  # type: ignore[type-arg]
    """Cards, less the repeats of a term with the same definition (one note each)."""
    by_line = {c["line"]: c for c in expected["cards"]}
    same = sum(1 for a, b in expected["duplicates"]
               if (by_line[a]["definition"], by_line[a].get("extra")) == (by_line[b]["definition"],
                                                                         by_line[b].get("extra")))
    return len(expected["cards"]) - same


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_real_file_builds_a_deck_that_imports_into_real_anki(case: Path, tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(case, tmp_path / "notes" / case.name)
    run = run_cli("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    expected = _expected(case)["cards"]
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == _notes_expected(_expected(case))
    notes = [anki.col.get_note(i) for i in anki.col.find_notes("")]
    for card in expected:
        if card.get("cloze"):
            note = next(n for n in notes if "Text" in n and _words(card["definition"]) == _words(_plain(n["Text"])))
            assert len(note.cards()) == len(set(re.findall(r"\{\{c(\d+)::", card["definition"])))
        else:  # a term written twice with two definitions is two notes: the one whose answer this card's is
            same_term = [n for n in notes if "Term" in n and _words(card["term"]) in (
                _words(_plain(n["Term"])), _words(_plain(n["Term"]) + " " + _plain(n["Alias"])))]  # "Term (ABBR)"
            words = r"\W+".join(_words(card["definition"]))
            note = next((n for n in same_term if re.search(words, _plain(n.cards()[0].answer()))), same_term[0])
            assert len(note.cards()) == (2 if card.get("reverse") else 1)
        if "deck" in card:
            assert anki.col.decks.name(note.cards()[0].did) == card["deck"]
        for tag in card.get("tags", []):
            assert tag in note.tags
        # What the learner sees on the back: the definition's words, in order.
        answer = _plain(note.cards()[0].answer())
        words = _words(card["definition"])
        assert re.search(r"\W+".join(words), answer), (card, answer)
        if card.get("extra"):
            assert re.search(r"\W+".join(_words(card["extra"])), _plain(note["Extra"]))
