"""The command line as a user runs it: summaries, exit codes, and bad input that loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import Anki, run_main

APKG = Path("dist/Deep_Learning.apkg")
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def test_build_prints_a_summary(workdir: Path) -> None:
    run = run_main(cwd=workdir, env=EPOCH)
    assert run.code == 0, run.err
    assert run.report.splitlines()[0].startswith("Built dist/Deep_Learning.apkg: 24 notes, 24 cards, ")
    assert "24 added, 0 changed, 0 unchanged, 0 removed" in run.out
    assert all(": warning: " in line for line in run.err.splitlines())  # lint only: no errors


def test_help_describes_the_command(workdir: Path) -> None:
    run = run_main("--help", cwd=workdir)
    assert run.code == 0
    assert "NOTES" in run.out and "-o OUT.apkg" in run.out and "Exit status" in run.out


def _bad(workdir: Path, text: str | bytes, name: str = "deep_learning.txt") -> tuple[str, bytes, bytes]:
    """Build once, break the notes, build again: return the error output and what was kept."""
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    apkg = (workdir / APKG).read_bytes()
    state = (workdir / "notes" / "deck-state.json").read_bytes()
    path = workdir / "notes" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    run = run_main(cwd=workdir, env={"SOURCE_DATE_EPOCH": "1764009999"})
    assert run.code == 2
    assert "Traceback" not in run.err and run.out == ""
    assert (workdir / APKG).read_bytes() == apkg, "the previous deck must be left untouched"
    assert (workdir / "notes" / "deck-state.json").read_bytes() == state
    return run.err, apkg, state


@pytest.mark.parametrize(("text", "message"), [
    ("Neuron\na unit\nBias\n", "notes/deep_learning.txt:3: term 'Bias' has no definition: write its definition "
     "on the next line, or remove the term"),
    ("Neuron\na unit\n[reverse]\tan offset\n", "notes/deep_learning.txt:3: empty term: write the term before its "
     "definition"),
    ("Neuron\t \n", "notes/deep_learning.txt:1: empty definition for 'Neuron': write the definition after the tab"),
    ("Neuron\na unit\nBias [parent: Layer]\nan offset\n", "notes/deep_learning.txt:3: [parent: Layer]: no term or "
     "abbreviation 'Layer' above this line; name an earlier card, or write [parent: none]"),
    (b"Neuron\na unit\nBias\nan \xff offset\n", "notes/deep_learning.txt:4: not UTF-8 (byte 0xff at column 4); "
     "save the file as UTF-8 and build again"),
    ("Neuron [diagram: no-such-picture]\na unit\n", "notes/deep_learning.txt:1: unknown diagram 'no-such-picture'; "
     "known: "),
], ids=["no-definition", "empty-term", "empty-definition", "unknown-parent", "not-utf8", "unknown-diagram"])
def test_bad_notes_are_reported_on_their_line_and_nothing_is_lost(workdir: Path, text: str | bytes,
                                                                   message: str) -> None:
    err, _, _ = _bad(workdir, text)
    first = err.splitlines()[0]
    assert first.startswith(message) if message.endswith("known: ") else first == message
    assert err.splitlines()[-1] == "1 problem; nothing was written."


def test_problems_in_several_files_are_all_reported(workdir: Path) -> None:
    notes = workdir / "notes"
    (notes / "more.md").write_text("Epoch\none pass\n", encoding="utf-8")
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    apkg = (workdir / "dist" / "Notes.apkg").read_bytes()  # several decks: named after the folder
    (notes / "deep_learning.txt").write_text("Neuron\n", encoding="utf-8")
    (notes / "more.md").write_text("Epoch\n", encoding="utf-8")
    run = run_main(cwd=workdir, env=EPOCH)
    assert run.code == 2
    assert run.err.splitlines() == [
        "notes/deep_learning.txt:1: term 'Neuron' has no definition: write its definition on the next line, "
        "or remove the term",
        "notes/more.md:1: term 'Epoch' has no definition: write its definition on the next line, or remove the term",
        "2 problems; nothing was written.",
    ]
    assert (workdir / "dist" / "Notes.apkg").read_bytes() == apkg


@pytest.mark.parametrize(("args", "message"), [
    (["missing/"], "missing/: no such file or folder"),
    (["empty"], "empty: no notes here: a notes folder needs *.txt, *.md, *.csv, *.tsv, *.xlsx or *.ods files"),
    (["notes", "-o", "dist"], "dist: is a folder: give the deck a file name, such as dist/deck.apkg"),
    (["notes", "-o", "deck.zip"], "deck.zip: the deck's file name must end in .apkg (Anki imports only those)"),
])
def test_bad_paths(workdir: Path, args: list[str], message: str) -> None:
    (workdir / "empty").mkdir()
    (workdir / "empty" / "readme.rst").write_text("not notes")
    (workdir / "dist").mkdir()
    run = run_main(*args, cwd=workdir)
    assert (run.code, run.err.splitlines()[0]) == (2, message)
    assert "Traceback" not in run.err


def test_unwritable_output_is_a_clear_error_and_keeps_the_old_deck(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    blocker = workdir / "blocked"
    blocker.write_text("a file where a folder should be")
    run = run_main("notes", "-o", "blocked/deck.apkg", cwd=workdir, env=EPOCH)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.startswith("blocked") and "cannot write" in run.err


def test_bom_and_crlf_build_the_same_deck_as_plain_lf(workdir: Path, tmp_path: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    plain = (workdir / APKG).read_bytes()
    other = tmp_path / "windows"
    (other / "notes").mkdir(parents=True)
    text = (workdir / "notes" / "deep_learning.txt").read_text(encoding="utf-8")
    (other / "notes" / "deep_learning.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert run_main(cwd=other, env=EPOCH).code == 0
    assert (other / APKG).read_bytes() == plain


def test_folder_takes_txt_md_csv_and_tsv_in_sorted_order_as_subdecks(tmp_path: Path, anki: Anki) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "b_optimisers.md").write_text("# Optimisers\nAdam\nadaptive moments\n", encoding="utf-8")
    (notes / "a_basics.txt").write_text("Neuron\ta unit\nBias\tan offset\n", encoding="utf-8")
    (notes / "c_sheet.csv").write_text("term,definition\nEpoch,one pass\n", encoding="utf-8")
    (notes / "d_table.tsv").write_text("Batch\ta group of examples\n", encoding="utf-8")
    (notes / "ignored.rst").write_text("x\ny\n", encoding="utf-8")
    run = run_main("notes", "-o", "out/all.apkg", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "5 notes, 5 cards" in run.out
    anki.import_apkg(tmp_path / "out" / "all.apkg")
    assert {n: anki.col.decks.name(note.cards()[0].did) for n, note in anki.notes().items()} == {
        "Neuron": "Notes::A Basics", "Bias": "Notes::A Basics", "Adam": "Notes::B Optimisers",
        "Epoch": "Notes::C Sheet", "Batch": "Notes::D Table"}
    assert anki.notes()["Adam"].tags == ["Notes::B_Optimisers::Optimisers"]


def test_reverse_card_only_where_switched_on(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text(
        "Rectified Linear Unit (ReLU) [reverse]\nmax(0, x)\nSigmoid\nsquashes to (0, 1)\n", encoding="utf-8")
    run = run_main("notes", cwd=tmp_path, env=EPOCH)
    assert run.code == 0 and "2 notes, 3 cards" in run.out, run.out + run.err
    anki.import_apkg(tmp_path / "dist" / "N.apkg")
    notes = anki.notes()
    relu_cards = notes["Rectified Linear Unit"].cards()
    assert len(relu_cards) == 2 and len(notes["Sigmoid"].cards()) == 1
    reverse = next(c for c in relu_cards if c.ord == 1)
    assert "max(0, x)" in reverse.question() and "Rectified Linear Unit" not in reverse.question()
    assert "Rectified Linear Unit" in reverse.answer()
