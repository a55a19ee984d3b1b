"""Cloze notes, end to end: notes with clozes → the cloze note type → cards as real Anki renders them.

The fixtures in ``tests/data/cloze/`` imitate what learners write: clozes under a term, a line
of clozes on its own, the short forms of other tools, math and code inside and around clozes,
and Anki's own export of Cloze notes.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from notedeck.parse import cloze
from notedeck.output.notetype import CLOZE_MODEL_ID, CLOZE_NAME, MODEL_ID

from ..conftest import SEED, Anki, run_main

DATA = Path(__file__).resolve().parents[1] / "data" / "cloze"
T0, T1, T2 = ({"SOURCE_DATE_EPOCH": str(1764000000 + 100 * i)} for i in range(3))


def _body(html: str) -> str:
    """A rendered side without its style sheet, spaces collapsed."""
    return " ".join(html.split("</style>")[-1].split())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _build(tmp_path: Path, *files: Path | tuple[str, str], env: dict[str, str] = T0, args: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    for f in files:
        if isinstance(f, Path):
            shutil.copy(f, notes / f.name)
        else:
            (notes / f[0]).write_text(f[1], encoding="utf-8")
    return run_main("notes", "-o", "out.apkg", *args, cwd=tmp_path, env=env)


def _by_name(anki: Anki) -> dict[str, object]:
    """Every note by what it is called: its term, or a cloze line's text with the answers in."""
    notes = {}
    for nid in anki.col.find_notes(""):
        note = anki.col.get_note(nid)
        name = note["Term"] or cloze.plain(_text(note["Text"]))
        notes[_text(name)] = note
    return notes


def test_a_cloze_with_two_numbers_and_a_hint_makes_two_cards_that_hide_the_right_part(tmp_path: Path,
                                                                                     anki: Anki) -> None:
    run = _build(tmp_path, DATA / "lstm_clozes.txt")
    assert run.code == 0, run.err
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == 7 and not log.conflicting
    note = _by_name(anki)["LSTM forget gate"]
    assert note.note_type()["name"] == CLOZE_NAME
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [0, 1]
    q1, a1 = _body(cards[0].question()), _body(cards[0].answer())
    assert "[activation]" in q1 and "sigmoid" not in _text(q1) and "discard" in _text(q1)  # c1 hidden, hint shown
    assert '<span class="cloze" data-ordinal="1">sigmoid</span>' in a1
    q2, a2 = _body(cards[1].question()), _body(cards[1].answer())
    assert "[...]" in q2 and "discard" not in _text(q2) and "sigmoid" in _text(q2)
    assert '<span class="cloze" data-ordinal="2">discard</span>' in a2
    for side in (q1, a1, q2, a2):  # the term above the text, on both sides
        assert "LSTM forget gate" in _text(side)


def test_math_inside_a_cloze_survives_anki_s_cloze_reader(tmp_path: Path, anki: Anki) -> None:
    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    notes = _by_name(anki)
    softmax = sorted(notes["Softmax"].cards(), key=lambda c: c.ord)
    # The fraction's own "}}" would end the cloze early: written "} }", the whole formula is the answer.
    answer = _body(softmax[0].answer())
    assert re.search(r'<span class="cloze" data-ordinal="1">\\\(\\frac\{e\^\{z_i\} \}\{\\sum_j e\^\{z_j\} \}\\\)</span>',
                     answer), answer
    assert "\\frac" not in _text(_body(softmax[0].question())).replace("\\(z\\)", "")
    assert "\\(z\\)" in _body(softmax[0].question())  # math outside the cloze is untouched
    # A cloze inside math: Anki hides the exponent and keeps the math around it.
    attention = notes["Scaled dot-product attention"]
    by_ord = {c.ord: c for c in attention.cards()}
    assert set(by_ord) == {0, 1}
    assert "\\(x^{ [...] }\\)" in _body(by_ord[1].question())
    assert "\\(x^{ 2 }\\)" in _body(by_ord[1].answer())
    assert "\\(x^{ 2 }\\)" in _body(by_ord[0].question())  # on the other card, the math as written


def test_code_in_a_cloze_note_is_code_highlighted_and_never_a_cloze(tmp_path: Path, anki: Anki) -> None:
    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    note = _by_name(anki)["Backward pass"]
    cards = note.cards()
    assert len(cards) == 1  # the {{c1::…}} inside the code block makes no card of its own
    question, answer = _body(cards[0].question()), _body(cards[0].answer())
    assert '<pre class="nd-code"><code class="language-python">' in answer
    assert '<span class="n">loss</span>' in answer and "<script" not in answer
    # Jinja and C++ braces, and the cloze written inside the code, are shown as written.
    assert "{{ name }}" in _text(answer).replace("&#123;", "{").replace("&#125;", "}") or \
        "&#123;&#123; name &#125;&#125;" in answer
    assert "not a cloze" in question and "[...]" in question
    assert "loss.backward()" not in _text(question.split("<pre")[0])  # the cloze hides the inline code


def test_a_line_of_clozes_is_a_note_on_its_own_with_its_indented_lines_as_extra(tmp_path: Path, anki: Anki) -> None:
    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    note = _by_name(anki)["The cell state runs along the whole sequence with only linear interactions."]
    assert note["Term"] == ""
    assert "{{c1::cell state}}" in note["Text"] and "{{c2::linear}}" in note["Text"]
    assert "gradients survive" in note["Extra"]
    assert len(note.cards()) == 2


def test_hierarchy_tags_and_diagrams_apply_to_cloze_notes_as_to_term_notes(tmp_path: Path, anki: Anki) -> None:
    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    gate = _by_name(anki)["LSTM forget gate"]
    assert "LSTM" in gate["Context"]  # its parent, Long Short-Term Memory (LSTM)
    assert any(t.endswith("::LSTM::forget_gate") for t in gate.tags), gate.tags
    assert 'class="diagram"' in gate["Diagram"] and "forget" in gate["Diagram"]  # its gate highlighted


@pytest.mark.parametrize(("text", "read"), [
    ("The {mitochondrion} is the ==powerhouse== of the cell.",
     ("The {{c1::mitochondrion}} is the {{c2::powerhouse}} of the cell.", (1, 2))),
    ("{2::Paris} is the capital of {1::France::a country}",
     ("{{c2::Paris}} is the capital of {{c1::France::a country}}", (1, 2))),
], ids=["braces-and-highlight", "numbered-with-a-hint"])
def test_short_forms_become_anki_clozes(text: str, read: tuple[str, tuple[int, ...]]) -> None:
    assert cloze.read(text) == read


def test_anki_s_own_cloze_number_without_its_double_braces_is_read() -> None:
    assert cloze.read("{c1::Madrid}, Spain")[1] == (1,)


@pytest.mark.parametrize("text", ["A set {a, b} has two members", "x == y when equal", r"\frac{a}{b} outside math",
                                  "body{color: red}", "`{answer}` in code", "$\\{x\\}$ in math", "{\"key\": 1} JSON"])
def test_braces_that_are_not_a_cloze_stay_text(text: str) -> None:
    text_out, numbers = cloze.read(text)
    assert "{answer}" not in text_out or "`" in text_out
    assert numbers == (), text


def test_where_anki_s_own_syntax_is_present_braces_are_text() -> None:
    text_out, numbers = cloze.read("{{c1::Anki}} syntax present, {braces} then are text")
    assert "{answer}" not in text_out
    assert numbers == (1,) and "{braces}" in text_out


@pytest.mark.parametrize(("text", "message"), [
    ("{1::a} and {b}", "numbered"),
    ("{Paris} and the set {a, b}", "reads as braces"),
    ("The {{c1::forget gate decides", "never closed"),
    ("$x = {{c1::a^{2}}}$", "inside math"),  # Anki would end the cloze at "2}}"
], ids=["numbered-and-not", "a-cloze-beside-braces", "never-closed", "inside-math"])
def test_a_cloze_that_cannot_be_read_as_meant_is_refused(text: str, message: str) -> None:
    with pytest.raises(cloze.ClozeError, match=message):
        cloze.read(text)


def test_a_space_before_the_closing_braces_keeps_math_in_a_cloze() -> None:
    assert cloze.read("$x = {{c1::a^{2} }}$")[1] == (1,)  # as Anki's manual says to write it


def test_the_anki_and_off_modes_leave_short_forms_and_all_clozes_as_text() -> None:
    assert cloze.read("{Paris}", "anki") == ("{Paris}", ())
    assert cloze.read("{{c1::Paris}}", "off") == ("{{c1::Paris}}", ())


def test_unreadable_cloze_syntax_is_named_on_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    run = _build(tmp_path, ("broken.txt", "Capital\nThe {{c1::capital of France is Paris.\n\n"
                                          "Set\n{Paris} and the set {a, b}\n"))
    assert run.code == 2 and "Traceback" not in run.err
    assert "notes/broken.txt:1: the cloze '{{c1::capital of France is Paris.' (c1) is never closed" in run.err
    assert "notes/broken.txt:4: '{a, b}' reads as braces" in run.err
    assert not (tmp_path / "out.apkg").exists() and not (tmp_path / "notes" / "deck-state.json").exists()


CAPITALS = ("capitals.txt", "France\nIts capital is {Paris}.\n\nSpain\nIts capital is {{c1::Madrid}}.\n")


def test_cloze_anki_reads_only_anki_s_own_clozes(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notedeck.toml").write_text('cloze = "anki"\n', encoding="utf-8")
    assert _build(tmp_path, CAPITALS).code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    kinds = {n["Term"] if "Term" in n else "": n.note_type()["name"] for n in _by_name(anki).values()}
    assert kinds == {"France": "notedeck term v1", "Spain": CLOZE_NAME}


def test_cloze_off_makes_no_cloze_notes(tmp_path: Path) -> None:
    (tmp_path / "notedeck.toml").write_text('cloze = "off"\n', encoding="utf-8")
    run = _build(tmp_path, CAPITALS, env=T1)
    assert run.code == 0, run.err
    with zipfile.ZipFile(tmp_path / "out.apkg") as zf:
        models = _models(zf)
    assert set(models) == {str(MODEL_ID)}


def test_an_unknown_cloze_setting_is_named(tmp_path: Path) -> None:
    (tmp_path / "notedeck.toml").write_text('cloze = "sometimes"\n', encoding="utf-8")
    bad = _build(tmp_path, CAPITALS, env=T1)
    assert bad.code == 2 and 'cloze must be "auto", "anki" or "off"' in bad.err


def _models(zf: zipfile.ZipFile) -> dict[str, dict]:  # type: ignore[type-arg]
    path = Path(zf.extract("collection.anki2", zf.filename + ".x"))  # type: ignore[operator]
    try:
        with sqlite3.connect(path) as db:
            return json.loads(db.execute("select models from col").fetchone()[0])
    finally:
        shutil.rmtree(path.parent)


def test_the_cloze_note_type_goes_only_into_decks_with_cloze_notes(workdir: Path, tmp_path: Path) -> None:
    assert run_main("-o", "seed.apkg", cwd=workdir, env=T0).code == 0
    with zipfile.ZipFile(workdir / "seed.apkg") as zf:
        assert set(_models(zf)) == {str(MODEL_ID)}
    other = tmp_path / "other"
    other.mkdir()
    assert _build(other, DATA / "lstm_clozes.txt").code == 0
    with zipfile.ZipFile(other / "out.apkg") as zf:
        models = _models(zf)
    assert set(models) == {str(MODEL_ID), str(CLOZE_MODEL_ID)}
    assert models[str(CLOZE_MODEL_ID)]["type"] == 1 and models[str(CLOZE_MODEL_ID)]["css"] == \
        models[str(MODEL_ID)]["css"]
    assert [f["name"] for f in models[str(CLOZE_MODEL_ID)]["flds"]] == \
        ["Text", "Term", "Alias", "Context", "Diagram", "Extra", "Source"]


def test_the_same_notes_make_the_same_bytes_and_a_rebuild_changes_nothing(tmp_path: Path, anki: Anki) -> None:
    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    first = (tmp_path / "out.apkg").read_bytes()
    (tmp_path / "out.apkg").unlink()
    again = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env=T1)
    assert "0 added, 0 changed, 7 unchanged" in again.report
    assert (tmp_path / "out.apkg").read_bytes() == first
    anki.import_apkg(tmp_path / "out.apkg")
    assert len(anki.import_apkg(tmp_path / "out.apkg").new) == 0


def test_a_change_to_the_shared_css_reaches_the_cloze_note_type_in_a_collection(tmp_path: Path, anki: Anki) -> None:
    from notedeck import build
    from notedeck.output import notetype

    assert _build(tmp_path, DATA / "lstm_clozes.txt").code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    templates = tmp_path / "templates"
    shutil.copytree(Path(str(notetype.templates_dir())), templates)
    css = templates / "card.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.cloze { text-decoration: underline; }\n", encoding="utf-8")
    opts = build.Options(notes=(str(tmp_path / "notes"),), output=tmp_path / "new.apkg", templates=templates)
    result = build.build(opts, clock=1764000500)
    assert result.changes.note_type_changed
    log = anki.import_apkg(tmp_path / "new.apkg")
    assert not log.conflicting
    anki.col.models._clear_cache()
    assert "text-decoration: underline" in anki.col.models.get(CLOZE_MODEL_ID)["css"]
    assert "text-decoration: underline" in anki.col.models.get(MODEL_ID)["css"]


def test_a_note_that_becomes_a_cloze_is_reported_and_never_duplicated(tmp_path: Path, anki: Anki) -> None:
    before = "Softmax\nTurns scores into probabilities.\n\nLoss\nA number to minimise.\n"
    assert _build(tmp_path, ("ml.txt", before)).code == 0
    anki.import_apkg(tmp_path / "out.apkg")
    after = "Softmax\nTurns scores into {{c1::probabilities}}.\n\nLoss\nA number to minimise.\n"
    run = _build(tmp_path, ("ml.txt", after), env=T1)
    assert run.code == 0
    assert "now a cloze note: Softmax" in run.report and "conflicting" in run.report
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == 0 and len(log.conflicting) == 1  # Anki refuses it: no second Softmax
    assert len(anki.col.find_notes("")) == 2


def test_into_with_convert_changes_the_note_type_and_keeps_the_card_s_history(tmp_path: Path) -> None:
    from anki.collection import Collection

    profile = tmp_path / "profile"
    profile.mkdir()
    col_path = profile / "collection.anki2"
    Collection(str(col_path)).close()
    before = "Softmax\nTurns scores into probabilities.\n\nLoss\nA number to minimise.\n"
    assert _build(tmp_path, ("ml.txt", before), args=("--into", str(col_path))).code == 0
    col = Collection(str(col_path))
    (softmax,) = col.find_notes("Term:Softmax")
    card = col.get_note(softmax).cards()[0]
    col.db.execute("update cards set type = 2, queue = 2, ivl = 30, due = 100, reps = 5 where id = ?", card.id)
    col.close()

    after = "Softmax\nTurns scores into {{c1::probabilities}} that {{c2::sum to one}}.\n\nLoss\nA number to minimise.\n"
    plain = _build(tmp_path, ("ml.txt", after), env=T1, args=("--into", str(col_path)))
    assert plain.code == 0 and "not updated, their note type changed (term ↔ cloze): Softmax" in plain.out
    converted = run_main("notes", "-o", "out.apkg", "--into", str(col_path), "--convert", cwd=tmp_path, env=T1)
    assert converted.code == 0, converted.err
    assert "note type changed (--convert): Softmax" in converted.out and "one-way" in converted.out
    assert "1 updated" in converted.out
    col = Collection(str(col_path))
    try:
        note = col.get_note(softmax)  # the same note, now a cloze
        assert note.note_type()["name"] == CLOZE_NAME and "{{c1::probabilities}}" in note["Text"]
        cards = {c.ord: c for c in note.cards()}
        assert set(cards) == {0, 1}
        assert cards[0].id == card.id and cards[0].ivl == 30 and cards[0].reps == 5  # its history kept
        assert len(col.find_notes("")) == 2
    finally:
        col.close()


def test_anki_s_own_cloze_export_reads_into_cloze_notes(tmp_path: Path, anki: Anki) -> None:
    run = _build(tmp_path, DATA / "anki_cloze_export.txt")
    assert run.code == 0, run.err
    assert "2 cloze notes (3 cards)" in run.report
    anki.import_apkg(tmp_path / "out.apkg")
    notes = _by_name(anki)
    nucleus = notes["The nucleus holds the cell's DNA."]
    assert nucleus.note_type()["name"] == CLOZE_NAME and "eukaryotes" in nucleus["Extra"]
    assert len(nucleus.cards()) == 2 and {"bio", "cells"} <= set(nucleus.tags)
    chlorophyll = notes["Chlorophyll makes leaves green."]
    assert "[a pigment]" in _body(chlorophyll.cards()[0].question())
    assert anki.col.decks.name(chlorophyll.cards()[0].did) == "Biology::Plants"
    assert notes["mitochondrion"].note_type()["name"] == "notedeck term v1"


def test_clozes_numbered_past_ten_get_a_card_each(tmp_path: Path, anki: Anki) -> None:
    line = " ".join(f"{{{{c{n}::w{n}}}}}" for n in range(1, 13))
    run = _build(tmp_path, ("many.txt", f"Twelve\n{line}\n\nNext\nAnother {{{{c1::one}}}}.\n"))
    assert run.code == 0, run.err
    log = anki.import_apkg(tmp_path / "out.apkg")
    assert len(log.new) == 2
    twelve = _by_name(anki)["Twelve"]
    assert sorted(c.ord for c in twelve.cards()) == list(range(12))
    assert "w11" not in _text(_body({c.ord: c for c in twelve.cards()}[10].question()))


def test_preview_lint_and_report_know_cloze_notes(tmp_path: Path) -> None:
    notes = ("gaps.txt", "Capitals\n{{c1::Paris}} is in France, {{c3::Rome}} in Italy.\n\n"
                         "Empty\nAn empty {{c1::}} and {{c2::something}}.\n\n"
                         "Reversed [reverse]\nThe {{c1::answer}}.\n\nPlain\nA term note.\n")
    run = _build(tmp_path, notes)
    assert run.code == 0, run.err
    assert "3 cloze notes (5 cards)" in run.report and "6 cards" in run.report.splitlines()[0]
    assert "notes/gaps.txt:1: warning: the clozes of 'Capitals' are numbered c1, c3, with no c2" in run.err
    assert "notes/gaps.txt:4: warning: an empty cloze in 'Empty': '{{c1::}}'" in run.err
    assert "notes/gaps.txt:7: warning: [reverse] after 'Reversed' makes no card" in run.err
    preview = run_main("notes", "--preview", "p.html", cwd=tmp_path, env=T0)
    assert preview.code == 0, preview.err
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert page.count("<article class=\"item\">") == 6  # a card per cloze number, and the term note's card
    assert "Cloze 1" in page and "Cloze 3" in page and "Cloze 2" not in page.split("Empty")[0]
    assert '<span class="cloze" data-ordinal="3">[...]</span>' in page
    assert '<span class="cloze" data-ordinal="3">Rome</span>' in page
    strict = run_main("notes", "-o", "strict.apkg", "--strict", cwd=tmp_path, env=T0)
    assert strict.code != 0 and not (tmp_path / "strict.apkg").exists()


def test_the_seed_makes_no_cloze_notes(tmp_path: Path) -> None:
    from notedeck.model import cards
    from notedeck import parse as readers

    text = SEED.read_text(encoding="utf-8")
    built = cards.make_cards(readers.read(text, "deep_learning.txt", ".txt").entries, "deep_learning.txt").cards
    assert built and not any(c.cloze for c in built)


def test_the_gap_and_its_answer_read_at_wcag_aa_in_light_and_night() -> None:
    from notedeck.output import notetype
    from notedeck.render.highlight import contrast

    css = notetype.load_cloze().css
    assert re.search(r"\.cloze \{[^}]*color: var\(--nd-accent\)", css)  # the gap is drawn in the accent colour
    light, night = css.split(".card.nightMode, .card.night_mode", 1)
    for block, background in ((light, "#ffffff"), (night, "#2c2c2f")):
        accent = re.search(r"--nd-accent: (#[0-9a-f]{6})", block).group(1)  # type: ignore[union-attr]
        assert re.search(rf"background-color: {background}", block)
        assert contrast(accent, background) >= 4.5, (accent, background)


def test_nested_clozes_and_a_file_s_own_cloze_setting(tmp_path: Path, anki: Anki) -> None:
    nested = ("nested.txt", "Capital\n{{c1::Paris is the capital of {{c2::France}}}}.\n")
    declared = ("declared.txt", "#cloze:off\nSet notation\nThe set {{c1::a}} is written {a}.\n")
    run = _build(tmp_path, nested, declared)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    notes = _by_name(anki)
    cards = {c.ord: c for c in notes["Capital"].cards()}
    assert set(cards) == {0, 1}
    assert "France" not in _text(_body(cards[0].question())) and "[...]" in _body(cards[0].question())
    outer = _body(cards[1].question())  # the inner cloze hidden, the outer one's other words shown
    assert "Paris is the capital of" in _text(outer) and "France" not in _text(outer)
    assert notes["Set notation"].note_type()["name"] == "notedeck term v1"
    assert "{{c1::a}}" in notes["Set notation"]["Definition"]


def test_convert_removes_the_cards_the_new_note_type_leaves_empty(tmp_path: Path) -> None:
    from anki.collection import Collection

    profile = tmp_path / "profile"
    profile.mkdir()
    col_path = profile / "collection.anki2"
    Collection(str(col_path)).close()
    notes = {"ml.txt": "Softmax [reverse]\nTurns scores into probabilities.\n\n"
                       "Sigmoid\nSquashes into {{c1::(0, 1)}}, {{c2::smoothly}}, {{c3::monotonically}}.\n"}
    assert _build(tmp_path, *notes.items(), args=("--into", str(col_path))).code == 0
    swapped = {"ml.txt": "Softmax\nTurns scores into {{c1::probabilities}}.\n\n"
                         "Sigmoid\nSquashes into (0, 1), smoothly and monotonically.\n"}
    run = _build(tmp_path, *swapped.items(), env=T1, args=("--into", str(col_path), "--convert"))
    assert run.code == 0, run.err
    assert "Into" in run.out and "0 added, 2 updated" in run.out and "-" not in run.out.split("updated, ")[1][:3]
    assert "cards the new note type leaves empty removed" in run.out
    col = Collection(str(col_path))
    try:
        by_term = {col.get_note(n)["Term"]: col.get_note(n) for n in col.find_notes("")}
        assert by_term["Softmax"].note_type()["name"] == CLOZE_NAME
        assert [c.ord for c in by_term["Softmax"].cards()] == [0]  # the reverse card did not become an empty cloze 2
        assert by_term["Sigmoid"].note_type()["name"] == "notedeck term v1"
        assert [c.ord for c in by_term["Sigmoid"].cards()] == [0]  # clozes 2 and 3 did not stay as blank cards
        assert not col.get_empty_cards().notes
    finally:
        col.close()


def test_lines_of_clozes_are_never_taken_for_obsidian_cards(tmp_path: Path, anki: Anki) -> None:
    notes = ("lines.txt", "The {{c1::sigmoid}} squashes logits.\nThe {{c1::tanh}} is zero-centred.\n\n"
                          "A {{c1::ReLU::activation}} is zero below zero.\n")
    run = _build(tmp_path, notes)
    assert run.code == 0, run.err
    assert "3 cloze notes (3 cards)" in run.report  # one line after another: each a note of its own
    anki.import_apkg(tmp_path / "out.apkg")
    names = set(_by_name(anki))
    assert names == {"The sigmoid squashes logits.", "The tanh is zero-centred.", "A ReLU is zero below zero."}


def test_what_anki_cannot_read_as_meant_is_refused_or_made_safe(tmp_path: Path, anki: Anki) -> None:
    too_big = _build(tmp_path, ("big.txt", "Big\nA {{c70000::number}} too large.\n"))
    assert too_big.code == 2 and "notes/big.txt:1: cloze numbers go up to 65,535 in Anki" in too_big.err
    assert "Traceback" not in too_big.err
    shutil.rmtree(tmp_path / "notes")
    both = _build(tmp_path, ("both.txt", "{{c1::Term}} here\n    its definition has {{c1::one}} too\n"))
    assert both.code == 2 and "notes/both.txt:1: both" in both.err
    shutil.rmtree(tmp_path / "notes")
    # "::" of math and code inside a cloze is not taken for the hint; a CSV's backticks are text, so a
    # cloze between them is a card; indented Markdown code is code, so a cloze there is none.
    run = _build(tmp_path, ("colons.txt", "C++\nA {{c1::$std::vector$}} and {{c2::`a::b`}}.\n\n"
                                          "Indented\nSee:\n\n        {{c2::x}} in code\n\n    and {{c1::y}} here.\n"),
                 ("sheet.csv", "term,definition\nCode,\"Use `x` for {{c1::a}} and `{{c2::b}}` too\"\n"))
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    notes = _by_name(anki)
    cpp = {c.ord: _body(c.answer()) for c in notes["C++"].cards()}
    assert '<span class="cloze" data-ordinal="1">\\(std: :vector\\)</span>' in cpp[0]
    assert '<span class="cloze" data-ordinal="2"><code>a&#58;&#58;b</code></span>' in cpp[1]
    assert sorted(c.ord for c in notes["Indented"].cards()) == [0]
    assert sorted(c.ord for c in notes["Code"].cards()) == [0, 1]


def test_into_names_the_cards_a_removed_cloze_number_leaves_empty_and_delete_removes_them(tmp_path: Path) -> None:
    from anki.collection import Collection

    (tmp_path / "profile").mkdir()
    col_path = tmp_path / "profile" / "collection.anki2"
    Collection(str(col_path)).close()
    into = ("--into", str(col_path))
    assert _build(tmp_path, ("caps.txt", "Capitals\n{{c1::Paris}} and {{c2::Rome}}.\n"), args=into).code == 0
    fewer = ("caps.txt", "Capitals\n{{c1::Paris}} and Rome.\n")
    run = _build(tmp_path, fewer, env=T1, args=into)
    assert run.code == 0 and "empty cards: 1 (their cloze numbers are gone from the notes" in run.out
    col = Collection(str(col_path))
    assert len(col.find_cards("")) == 2  # Anki keeps the empty card until asked
    col.close()
    deleted = run_main("notes", "-o", "out.apkg", *into, "--delete", cwd=tmp_path, env=T1)
    assert deleted.code == 0, deleted.err
    col = Collection(str(col_path))
    try:
        assert len(col.find_cards("")) == 1 and not col.get_empty_cards().notes
    finally:
        col.close()


def test_a_highlight_around_text_with_formulas_holding_equals_and_braces() -> None:
    assert cloze.read("Velocity: ==$v = u + at$== and ==then $a = b$ holds==")[0] == \
        "Velocity: {{c1::$v = u + at$}} and {{c2::then $a = b$ holds}}"
    assert cloze.read(r"closure:==the union $R^{\infty}$==")[0] == r"closure:{{c1::the union $R^{\infty}$}}"
    # A comparison is no highlight, in text or in a formula.
    assert cloze.read("if a == b then $x==y$")[1] == ()


def test_braces_in_backticks_of_a_tables_plain_text_are_code() -> None:
    assert cloze.read('`f"{price:.2f}"`, or `f"{price}"`', markup="text") == ('`f"{price:.2f}"`, or `f"{price}"`', ())
    assert cloze.read("The {mitochondria} makes ATP.", markup="text")[1] == (1,)  # outside code a cloze still
