"""The fast paths for plain text give exactly what the Markdown and math path gives."""

from __future__ import annotations

import random
from html import escape

import pytest

from notedeck.parse import spans
from notedeck.render.markdown import Renderer, render_inline
# The math path a term takes when math may start in it: the oracle of its fast path, private on purpose
# (no public function renders a term the slow way only).
from notedeck.render.markdown import _lift_math, _put_back

RENDERER = Renderer()  # one for the module, as a build has one

TRICKY = [
    "plain words", "a unit that sums weighted inputs", "Input, Forget, Output", "3 layers deep",
    "costs 5 & more", "R&D", "A &amp; B", "&copy; 2024", "&#169;", "&#xA9;", "&", "a &", "& a",
    "a < b", "a <b", "a<b", "<b>bold</b>", "<https://example.org>", "<me@example.org>", "x > y", "> quote",
    "a -> b", "'single' and \"double\" quotes", "it's", "naïve café ünïcödé", "日本語の説明", "emoji 🙂 ok",
    "x — y – z", "curly ’quotes’ “here”", "a -- b", "--", "---", "- item", "-1 is negative", "+ item", "+1",
    "* item", "*", "**", "1. first", "1) first", "1999. a year", "1.5 is a number", "2) two", "10.",
    "# heading", "#hashtag", "C# and F#", "## two", "=== rule", "= equals", "a = b", "| table |", "a | b",
    ": colon", "a: b", "~~~", "~ tilde", "a ~ b", "~~strike~~", "https://example.org/page", "see http://x.y",
    "www.example.org", "mail me@example.org", "trailing space ", "trailing two  ", " leading", "  leading two",
    "    code", "tab\there", "line\nbreak", "cr\rhere", "nbsp\u00a0here", "sep\u2028here", "nel\u0085here",
    "ctrl\x02x\x03", "\ue000private\ue001", "\ue0000\ue001", "a_b", "snake_case_name", "`code`", "$5 and $10",
    "$x$", "\\(x\\)", "back\\slash", "[link](https://x.org)", "[a]", "![img](x.png)", "a!", "wow!", "!",
    "a  b double space", "(parenthesised)", "{braces}", "^caret", "100%", "a/b", "a@b", "0", "x", ".", "..",
    "...", "?", "a.", "soft\u00adhyphen", "zero\u200bwidth", "\ufeffbom", "ﬁ ligature", "Å", "K",
]

PIECES = [
    "word", "Term", "x", "42", "1.", "1)", " ", " ", " ", "  ", "&", "&amp;", "&#1;", "&x", "<", "< ", ">",
    "'", '"', "--", "-", "+", "*", "_", "`", "$", "\\", "[", "]", "(", ")", "!", "~", "|", ":", "=", "#",
    "é", "→", "—", "’", "日本", "🙂", "\u00a0", "\t", "\n", "https://example.org", "<http://a.b>", "a@b.c",
    "\ue000", "\ue001", "\x02", "%", "/", ".", ",", ";", "?", "{", "}", "^", "@",
]


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    plain = [p for p in PIECES if p not in "&<>\\`*_[]$\t\n"]
    out = []
    for _ in range(count):
        pool = plain if rng.random() < 0.5 else PIECES  # half of them mostly fast-path material
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 12))))
    return out


INPUTS = TRICKY + generated(6000, 1)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_definitions_render_as_markdown_does(text: str) -> None:
    assert RENDERER.definition(text) == RENDERER.markdown(text)


def test_generated_definitions_render_as_markdown_does(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer, slow = Renderer(), []
    markdown = renderer.markdown

    def counted(text: str, images=None) -> str:  # type: ignore[no-untyped-def]
        slow.append(text)
        return markdown(text, images)

    monkeypatch.setattr(renderer, "markdown", counted)
    for text in INPUTS:
        assert renderer.definition(text) == RENDERER.markdown(text), repr(text)
    fast = len(INPUTS) - len(slow)
    assert fast > 1000  # the comparison covers the fast path, not only the bail-outs


def test_plain_definitions_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(text: str) -> str:
        raise AssertionError(f"slow path for {text!r}")

    renderer = Renderer()
    monkeypatch.setattr(renderer, "markdown", slow)
    for text in ("a unit that sums weighted inputs", "Input, Forget, Output", "costs 5 & more", "a < b",
                 "it's \"quoted\"", "naïve café", "a -> b", "3 layers deep", "C# is a language"):
        assert renderer.definition(text) == f"<p>{escape(text, quote=False)}</p>"


def test_terms_render_as_the_math_path_does() -> None:
    for text in INPUTS:
        lifted, saved = _lift_math(text)
        assert render_inline(text) == _put_back(escape(lifted, quote=False), saved), repr(text)


def test_math_spans_agree_with_a_step_by_step_walk() -> None:
    """The scan jumps between the characters that matter; it finds what stepping finds."""
    rng = random.Random(2)
    alphabet = ["a", " ", "\n", "`", "``", "```", "~~~", "\\", "\\(", "\\)", "\\[", "\\]", "\\$", "$", "$$",
                "x_i", "5", "\n\n"]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        assert list(spans.math_spans(text)) == list(_stepping_math_spans(text)), repr(text)


def _stepping_math_spans(text: str):  # type: ignore[no-untyped-def]
    """The original character-by-character scan, kept as the reference."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and text.startswith(("```", "~~~"), i):
            fence = text[i : i + 3]
            close = text.find("\n" + fence, i + 3)
            i = n if close == -1 else close + 4
        elif c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            i = i + run if close == -1 else close + run
        elif c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            closer = {"(": "\\)", "[": "\\]"}.get(nxt)
            end = -1 if closer is None else text.find(closer, i + 2)
            if end != -1:
                yield i, end + 2, "inline" if nxt == "(" else "display", text[i + 2 : end]
                i = end + 2
            elif nxt == "$":
                yield i, i + 2, "dollar", "$"
                i += 2
            else:
                i += 2
        elif c == "$":
            # The dollar rule itself is shared on purpose (private): this walk checks the jumps between the
            # characters that matter, and tests/render/test_markdown.py checks the rule (Pandoc's).
            span = spans._dollar_span(text, i)
            if span is None:
                i += 2 if text.startswith("$$", i) else 1
            else:
                yield span
                i = span[1]
        else:
            i += 1
