"""No live markup in a shared deck: injection payloads through Markdown, raw HTML and math."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..conftest import Anki, run_main

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<svg onload="alert(1)"><circle r="9"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
    '<a href="javascript:alert(1)">link</a>',
    '<div style="background:url(https://tracker.example/p.png)">styled</div>',
    "<style>body{background:url(https://tracker.example/s.png)}</style>",
    '<link rel="stylesheet" href="https://tracker.example/x.css">',
    '<form action="https://evil.example"><input name="q"></form>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '"><script>alert(1)</script>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[t](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "![pixel](https://tracker.example/pixel.png)",
    "![pixel](//tracker.example/pixel.png)",
    "![pixel][r]\n\n  [r]: https://tracker.example/ref.png",
    "<https://ok.example/autolink>",
    r"\(\href{javascript:alert(1)}{x}\)",
    r"$\href{javascript:alert(1)}{x}$",
    r"\[\require{html}\class{x}{y}\style{color:red}{z}\cssId{i}{w}\url{https://x.example}\]",
    r"$\bbox[background:url(https://tracker.example/p.png)]{x}$",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
]

_LIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "style", "link", "form", "math", "base", "meta",
              "frame", "frameset", "input", "button", "audio", "video", "source", "applet"}
_URL_ATTRS = {"href", "src", "action", "data", "formaction", "xlink:href", "poster", "background"}
_ACTING_MATH = re.compile(r"\\(href|url|require|class|style|cssId|html\w*|bbox)\b")


class _Live(HTMLParser):
    """Collects what in a piece of HTML would act: live tags, handlers, script URLs, remote loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.found.append(f"{name}= handler")
            elif name == "style":
                self.found.append("inline style")
            elif name in _URL_ATTRS and url.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"{name}={url[:20]}")
            elif name in ("src", "poster", "background") and url.startswith(("http:", "https:", "//")):
                self.found.append(f"remote {name}")


def live_markup(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found + [f"MathJax {m.group(0)}" for m in _ACTING_MATH.finditer(html)]


@pytest.fixture(scope="module")
def hostile_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "notes").mkdir()
    lines = []
    for i, payload in enumerate(PAYLOADS):
        definition = payload.replace("\n", "\n  ")  # continuation lines are indented
        lines.append(f"# Heading {i} {payload.splitlines()[0]}\nTerm {i} {payload.splitlines()[0]}\n{definition}\n\n")
    (folder / "notes" / "hostile.md").write_text("".join(lines), encoding="utf-8")
    run = run_main("--deck", "Hostile", cwd=folder, env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert run.code == 0, run.err
    return folder / "dist" / "Hostile.apkg"


def test_the_package_fields_carry_no_live_markup(hostile_deck: Path, tmp_path: Path) -> None:
    import sqlite3

    with zipfile.ZipFile(hostile_deck) as zf:
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as conn:
        rows = conn.execute("select flds, tags from notes").fetchall()
    assert len(rows) == len(PAYLOADS)
    for fields, tags in rows:
        assert live_markup(fields) == [], fields
        assert "<" not in tags and '"' not in tags


def test_cards_as_real_anki_renders_them_carry_no_live_markup(hostile_deck: Path, anki: Anki) -> None:
    anki.import_apkg(hostile_deck)
    notes = anki.notes()
    assert len(notes) == len(PAYLOADS)
    for note in notes.values():
        for card in note.cards():
            for html in (card.question(), card.answer()):
                body = re.sub(r"^<style>.*?</style>", "", html, flags=re.S)  # Anki's own wrapper of our CSS
                assert live_markup(body) == [], body


def test_payloads_are_still_shown_as_text(hostile_deck: Path, anki: Anki) -> None:
    anki.import_apkg(hostile_deck)
    notes = {n["Term"].split(" ", 2)[1]: n for n in anki.notes().values()}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notes["0"]["Definition"]
    assert ">click<" in notes["13"]["Definition"]  # the link text stays, the script URL goes
    assert "pixel" in notes["20"]["Definition"]  # a remote image becomes its text


def test_the_detector_sees_live_markup_when_it_is_there() -> None:
    raw = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href=" javascript:alert(1)">x</a>',
           '<img src="https://t.example/p.png">', '<p style="color:red">x</p>', r"\(\href{https://x}{y}\)",
           "<svg><circle/></svg>"]
    assert [bool(live_markup(p)) for p in raw] == [True] * len(raw)
    assert live_markup("<p>&lt;script&gt; src=https://x <code>\\(a\\)</code></p>") == []
