"""The parsed document: blocks with their source lines, what is never a card, Obsidian's links."""

from __future__ import annotations

import subprocess
import sys

from notedeck.parse.shapes.document import Document, heading_text, wikilinks


def test_blocks_keep_their_source_lines_and_ignorable_ones_are_found_once() -> None:
    doc = Document("# Title\n\n[![b](https://x/b.svg)](https://x)\n\n- [A](#a)\n- [B](#b)\n\n<!-- note -->\n\n"
                   "Prose.\n\n```\ncode\n```\n")
    assert [(b.kind, b.first, b.end) for b in doc.blocks] == [
        ("heading", 0, 1), ("paragraph", 2, 3), ("bullet_list", 4, 7), ("html_block", 7, 8), ("paragraph", 9, 10),
        ("fence", 11, 14)]
    assert doc.ignorable == [False, True, True, True, False, False]
    assert [i for i in range(len(doc.lines)) if doc.code[i]] == [11, 12, 13]


def test_text_is_the_source_without_comments_and_shared_indentation() -> None:
    doc = Document("  one <!--SR:!2024-01-01,1,250-->\n    two\n\n\n\n  three\n")
    assert doc.text(0, 6) == "one\n  two\n\nthree"


def test_headings_lose_anchors_bold_and_dot_leaders() -> None:
    assert heading_text('<a name="x">Activation</a> ') == "Activation"
    assert heading_text("**Linked Lists**") == "Linked Lists"
    assert heading_text("Kafka ......................") == "Kafka"


def test_obsidian_links_become_markdown_and_markdown_links_stay() -> None:
    assert wikilinks("[[Cell|cells]] and ![[a b.png]] and ![[Other note]]") == \
        "cells and ![a b.png](a%20b.png) and ![[Other note]]"  # another note's text: kept, and refused (test_read)
    assert wikilinks("[[Answer]](https://example.org)") == "[[Answer]](https://example.org)"


def test_a_plain_notes_file_never_loads_the_markdown_parser() -> None:
    code = ("import sys; from notedeck import parse; "
            "r = parse.read('Neuron\\na unit\\nEpoch\\none pass\\n', 'n.txt', '.txt'); "
            "print(r.shape, 'markdown_it' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["plain", "False"]


def test_anchors_and_back_to_top_links_in_html_are_never_card_text() -> None:
    text = ('<a id="q1"></a>\n### Q1\n\nText.\n\n'
            '<div align="right"><a href="#table-of-contents">Back to top ⬆️</a></div>\n'
            '\n<p align="center"><a href="https://example.com">Example</a></p>\n')
    doc = Document(text)
    assert [doc.content(i) for i in (0, 5, 7)] == [False, False, True]  # a link out of the page is content
