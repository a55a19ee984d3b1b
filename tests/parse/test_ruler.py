"""The ruler: rules claim regions in order, a file mixes them, and a file never changes shape silently."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from notedeck import parse as readers
from notedeck.errors import NotesError
from notedeck.parse.shapes import ruler

_WORD = st.text(st.characters(categories=("L",)), min_size=2, max_size=8)
_TERM = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_DEFINITION = st.lists(_WORD, min_size=3, max_size=8).map(" ".join)


def _write(shape: str, cards: list[tuple[str, str]]) -> str:
    """A file in ``shape`` with these cards, as people write them."""
    if shape == "plain":
        return "".join(f"{t}\n{d}\n" for t, d in cards)
    if shape == "bullets":
        return "# Glossary\n\n" + "".join(f"- **{t}**: {d}\n" for t, d in cards)
    if shape == "headings":
        return "# Glossary\n\n" + "".join(f"## {t}\n\n{d}.\n\n" for t, d in cards)
    if shape == "table":
        return "| Term | Definition |\n|---|---|\n" + "".join(f"| {t} | {d} |\n" for t, d in cards)
    if shape == "obsidian":
        return "#flashcards\n\n" + "".join(f"{t}\n?\n{d}\n\n" for t, d in cards)
    if shape == "definition-list":
        return "".join(f"{t}\n: {d}\n\n" for t, d in cards)
    if shape == "bold-terms":
        return "# Glossary\n\n" + "".join(f"**{t}**\n{d}\n\n" for t, d in cards)
    if shape == "qa":
        return "".join(f"**Q: {t}?**\n\nA: {d}\n\n" for t, d in cards)
    if shape == "remnote":
        return "".join(f"- {t} >> {d}\n" for t, d in cards)
    raise AssertionError(shape)


SHAPES = ("plain", "bullets", "headings", "table", "obsidian", "definition-list", "bold-terms", "qa", "remnote")


@st.composite
def files(draw: st.DrawFn) -> tuple[str, str, int]:
    """A file in some shape, and the line of one of its cards to delete."""
    shape = draw(st.sampled_from(SHAPES))
    terms = draw(st.lists(_TERM, min_size=3, max_size=8, unique_by=lambda t: t.casefold()))
    cards = [(t, draw(_DEFINITION)) for t in terms]
    text = _write(shape, cards)
    lines = text.split("\n")
    card_lines = [i for i, line in enumerate(lines) if any(t in line or d in line for t, d in cards)]
    return shape, text, draw(st.sampled_from(card_lines))


@given(files())
def test_a_file_with_one_card_line_deleted_never_builds_another_shape_silently(case: tuple[str, str, int]) -> None:
    written, text, deleted = case
    first = readers.read(text, "n.md", ".md")
    # "**Term**" then its definition line is notedeck's own plain format too: either is the file's shape.
    assert first.shape == written or (written == "bold-terms" and first.shape == "plain")
    shape = first.shape
    lines = text.split("\n")
    broken = "\n".join(lines[:deleted] + lines[deleted + 1:])
    # Remembered (the state), the file is read in its shape again: an error there, or the same shape.
    try:
        again = readers.read(broken, "n.md", ".md", remembered=first.remembered)
    except NotesError as err:
        assert all(p.path == "n.md" for p in err.problems)
    else:
        assert again.shape == shape and again.remembered["shape"] == first.remembered["shape"]
    # Detected anew (no state), it is refused, or read in the same shape: never quietly in another.
    try:
        detected = readers.read(broken, "n.md", ".md")
    except NotesError:
        return
    assert detected.shape == shape


def test_a_mixed_file_reads_each_region_in_its_own_shape() -> None:
    text = ("# Security\n\n| Abbreviation | Meaning |\n|---|---|\n| TLS | Transport Layer Security |\n"
            "| VPN | Virtual Private Network |\n\n## Terms\n\n- **Salt**: random data added before hashing\n"
            "- **Phishing** — tricking users into giving credentials\n\nSome prose between cards.\n")
    reading = ruler.read(text)
    assert reading.shapes == ("table", "bullets") and reading.shape == "markdown"
    assert [(e.term, e.line, e.headings) for e in reading.entries] == [
        ("TLS", 5, ("Security",)), ("VPN", 6, ("Security",)), ("Salt", 10, ("Security", "Terms")),
        ("Phishing", 11, ("Security", "Terms"))]
    assert reading.skipped == [13]
    assert reading.found == {"regions": "table bullets"}


def test_rules_that_mark_out_their_answers_claim_before_a_list_inside_them_is_read_as_cards() -> None:
    text = "**Q: What are the write policies?**\n\n- **Write-through**: cache and store at once\n" \
           "- **Write-back**: the store later\n"
    reading = ruler.read(text)
    assert reading.shapes == ("qa",) and len(reading.entries) == 1
    assert reading.entries[0].definition.startswith("- **Write-through**")


def test_only_the_rules_named_read_the_file() -> None:
    text = "| Term | Definition |\n|---|---|\n| a | first |\n\n- **b**: second\n"
    assert [e.term for e in ruler.read(text, only=("bullets",)).entries] == ["b"]
    assert ruler.read(text, only=("bullets",)).skipped == [1, 2, 3]


@given(st.text(st.one_of(st.sampled_from(list("\n\n#-*|:>?`=[]{}<!/ \t")), st.characters()), max_size=300))
def test_any_text_reads_into_entries_with_lines_in_the_file_or_our_error(text: str) -> None:
    count = len(re.split(r"\r\n|\r|\n", text))
    reading = ruler.read(text)
    assert all(1 <= e.line <= count for e in reading.entries)
    assert all(1 <= n <= count for n in reading.skipped)
    try:
        readers.read(text, "n.md", ".md")
    except NotesError as err:
        assert 1 <= len(err.problems) <= 6 and all(p.path == "n.md" for p in err.problems)
