"""A self-contained HTML page showing every card, front and back, as Anki would draw it.

Pure: cards and media in, one HTML string out. The note type's own templates and CSS are
used; diagrams are inlined as data URIs, so the page can be mailed or opened offline.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from html import escape

from .. import __version__
from ..parse.cloze import reveal
from .notetype import NoteType

_SECTION = re.compile(r"{{([#^])([^}]+)}}(.*?){{/\2}}", re.DOTALL)
_FIELD = re.compile(r"{{([^#^/}][^}]*)}}")
_SRC = re.compile(r'src="([^"]+)"')


def render_template(template: str, fields: Mapping[str, str], front: str = "",
                    cloze: tuple[int, bool] | None = None) -> str:
    """Anki's template syntax as the note types use it: fields, sections, ``{{FrontSide}}``, and
    ``{{cloze:Field}}`` for ``cloze`` = (the card's number, whether the answer is shown).

    >>> render_template("{{#B}}[{{B}}]{{/B}}{{^B}}none{{/B}} {{A}}", {"A": "x", "B": ""})
    'none x'
    """
    def section(match: re.Match[str]) -> str:
        kind, name, body = match.groups()
        filled = bool(fields.get(name.strip(), "").strip())
        return body if filled == (kind == "#") else ""

    previous = None
    while previous != template:
        previous, template = template, _SECTION.sub(section, template)

    def field(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name.startswith("cloze:") and cloze is not None:
            return reveal(fields.get(name[6:], ""), *cloze)
        return front if name == "FrontSide" else fields.get(name, "")

    return _FIELD.sub(field, template)


def _inline_media(html: str, media: Mapping[str, bytes]) -> str:
    def data_uri(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in media:
            return match.group(0)
        kind = "image/svg+xml" if name.endswith(".svg") else "application/octet-stream"
        return f'src="data:{kind};base64,{base64.b64encode(media[name]).decode()}"'

    return _SRC.sub(data_uri, html)


_PAGE_CSS = """
body { margin: 0; font-family: -apple-system, "Segoe UI", Roboto, Arial, sans-serif; background: #eef0f3; }
body.night { background: #1e1e20; color: #ddd; }
header { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: .6em; align-items: center;
  padding: .6em 1em; background: #fff; border-bottom: 1px solid #d0d3d9; }
body.night header { background: #2a2a2d; border-color: #444; }
header h1 { font-size: 1.05em; margin: 0 auto 0 0; }
header input { font: inherit; padding: .3em .5em; min-width: 14em; }
header button { font: inherit; padding: .3em .8em; }
main { padding: 1em; display: grid; gap: 1em; }
.item { border: 1px solid #cfd2d8; border-radius: 8px; overflow: hidden; background: #fff; }
body.night .item { border-color: #444; background: #2c2c2f; }
.item > .meta { font: 12px ui-monospace, Menlo, Consolas, monospace; padding: .35em .8em; background: #f6f7f9;
  color: #555; display: flex; justify-content: space-between; gap: 1em; }
body.night .item > .meta { background: #333336; color: #aaa; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
.side { border-top: 1px solid #e2e4e8; display: flex; flex-direction: column; }
body.night .side { border-color: #444; }
.side > .label { font: 11px sans-serif; text-transform: uppercase; letter-spacing: .08em; color: #888;
  padding: .4em .8em 0; }
.side > .card { min-height: 4em; flex: 1; }
.hidden { display: none; }
"""

_PAGE_JS = """
(function () {
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message || e)); }, true);
  var toggle = document.getElementById("mode"), search = document.getElementById("search");
  var count = document.getElementById("count"), items = document.querySelectorAll(".item");
  function setNight(on) {
    document.body.classList.toggle("night", on);
    document.querySelectorAll(".side > .card").forEach(function (c) {
      c.classList.toggle("nightMode", on); c.classList.toggle("night_mode", on);
    });
    toggle.textContent = on ? "Light mode" : "Night mode";
  }
  toggle.addEventListener("click", function () { setNight(!document.body.classList.contains("night")); });
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase(), shown = 0;
    items.forEach(function (it) {
      var hit = !q || it.textContent.toLowerCase().indexOf(q) >= 0;
      it.classList.toggle("hidden", !hit); if (hit) shown++;
    });
    count.textContent = shown + " of " + items.length + " cards";
  });
  if (location.hash === "#night") setNight(true);
  if (location.hash.indexOf("#search=") === 0) {
    search.value = decodeURIComponent(location.hash.slice(8)); search.dispatchEvent(new Event("input"));
  }
  window.addEventListener("load", function () {
    var imgs = document.images, ok = 0;
    for (var i = 0; i < imgs.length; i++) if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;
    document.body.dataset.images = ok + "/" + imgs.length;
    document.body.dataset.errors = String(errors.length);
  });
})();
"""


def _cards(fields: Mapping[str, str], numbers: tuple[int, ...], note_type: NoteType, cloze_type: NoteType | None
           ) -> list[tuple[str, str, str]]:
    """(card name, front, back) of each card a note makes, as Anki makes them."""
    made = []
    if numbers and cloze_type is not None:  # a card per cloze number
        (_, front_tpl, back_tpl), = cloze_type.templates
        for number in numbers:
            front = render_template(front_tpl, fields, cloze=(number, False))
            made.append((f"Cloze {number}", front, render_template(back_tpl, fields, front, cloze=(number, True))))
        return made
    for name, front_tpl, back_tpl in note_type.templates:
        front = render_template(front_tpl, fields)
        if not re.sub(r"<[^>]+>|\s", "", front):
            continue  # Anki makes no card whose front is empty (the reverse, unless asked for)
        made.append((name, front, render_template(back_tpl, fields, front)))
    return made


def page(title: str, cards: Sequence[tuple[str, Mapping[str, str], tuple[int, ...]]], note_type: NoteType,
         media: Mapping[str, bytes], cloze_type: NoteType | None = None) -> str:
    """The preview page for ``cards``: ``(deck, fields, cloze numbers)`` in deck order."""
    items = []
    total = 0
    for deck, fields, numbers in cards:
        for name, front, back in _cards(fields, numbers, note_type, cloze_type):
            total += 1
            meta = f"<span>{escape(deck)} · {escape(name)}</span><span>{fields.get('Source', '')}</span>"
            sides = "".join(
                f'<div class="side"><div class="label">{label}</div><div class="card card1">'
                f"{_inline_media(html, media)}</div></div>"
                for label, html in (("Front", front), ("Back", back))
            )
            items.append(f'<article class="item">\n<div class="meta">{meta}</div>\n'
                         f'<div class="sides">{sides}</div>\n</article>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} — preview</title>\n<style>{_PAGE_CSS}\n{note_type.css}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(title)}</h1><span id="count">{total} of {total} cards</span>'
        '<input id="search" type="search" placeholder="Search cards" aria-label="Search cards">'
        '<button id="mode" type="button">Night mode</button></header>\n'
        f"<main>\n{chr(10).join(items)}\n</main>\n"
        f"<footer style=\"padding:1em;color:#888;font-size:12px\">Built by notedeck {__version__}. "
        "Math is shown as its TeX source here; Anki typesets it.</footer>\n"
        f"<script>{_PAGE_JS}</script>\n</body>\n</html>\n"
    )
