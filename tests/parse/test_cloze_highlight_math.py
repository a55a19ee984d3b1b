"""A highlight around a formula (``==$10^{-14}$==``) is a cloze of the formula, as Obsidian's plugin reads it."""

from __future__ import annotations

from pathlib import Path

from notedeck.parse import cloze

from ..conftest import Anki, run_main


def test_a_highlighted_formula_is_a_cloze_whatever_braces_it_holds() -> None:
    assert cloze.read(r"pH is ==$-\log_{10}[\mathrm{H^+}]$== and water ==7==.") == (
        r"pH is {{c1::$-\log_{10}[\mathrm{H^+}]$}} and water {{c2::7}}.", (1, 2))
    assert cloze.read(r"the ==\(x^{2}\)== term") == (r"the {{c1::\(x^{2}\)}} term", (1,))
    assert cloze.read("a == b, and $x == y$") == ("a == b, and $x == y$", ())  # comparisons stay


def test_it_hides_the_formula_on_the_card_in_real_anki(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "chem.md").write_text("Water\nAt 25 °C, $K_w =$ ==$10^{-14}$==.\n", encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    (nid,) = anki.col.find_notes("")
    card = anki.col.get_note(nid).cards()[0]
    assert "10^{-14}" not in card.question() and "[...]" in card.question()
    assert r"\(10^{-14}\)" in card.answer()
