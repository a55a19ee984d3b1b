"""Render every diagram as a card in light and night mode with headless Chromium and check the ink.

A diagram is dark ink on a transparent background; the note type's CSS inverts it on night
cards. These tests catch a blank picture, a broken file, and ink that vanishes on a dark card.
Skipped when Chromium is not installed. Render and decode take about a minute for ~150 pictures, 30 a page.
"""

from __future__ import annotations

import pytest

from dataclasses import dataclass

from notedeck.render import diagrams
from tests.render.diagrams.render import (
    LIGHT_BACKGROUND, NIGHT_BACKGROUND, Contrast, Item, card_box, decode_png, find_chromium,
    ink_survival, measure, pages, render_pages,
)

PICTURES = [(name, hl) for name, d in diagrams.DRAWINGS.items() for hl in (None, *d.highlights)]
CONTROL = "control: light-mode picture on a dark card, no night CSS"
MIN_INK = 1500  # dark pixels on the light card: a few lines of text and some strokes

# One worker renders every picture once (the module's fixture): under pytest-xdist, not once a worker.
pytestmark = pytest.mark.xdist_group("chromium-pictures")


@dataclass(frozen=True)
class Measured:
    """What one picture looks like on a light and on a night card."""

    light: Contrast
    night: Contrast
    ink: int  # ink pixels on the light card
    survived: int  # of those, how many stand out from the background on the night card


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Measured]:
    """Every card measured in both modes, keyed by caption."""
    if find_chromium() is None:
        pytest.skip("chromium not installed (/usr/bin/chromium or chromium on PATH): cannot render PNGs")
    folder = tmp_path_factory.mktemp("render")
    items = []
    for name, highlight in PICTURES:
        diagram = diagrams.make(name, highlight)
        path = folder / diagram.filename
        path.write_text(diagram.svg, encoding="utf-8")
        items.append(Item(f"{name}:{highlight}", path))
    # A negative control proves the check can fail: dark ink on a dark card, no inversion.
    control = [items[0], Item(CONTROL, items[0].svg, background="#%02x%02x%02x" % NIGHT_BACKGROUND)]
    result = {}
    rendered = render_pages(items, folder / "items") + render_pages(control, folder / "control")
    for page, sheets in zip(pages(items) + [control], rendered, strict=True):
        light, night = decode_png(sheets["light"]), decode_png(sheets["night"])
        for i, item in enumerate(page):
            if item.caption == CONTROL:
                ink, survived = ink_survival(light, card_box(0), light, card_box(i), NIGHT_BACKGROUND)
                first = result[items[0].caption]
                result[CONTROL] = Measured(first.light, first.night, ink, survived)
                continue
            box = card_box(i)
            ink, survived = ink_survival(light, box, night, box, NIGHT_BACKGROUND)
            result[item.caption] = Measured(measure(light, box, LIGHT_BACKGROUND),
                                            measure(night, box, NIGHT_BACKGROUND), ink, survived)
    return result


@pytest.mark.parametrize(("name", "highlight"), PICTURES, ids=[f"{n}:{h}" for n, h in PICTURES])
def test_visible_in_both_modes(measured: dict[str, Measured], name: str, highlight: str | None) -> None:
    m = measured[f"{name}:{highlight}"]
    for mode, c in (("light", m.light), ("night", m.night)):
        assert c.changed > 0.01 * c.total, f"{mode}: the card looks blank ({c})"
    assert m.ink >= MIN_INK, f"too little ink on the light card ({m})"
    # Inverted on the night card, the same pixels must still stand out from the dark background.
    assert m.survived >= 0.9 * m.ink, f"ink lost on the night card: {m.survived} of {m.ink} pixels visible"


def test_control_fails_the_check(measured: dict[str, Measured]) -> None:
    control = measured[CONTROL]
    assert control.survived < 0.2 * control.ink, f"without night CSS the ink should vanish ({control})"


def test_sheet_cells_fit() -> None:
    """Every diagram fits its card on the sheet, so the crops above see whole pictures."""
    from tests.render.diagrams.render import CARD_H, CARD_W

    for name, highlight in PICTURES:
        svg = diagrams.make(name, highlight).svg
        width, height = (float(v) for v in svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
        assert width <= CARD_W - 20 and height <= CARD_H - 40, (name, highlight, width, height)
