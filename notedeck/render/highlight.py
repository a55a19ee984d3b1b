"""Highlighted code: fenced blocks with a language, coloured at build time by Pygments.

Pure. A block is coloured with class names (``<span class="k">``), never inline styles or
script; the note type's CSS gives each class a colour for light and for night cards (the
block in ``templates/card.css`` between the ``code colours`` markers, which ``css()``
writes). Each colour is Pygments' own, from a light and a dark style, moved in lightness
only as far as it takes to read at WCAG AA (4.5:1) on the code background. A block without
a language, or with one Pygments does not know, stays plain.

    python -m notedeck.render.highlight   # prints the CSS block, to paste into card.css
"""

from __future__ import annotations

import colorsys

LIGHT_STYLE, NIGHT_STYLE = "default", "monokai"
LIGHT_BG, NIGHT_BG = "#f2f3f5", "#3a3b40"  # --nd-code-bg in card.css, light and night
AA = 4.5
BEGIN, END = "/* code colours: begin (notedeck.highlight.css()) */", "/* code colours: end */"
NIGHT = (".card.nightMode", ".card.night_mode", ".nightMode .card", ".night_mode .card")


def highlight(code: str, language: str) -> str | None:
    """The HTML of ``code`` coloured as ``language``, or None when Pygments does not know it."""
    from pygments import highlight as colour
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None
    return str(colour(code, lexer, HtmlFormatter(nowrap=True)))


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str) -> str:
    """``colour`` with its lightness moved (hue and saturation kept) until it reads on ``background``."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    darker = luminance(background) > 0.5
    step = -0.01 if darker else 0.01
    current = colour
    while contrast(current, background) < AA and 0 <= light <= 1:
        light = min(1.0, max(0.0, light + step))
        current = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, light, saturation))
        if light in (0.0, 1.0):
            break
    return current


def _rules(style_name: str, background: str, scopes: tuple[str, ...]) -> list[str]:
    from pygments.styles import get_style_by_name
    from pygments.token import STANDARD_TYPES

    style = get_style_by_name(style_name)
    rules = []
    for token, name in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        if not name:
            continue
        spec = style.style_for_token(token)
        if not spec["color"]:
            continue
        colour = readable("#" + spec["color"].lower(), background)
        weight = " font-weight: 600;" if spec["bold"] else ""
        slant = " font-style: italic;" if spec["italic"] else ""
        selectors = ", ".join(f"{scope} .nd-code .{name}" for scope in scopes)
        rules.append(f"{selectors} {{ color: {colour};{weight}{slant} }}")
    return rules


def css() -> str:
    """The code colours of the note type's CSS, light and night."""
    lines = [BEGIN, *_rules(LIGHT_STYLE, LIGHT_BG, (".card",)), *_rules(NIGHT_STYLE, NIGHT_BG, NIGHT), END]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(css(), end="")
