"""What a file says about itself on its first lines: Anki's ``#key:value`` header, or front matter.

Pure. Anki's *Notes in Plain Text* header is a block of ``#key:value`` lines at the very top
(keys without case, the value after the first colon); Anki reads it until the first line
that does not start with ``#`` and ignores keys it does not know, so notedeck's own keys
(``#notedeck:SHAPE``, ``#rows:SEP``) can stand in the same block. YAML front matter
(``---`` … ``---``) may carry a ``notedeck:`` key: a shape name, or a table of settings.
Either way the lines are blanked, not removed, so every later line keeps its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NotesError
from .entry import lines_of

ANKI_KEYS = ("separator", "html", "tags", "columns", "notetype", "deck", "notetype column", "deck column",
             "tags column", "guid column", "match scope", "if matches")
OWN_KEYS = ("notedeck", "rows", "guids", "hierarchy", "cloze", "header")
# As Anki writes them: "#key:value", no space after the '#' ("# Deck: Spanish" is a Markdown heading).
_HEADER_LINE = re.compile(r"#([^\s:#][^:\n]*):(.*)")
_FRONT_MATTER_END = ("---", "...")


@dataclass(frozen=True)
class Declaration:
    """The settings a file declares, where it declares them, and its text with them blanked."""

    settings: dict[str, str] = field(default_factory=dict)  # lower-case keys, raw values
    where: str = ""  # "the #key:value header" or "the front matter", for messages
    line: int | None = None  # the first line of the declaration
    anki_header: bool = False  # the file starts with Anki's header (so it is a delimited table)
    header_lines: int = 0  # how many lines at the top the declaration took
    text: str = ""  # the text with the declaration's lines blanked

    @property
    def shape(self) -> str | None:
        return self.settings.get("notedeck") or self.settings.get("shape")


def _anki_header(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """Anki's header block, if the file starts with one: its settings and its length in lines."""
    first = _HEADER_LINE.fullmatch(lines[0]) if lines else None
    if first is None or first.group(1).strip().lower() not in ANKI_KEYS + OWN_KEYS:
        return None
    settings: dict[str, str] = {}
    count = 0
    for line in lines:
        if not line.startswith("#"):
            break
        count += 1
        match = _HEADER_LINE.fullmatch(line)
        if match is not None:  # Anki ignores a '#' line without a colon, and keys it does not know
            settings.setdefault(match.group(1).strip().lower(), match.group(2))
    return settings, count


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, str], int] | None:
    if not lines or lines[0].rstrip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in _FRONT_MATTER_END:
            break
    else:
        return None  # no closing line: not front matter
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        raise NotesError.at(path, line, f"the front matter is not valid YAML ({getattr(err, 'problem', err)})") \
            from None
    own = data.get("notedeck") if isinstance(data, dict) else None
    if own is None:
        return {}, end + 1
    if isinstance(own, str):
        return {"notedeck": own}, end + 1
    if isinstance(own, dict) and all(isinstance(k, str) for k in own):
        return {k.lower(): ("true" if v is True else "false" if v is False else str(v)) for k, v in own.items()}, \
            end + 1
    raise NotesError.at(path, 2, "the front matter's notedeck: must be a shape name (notedeck: bullets) or a "
                        "table of settings (shape:, separator:, rows:)")


def declaration(text: str, path: str) -> Declaration:
    """What ``text`` declares about itself at its top; raises NotesError on unreadable front matter."""
    lines = lines_of(text)
    found = _anki_header(lines)
    where, anki = "the #key:value header", found is not None
    if found is None:
        found = _front_matter(lines, path)
        where = "the front matter"
    if found is None:
        return Declaration(text=text)
    settings, count = found
    # Only Anki's own keys make the file a table; notedeck's (#notedeck:, #hierarchy:) alone do not.
    anki = anki and any(k in ANKI_KEYS or k == "rows" for k in settings)
    blanked = "\n".join([""] * count + lines[count:])
    return Declaration(settings, where, 1, anki, count, blanked)
