"""Other people's notes: every common shape read right, or refused in one clear message.

Each fixture in ``tests/data/shapes/`` imitates a file people really have (a Quizlet export,
Anki's *Notes in Plain Text*, a spreadsheet's CSV, a Markdown glossary, an Obsidian card
file) and sits beside the entries it must give (``.json``); each in ``tests/data/ambiguous/``
beside the exact lines of its refusal (``.err``). A missing expectation fails.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from notedeck import parse as readers
from notedeck.errors import NotesError

from ..conftest import Anki, run_main

DATA = Path(__file__).resolve().parents[1] / "data"
SHAPES = sorted(p for p in (DATA / "shapes").iterdir() if p.suffix != ".json")
AMBIGUOUS = sorted(p for p in (DATA / "ambiguous").iterdir() if p.suffix != ".err")
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _expected(case: Path) -> dict:  # type: ignore[type-arg]
    expected = Path(str(case) + ".json")
    assert expected.exists(), f"missing expected result {expected.name}"
    return json.loads(expected.read_text(encoding="utf-8"))


def _text(case: Path) -> str:
    return case.read_bytes().decode("utf-8").removeprefix("\ufeff")


@pytest.mark.parametrize("case", SHAPES, ids=lambda p: p.name)
def test_each_shape_reads_into_the_expected_cards(case: Path) -> None:
    reading = readers.read(_text(case), case.name, case.suffix)
    shape, entries = reading.shape, reading.entries
    got = []
    for e in entries:
        card = {"line": e.line, "term": e.term, "definition": e.definition}
        for key in ("headings", "reverse", "tags", "guid", "deck", "extra", "identity"):
            value = getattr(e, key)
            if value not in ((), False, None, ""):
                card[key] = list(value) if isinstance(value, tuple) else value
        got.append(card)
    assert {"shape": shape, "cards": got} == _expected(case)


def _plain(field: str) -> str:
    """What a field shows, as text: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", field)).split())


def _markdown_text(source: str) -> str:
    return " ".join(re.sub(r"\*\*|`|^\s*[-*] |\[([^\]]*)\]\([^)]*\)", r"\1", source, flags=re.M).split())


@pytest.mark.parametrize("case", SHAPES, ids=lambda p: p.name)
def test_each_shape_builds_a_deck_that_imports_into_real_anki(case: Path, tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(case, tmp_path / "notes" / case.name)
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    expected = _expected(case)["cards"]
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == len(expected)
    # A line of clozes has no term: its note is found by its text.
    notes = {_plain(n["Term"]) or _plain(n["Text"]): n for n in (anki.col.get_note(i) for i in anki.col.find_notes(""))}
    assert sorted(notes) == sorted(_plain(c["term"]) if "{{c" in c["term"] else _markdown_text(c["term"])
                                   for c in expected)
    for card in expected:
        if "{{c" in card["term"]:  # a cloze note: its text keeps Anki's clozes, a card each
            note = notes[_plain(card["term"])]
            assert note["Text"] == f"<p>{card['term']}</p>" and len(note.cards()) == card["term"].count("{{c")
            continue
        note = notes[_markdown_text(card["term"])]
        definition = note["Definition"]
        assert definition and "**" not in definition and "&lt;br" not in definition and "<script" not in definition
        assert len(note.cards()) == (2 if card.get("reverse") else 1)
        for tag in card.get("tags", []):
            assert tag in note.tags
        if "deck" in card:
            assert anki.col.decks.name(note.cards()[0].did) == card["deck"]
        # What the learner sees on the back: the definition's words, in order.
        answer = _plain(note.cards()[0].answer())
        shown = html.unescape(re.sub(r"<script>.*?</script>|<[^>]+>", " ", card["definition"]))
        words = re.findall(r"\w+", _markdown_text(re.sub(r"^\d+\. ", "", shown, flags=re.M)))
        assert re.search(r"\W+".join(words), answer), (card, answer)


def _field(anki: Anki, term: str, name: str) -> str:
    return str(next(anki.col.get_note(i)[name] for i in anki.col.find_notes("")
                    if _plain(anki.col.get_note(i)["Term"]) == term))


def _import_fixture(name: str, tmp_path: Path, anki: Anki) -> None:
    """Build one fixture from a notes folder of its own and import the deck."""
    (tmp_path / "notes").mkdir()
    shutil.copy(DATA / "shapes" / name, tmp_path / "notes")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")


def test_declared_html_keeps_line_breaks_and_drops_the_rest(tmp_path: Path, anki: Anki) -> None:
    _import_fixture("anki_export.txt", tmp_path, anki)
    assert _field(anki, "el gato", "Definition") == "<p>the cat<br>also: a jack (car)</p>"
    assert _field(anki, "abrir", "Definition") == "<p>to open<br> irregular past participle: <i>abierto</i></p>"
    assert _field(anki, "cerrar", "Definition") == "<p>to close\xa0(e → ie)</p>"
    assert _field(anki, "beber", "Definition") == "<p>to drink </p>"  # the script is gone, not shown


def test_table_cells_keep_their_line_breaks_and_quoted_commas(tmp_path: Path, anki: Anki) -> None:
    _import_fixture("sheet.csv", tmp_path, anki)
    assert _field(anki, "gradient descent", "Definition") == "<p>repeat:<br>step against the gradient</p>"
    assert _field(anki, "neuron", "Definition") == "<p>a unit that sums weighted inputs, then applies an activation</p>"
    assert _field(anki, '"attention" (in ML)', "Term") == '"attention" (in ML)'
    assert "term" not in {_plain(anki.col.get_note(i)["Term"]) for i in anki.col.find_notes("")}  # the header row


def test_markdown_glossaries_nest_lists_and_never_link_nowhere(tmp_path: Path, anki: Anki) -> None:
    for name in ("glossary_headings.md", "glossary_bullets.md"):
        (tmp_path / name).mkdir()
        shutil.copy(DATA / "shapes" / name, tmp_path / name)
        run = run_main(name, "-o", f"{name}.apkg", cwd=tmp_path, env=EPOCH)
        assert run.code == 0, run.err
        anki.import_apkg(tmp_path / f"{name}.apkg")
    # "- ReLU\n  - leaky ReLU": nested at two spaces, as on GitHub and in Obsidian.
    assert "<li>ReLU<ul>\n<li>leaky ReLU</li>\n</ul>\n</li>" in _field(anki, "Activation function", "Definition")
    epoch = _field(anki, "Epoch", "Definition")  # the glossary's Epoch comes first
    assert "<a" not in epoch and "See also <span>Dropout</span>" in epoch, epoch
    assert _field(anki, "optimizer.step()", "Term") == "<code>optimizer.step()</code>"
    assert "<ul>\n<li>too high: the loss diverges</li>" in _field(anki, "Learning rate", "Definition")


@pytest.mark.parametrize("case", AMBIGUOUS, ids=lambda p: p.name)
def test_a_file_that_fits_no_shape_for_sure_is_refused_in_a_few_lines(case: Path, tmp_path: Path) -> None:
    expected = Path(str(case) + ".err")
    assert expected.exists(), f"missing expected errors {expected.name}"
    (tmp_path / "notes").mkdir()
    shutil.copy(case, tmp_path / "notes" / case.name)
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[:-1] == expected.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(lines) - 1 <= 5 and lines[-1].endswith("; nothing was written.")
    assert "Traceback" not in run.err
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == [case.name]  # no state
    assert not (tmp_path / "out.apkg").exists()


def test_refusals_name_the_shape_and_the_line_that_declares_it() -> None:
    with pytest.raises(NotesError) as info:
        readers.read(_text(DATA / "ambiguous" / "separator_partial.txt"), "q.txt", ".txt")
    first = str(info.value.problems[0])
    assert "nearly fits delimited" in first and "#separator:---" in first
    # Declared, the same file is read as the user says: the lines without '---' are each refused.
    declared = "#separator:---\n" + _text(DATA / "ambiguous" / "separator_partial.txt")
    with pytest.raises(NotesError) as info:
        readers.read(declared, "q.txt", ".txt")
    assert [p.line for p in info.value.problems] == [4, 5, 8, 9]


def test_a_declared_shape_wins_over_detection() -> None:
    text = "Modus ponens::From P and P → Q, conclude Q.\nA sentence of prose.\n"
    with pytest.raises(NotesError):
        readers.read(text, "l.md", ".md")  # half obsidian, half prose: not sure
    reading = readers.read("---\nnotedeck: obsidian\n---\n" + text, "l.md", ".md")
    shape, entries = reading.shape, reading.entries
    assert shape == "obsidian" and [(e.term, e.line) for e in entries] == [("Modus ponens", 4)]
    reading = readers.read(text, "l.md", ".md", {"shape": "obsidian"})  # from the configuration
    assert reading.shape == "obsidian" and len(reading.entries) == 1


def test_a_large_anki_export_builds_with_every_note_right(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    header = "#separator:tab\n#html:true\n#tags column:4\n#columns:Front\tBack\tExtra\tTags\n"
    rows = "".join(f"word {i}\tmeaning <b>{i}</b><br>second line {i}\textra {i}\tvocab level{i % 5}\n"
                   for i in range(5200))
    (tmp_path / "notes" / "vocabulary.txt").write_text(header + rows, encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "5200 notes, 5200 cards" in run.report
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == 5200
    for nid in anki.col.find_notes(""):
        note = anki.col.get_note(nid)
        i = int(note["Term"].split()[1])
        assert note["Definition"] == f"<p>meaning <b>{i}</b><br>second line {i}</p>"
        assert note["Extra"] == f"<p>extra {i}</p>"
        assert {"vocab", f"level{i % 5}"} <= set(note.tags)


def test_a_deck_exported_from_anki_edited_as_text_and_rebuilt_updates_the_same_notes(workdir: Path, tmp_path: Path,
                                                                                       anki: Anki) -> None:
    from anki.scheduler.v3 import CardAnswer

    assert run_main(cwd=workdir, env=EPOCH).code == 0
    anki.import_apkg(workdir / "dist" / "Deep_Learning.apkg")
    ids = {_plain(n["Term"]): n.id for n in (anki.col.get_note(i) for i in anki.col.find_notes(""))}
    card = anki.col.get_note(ids["Sequence Models"]).cards()[0]
    card.start_timer()
    states = anki.col._backend.get_scheduling_states(card.id)
    anki.col.sched.answer_card(anki.col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    note = anki.col.get_note(ids["Deep Learning"])
    note["Extra"] = "my own mnemonic"
    anki.col.update_note(note)
    # Anki's own "Notes in Plain Text" export, with GUIDs, note types, decks and tags.
    exported = tmp_path / "text" / "exported.txt"
    exported.parent.mkdir()
    anki.col.export_note_csv(out_path=str(exported), limit=None, with_html=True, with_tags=True,
                             with_deck=True, with_notetype=True, with_guid=True)
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n")
    exported.write_text(text.replace("in the form of sequences.", "in the form of sequences, in order."), encoding="utf-8")
    # Rebuilt after the learner's edit in Anki (a package is taken only where it is newer).
    later = str(int(time.time()) + 60)
    run = run_main("text", "-o", "again.apkg", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": later})
    assert run.code == 0, run.err
    log = anki.import_apkg(tmp_path / "again.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    after = {_plain(n["Term"]): n for n in (anki.col.get_note(i) for i in anki.col.find_notes(""))}
    assert {t: n.id for t, n in after.items()} == ids  # the same notes
    assert "sequences, in order." in after["Sequence Models"]["Definition"]
    assert after[_plain(note["Term"])]["Extra"] == "<p>my own mnemonic</p>"  # the learner's Extra, kept
    assert anki.col.get_note(ids["Sequence Models"]).cards()[0].reps == 1  # history kept
