"""The settings of a notes folder: found beside the notes, never in the current directory.

The nearest ``notedeck.toml``, or ``pyproject.toml`` with a ``[tool.notedeck]`` table, in
the notes folder or a folder above it. What it may say::

    deck = "Deep Learning"          # the root deck
    hierarchy = true                # infer a concept hierarchy from the terms
    diagrams = "auto"               # architecture diagrams: "auto", "on" or "off"
    cloze = "auto"                  # clozes: "auto" (Anki's and the short forms), "anki" or "off"
    subdecks = false                # folders inside the notes folder are subdecks (their files, theirs)

    [lint]                          # which warnings, and their thresholds
    max_answer_words = 45

    [files."quizlet/*.txt"]         # (in pyproject.toml: [tool.notedeck.files."…"])
    shape = "delimited"             # how the files matching the pattern are written
    separator = "---"
    rows = "/////"
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..errors import NotesError

FILENAME = "notedeck.toml"
_RULE_KEYS = frozenset({"shape", "separator", "rows", "html", "columns", "tags column", "guid column", "deck column",
                        "notetype column", "guids", "hierarchy", "cloze", "header"})


class DiagramMode(StrEnum):
    """``diagrams =``: which cards get architecture diagrams."""

    AUTO = "auto"  # the recognised ones, in a deck about neural networks
    ON = "on"  # the recognised ones, in any deck
    OFF = "off"  # only the pictures a card asks for


class ClozeMode(StrEnum):
    """``cloze =`` (or a file's ``#cloze:``): which braces make clozes."""

    AUTO = "auto"  # Anki's {{c1::…}} and the short forms ({…}, ==…==)
    ANKI = "anki"  # Anki's own syntax only
    OFF = "off"  # none: braces are text


@dataclass(frozen=True)
class ProjectSettings:
    """The settings a build uses, and the file they came from (None: the defaults)."""

    path: Path | None = None
    deck: str | None = None
    files: tuple[tuple[str, dict[str, str]], ...] = field(default=())  # (pattern, settings), in file order
    hierarchy: bool = True  # infer parents from the terms (a file may say otherwise)
    diagrams: DiagramMode = DiagramMode.AUTO
    lint: tuple[tuple[str, object], ...] = ()  # [lint] settings, checked by lint.config_from()
    cloze: ClozeMode = ClozeMode.AUTO
    subdecks: bool = False  # a folder inside the notes folder is a subdeck: its files fill subdecks of it

    def rule_for(self, name: str, path: Path | None = None) -> dict[str, str] | None:
        """The settings of the first pattern that matches a notes file: its name, or its path from the
        settings file's folder (``quizlet/*.txt``), ``/``-separated on every OS."""
        candidates = [name]
        if path is not None and self.path is not None:
            try:
                candidates.append(path.resolve().relative_to(self.path.parent.resolve()).as_posix())
            except ValueError:
                pass
        for pattern, settings in self.files:
            if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
                return settings
        return None

    def describe(self, cwd: Path | None = None) -> str:
        """Which settings a build used, for the first line of its report."""
        if self.path is None:
            return "Settings: none found (no notedeck.toml, or pyproject.toml with [tool.notedeck], at or above " \
                   "the notes): the defaults"
        shown = self.path
        try:
            shown = self.path.relative_to((cwd or Path.cwd()).resolve())
        except ValueError:
            pass
        table = "" if self.path.name == FILENAME else " [tool.notedeck]"
        return f"Settings: {shown}{table}"


def _load(path: Path) -> dict[str, object] | None:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise NotesError.at(str(path), None, f"cannot read the notedeck settings: {err}") from None
    import tomllib  # only once a settings file is found

    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise NotesError.at(str(path), None, f"cannot read the notedeck settings: {err}") from None
    if path.name == FILENAME:
        return data
    table = data.get("tool", {}).get("notedeck") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def find(notes: Path) -> ProjectSettings:
    """The settings for the notes at ``notes`` (a file or a folder)."""
    folder = (notes if notes.is_dir() else notes.parent).resolve()
    for place in (folder, *folder.parents):
        for candidate in (place / FILENAME, place / "pyproject.toml"):
            table = _load(candidate)
            if table is not None:
                return _parse(table, candidate)
    return ProjectSettings()


def _parse(table: dict[str, object], path: Path) -> ProjectSettings:
    where = str(path)
    deck = table.get("deck")
    if deck is not None and (not isinstance(deck, str) or not deck.strip()):
        raise NotesError.at(where, None, "deck must be a non-empty string")
    files = table.get("files", {})
    if not isinstance(files, dict):
        raise NotesError.at(where, None, 'files must be a table of file patterns: [files."*.csv"] (in '
                            'pyproject.toml: [tool.notedeck.files."*.csv"])')
    rules = []
    for pattern, settings in files.items():
        if not isinstance(settings, dict):
            raise NotesError.at(where, None, f"files.{pattern!r} must be a table of settings (shape, separator, "
                                "rows, html, columns, header)")
        unknown = sorted(set(settings) - _RULE_KEYS)
        if unknown:
            raise NotesError.at(where, None, f"files.{pattern!r}: unknown settings {', '.join(unknown)}; known: "
                                f"{', '.join(sorted(_RULE_KEYS))}")
        rules.append((pattern, {k: ("true" if v is True else "false" if v is False else str(v))
                                for k, v in settings.items()}))
    hierarchy = table.get("hierarchy", True)
    if not isinstance(hierarchy, bool):
        raise NotesError.at(where, None, "hierarchy must be true or false")
    diagrams = table.get("diagrams", "auto")
    if diagrams not in tuple(DiagramMode):
        raise NotesError.at(where, None, f'diagrams must be "auto", "on" or "off", not {diagrams!r}')
    cloze = table.get("cloze", "auto")
    if cloze not in tuple(ClozeMode):
        raise NotesError.at(where, None, f'cloze must be "auto", "anki" or "off", not {cloze!r}')
    subdecks = table.get("subdecks", False)
    if not isinstance(subdecks, bool):
        raise NotesError.at(where, None, "subdecks must be true or false")
    lint = table.get("lint", {})
    if not isinstance(lint, dict):
        raise NotesError.at(where, None, "lint must be a table: [lint] (in pyproject.toml: [tool.notedeck.lint])")
    return ProjectSettings(path, deck.strip() if isinstance(deck, str) else None, tuple(rules), hierarchy,
                           DiagramMode(diagrams), tuple(sorted(lint.items())), ClozeMode(cloze), subdecks)
