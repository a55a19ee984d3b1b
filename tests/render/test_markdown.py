"""Rendering rules: Markdown to HTML, math kept for MathJax, raw HTML shown as text."""

from __future__ import annotations

import pytest

from notedeck.render.markdown import math_spans, render_definition, render_inline


@pytest.mark.parametrize(("source", "html"), [
    (r"\(x_i + y_i\)", r"<p>\(x_i + y_i\)</p>"),
    (r"\[\sum_{i=1}^n w_i x_i\]", r"<p>\[\sum_{i=1}^n w_i x_i\]</p>"),
    (r"a \(\frac{a}{b} * c * d\) b", r"<p>a \(\frac{a}{b} * c * d\) b</p>"),
    ("$x_i^2$ and $y_i$", r"<p>\(x_i^2\) and \(y_i\)</p>"),
    ("$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$", r"<p>\[\sigma(z) = \frac{1}{1+e^{-z}}\]</p>"),
    ("$$a\n< b$$", "<p>\\[a\n&lt; b\\]</p>"),
    (r"\(a < b\)", r"<p>\(a &lt; b\)</p>"),
])
def test_math_reaches_anki_untouched(source: str, html: str) -> None:
    assert render_definition(source) == html


@pytest.mark.parametrize(("source", "html"), [
    ("costs $5 and $10", "<p>costs $5 and $10</p>"),  # pandoc: a closing $ needs no space before it
    ("$ 5 $", "<p>$ 5 $</p>"),  # nor may the opening one have a space after it
    ("$20,000 and $30,000", "<p>$20,000 and $30,000</p>"),
    ("from $x$1", "<p>from $x$1</p>"),  # a closing $ followed by a digit is not one
    (r"\$x\$ literal", "<p>$x$ literal</p>"),
    ("`$x$` in code", "<p><code>$x$</code> in code</p>"),
])
def test_dollars_follow_pandoc_rules(source: str, html: str) -> None:
    assert render_definition(source) == html


@pytest.mark.parametrize(("source", "html"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("<b>bold</b> & <i>x</i>", "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;</p>"),
    ("<div onclick='x()'>\nblock\n</div>", "<p>&lt;div onclick='x()'&gt;\nblock\n&lt;/div&gt;</p>"),
    ("[click](javascript:alert(1))", "<p><span>click</span></p>"),
    ("[see](#other-term) and [file](notes.txt)", "<p><span>see</span> and <span>file</span></p>"),
    ("[site](https://example.org)", '<p><a href="https://example.org">site</a></p>'),
    ("![pixel](https://tracker.example/p.png)", '<p><span class="image-alt">pixel</span></p>'),
])
def test_raw_html_is_text_and_nothing_live(source: str, html: str) -> None:
    assert render_definition(source) == html


def test_markdown_renders() -> None:
    assert render_definition("**bold**, *em*, `code`") == (
        "<p><strong>bold</strong>, <em>em</em>, <code>code</code></p>")
    assert render_definition("steps:\n- one\n- two") == "<p>steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    assert render_definition("```\nx < 1\n```") == "<pre><code>x &lt; 1\n</code></pre>"


def test_markdown_state_does_not_leak_between_definitions() -> None:
    first = render_definition("[a][ref]\n\n[ref]: https://example.org")
    assert 'href="https://example.org"' in first
    assert render_definition("[a][ref]") == "<p>[a][ref]</p>"


def test_terms_are_escaped_text_with_math() -> None:
    assert render_inline("<b>ReLU</b> $\\max(0,x)$") == r"&lt;b&gt;ReLU&lt;/b&gt; \(\max(0,x)\)"
    assert render_inline("A & B") == "A &amp; B"


def test_math_spans_ignore_fenced_code() -> None:
    assert list(math_spans("```\n$x$\n```\n$y$")) == [(12, 15, "inline", "y")]


@pytest.mark.parametrize(("source", "html"), [
    (r"\(\href{javascript:alert(1)}{x}\)", r"<p>\(\backslash{}href{javascript:alert(1)}{x}\)</p>"),
    (r"$\url{https://x.example}$", r"<p>\(\backslash{}url{https://x.example}\)</p>"),
    (r"\[\require{html}\htmlClass{a}{b}\]", r"<p>\[\backslash{}require{html}\backslash{}htmlClass{a}{b}\]</p>"),
    (r"\(\hrefx \urlish \stylize\)", r"<p>\(\hrefx \urlish \stylize\)</p>"),  # only whole command names
])
def test_mathjax_commands_that_act_are_shown_not_run(source: str, html: str) -> None:
    assert render_definition(source) == html
