"""Glossary tables: pipe and HTML, columns found by their names, other columns as Extra."""

from __future__ import annotations

from notedeck.parse.shapes import ruler
from notedeck.parse.shapes.tables import columns


def test_pipe_table_with_escaped_bars_and_an_extra_column() -> None:
    text = "| Word | Type | Meaning |\n| --- | --- | --- |\n| la fresa \\| la frutilla | noun (f) | strawberry |\n"
    (entry,) = ruler.read(text).entries
    assert (entry.term, entry.definition, entry.extra, entry.line) == ("la fresa | la frutilla", "strawberry",
                                                                       "Type: noun (f)", 3)


def test_columns_are_found_by_name_and_a_repeated_header_holds_two_cards() -> None:
    assert columns(["No.", "単語", "品詞", "意味"]) == (1, 3, 4)
    assert columns(["Abbreviation", "Meaning"]) == (0, 1, 2)
    assert columns(["No", "Word", "Meaning", "No", "Word", "Meaning"]) == (1, 2, 3)
    assert columns(["Name", "Topic", "Solution"]) is None  # a list of exercises: no glossary


def test_html_table_with_a_misspelt_header_and_code() -> None:
    text = ("<table>\n<theader>\n<tr><td><b>Term</b></td><td><b>Definition<b></td></tr>\n</theader>\n"
            "<tr>\n  <td>tail</td>\n  <td>its <code>next</code> is <code>NULL</code></td>\n</tr>\n</table>\n")
    (entry,) = ruler.read(text).entries
    assert (entry.term, entry.definition, entry.line) == ("tail", "its `next` is `NULL`", 6)


def test_a_table_of_contents_is_never_cards() -> None:
    reading = ruler.read("| No. | Questions |\n| --- | --- |\n| 1 | [Hoisting](#hoisting) |\n")
    assert reading.entries == [] and reading.skipped == []
