"""Question-and-answer posts: ``Q:``/``A:`` labels removed, one-line posts in a list."""

from __future__ import annotations

from notedeck.parse.shapes import ruler


def test_labelled_posts() -> None:
    text = ("**Q: What is a TTL?**\nA: Time to live.\n\n**Q: What is cache-aside?**\n\nRead the cache first.\n\n"
            "1. **Q: Is a CDN a cache?** A: Yes.\n2. **Q: LRU?** A: Least recently used.\n\nP: ¿Qué es?\nR: Algo.\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition) for e in reading.entries] == [
        ("What is a TTL?", "Time to live."), ("What is cache-aside?", "Read the cache first."),
        ("Is a CDN a cache?", "Yes."), ("LRU?", "Least recently used."), ("¿Qué es?", "Algo.")]
    assert reading.strong == 5


def test_question_and_answer_labels_on_lines_of_their_own() -> None:
    """Mochi's and many blogs' posts: a bold label alone, the question or answer in the paragraph under it."""
    from notedeck import parse

    text = ("**Question:**\n\nWhat is overfitting?\n\n**Answer:**\n\nLearning the noise of the training set.\n\n---\n\n"
            "**Question:**\n\nWhat is a batch?\n\n**Answer:**\n\nThe examples used for one update.\n\nUsually 32 "
            "to 512 of them.\n\n---\n\n**Question:**\n\nWhat is an epoch?\n\n**Answer:**\n\nOne pass over the data.\n")
    reading = parse.read(text, "m.md", ".md")
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("What is overfitting?", "Learning the noise of the training set.", 1),
        ("What is a batch?", "The examples used for one update.\n\nUsually 32 to 512 of them.", 11),
        ("What is an epoch?", "One pass over the data.", 23)]
    assert reading.skipped == []


def test_a_label_alone_on_the_first_line_of_its_paragraph() -> None:
    """``Q:`` then the question on the next lines (no blank between), ``A:`` the same: not ``Q`` split at its colon."""
    from notedeck import parse

    text = "Q:\nWhat is a TTL?\n\nA:\nTime to live.\n\n---\nQ:  \nWhat is\nLRU?\n\nA:  \nLeast recently used.\n"
    reading = parse.read(text, "q.md", ".md")
    assert reading.shape == "qa"
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("What is a TTL?", "Time to live.", 1), ("What is\nLRU?", "Least recently used.", 8)]
    # A paragraph whose first line is a bare word like "Frage" (no colon) starts no card.
    assert ruler.read("Frage\nwas bleibt offen\n\nDas Ende.\n", only=["qa"]).entries == []


def test_a_numbered_item_with_the_answer_label_on_its_next_line() -> None:
    text = ("1. **Frage:** Was prüft TypeScript?  \n   **Antwort:** Typen, vor der Laufzeit.\n\n"
            "2. **Frage:** Bleibt JavaScript übrig?  \n   **Antwort:** Ja.\n")
    reading = ruler.read(text)
    assert [(e.term, e.definition, e.line) for e in reading.entries] == [
        ("Was prüft TypeScript?", "Typen, vor der Laufzeit.", 1), ("Bleibt JavaScript übrig?", "Ja.", 4)]
    assert reading.shapes == ("qa",)
