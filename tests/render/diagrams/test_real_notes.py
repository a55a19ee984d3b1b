"""Diagrams on notes written by other people: a heading glossary, a ``**Term**`` A–Z glossary, a Q&A post.

``tests/data/diagrams_real/expected.tsv`` annotates every card of the three fixtures by hand:
whether it is about an architecture, and the pictures it must get (in order). The measure of
issue 22: on each file at least 80 % of the architecture cards get exactly their pictures, and
no card anywhere gets a wrong one (a picture where none belongs, or other pictures than its own).

Two levels. Recognition: each annotated card, as the fixture gives it (term, headings above it,
definition; read from Python-Markdown's rendering of the file, so the annotation is checked to
name every card there is), through ``diagrams_for``. End to end: the files the readers can read,
through the real reader, cards and ``build.diagram_plan.card_diagrams``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest

from notedeck.model import cards
from notedeck.render import diagrams
from notedeck import parse as readers
from notedeck.build.diagram_plan import card_diagrams
from notedeck.render.diagrams import topic

DATA = Path(__file__).resolve().parents[2] / "data" / "diagrams_real"
FILES = ("heading_glossary.md", "bold_glossary.md", "interview_qa.md")
SHARE = 0.80
# Architecture cards that get no picture, on purpose or not yet: the test fails when this changes
# either way, so an improvement is recorded here and a regression cannot hide in the share.
MISSED = {
    ("heading_glossary.md", "Receptive Field"),  # no drawing of a receptive field
    ("heading_glossary.md", "DenseNet"),  # no drawing of DenseNet
    ("bold_glossary.md", "Capsule network"),  # no drawing of a capsule network
}


@dataclass(frozen=True)
class Row:
    file: str
    kind: str
    headings: tuple[str, ...]
    term: str
    pictures: tuple[str, ...]


def expected() -> list[Row]:
    rows = []
    for line in (DATA / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("file\t"):
            continue
        file, kind, headings, term, pictures = line.split("\t")
        rows.append(Row(file, kind, tuple(headings.split(" › ")), term,
                        () if pictures == "-" else tuple(pictures.split())))
    return rows


ROWS = expected()


def _text(el: ET.Element) -> str:
    return "".join(el.itertext()).strip()


def fixture_cards(file: str) -> dict[tuple[tuple[str, ...], str], str]:
    """The cards of a fixture as people read it: (headings, term) → definition, from Python-Markdown's HTML.

    A heading file's cards are its deepest headings (a question's number, ``3.``, left off, as the
    readers do); the bold glossary's, its paragraphs that start in bold (the bold term alone).
    """
    html = markdown.markdown((DATA / file).read_text(encoding="utf-8"), output_format="xhtml")
    body = ET.fromstring(f"<body>{html}</body>")
    deepest = max(int(el.tag[1]) for el in body if el.tag in ("h1", "h2", "h3", "h4"))
    found: dict[tuple[tuple[str, ...], str], str] = {}
    headings: list[tuple[int, str]] = []
    current: tuple[tuple[str, ...], str] | None = None
    for el in body:
        if el.tag in ("h1", "h2", "h3", "h4"):
            level = int(el.tag[1])
            if level == deepest and file != "bold_glossary.md":
                current = (tuple(t for _, t in headings), re.sub(r"^\d+\.\s+", "", _text(el)))
                found[current] = ""
                continue
            headings = [h for h in headings if h[0] < level] + [(level, _text(el))]
            current = None
        elif el.tag == "p" and file == "bold_glossary.md" and len(el) and el[0].tag == "strong" \
                and not (el.text or "").strip():
            term = _text(el[0])
            found[(tuple(t for _, t in headings), term)] = (el[0].tail or "").lstrip(" —:-") + \
                "".join(ET.tostring(child, encoding="unicode", method="text") for child in el[1:])
        elif el.tag == "p" and current is not None:
            found[current] = (found[current] + "\n\n" + _text(el)).strip()
    return found


def test_the_annotation_names_every_card_of_the_fixtures() -> None:
    for file in FILES:
        annotated = {(r.headings, r.term) for r in ROWS if r.file == file}
        assert annotated == set(fixture_cards(file)), file


def _requests(found: tuple[diagrams.Diagram, ...]) -> tuple[str, ...]:
    return tuple(d.drawing if d.highlight is None else f"{d.drawing}:{d.highlight}" for d in found)


def recognised(file: str) -> dict[tuple[tuple[str, ...], str], tuple[str, ...]]:
    """Each card's pictures from ``diagrams_for`` alone (term, alias, headings, definition)."""
    store = diagrams.DiagramStore()
    got = {}
    for (headings, term), definition in fixture_cards(file).items():
        name, alias = cards.split_alias(term)
        got[(headings, term)] = _requests(diagrams.diagrams_for(name, alias, None, [], headings=headings,
                                                                store=store, definition=definition))
    return got


@dataclass(frozen=True)
class Score:
    correct: int
    architecture: int
    wrong: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
    missed: set[tuple[str, str]]


def score(file: str, got: dict[tuple[tuple[str, ...], str], tuple[str, ...]]) -> Score:
    rows = [r for r in ROWS if r.file == file]
    arch = [r for r in rows if r.kind == "arch"]
    correct = sum(1 for r in arch if r.pictures and got[(r.headings, r.term)] == r.pictures)
    wrong = [(r.term, got[(r.headings, r.term)], r.pictures) for r in rows
             if got[(r.headings, r.term)] and got[(r.headings, r.term)] != r.pictures]
    missed = {(file, r.term) for r in arch if not got[(r.headings, r.term)]}
    return Score(correct, len(arch), wrong, missed)


@pytest.mark.parametrize("file", FILES)
def test_recognition_on_real_wording(file: str) -> None:
    result = score(file, recognised(file))
    assert not result.wrong, f"wrong pictures (term, got, expected): {result.wrong}"
    assert result.correct / result.architecture >= SHARE, f"{result.correct}/{result.architecture}"
    assert result.missed == {m for m in MISSED if m[0] == file}


def test_recognition_numbers() -> None:
    """The numbers the README quotes: architecture cards with their right pictures, and wrong ones."""
    totals = {file: score(file, recognised(file)) for file in FILES}
    assert {f: (s.correct, s.architecture, len(s.wrong)) for f, s in totals.items()} == {
        "heading_glossary.md": (43, 45, 0),
        "bold_glossary.md": (43, 44, 0),
        "interview_qa.md": (41, 41, 0),
    }


def built(file: str) -> dict[tuple[tuple[str, ...], str], tuple[str, ...]]:
    """Each card's pictures through the real reader, cards and build step."""
    path = DATA / file
    reading = readers.read(path.read_text(encoding="utf-8"), str(path), path.suffix)
    deck = cards.make_cards(reading.entries, path.name).cards
    pictures = card_diagrams(deck, str(path))
    verdict = topic.judge([(c.name, c.definition) for c in deck], sum(bool(p) for p in pictures))
    assert verdict.about_networks, verdict
    return {(c.headings, c.term): _requests(p) for c, p in zip(deck, pictures)}


@pytest.mark.parametrize("file", [
    "heading_glossary.md",
    "interview_qa.md",
    "bold_glossary.md",
])
def test_end_to_end(file: str) -> None:
    got = built(file)
    assert set(got) == {(r.headings, r.term) for r in ROWS if r.file == file}
    result = score(file, got)
    assert not result.wrong, f"wrong pictures (term, got, expected): {result.wrong}"
    assert result.correct / result.architecture >= SHARE
