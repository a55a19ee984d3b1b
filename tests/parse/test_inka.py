"""inka sections: deck and tags, numbered questions with quoted answers, clozes."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_sections_decks_tags_answers_and_clozes() -> None:
    text = ("# Kafka ........\n\nProse outside.\n\n---\n\nDeck: Systems::Kafka\n\nTags: kafka io\n\n<!--ID:17-->\n"
            "1. What is a group?\n> Consumers that\n> share partitions.\n\n2. Same {key}, same {partition}.\n\n---\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line, e.deck, e.tags, e.headings) for e in reading.entries] == [
        ("What is a group?", "Consumers that\nshare partitions.", 12, "Systems::Kafka", ("kafka", "io"), ("Kafka",)),
        ("Same {key}, same {partition}.", "", 16, "Systems::Kafka", ("kafka", "io"), ("Kafka",))]
    assert reading.skipped == [3]
