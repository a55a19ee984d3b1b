"""--preview: one self-contained page with every card, checked in a real headless Chromium."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from notedeck.output.preview import render_template

from ..conftest import run_main
from ..render.diagrams.render import decode_png, find_chromium

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium(*args: str) -> str:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)
    return proc.stdout


@pytest.fixture
def preview(workdir: Path) -> Path:
    run = run_main("--preview", "out/preview.html", cwd=workdir, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0, run.err
    assert run.report.startswith("Wrote the preview out/preview.html: 24 notes, 24 cards.")
    assert not (workdir / "dist").exists() and not (workdir / "notes" / "deck-state.json").exists()
    return workdir / "out" / "preview.html"


def test_preview_is_self_contained_with_every_card(preview: Path) -> None:
    page = preview.read_text(encoding="utf-8")
    assert page.count('<article class="item">') == 24
    assert not re.search(r'(src|href)="(?!data:)', page), "everything must be inline"
    assert "Convolutional Layer Kernel" in page and "CNN › Feature Extraction" in page


@needs_chromium
def test_preview_loads_in_a_browser_with_every_image_and_no_errors(preview: Path) -> None:
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", preview.as_uri())
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None
    images = re.search(r'data-images="(\d+)/(\d+)"', body.group(0))
    assert images is not None, body.group(0)
    loaded, total = map(int, images.groups())
    assert total > 10 and loaded == total
    assert 'data-errors="0"' in body.group(0)


@needs_chromium
def test_preview_search_filters_cards(preview: Path) -> None:
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", preview.as_uri() + "#search=lstm")
    shown = re.findall(r'<article class="item">', dom)
    assert len(shown) == 5  # LSTM and its four children; the rest are hidden
    assert "5 of 24 cards" in dom


@needs_chromium
@pytest.mark.parametrize("mode", ["light", "night"])
def test_preview_screenshot_shows_cards(preview: Path, tmp_path: Path, mode: str) -> None:
    png = tmp_path / f"preview-{mode}.png"
    chromium(f"--screenshot={png}", "--window-size=900,1200",
             preview.as_uri() + ("#night" if mode == "night" else ""))
    image = decode_png(png)
    # Sample the page: text and diagrams make many distinct colours; a blank page has few.
    colours = {image.pixel(x, y) for y in range(0, image.height, 7) for x in range(0, image.width, 7)}
    assert len(colours) > 40
    header = image.pixel(image.width // 2, 5)
    assert (sum(header) > 600) == (mode == "light")


def test_templates_render_sections_and_front_side() -> None:
    fields = {"Term": "ReLU", "Alias": "", "Reverse": "y", "Definition": "max(0, x)"}
    assert render_template("{{Term}}{{#Alias}} ({{Alias}}){{/Alias}}", fields) == "ReLU"
    assert render_template("{{FrontSide}}<hr>{{Definition}}", fields, "F") == "F<hr>max(0, x)"
    assert render_template("{{#Reverse}}{{Definition}}{{/Reverse}}", {**fields, "Reverse": ""}) == ""
