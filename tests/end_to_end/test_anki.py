"""End to end against real Anki: build with the CLI, import with Anki's own backend."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import anki.collection  # noqa: F401  (must come before anki.scheduler: the package imports circularly)
from anki.scheduler.v3 import CardAnswer

from notedeck.output import notetype
from notedeck.build import Options
from notedeck.build import build as build_in_process

from ..conftest import SEED, Anki, run_cli, run_main
from ..model.test_cards import SEED_TREE

APKG = Path("dist/Deep_Learning.apkg")


def build(workdir: Path, epoch: int, *args: str) -> None:
    run = run_main(*args, cwd=workdir, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert run.code == 0, run.err


def test_seed_imports_into_real_anki_with_fields_tags_deck_and_context(workdir: Path, anki: Anki) -> None:
    build(workdir, 1_764_000_000)
    log = anki.import_apkg(workdir / APKG)
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (24, 0, 0, 0)
    notes = anki.notes()
    assert len(notes) == 24
    dl = notes["Deep Learning"]
    assert dl.note_type()["name"] == notetype.NAME
    assert [f["name"] for f in dl.note_type()["flds"]] == list(notetype.FIELDS)
    assert dl["Alias"] == "DL"
    assert dl["Definition"].startswith("<p>able to extract hierarchical features")
    assert dl["Source"] == "deep_learning.txt:1"
    pooling = notes["CNN Feature Extraction Pooling Layer"]
    assert pooling["Context"] == "CNN › Feature Extraction"
    assert pooling.tags == ["Deep_Learning::CNN::Feature_Extraction::Pooling_Layer"]
    # Every child carries its parent's tag path, so Anki's tag tree is the concept tree.
    for child, parent in SEED_TREE.items():
        assert notes[child].tags[0].startswith(notes[parent].tags[0] + "::"), child
    # One deck, with every card in it; no reverse cards unless asked for.
    deck_id = anki.col.decks.id_for_name("Deep Learning")
    cards = [anki.col.get_card(cid) for cid in anki.col.find_cards("")]
    assert len(cards) == 24 and {c.did for c in cards} == {deck_id}
    # Anki renders the card: the term on the front, the definition on the back.
    card = dl.cards()[0]
    assert "Deep Learning" in card.question() and "(DL)" in card.question()
    assert "hierarchical features" in card.answer() and "able to extract" not in card.question()


def test_every_media_file_the_notes_use_is_in_the_collection(workdir: Path, anki: Anki) -> None:
    build(workdir, 1_764_000_000)
    anki.import_apkg(workdir / APKG)
    media_dir = Path(anki.col.media.dir())
    referenced = {name for nid in anki.col.find_notes("") for name in anki.col.media.files_in_str(
        anki.col.get_note(nid).mid, anki.col.get_note(nid).joined_fields())}
    for name in referenced:
        assert (media_dir / name).is_file(), name
        # Named by content: the name carries the hash of the bytes.
        assert hashlib.sha256((media_dir / name).read_bytes()).hexdigest()[:16] in name
    with zipfile.ZipFile(workdir / APKG) as zf:
        assert set(json.loads(zf.read("media")).values()) == referenced


def test_edit_rebuild_reimport_updates_in_place_and_keeps_history(workdir: Path, anki: Anki) -> None:
    build(workdir, 1_764_000_000)
    anki.import_apkg(workdir / APKG)
    before = anki.notes()
    # The learner studies a card.
    card = before["Back-propagation"].cards()[0]
    card.start_timer()
    states = anki.col._backend.get_scheduling_states(card.id)
    anki.col.sched.answer_card(anki.col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    reviewed = anki.col.get_card(card.id)
    assert reviewed.reps == 1
    # They fix a definition and add a term, with a card inserted above (moving line numbers).
    notes = workdir / "notes" / "deep_learning.txt"
    text = notes.read_text(encoding="utf-8")
    text = text.replace("is the process of taking incorrect paths and retracing the cycle to adjust your layers/weights",
                        "computes the gradient of the loss with the chain rule, from the output back to every weight")
    notes.write_text("Epoch\none pass over the training set\n" + text, encoding="utf-8")
    build(workdir, 1_764_000_000 + 3600)
    log = anki.import_apkg(workdir / APKG)
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (1, 1, 24 - 1, 0)
    after = anki.notes()
    assert len(after) == 25
    bp = after["Back-propagation"]
    assert bp.id == before["Back-propagation"].id
    assert "chain rule" in bp["Definition"]
    # Review history and scheduling survive the update.
    kept = anki.col.get_card(card.id)
    assert kept.reps == 1 and kept.type == reviewed.type and kept.due == reviewed.due
    assert anki.col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    # A rebuild with nothing changed updates nothing.
    build(workdir, 1_764_000_000 + 7200)
    log = anki.import_apkg(workdir / APKG)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 25)


def test_same_notes_and_state_give_the_same_bytes_anywhere(tmp_path: Path) -> None:
    digests = []
    for i, (tz, seed, epoch) in enumerate([("UTC", "1", "1764000000"), ("Asia/Kolkata", "4242", "1764000000"),
                                           ("America/Los_Angeles", "random", "1764000000")]):
        folder = tmp_path / f"checkout {i}" / "deep"
        (folder / "notes").mkdir(parents=True)
        shutil.copy(SEED, folder / "notes" / "deep_learning.txt")
        env = {"TZ": tz, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": epoch, "LC_ALL": "C.UTF-8" if i else "C"}
        # A process each: the hash seed, time zone and locale are read when an interpreter starts.
        run = run_cli(cwd=folder, env=env)
        assert run.code == 0, run.err
        digests.append(hashlib.sha256((folder / APKG).read_bytes()).hexdigest())
        # Same notes and state later: the clock does not enter the package.
        env["SOURCE_DATE_EPOCH"] = str(int(epoch) + 86400 * (i + 1))
        assert run_cli(cwd=folder, env=env).code == 0
        digests.append(hashlib.sha256((folder / APKG).read_bytes()).hexdigest())
    assert len(set(digests)) == 1


def test_a_clean_checkout_build_does_not_change_the_committed_state(workdir: Path) -> None:
    build(workdir, 1_764_000_000)
    state = (workdir / "notes" / "deck-state.json").read_bytes()
    apkg = (workdir / APKG).read_bytes()
    (workdir / APKG).unlink()
    build(workdir, 1_800_000_000)
    assert (workdir / "notes" / "deck-state.json").read_bytes() == state
    assert (workdir / APKG).read_bytes() == apkg


def test_package_is_compressed_with_fixed_entry_times(workdir: Path) -> None:
    build(workdir, 1_764_000_000)
    with zipfile.ZipFile(workdir / APKG) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos[:2]] == ["collection.anki2", "media"]
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    collection = next(i for i in infos if i.filename == "collection.anki2")
    assert collection.compress_size < collection.file_size / 3


def test_note_type_change_updates_templates_without_conflicts(workdir: Path, anki: Anki, tmp_path: Path) -> None:
    build(workdir, 1_764_000_000)
    anki.import_apkg(workdir / APKG)
    templates = tmp_path / "templates"
    shutil.copytree(str(notetype.templates_dir()), templates)
    (templates / "card.css").write_text((templates / "card.css").read_text() + "\n.nd-term { letter-spacing: 0.01em; }\n")
    opts = Options([str(workdir / "notes")], workdir / APKG, templates=templates)
    result = build_in_process(opts, 1_764_000_000 + 60)
    assert len(result.changes.unchanged) == 24
    log = anki.import_apkg(workdir / APKG)
    assert len(log.conflicting) == 0
    model = anki.col.models.by_name(notetype.NAME)
    assert "letter-spacing: 0.01em" in model["css"]
