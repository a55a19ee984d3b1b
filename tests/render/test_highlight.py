"""Highlighted code: coloured at build time, readable in light and night, never live, never breaking math."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notedeck.render import highlight
from notedeck.output.notetype import templates_dir
from notedeck.render.markdown import render_definition

from ..conftest import Anki, run_main

CSS = Path(str(templates_dir())) / "card.css"


def _block() -> str:
    text = CSS.read_text(encoding="utf-8")
    return text[text.index(highlight.BEGIN): text.index(highlight.END) + len(highlight.END)] + "\n"


def test_the_note_types_code_colours_are_the_ones_pygments_gives() -> None:
    # After changing the styles: python -m notedeck.render.highlight, and paste the block into card.css.
    assert _block() == highlight.css()


@pytest.mark.parametrize(("scope", "background"), [(".card .nd-code", highlight.LIGHT_BG),
                                                    (".card.nightMode .nd-code", highlight.NIGHT_BG)])
def test_every_token_colour_reads_at_wcag_aa_on_the_code_background(scope: str, background: str) -> None:
    colours = re.findall("^" + re.escape(scope) + r" \.\w+[^{]*\{ color: (#[0-9a-f]{6});", _block(), re.M)
    assert len(colours) > 30
    worst = min(highlight.contrast(c, background) for c in colours)
    assert worst >= highlight.AA, worst
    # ...and the check can fail: Pygments' own comment grey does not reach it on the night background.
    assert highlight.contrast("#75715e", highlight.NIGHT_BG) < highlight.AA


def test_a_block_with_a_language_is_coloured_with_class_names_only() -> None:
    html = render_definition("```python\nloss.backward()  # grads: $x$ {{c1::y}}\n```")
    assert html.startswith('<pre class="nd-code"><code class="language-python"><span class="n">loss</span>')
    assert "style=" not in html and "<script" not in html
    assert '<span class="c1"># grads: $x$ {{c1::y}}</span>' in html  # no math lifted, no cloze read


@pytest.mark.parametrize("source", ["```\nplain code\n```", "```klingon\nqapla'\n```"])
def test_a_block_without_a_known_language_stays_plain(source: str) -> None:
    assert render_definition(source).startswith("<pre><code")


def test_code_and_math_keep_out_of_each_other() -> None:
    html = render_definition("Cost \\(x^2\\):\n\n```bash\necho \"$HOME costs $5\"\n```")
    assert html.startswith("<p>Cost \\(x^2\\):</p>")  # math outside the block is kept for MathJax
    assert '<span class="nv">$HOME</span>' in html  # shell's $ stays shell's


def test_a_highlighted_card_in_real_anki(tmp_path: Path, anki: Anki) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "pytorch.md").write_text(
        "Backward pass\ncomputes every gradient:\n\n  ```python\n  loss.backward()\n  optimizer.step()\n  ```\n",
        encoding="utf-8")
    run = run_main("notes", "-o", "out.apkg", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0, run.err
    anki.import_apkg(tmp_path / "out.apkg")
    card = anki.notes()["Backward pass"].cards()[0]
    answer = card.answer()
    assert '<pre class="nd-code"><code class="language-python"><span class="n">loss</span>' in answer
    assert ".card.nightMode .nd-code .k, " in card.note_type()["css"]
    assert "<script" not in answer.split("</style>")[-1] or "MathJax" in answer
