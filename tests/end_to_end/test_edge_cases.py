"""Odd files real people have: each ends in the right deck or in one clear message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import Anki, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _build(tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, str, str]:
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    (notes / name).write_text(text, encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", *args, cwd=tmp_path, env=EPOCH)
    assert "Traceback" not in run.err
    return run.code, run.out, run.err


@pytest.mark.parametrize(("name", "text", "message"), [
    ("a.txt", "#separator:\nx\ty\n", "notes/a.txt:1: '' cannot separate a term from its definition"),
    ("a.txt", "#separator:tab\n#rows:\nx\ty\n", "notes/a.txt:1: #rows: is empty"),
    ("a.csv", "Front,Back\n", "notes/a.csv: no cards in this file"),
    ("a.txt", "#separator:tab\n#columns:Front\tBack\nx\ty\tsurprise\n",
     "notes/a.txt:3: this row has 3 columns and the #columns: line names 2"),
    ("a.csv", 'term,definition\nx,"' + "y" * 200_000 + '"\n', "notes/a.csv:2: the definition of 'x' is 200,000"),
])
def test_odd_tables_get_one_clear_message(tmp_path: Path, name: str, text: str, message: str) -> None:
    code, _, err = _build(tmp_path, name, text)
    assert code == 2 and err.startswith(message), err


def test_a_markdown_heading_with_a_colon_is_a_heading_not_an_anki_header(tmp_path: Path, anki: Anki) -> None:
    code, _, err = _build(tmp_path, "spanish.txt", "# Deck: Spanish basics\nhola\thello\nadiós\tgoodbye\n")
    assert code == 0, err
    anki.import_apkg(tmp_path / "out.apkg")
    assert anki.notes()["hola"].tags == ["Spanish::Deck_Spanish_basics"]


def test_a_rule_line_is_never_a_definition(tmp_path: Path) -> None:
    code, _, err = _build(tmp_path, "a.txt", "Epoch\n/////\nBatch\na group\n")
    assert code == 2 and err.startswith("notes/a.txt:2: '/////' is a line of punctuation, not a definition")


def test_a_declared_html_term_that_is_a_block_keeps_its_structure(tmp_path: Path, anki: Anki) -> None:
    code, _, err = _build(tmp_path, "a.txt", "#separator:tab\n#html:true\n<ul><li>Term</li></ul>\tdef\n")
    assert code == 0, err
    anki.import_apkg(tmp_path / "out.apkg")
    assert "<ul><li>Term</li></ul>" in anki.notes()["<ul><li>Term</li></ul>"]["Term"]


def test_emptying_a_deck_named_by_a_deck_column_removes_its_note(tmp_path: Path) -> None:
    head = "#separator:tab\n#deck column:3\n"
    code, _, _ = _build(tmp_path, "a.txt", head + "x\tone\tDeck X\ny\ttwo\tDeck Y\n")
    assert code == 0
    code, out, _ = _build(tmp_path, "a.txt", head + "x\tone\tDeck X\n")
    assert code == 0 and "0 added, 0 changed, 1 unchanged, 1 removed" in out and "removed: y" in out


def test_long_lines_are_read_in_linear_time(tmp_path: Path) -> None:
    # These took tens of seconds when a pattern backtracked; now they are a plain refusal at once.
    code, _, err = _build(tmp_path, "a.md", "## a " + "# " * 20_000 + "x\n- a" + " " * 20_000 + "b\n")
    assert code == 2


def test_a_file_pattern_may_name_a_folder(tmp_path: Path) -> None:
    (tmp_path / "notes" / "quizlet").mkdir(parents=True)
    (tmp_path / "notes" / "quizlet" / "set.txt").write_text("epoch---one pass\nnote to self\n", encoding="utf-8")
    (tmp_path / "notedeck.toml").write_text('[files."notes/quizlet/*.txt"]\nseparator = "---"\n')
    run = run_main("notes/quizlet", "-o", "out.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 2 and "notes/quizlet/set.txt:2: empty definition for 'note to self'" in run.err


def test_lines_a_markdown_shape_passes_over_are_named_never_dropped_silently(tmp_path: Path) -> None:
    text = "#notedeck:bullets\n- **Epoch**: one pass\n- **Batch**: a group\n- remember to shuffle\n"
    code, out, err = _build(tmp_path, "a.md", text)
    assert code == 0 and "2 notes" in out
    assert err.startswith("notes/a.md:4: warning: not a card of this bullets file, skipped: '- remember to shuffle'")
    assert _build(tmp_path, "a.md", text, "--strict")[0] == 2


def test_sub_headings_belong_to_the_card_above_them(tmp_path: Path, anki: Anki) -> None:
    text = ("## Activation function\nA function of the weighted sum.\n#### Example\nReLU.\n"
            "## Epoch\nOne pass over the data.\n## Dropout\nRandom zeroing.\n#### Typical rate\n0.1 to 0.5\n")
    code, out, err = _build(tmp_path, "glossary.md", text)
    assert code == 0 and "3 notes" in out, err
    anki.import_apkg(tmp_path / "out.apkg")
    notes = anki.notes()
    assert sorted(notes) == ["Activation function", "Dropout", "Epoch"]
    assert "<h4>Example</h4>" in notes["Activation function"]["Definition"]


def test_anki_s_field_separator_in_a_note_is_named_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "u.txt").write_text("Alpha\nOne \x1f two.\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path)
    assert run.code == 2 and "notes/u.txt:1: the control character U+001F is Anki's field separator" in run.err
    assert "Traceback" not in run.err and not (tmp_path / "out.apkg").exists()
