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
