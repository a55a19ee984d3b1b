"""--adopt in real Anki: a deck made and reviewed in Anki, exported by Anki's own exporter, written as notes,
built, and put back --into its collection with --convert: the same notes, cards and history, nothing added.

What the round trip does not keep, by design or because notedeck cannot say it (each checked below):
a colour or font (``<span style="color: …">``) is dropped, its text kept; a line break inside a paragraph
becomes a paragraph break; ``<b>``/``<i>`` become ``<strong>``/``<em>``; an image's file name gets its
content's hash (the picture is the same); a table's first row becomes its header; each note also gets its
deck's tag (notedeck's own) and notedeck's Source field; the cards look like notedeck's (its templates).
Underline, subscripts and line breaks in a line of clozes are kept, the note written as HTML ([html]).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from notedeck.adopt.from_html import plain_text

from ..conftest import run_main
from . import decks

BUILD = ("-o", "out.apkg")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> decks.Made:
    return decks.make(tmp_path_factory.mktemp("anki") / "User 1")


@pytest.fixture
def profile(made: decks.Made, tmp_path: Path) -> Path:
    """A copy of the collection the deck was made in, with its media: what a learner's profile holds."""
    folder = tmp_path / "Anki2" / "User 1"
    folder.mkdir(parents=True)
    shutil.copy(made.collection, folder / "collection.anki2")
    shutil.copytree(made.collection.parent / "collection.media", folder / "collection.media")
    return folder / "collection.anki2"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _adopt(tmp_path: Path, source: Path, *more: str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    run = run_main("--adopt", str(source), "notes", *more, cwd=tmp_path)
    assert run.code == 0, run.err
    return tmp_path / "notes"


def _state(col_path: Path) -> dict[str, tuple[object, ...]]:
    """Every note by GUID: (id, note type, fields, tags, its cards' ids and what they hold), and the review log."""
    from anki.collection import Collection

    col = Collection(str(col_path))
    try:
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            notes[note.guid] = (nid, note.note_type()["name"], dict(note.items()), tuple(note.tags),
                                tuple(sorted((c.id, c.ord, c.type, c.queue, c.ivl, c.due, c.reps) for c in note.cards())))
        notes["revlog"] = tuple(col.db.all("select id, cid, ease, ivl, type from revlog order by id"))
        return notes
    finally:
        col.close()


def _media(col_path: Path) -> Path:
    return col_path.parent / "collection.media"


def _images(html: str, media: Path) -> list[str]:
    import re

    return sorted(hashlib.sha256((media / name).read_bytes()).hexdigest() for name in re.findall(r'src="([^"]+)"', html))


def test_every_package_anki_writes_and_the_collection_itself_give_the_same_notes_byte_for_byte(
        made: decks.Made, profile: Path, tmp_path: Path) -> None:
    first = _tree(_adopt(tmp_path / "apkg", made.apkg))
    assert _tree(_adopt(tmp_path / "again", made.apkg)) == first  # the same deck: the same files
    assert _tree(_adopt(tmp_path / "legacy", made.legacy)) == first  # collection.anki21, Anki 2.1.49 and older
    assert _tree(_adopt(tmp_path / "colpkg", made.colpkg, "--deck", "biology")) == first  # Anki's names ignore case
    assert _tree(_adopt(tmp_path / "profile", profile, "--deck", "Biology")) == first
    assert set(first) == {"Biology.txt", "Cells.txt", "Cells/Organelles.txt", "media/cell.png", "media/flag.png",
                          "notedeck.toml", "deck-state.json"}
    assert first["media/cell.png"] == decks.CELL and first["media/flag.png"] == decks.FLAG


def test_the_notes_read_as_a_person_would_write_them(made: decks.Made, tmp_path: Path) -> None:
    run = run_main("--adopt", str(made.apkg), "notes", cwd=tmp_path)
    assert run.code == 0, run.err
    notes = tmp_path / "notes"
    biology = (notes / "Biology.txt").read_text(encoding="utf-8")
    assert "What is **ATP**? [tags: bio::energy exam]\nThe cell's *energy* currency\n\n  made in **mitochondria**\n" \
        in biology
    assert "Mitochondrion [reverse] [tags: bio::cells::organelles]\nthe organelle that makes ATP ![](media/cell.png)\n" \
        in biology
    assert "Ribosome [reverse]\nmakes proteins\n" in biology and "Lysosome\ndigests waste\n" in biology
    assert "1. glucose is **phosphorylated**\n  2. split in two\n\n  see [Wikipedia](https://en.wikipedia.org/wiki/" \
           "Glycolysis)\n" in biology
    assert "Water [html]\nH<sub>2</sub>O, <u>polar</u>\n" in biology  # what Markdown cannot say, as HTML
    assert "\\(-70\\,\\text{mV}\\)" in biology  # MathJax as it was
    assert "`len()` in Python [tags: code]\n```text\n  len([1, 2])  # 2\n" in biology
    assert "![](media/flag.png) [tags: images]\nthe flag of the lab\n" in biology
    assert "| gene | role |\n  | --- | --- |\n  | TP53 | tumour suppressor |" in biology
    assert biology.count("Cell (prison)") == 1 and biology.count("\nCell\n") == 2  # one of two the same; twins
    cells = (notes / "Cells.txt").read_text(encoding="utf-8")
    assert "The {{c1::nucleus}} holds the {{c2::DNA::molecule}}. [tags: bio::cells]\n  [extra] see chapter 2\n" \
        in cells
    assert "Vesicle\na small sac\n  [extra] synaptic vesicles\n" in cells  # a note type of the learner's own
    assert (notes / "Cells" / "Organelles.txt").read_text(encoding="utf-8") == \
        "{{c1::Chloroplasts}} do photosynthesis<br>in {{c2::plants}} [html]\n\n"
    settings = (notes / "notedeck.toml").read_text(encoding="utf-8")
    assert 'deck = "Biology"' in settings and "subdecks = true" in settings and 'cloze = "anki"' in settings
    # The report: what came, what is kept as HTML, what is lost; one line for each note type refused.
    assert f"{decks.ADOPTED} notes in 3 notes files, 2 images; their 21 cards and 21 reviews stay in Anki" in run.out
    assert "kept as HTML ([html]): 2 notes Markdown cannot say: Water, {{c1::Chloroplasts}}" in run.out
    assert "not kept: colours, fonts and styles, in 1 note: Cell (biology)" in run.out
    assert "written once: Cell (prison)" in run.out
    refused = [line for line in run.err.splitlines() if "note type" in line]
    assert refused == [
        f"{made.apkg}: not adopted: 1 note of the note type 'Basic (type in the answer)': its cards ask to type the "
        "answer, which notedeck's cards do not: change these notes to Basic in Anki (Notes → Change Note Type) to "
        "adopt them",
        f"{made.apkg}: not adopted: 1 note of the note type 'Image Occlusion': image occlusion: notedeck has no image "
        "occlusion cards"]
    assert f"{made.apkg}: not adopted: 'Empty back' (Basic: its Back is empty: a notedeck note needs a definition)" \
        in run.err


def test_a_build_right_after_adopting_changes_nothing(made: decks.Made, tmp_path: Path) -> None:
    _adopt(tmp_path, made.apkg)
    state = (tmp_path / "notes" / "deck-state.json").read_bytes()
    check = run_main("notes", "--check", cwd=tmp_path)
    assert check.code == 0, check.out + check.err
    run = run_main("notes", *BUILD, cwd=tmp_path)
    assert run.code == 0, run.err
    assert f"{decks.ADOPTED} notes, 21 cards" in run.report and f"0 added, 0 changed, {decks.ADOPTED} unchanged" \
        in run.report
    assert (tmp_path / "notes" / "deck-state.json").read_bytes() == state


def test_into_the_same_collection_with_convert_keeps_every_note_card_and_review(
        made: decks.Made, profile: Path, tmp_path: Path) -> None:
    from notedeck.adopt.note_types import classify

    _adopt(tmp_path, made.apkg)
    before = _state(profile)
    # Without --convert nothing changes: the notes are named, their note type is Anki's.
    run = run_main("notes", *BUILD, "--into", str(profile), cwd=tmp_path)
    assert run.code == 0, run.err
    assert "0 added, 0 updated" in run.out and "still of the note types they had in Anki (adopted)" in run.out
    assert {g: v for g, v in _state(profile).items()} == before
    run = run_main("notes", *BUILD, "--into", str(profile), "--convert", cwd=tmp_path)
    assert run.code == 0, run.err
    assert f"Into {profile}: 0 added, {decks.ADOPTED} updated" in run.out
    assert "note type changed (--convert)" in run.out and "removed" not in run.out
    after = _state(profile)
    assert after.keys() == before.keys()  # the same notes, nothing added
    assert after["revlog"] == before["revlog"]  # every review
    media = _media(profile)
    by_type = {name: note_type for name, note_type in ((n.name, n) for n in _note_types(profile))}
    converted = 0
    for guid, was in before.items():
        if guid == "revlog":
            continue
        nid, kind, fields, tags, cards = was
        nid_after, kind_after, fields_after, tags_after, cards_after = after[guid]
        assert nid_after == nid and cards_after == cards  # the same note and cards, history and schedule
        adoption = classify(by_type[kind]) if kind in by_type else None
        if kind_after == kind:  # refused, empty, the repeat written once, another deck's: left as it was
            assert fields_after == fields and tags_after == tags
            assert next(iter(fields.values())) in ("Spell ATP", decks.NOTES[-2][2]["Occlusion"], "Empty back",
                                                   "Cell (prison)", "pH")
            continue
        converted += 1
        assert adoption is not None and not isinstance(adoption, str)
        names = list(fields)
        if kind == "Cloze":
            pairs = [("Text", fields["Text"], fields_after["Text"]),
                     ("Back Extra", fields["Back Extra"], fields_after["Extra"])]
        else:
            assert adoption.term is not None
            pairs = [(names[adoption.term], fields[names[adoption.term]], fields_after["Term"]),
                     (names[adoption.main], fields[names[adoption.main]], fields_after["Definition"]),
                     *((names[i], fields[names[i]], fields_after["Extra"]) for i in adoption.extra[:1])]
        for name, was, now in pairs:
            assert plain_text(was) == plain_text(now), (name, was, now)
            assert _images(was, media) == _images(now, media), (name, was, now)
        assert set(tags) <= set(tags_after)  # its own tags kept; notedeck adds its deck's
        assert fields_after.get("Source", "").endswith(tuple(f".txt:{n}" for n in range(1, 200)))
    assert converted == decks.ADOPTED
    reversed_note = next(v for v in after.values() if isinstance(v, tuple) and len(v) == 5
                         and v[2].get("Term") == "Mitochondrion")
    assert reversed_note[1] == "notedeck term v1" and reversed_note[2]["Reverse"] == "y" and len(reversed_note[4]) == 2


def _note_types(col_path: Path) -> list[object]:
    from anki.collection import Collection

    from notedeck.adopt.anki_source import NoteType

    col = Collection(str(col_path))
    try:
        return [NoteType(m["id"], m["name"], m["type"] == 1, int(m.get("originalStockKind") or 0),
                         tuple(f["name"] for f in m["flds"]), tuple((t["name"], t["qfmt"], t["afmt"]) for t in m["tmpls"]))
                for m in col.models.all()]
    finally:
        col.close()


def test_after_converting_an_edit_in_the_notes_updates_the_note_in_place(
        made: decks.Made, profile: Path, tmp_path: Path) -> None:
    notes = _adopt(tmp_path, made.apkg)
    assert run_main("notes", *BUILD, "--into", str(profile), "--convert", cwd=tmp_path).code == 0
    before = _state(profile)
    text = (notes / "Biology.txt").read_text(encoding="utf-8")
    (notes / "Biology.txt").write_text(text.replace("makes proteins", "makes proteins from amino acids"),
                                       encoding="utf-8")
    run = run_main("notes", *BUILD, "--into", str(profile), cwd=tmp_path)
    assert run.code == 0, run.err
    assert "changed: Ribosome" in run.out and f"Into {profile}: 0 added, 1 updated" in run.out
    after = _state(profile)
    assert after.keys() == before.keys() and after["revlog"] == before["revlog"]
    (ribosome,) = [g for g, v in after.items() if g != "revlog" and v[2].get("Term") == "Ribosome"]
    assert after[ribosome][0] == before[ribosome][0] and after[ribosome][4] == before[ribosome][4]
    assert after[ribosome][2]["Definition"] == "<p>makes proteins from amino acids</p>"


def test_a_learner_who_keeps_anki_s_notes_imports_the_deck_as_a_copy(
        made: decks.Made, profile: Path, tmp_path: Path) -> None:
    """Without the state's identities (deck-state.json deleted) every note is a new one, beside Anki's own."""
    from notedeck.adopt.from_html import plain_text as said

    notes = _adopt(tmp_path, made.apkg)
    before = _state(profile)
    (notes / "deck-state.json").unlink()
    run = run_main("notes", *BUILD, "--into", str(profile), cwd=tmp_path)
    assert run.code == 0, run.err
    assert f"Into {profile}: {decks.ADOPTED} added, 0 updated" in run.out
    after = _state(profile)
    assert {g: v for g, v in after.items() if g in before} == before  # Anki's notes as they were, history and all
    copies = [v for g, v in after.items() if g not in before]
    assert len(copies) == decks.ADOPTED and {said(v[2].get("Term", "")) for v in copies} >= {"Mitochondrion", "Cell"}


def test_a_folder_with_something_in_it_is_refused_and_nothing_is_written(made: decks.Made, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("Term\ndefinition\n", encoding="utf-8")
    run = run_main("--adopt", str(made.apkg), "notes", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.startswith("notes: already holds mine.txt: adopt into a new or empty folder; nothing was written")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["mine.txt", "notes"]


def test_what_cannot_be_read_is_one_clear_line(made: decks.Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    (tmp_path / "broken.apkg").write_bytes(b"PK\x03\x04 not a zip at all")
    cases = {
        ("--adopt", "broken.apkg", "a"): "broken.apkg: Anki cannot read this package (",
        ("--adopt", "missing.apkg", "b"): "missing.apkg: no such file: give an .apkg or .colpkg exported by Anki",
        ("--adopt", str(made.colpkg), "c"): f"{made.colpkg}: holds the notes of several decks (Biology, Chemistry): "
                                            "choose one with --deck NAME",
        ("--adopt", str(made.apkg), "--deck", "Physics", "d"): f"{made.apkg}: has no deck 'Physics' with notes "
                                                                "(decks: Biology)",
        ("--adopt", str(made.collection), "e"): f"{made.collection}: adopting from a collection needs the deck: "
                                                "--deck NAME",
    }
    for args, message in cases.items():
        run = run_main(*args, cwd=tmp_path)
        assert run.code == 2 and run.err.startswith(message) and "Traceback" not in run.err, run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.apkg"]
    monkeypatch.setitem(__import__("sys").modules, "anki.collection", None)  # as without notedeck[anki]
    run = run_main("--adopt", str(made.apkg), "f", cwd=tmp_path)
    assert run.code == 2 and run.err.startswith("--adopt: needs Anki's own backend, the anki package: pip install anki")
