"""Local images in notes: taken from the notes folder or assets/ only, packaged by content."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from ..conftest import Anki, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def png(colour: tuple[int, int, int]) -> bytes:
    """A valid 2×2 PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(colour) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "notes" / "images").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "notes" / "images" / "neuron.png").write_bytes(png((200, 30, 30)))
    (tmp_path / "assets" / "logo.png").write_bytes(png((30, 30, 200)))
    return tmp_path


def write_notes(project: Path, definition: str) -> None:
    (project / "notes" / "n.md").write_text(f"Neuron\nsee:\n  {definition}\nBias\nan offset\n", encoding="utf-8")


def test_local_images_are_packaged_by_content_and_shown(project: Path, anki: Anki) -> None:
    write_notes(project, "![a neuron](images/neuron.png) ![our logo](assets/logo.png)")
    run = run_main("--deck", "D", cwd=project, env=EPOCH)
    assert run.code == 0, run.err
    anki.import_apkg(project / "dist" / "D.apkg")
    neuron = anki.notes()["Neuron"]
    assert '<img alt="a neuron" class="note-image" src="neuron-' in neuron["Definition"]
    names = anki.col.media.files_in_str(neuron.mid, neuron["Definition"])
    assert len(names) == 2 and {Path(n).suffix for n in names} == {".png"}
    media = Path(anki.col.media.dir())
    assert {(media / n).read_bytes() for n in names} == {png((200, 30, 30)), png((30, 30, 200))}
    assert "note-image" in neuron.cards()[0].answer()
    # Replacing the picture alone is a change: a new file name, and the note is updated.
    (project / "notes" / "images" / "neuron.png").write_bytes(png((30, 200, 30)))
    again = run_main("--deck", "D", cwd=project, env={"SOURCE_DATE_EPOCH": "1764000600"})
    assert "changed: Neuron" in again.out, again.out
    log = anki.import_apkg(project / "dist" / "D.apkg")
    assert len(log.updated) == 1
    assert png((30, 200, 30)) in {(media / n).read_bytes() for n in anki.col.media.files_in_str(
        neuron.mid, anki.col.get_note(neuron.id)["Definition"])}


@pytest.mark.parametrize(("reference", "message"), [
    ("../secret.png", "notes/n.md:1: warning: image '../secret.png' points outside the notes folder ('..'): move "
     "the image into the notes folder or assets/; the card shows its alt text"),
    ("/etc/secret.png", "notes/n.md:1: warning: image '/etc/secret.png' is an absolute path: put the image in the "
     "notes folder (or assets/) and refer to it by a relative path; the card shows its alt text"),
    ("images/missing.png", "notes/n.md:1: warning: image 'images/missing.png' not found: there is no "
     "notes/images/missing.png; the card shows its alt text"),
    ("link.png", "notes/n.md:1: warning: image 'link.png' is a link to a file outside notes: copy the file in "
     "instead; the card shows its alt text"),
    ("images/%2e%2e/%2e%2e/secret.png", "notes/n.md:1: warning: image 'images/%2e%2e/%2e%2e/secret.png' points "
     "outside the notes folder ('..'): move the image into the notes folder or assets/; the card shows its alt text"),
    ("notes.pdf", "notes/n.md:1: warning: image 'notes.pdf': only PNG, JPEG, GIF, WebP and SVG images are taken; "
     "the card shows its alt text"),
])
def test_an_image_that_cannot_be_used_is_a_warning_and_its_alt_text_shows(project: Path, reference: str,
                                                                          message: str, anki: Anki) -> None:
    (project / "secret.png").write_bytes(png((0, 0, 0)))
    (project / "notes" / "link.png").symlink_to(project / "secret.png")
    (project / "notes" / "notes.pdf").write_bytes(b"%PDF-1.4")
    write_notes(project, f"![the neuron figure]({reference})")
    run = run_main("--deck", "D", cwd=project, env=EPOCH)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert message in run.err.splitlines()
    anki.import_apkg(project / "dist" / "D.apkg")
    definition = anki.notes()["Neuron"]["Definition"]
    assert '<span class="image-alt">the neuron figure</span>' in definition and "<img" not in definition
    packaged = [f.read_bytes() for f in Path(anki.col.media.dir()).iterdir()]
    assert png((0, 0, 0)) not in packaged and b"%PDF-1.4" not in packaged  # nothing from outside was packaged
    # --strict makes it an error, and writes nothing.
    (project / "dist" / "D.apkg").unlink()
    strict = run_main("--deck", "D", "--strict", cwd=project, env=EPOCH)
    assert strict.code == 2 and message.replace("warning: ", "") in strict.err.replace("warning: ", "")
    assert not (project / "dist" / "D.apkg").exists()


def test_an_svg_image_is_packaged_and_shown_through_img(project: Path, anki: Anki) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" '
           'fill="#c00"/><script>alert(1)</script></svg>')
    (project / "notes" / "images" / "drawing.svg").write_text(svg, encoding="utf-8")
    write_notes(project, "![a drawing](images/drawing.svg)")
    run = run_main("--deck", "D", cwd=project, env=EPOCH)
    assert run.code == 0 and run.err == "", run.err
    anki.import_apkg(project / "dist" / "D.apkg")
    note = anki.notes()["Neuron"]
    (name,) = anki.col.media.files_in_str(note.mid, note["Definition"])
    assert name.endswith(".svg") and (Path(anki.col.media.dir()) / name).read_text(encoding="utf-8") == svg
    # Shown as an image (where a script in it never runs), never inline in the field.
    answer = note.cards()[0].answer()
    assert f'<img alt="a drawing" class="note-image" src="{name}">' in answer and "<svg" not in answer
