"""What adopted notes show that notes before them did not: an image as (part of) a term or in the Extra, and a
GitHub pipe table in a definition (its alignment an attribute, never a style), in real Anki."""

from __future__ import annotations

from pathlib import Path

from ..conftest import Anki, run_main
from .test_images import png


def test_an_image_in_a_term_or_the_extra_is_packaged_and_shown(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes" / "media").mkdir(parents=True)
    (tmp_path / "notes" / "media" / "flag.png").write_bytes(png((0, 0, 200)))
    (tmp_path / "notes" / "media" / "map.png").write_bytes(png((0, 200, 0)))
    (tmp_path / "notes" / "geo.txt").write_text(
        "![the flag](media/flag.png) [reverse]\nFrance\n  [extra] ![](media/map.png) where it is\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", "--deck", "Geo", cwd=tmp_path)
    assert run.code == 0 and not run.err, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    (note,) = [anki.col.get_note(n) for n in anki.col.find_notes("")]
    assert note["Term"].startswith('<img alt="the flag" class="note-image" src="flag-')
    assert note["Extra"].startswith('<p><img alt="" class="note-image" src="map-')
    media = Path(anki.col.media.dir())
    shown = anki.col.media.files_in_str(note.mid, note["Term"] + note["Extra"])
    assert {(media / name).read_bytes() for name in shown} == {png((0, 0, 200)), png((0, 200, 0))}
    assert 'class="note-image"' in note.cards()[0].question() and 'class="note-image"' in note.cards()[1].answer()


def test_a_pipe_table_in_a_definition_is_a_table(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "t.txt").write_text("Tenses\nin Spanish:\n\n  | tense | hablar |\n  |:--|--:|\n"
                                              "  | present | **hablo** |\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", "--deck", "T", cwd=tmp_path)
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    definition = anki.notes()["Tenses"]["Definition"]
    assert '<th align="left">tense</th>' in definition and '<td align="right"><strong>hablo</strong></td>' in definition
    assert "style" not in definition
