"""Render diagrams as Anki shows them (``<img class="diagram">`` on a card) with headless Chromium.

Shared by the PNG test and the contact sheet. Every diagram goes on one page per mode in a
grid of fixed-size cells, so a whole mode costs one browser launch; the screenshot is then
decoded with the standard library (zlib + struct) and cut back into cells.
"""

from __future__ import annotations

import html
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CARD_CSS = ROOT / "notedeck" / "output" / "templates" / "card.css"
NIGHT_BACKGROUND = (0x2F, 0x2F, 0x31)
LIGHT_BACKGROUND = (0xFF, 0xFF, 0xFF)

# A cell holds one card; the card is as wide as the widest diagram plus the card's padding.
CELL_W, CELL_H, CAPTION_H = 700, 680, 34
CARD_W, CARD_H = 680, 640


def find_chromium() -> str | None:
    """The Chromium binary, or None when this machine has none."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass(frozen=True)
class Item:
    """One diagram to place on the sheet: a caption and an SVG file."""

    caption: str
    svg: Path
    background: str | None = None  # overrides the card's background (for negative controls)


@dataclass(frozen=True)
class Image:
    """A decoded RGB screenshot."""

    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row = self.rows[y]
        return row[3 * x], row[3 * x + 1], row[3 * x + 2]


def sheet_html(items: Sequence[Item], night: bool, columns: int) -> str:
    """A page of cards in a grid of fixed cells; night cards get Anki desktop's body classes."""
    css = CARD_CSS.read_text(encoding="utf-8")
    background = "#%02x%02x%02x" % (NIGHT_BACKGROUND if night else LIGHT_BACKGROUND)
    cells = []
    for i, item in enumerate(items):
        left, top = (i % columns) * CELL_W, (i // columns) * CELL_H
        cells.append(
            f'<div class="cap" style="left:{left + 10}px;top:{top + 4}px">{html.escape(item.caption)}</div>'
            f'<div class="card" style="left:{left + 10}px;top:{top + CAPTION_H}px;'
            f'background-color:{item.background or background}">'
            f'<img class="diagram" src="{item.svg.resolve().as_uri()}" alt="{html.escape(item.caption)}"></div>'
        )
    body_class = ' class="nightMode night_mode"' if night else ""
    page_background = "#1e1e20" if night else "#f4f4f6"
    caption_colour = "#e8e8ea" if night else "#1d1d21"
    return (
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>" + css +
        f"body{{margin:0;background:{page_background}}}"
        f".card{{position:absolute;width:{CARD_W}px;height:{CARD_H}px;overflow:hidden;padding:0 10px;"
        "box-sizing:border-box}"
        f".cap{{position:absolute;font:600 16px sans-serif;color:{caption_colour}}}"
        f"</style></head><body{body_class}>" + "".join(cells) + "</body></html>"
    )


def screenshot(page: str, size: tuple[int, int], out: Path, chromium: str) -> None:
    """Render an HTML page to a PNG with a fresh, throwaway browser profile."""
    with tempfile.TemporaryDirectory(prefix="notedeck-chromium-") as tmp:
        page_path = Path(tmp) / "page.html"
        page_path.write_text(page, encoding="utf-8")
        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={tmp}/profile",
            f"--screenshot={out}", f"--window-size={size[0]},{size[1]}", page_path.as_uri(),
        ]
        subprocess.run(args, check=True, capture_output=True, timeout=120)


def render_sheet(items: Sequence[Item], night: bool, out: Path, columns: int = 3) -> tuple[int, int]:
    """Screenshot all items on one page; return the page size."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("chromium not found")
    rows = (len(items) + columns - 1) // columns
    size = (columns * CELL_W, rows * CELL_H)
    screenshot(sheet_html(items, night, columns), size, out, chromium)
    return size


def render_modes(items: Sequence[Item], folder: Path, columns: int = 3) -> dict[str, Path]:
    """Render the light and the night sheet side by side (two browsers, one per core)."""
    outs = {mode: folder / f"sheet-{mode}.png" for mode in ("light", "night")}
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(render_sheet, items, mode == "night", out, columns) for mode, out in outs.items()]
        for job in jobs:
            job.result()
    return outs


PER_PAGE = 30  # cards on one screenshot: Chromium cannot capture pages much taller than 16,000 pixels


def pages(items: Sequence[Item], per_page: int = PER_PAGE) -> list[list[Item]]:
    """The items cut into pages a browser can capture whole."""
    return [list(items[k:k + per_page]) for k in range(0, len(items), per_page)]


def render_pages(items: Sequence[Item], folder: Path, columns: int = 3,
                 per_page: int = PER_PAGE) -> list[dict[str, Path]]:
    """Render the items page by page, light and night; each page's sheets in its own folder."""
    done = []
    for number, page in enumerate(pages(items, per_page), start=1):
        where = folder / f"page-{number}"
        where.mkdir(parents=True, exist_ok=True)
        done.append(render_modes(page, where, columns))
    return done


def card_box(index: int, columns: int = 3) -> tuple[int, int, int, int]:
    """``(left, top, width, height)`` of the card holding item ``index`` on the sheet."""
    left, top = (index % columns) * CELL_W + 10, (index // columns) * CELL_H + CAPTION_H
    return left, top, CARD_W, CARD_H


def decode_png(path: Path) -> Image:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into RGB rows."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, chunk = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
    if header is None:
        raise ValueError(f"{path} has no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit, non-interlaced RGB/RGBA is supported")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], raw[start + 1:start + 1 + stride], previous, bpp)
        previous = line
        rows.append(line if bpp == 3 else _drop_alpha(line))
    return Image(width, height, rows)


@lru_cache(maxsize=8)
def _lanes(n: int) -> tuple[int, int]:
    # Alternate bytes: a carry out of one byte lands in a masked-off neighbour and is dropped.
    return (int.from_bytes((b"\xff\x00" * (n // 2 + 1))[:n], "big"),
            int.from_bytes((b"\x00\xff" * (n // 2 + 1))[:n], "big"))


def _add_bytes(a: bytes, b: bytes) -> bytes:
    """Bytewise (a + b) mod 256 with big-integer additions instead of a Python loop.

    >>> _add_bytes(bytes([250, 1, 255]), bytes([10, 2, 1]))
    b'\\x04\\x03\\x00'
    """
    n = len(a)
    first, second = _lanes(n)
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    total = (((x & first) + (y & first)) & first) | (((x & second) + (y & second)) & second)
    return total.to_bytes(n, "big")


def _unfilter(kind: int, line: bytes, prev: bytes, bpp: int) -> bytes:
    # PNG filters 0-4 (RFC 2083 §6); Up, the commonest for screenshots, takes the fast path.
    if kind == 0:
        return line
    if kind == 2:
        return _add_bytes(line, prev)
    out = bytearray(line)
    n = len(out)
    if kind == 1:
        for i in range(bpp, n):
            out[i] = (out[i] + out[i - bpp]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            if i >= bpp:
                a, c = out[i - bpp], prev[i - bpp]
            else:
                a = c = 0
            b = prev[i]
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[i] = (out[i] + pred) & 0xFF
    else:
        raise ValueError(f"unknown PNG filter {kind}")
    return bytes(out)


def _drop_alpha(line: bytes) -> bytes:
    out = bytearray(len(line) // 4 * 3)
    out[0::3], out[1::3], out[2::3] = line[0::4], line[1::4], line[2::4]
    return bytes(out)


@dataclass(frozen=True)
class Contrast:
    """Pixel counts inside one card."""

    total: int
    changed: int  # differs visibly from the card's background
    ink: int  # strongly contrasting with the background: lines and text


def measure(image: Image, box: tuple[int, int, int, int], background: tuple[int, int, int]) -> Contrast:
    """Count the pixels of a card that differ from its background, and the ink-strength ones.

    Works on the green channel (most of perceived brightness; the ink and the backgrounds are
    grey) through ``bytes.translate``, so a whole sheet is measured at C speed.
    """
    left, top, width, height = box
    bg = background[1]
    changed_table = bytes(1 if abs(v - bg) > 24 else 0 for v in range(256))
    ink_table = bytes(1 if abs(v - bg) > 140 else 0 for v in range(256))
    changed = ink = 0
    for y in range(top, min(top + height, image.height)):
        green = image.rows[y][3 * left + 1:3 * (left + width):3]
        changed += green.translate(changed_table).count(1)
        ink += green.translate(ink_table).count(1)
    return Contrast(width * height, changed, ink)


_DARK = re.compile(rb"[\x00-\x8c]")  # green channel below 141: ink on a light card


def luminance(rgb: tuple[int, int, int]) -> float:
    """Brightness 0–255 with Rec. 709 weights (no gamma: only compared with thresholds)."""
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_survival(light: Image, light_box: tuple[int, int, int, int], other: Image,
                 other_box: tuple[int, int, int, int], other_background: tuple[int, int, int]) -> tuple[int, int]:
    """How many ink pixels a light card has, and how many of them still stand out in ``other``.

    The same picture is laid out identically in both cards, so pixel (x, y) of one is (x, y)
    of the other. On a night card, ink must be lighter than the background by a clear margin.
    """
    left, top, width, height = light_box
    o_left, o_top = other_box[0], other_box[1]
    bg = luminance(other_background)
    ink = survived = 0
    for dy in range(height):
        green = light.rows[top + dy][3 * left + 1:3 * (left + width):3]
        for match in _DARK.finditer(green):
            ink += 1
            if luminance(other.pixel(o_left + match.start(), o_top + dy)) - bg > 60:
                survived += 1
    return ink, survived
