"""Turn plain term/definition study notes into a reproducible Anki deck."""

__version__ = "0.3.0"
