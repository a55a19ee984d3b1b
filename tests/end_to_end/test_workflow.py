"""The regenerate-and-share loop: --dry-run, --check, nothing to do, several files, renames."""

from __future__ import annotations

import zipfile
from pathlib import Path

from notedeck import __version__

from ..conftest import Anki, run_main

APKG = Path("dist/Deep_Learning.apkg")
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
LATER = {"SOURCE_DATE_EPOCH": "1764003600"}


def edit_the_seed(workdir: Path) -> None:
    notes = workdir / "notes" / "deep_learning.txt"
    text = notes.read_text(encoding="utf-8")
    text = text.replace("How to train DL\nBack-propagation\n", "")  # removed
    text = text.replace("input data in the form of sequences", "data that arrives as ordered sequences")  # changed
    notes.write_text(text + "\nEpoch\none pass over the training set\n", encoding="utf-8")  # added


def test_dry_run_reports_and_writes_nothing(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    before = {p: p.read_bytes() for p in (workdir / APKG, workdir / "notes" / "deck-state.json")}
    edit_the_seed(workdir)
    run = run_main("--dry-run", cwd=workdir, env=LATER)
    assert run.code == 0
    assert run.report.startswith("Would build dist/Deep_Learning.apkg: 24 notes")
    assert "  added: Epoch" in run.out and run.out.endswith("Dry run: nothing was written.\n")
    assert {p: p.read_bytes() for p in before} == before


def test_check_without_a_state_finds_every_note_new_and_writes_nothing(workdir: Path) -> None:
    first = run_main("--check", cwd=workdir, env=EPOCH)
    assert first.code == 1 and "24 added" in first.out  # no state yet: everything would be new
    assert not (workdir / "notes" / "deck-state.json").exists() and not (workdir / APKG).exists()


def test_check_agrees_after_a_build(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    agree = run_main("--check", cwd=workdir, env=LATER)
    assert (agree.code, agree.report) == (0, "notes/deck-state.json agrees with the notes: a build would not "
                                          "change the deck.\n")


def test_check_compares_notes_and_state_not_the_package(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    (workdir / APKG).unlink()  # a clean checkout has no dist/
    assert run_main("--check", cwd=workdir, env=LATER).code == 0


def test_check_finds_changes_without_writing(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    state = (workdir / "notes" / "deck-state.json").read_bytes()
    edit_the_seed(workdir)
    changed = run_main("--check", cwd=workdir, env=LATER)
    assert changed.code == 1
    assert "1 added, 2 changed, 21 unchanged, 1 removed" in changed.out
    assert (workdir / "notes" / "deck-state.json").read_bytes() == state


def test_check_of_broken_notes_is_bad_input(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    (workdir / "notes" / "deep_learning.txt").write_text("Dangling term\n", encoding="utf-8")
    assert run_main("--check", cwd=workdir, env=LATER).code == 2


def test_nothing_changed_means_nothing_rendered_or_written(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    apkg = workdir / APKG
    stamp = apkg.stat().st_mtime_ns
    run = run_main(cwd=workdir, env=LATER)
    assert run.report == "dist/Deep_Learning.apkg is up to date: 24 notes, nothing changed.\n"
    assert apkg.stat().st_mtime_ns == stamp


def test_a_package_that_is_not_what_the_state_recorded_is_rebuilt_to_the_same_bytes(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    apkg = workdir / APKG
    data = apkg.read_bytes()
    apkg.write_bytes(b"damaged")
    assert run_main(cwd=workdir, env=LATER).report.startswith("Built")
    assert apkg.read_bytes() == data


def _two_files(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "basics.txt").write_text("Neuron\na unit that sums weighted inputs\nBias\nan offset\n")
    (notes / "optimisers.md").write_text("# First order\nStochastic Gradient Descent (SGD)\nsteps along -∇L\n")
    return notes


def test_several_files_one_package_subdecks_under_a_named_root(tmp_path: Path, anki: Anki) -> None:
    _two_files(tmp_path)
    run = run_main("notes", "--deck", "Machine Learning", cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert run.report.startswith("Built dist/Machine_Learning.apkg: 3 notes")
    anki.import_apkg(tmp_path / "dist" / "Machine_Learning.apkg")
    decks = {anki.col.decks.name(n.cards()[0].did) for n in anki.notes().values()}
    assert decks == {"Machine Learning::Basics", "Machine Learning::Optimisers"}
    assert anki.notes()["Stochastic Gradient Descent"].tags == ["Machine_Learning::Optimisers::First_order"]
    root = anki.col.decks.by_name("Machine Learning")
    assert root is not None and "3 notes in 2 decks" in root["desc"]
    sub = anki.col.decks.by_name("Machine Learning::Optimisers")
    assert sub is not None
    assert "1 notes on First order" in sub["desc"] and f"notedeck {__version__}" in sub["desc"]
    assert "<code>optimisers.md</code>" in sub["desc"]


def test_root_deck_comes_from_pyproject(tmp_path: Path) -> None:
    _two_files(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.notedeck]\ndeck = "Course"\n')
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.report.startswith("Built dist/Course.apkg: 3 notes"), run.out + run.err


def test_renaming_a_file_keeps_its_notes_identity(tmp_path: Path, anki: Anki) -> None:
    notes = _two_files(tmp_path)
    assert run_main("--deck", "ML", cwd=tmp_path, env=EPOCH).code == 0
    anki.import_apkg(tmp_path / "dist" / "ML.apkg")
    ids = {t: n.id for t, n in anki.notes().items()}
    (notes / "basics.txt").rename(notes / "foundations.txt")
    run = run_main("--deck", "ML", cwd=tmp_path, env=LATER)
    assert "0 added, 2 changed, 1 unchanged, 0 removed" in run.out  # moved to another subdeck: changed
    log = anki.import_apkg(tmp_path / "dist" / "ML.apkg")
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 2, 0)
    after = anki.notes()
    assert {t: n.id for t, n in after.items()} == ids  # the same notes, history and all
    assert after["Neuron"].tags == ["ML::Foundations"]
    # Anki does not move existing cards between decks on import: they stay where they were.
    assert anki.col.decks.name(after["Neuron"].cards()[0].did) == "ML::Basics"


def test_same_term_in_two_files_is_two_notes_and_names_both_places(tmp_path: Path, anki: Anki) -> None:
    notes = _two_files(tmp_path)
    (notes / "optimisers.md").write_text("Bias\nanother meaning\n\nNeuron\na unit that sums weighted inputs\n")
    run = run_main(cwd=tmp_path, env=EPOCH)
    assert run.code == 0, run.err
    assert "notes/optimisers.md:1: warning: 'Bias' is also defined at notes/basics.txt:3, differently: two notes" \
        in run.err
    assert "notes/optimisers.md:4: warning: 'Neuron' is written again with the same definition as at " \
           "notes/basics.txt:1: one note" in run.err
    anki.import_apkg(tmp_path / "dist" / "Notes.apkg")
    terms = sorted(anki.col.get_note(n)["Term"] for n in anki.col.find_notes(""))
    assert terms.count("Bias") == 2 and terms.count("Neuron") == 1


def test_nothing_machine_specific_in_the_package(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    with zipfile.ZipFile(workdir / APKG) as zf:
        blob = b"".join(zf.read(name) for name in zf.namelist())
    assert str(workdir).encode() not in blob
    assert b"/tmp" not in blob and b"/root" not in blob and b"/home" not in blob


def test_the_build_cache_lives_beside_the_package_not_in_the_committed_state(workdir: Path) -> None:
    assert run_main(cwd=workdir, env=EPOCH).code == 0
    state = (workdir / "notes" / "deck-state.json").read_text(encoding="utf-8")
    assert '"inputs"' not in state and '"package"' not in state  # nothing tool- or machine-specific
    assert (workdir / "dist" / ".Deep_Learning.apkg.build").is_file()
    # A deleted state is never skipped as "up to date": it is made again, the same.
    (workdir / "notes" / "deck-state.json").unlink()
    run = run_main(cwd=workdir, env=EPOCH)
    assert run.report.startswith("Built") and "24 added" in run.out
    assert (workdir / "notes" / "deck-state.json").read_text(encoding="utf-8") == state
