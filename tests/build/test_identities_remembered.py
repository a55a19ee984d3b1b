"""The state keeps every identity it ever gave: a term that comes back gets its note, history and all.

Renamed → removed → written again: the same GUID and note id as before, the learner's history
kept, no duplicate in the collection, and the note no longer listed as stale for --delete.
"""

from __future__ import annotations

import json
from pathlib import Path

from notedeck.model import cards

from ..conftest import ROOT, Anki, run_main

GIT = ROOT / "tests" / "data" / "headed" / "git.txt"
T = [{"SOURCE_DATE_EPOCH": str(1764000000 + 100 * i)} for i in range(5)]


def _review_all(anki: Anki) -> None:
    from anki.scheduler.v3 import CardAnswer

    for cid in anki.col.find_cards(""):
        card = anki.col.get_card(cid)
        card.start_timer()
        states = anki.col._backend.get_scheduling_states(cid)
        anki.col.sched.answer_card(anki.col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))


def _state(notes: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((notes / "deck-state.json").read_text(encoding="utf-8"))


def test_rename_then_remove_then_write_again_keeps_the_note_and_its_history(tmp_path: Path, anki: Anki) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    text = GIT.read_text(encoding="utf-8")
    (notes / "git.txt").write_text(text, encoding="utf-8")
    assert run_main("notes", "-o", "1.apkg", cwd=tmp_path, env=T[0]).code == 0
    anki.import_apkg(tmp_path / "1.apkg")
    _review_all(anki)
    first_id = next(n.id for n in (anki.col.get_note(i) for i in anki.col.find_notes("")) if n["Term"] == "git switch")
    # Renamed: the same note.
    renamed = text.replace("git switch\n", "git checkout\n")
    (notes / "git.txt").write_text(renamed, encoding="utf-8")
    run = run_main("notes", "-o", "2.apkg", cwd=tmp_path, env=T[1])
    assert "renamed: git switch → git checkout" in run.out, run.out + run.err
    anki.import_apkg(tmp_path / "2.apkg")
    # Removed (its two lines deleted).
    (notes / "git.txt").write_text(renamed.replace("git checkout\nmove to another branch\n", ""), encoding="utf-8")
    run = run_main("notes", "-o", "3.apkg", cwd=tmp_path, env=T[2])
    assert "removed: git checkout" in run.out
    gone = [n for n in _state(notes)["gone"] if n["term"] == "git checkout"]
    assert len(gone) == 1 and gone[0]["id"] == first_id and gone[0]["key"]  # kept whole, the term's own GUID too
    anki.import_apkg(tmp_path / "3.apkg")
    # Written again, as it was before the removal: its note comes back, not a new one.
    (notes / "git.txt").write_text(renamed, encoding="utf-8")
    run = run_main("notes", "-o", "4.apkg", cwd=tmp_path, env=T[3])
    assert run.code == 0, run.err
    assert "0 added, 1 back," in run.out and "back: git checkout" in run.out
    state = _state(notes)
    assert "gone" not in state  # no longer stale: --into --delete will not find it
    back = next(n for n in state["notes"] if n["term"] == "git checkout")
    assert back["id"] == first_id and back["mod"] == 1764000300
    log = anki.import_apkg(tmp_path / "4.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    terms = {anki.col.get_note(i)["Term"]: anki.col.get_note(i) for i in anki.col.find_notes("")}
    assert len(terms) == 13 and "git switch" not in terms
    note = terms["git checkout"]
    assert note.id == first_id and note.cards()[0].reps == 1  # the history it had under its first name


def test_a_removed_term_written_again_under_its_own_name_keeps_its_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    text = GIT.read_text(encoding="utf-8")
    (notes / "git.txt").write_text(text, encoding="utf-8")
    assert run_main("notes", "-o", "1.apkg", cwd=tmp_path, env=T[0]).code == 0
    before = {n["term"]: (n["guid"], n["id"]) for n in _state(notes)["notes"]}
    (notes / "git.txt").write_text(text.replace("git blame\nshow who last changed each line of a file\n", ""),
                                   encoding="utf-8")
    assert run_main("notes", "-o", "2.apkg", cwd=tmp_path, env=T[1]).code == 0
    (notes / "git.txt").write_text(text, encoding="utf-8")
    assert run_main("notes", "-o", "3.apkg", cwd=tmp_path, env=T[2]).code == 0
    after = {n["term"]: (n["guid"], n["id"]) for n in _state(notes)["notes"]}
    assert after == before


def test_a_term_written_twice_keeps_both_notes_through_edits_and_moves(tmp_path: Path) -> None:
    """Two cards of one term are told apart by their definitions: each keeps its note while its own
    definition stays, also when the other's changes or the two change places."""
    notes = tmp_path / "notes"
    notes.mkdir()
    bank = "Bank\nthe land beside a river\nLoan\nmoney lent\nBank\na place that keeps money\n"
    (notes / "words.txt").write_text(bank, encoding="utf-8")
    run = run_main("notes", "-o", "1.apkg", cwd=tmp_path, env=T[0])
    assert run.code == 0 and "also defined on line 1, differently: two notes" in run.err, run.err

    def by_definition() -> dict[str, str]:
        return {n["text"]: n["guid"] for n in _state(notes)["notes"] if n["term"] == "Bank"}

    first = by_definition()
    river, money = (next(g for t, g in first.items() if t == cards.definition_digest(d))
                    for d in ("the land beside a river", "a place that keeps money"))
    # The two change places: each note follows its definition.
    (notes / "words.txt").write_text("Bank\na place that keeps money\nLoan\nmoney lent\nBank\nthe land beside a river\n",
                                     encoding="utf-8")
    moved = run_main("notes", "-o", "2.apkg", cwd=tmp_path, env=T[1])
    assert moved.code == 0 and "0 added, 0 changed" in moved.out and "0 removed" in moved.out, moved.out
    assert by_definition() == first
    # One definition edited: that note changes, the other is untouched, nothing is added or removed.
    (notes / "words.txt").write_text("Bank\na place that keeps and lends money\nLoan\nmoney lent\nBank\n"
                                     "the land beside a river\n", encoding="utf-8")
    edited = run_main("notes", "-o", "3.apkg", cwd=tmp_path, env=T[2])
    assert "0 added, 1 changed" in edited.out and "0 removed" in edited.out, edited.out
    now = by_definition()
    assert now[cards.definition_digest("the land beside a river")] == river
    assert now[cards.definition_digest("a place that keeps and lends money")] == money


def test_the_same_term_and_definition_twice_is_one_note_and_strict_refuses_it(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "words.txt").write_text("Loan\nmoney lent\nBank\na place that keeps money\n\nLoan\nmoney lent\n",
                                     encoding="utf-8")
    run = run_main("notes", "-o", "1.apkg", cwd=tmp_path, env=T[0])
    assert run.code == 0 and "2 added" in run.out
    assert "notes/words.txt:6: warning: 'Loan' is written again with the same definition as on line 1: one note" \
        in run.err
    strict = run_main("notes", "-o", "2.apkg", "--strict", cwd=tmp_path, env=T[0])
    assert strict.code == 2 and "written again with the same definition" in strict.err
