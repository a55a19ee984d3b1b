"""Definition lists: several definitions make a numbered one."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_terms_and_definitions() -> None:
    text = "Momentum\n: keep a running average\n  and step along it\n\nAdam\n: adaptive moments\n: two averages\n"
    assert [(e.term, e.definition, e.line) for e in ruler.read(text).entries] == [
        ("Momentum", "keep a running average\nand step along it", 1),
        ("Adam", "1. adaptive moments\n2. two averages", 5)]
