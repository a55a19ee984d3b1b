"""Anki's field HTML → the notes' Markdown (or the HTML a [html] note keeps): what a card shows is what the field
showed, its text to the character, whatever the field holds; what a writing cannot keep, it says."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notedeck.adopt import from_html
from notedeck.adopt.from_html import Place, as_html, as_markdown, plain_text
from notedeck.render.markdown import Renderer, render_html, unwrapped


def _media(src: str) -> str | None:
    return f"media/{src}" if src.endswith(".png") else None


@pytest.mark.parametrize(("html", "place", "markdown", "lost"), [
    ("What is <b>ATP</b>?", Place.TERM, "What is **ATP**?", set()),
    ("one<br>two<div>three</div>", Place.BODY, "one\n\ntwo\n\nthree", set()),
    ("<i>a</i><span><i>b</i></span> <b>c <i>d</i></b>", Place.BODY, "*ab* **c *d***", set()),
    ("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>", Place.BODY, "- a\n- b\n  - c", set()),
    ('<ol start="3"><li>x</li></ol>', Place.BODY, "3. x", set()),
    ('see <a href="https://ex.org/a b">this</a>', Place.BODY, "see [this](https://ex.org/a%20b)", set()),
    ('<a href="javascript:x()">run</a>', Place.BODY, "run", {from_html.LINK}),
    ('<img src="cell.png" width="50"> and <img src="x.bmp">', Place.BODY, "![](media/cell.png) and",
     {from_html.IMAGE_SIZE, from_html.IMAGE}),
    ("costs $5 * 2_000 [see](x) `code`", Place.BODY, "costs \\$5 \\* 2\\_000 [see\\](x) \\`code\\`", set()),
    ("\\(a_1 &lt; b\\) and \\[x^2\\]", Place.BODY, "\\(a_1 < b\\) and \\[x^2\\]", set()),
    ("# not a heading", Place.BODY, "\\# not a heading", set()),
    ("1. not a list", Place.BODY, "1\\. not a list", set()),
    ("...", Place.BODY, "\\...", set()),
    ("{{c1::Paris}} is {{c2::big}}", Place.CLOZE, "{{c1::Paris}} is {{c2::big}}", set()),
    ("{{c1::Paris}} in a Basic note", Place.BODY, "\\{\\{c1::Paris}} in a Basic note", set()),
    ("H<sub>2</sub>O <u>polar</u>", Place.BODY, "H2O polar", {from_html.SUBSCRIPT, from_html.UNDERLINE}),
    ('<font color="red">red</font>', Place.BODY, "red", {from_html.STYLE}),
    ("<pre><code class=\"language-python\">x = 1\n\ty = 2</code></pre>", Place.BODY, "```python\nx = 1\n    y = 2\n```",
     {from_html.CODE_LAYOUT}),
    ("<table><tr><th>a</th><th>b|c</th></tr><tr><td>1</td><td>2</td></tr></table>", Place.BODY,
     "| a | b\\|c |\n| --- | --- |\n| 1 | 2 |", set()),
    ("line one<br>line two", Place.CLOZE, "line one line two", {from_html.LINE_BREAK}),
    ("C:\\dir", Place.TERM, "C:\\dir", set()),  # a term shown as text: written as it reads
])
def test_fields_in_markdown(html: str, place: Place, markdown: str, lost: set[str]) -> None:
    written = as_markdown(html, _media, place)
    assert (written.text, set(written.lost)) == (markdown, lost)


def test_the_html_a_note_keeps_when_markdown_cannot_say_it() -> None:
    assert as_html("H<sub>2</sub>O, <u>polar</u>").text == "H<sub>2</sub>O, <u>polar</u>"
    assert as_html("<div>one</div><div>two <b>three</b></div>").text == "one<br>two <b>three</b>"
    assert as_html("# hash", Place.TERM).text == "&#35; hash"  # the plain format's heading, said otherwise
    assert as_html("{{c1::x}}").text == "&#123;&#123;c1::x}}"  # not a cloze note: text
    assert set(as_html('<img src="a.png"> <a href="https://x.org">x</a>').lost) == {from_html.IMAGE, from_html.LINK}


# Fields as Anki's editor writes them: text with Markdown's, notedeck's and Anki's special characters, in
# emphasis, code, paragraphs and lists, nested.
_ATOM = st.sampled_from(list("ab \\`*_[]$&>#-+=~|:{}()!.1") + [
    "&lt;", "&amp;", "c1::", "{{", "}}", "\\(", "\\)", "&nbsp;", "<br>", "1. ", "- ", "http://x", "&copy;", "---"])
_TEXT = st.lists(_ATOM, min_size=1, max_size=8).map("".join)


def _wrapped(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["b", "i", "div", "p", "code", "span", "li", "u"]), inner).map(
        lambda t: f"<ul><li>{t[1]}</li></ul>" if t[0] == "li" else f"<{t[0]}>{t[1]}</{t[0]}>")


_FIELD = st.recursive(_TEXT, lambda inner: st.one_of(_wrapped(inner), st.lists(inner, min_size=1, max_size=3).map(
    "".join)), max_leaves=8)


@given(_FIELD, st.sampled_from(list(Place)))
def test_a_field_written_in_markdown_shows_its_text_as_it_was_or_says_what_it_lost(html: str, place: Place) -> None:
    written = as_markdown(html, _media, place)
    renderer = Renderer()
    shown = renderer.term(written.text) if place == Place.TERM else renderer.definition(written.text)
    if not written.lost:
        assert plain_text(shown) == plain_text(html), (written.text, shown)


@given(_FIELD, st.sampled_from(list(Place)))
def test_a_field_written_as_html_shows_its_text_as_it_was_or_says_what_it_lost(html: str, place: Place) -> None:
    written = as_html(html, place)
    shown = unwrapped(render_html(written.text)) if place == Place.TERM else render_html(written.text)
    if not written.lost:
        assert plain_text(shown) == plain_text(html), (written.text, shown)


def test_a_field_of_backslashes_alone_shows_them_all() -> None:
    # Found by the property above: an escaped line of backslashes read as a line of punctuation got one more.
    for html in ("\\\\", "\\\\\\", "\\\\\\\\"):
        written = as_markdown(html, _media, Place.BODY)
        assert plain_text(Renderer().definition(written.text)) == html
