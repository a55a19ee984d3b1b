"""The up-to-date check: a build whose every input is as it was has nothing to do.

Everything a build reads (notes, settings, templates, the tool's own code, images, the state)
goes into one fingerprint, kept beside the package with the package's own digest. Equal
fingerprints make equal packages, so a match with the package on disk untouched means there
is nothing to render or write. ``tool_digest`` (the code, and the libraries and Python it runs
with) also keys the render cache.
"""


from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .. import __version__
from ..inputs import files as sources
from ..inputs.settings import ProjectSettings
from ..output import notetype
from ..render.images import image_digest

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the notedeck package


@cache
def _code_digest() -> str:
    """The tool's own code and version: a new version may render the same notes differently.

    Once a process: the code that runs is the code that was loaded.
    """
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def notes_digest(found: Sequence[sources.Source]) -> str:
    """The notes files' names and text."""
    h = hashlib.sha256()
    for source in found:
        h.update(b"\0" + source.name.encode() + b"\0" + source.text.encode())
    return h.hexdigest()


def fingerprint(root: str, notes: str, found: Sequence[sources.Source], note_types: Sequence[notetype.NoteType],
                state_path: Path, settings: ProjectSettings) -> str:
    """Everything a build reads, the state included; equal fingerprints make equal packages."""
    # tool_digest(): the code, and the Markdown, Pygments and Python it runs with (an upgrade of any renders anew)
    parts = [root, notes, [nt.digest for nt in note_types], tool_digest(), image_digest(found), sha256(state_path),
             settings.files, settings.hierarchy, settings.diagrams, settings.cloze]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def cache_path(output: Path) -> Path:
    """What the last build wrote, kept beside the package (not with the notes: it is not shared)."""
    return output.parent / f".{output.name}.build"


def up_to_date(output: Path, inputs: str) -> bool:
    return matches(recorded(output), output, inputs)


def recorded(output: Path) -> dict[str, object] | None:
    """What the last build of ``output`` wrote down (``remember``), if it can be read."""
    try:
        cache = json.loads(cache_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cache if isinstance(cache, dict) else None


def matches(record: dict[str, object] | None, output: Path, inputs: str) -> bool:
    """Whether the package at ``output`` is what a build of ``inputs`` makes, by the ``record`` of the last build."""
    return record is not None and record.get("inputs") == inputs and sha256(output) == record.get("package")


Brief = tuple[list[str], tuple[tuple[str, str], ...]]  # state.brief's: the terms built, the removed notes


def recorded_brief(record: dict[str, object], decks: set[str], files: set[str]) -> Brief | None:
    """``state.brief`` of the state the last build wrote, as that build wrote it down (``remember``), when it
    was for these decks and files: the up-to-date shortcut then need not read a large state whole."""
    brief = record.get("brief")
    if not isinstance(brief, dict) or brief.get("decks") != sorted(decks) or brief.get("files") != sorted(files):
        return None
    terms, gone = brief.get("terms"), brief.get("gone")
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms) or not isinstance(gone, list) \
            or not all(isinstance(g, list) and len(g) == 2 and all(isinstance(x, str) for x in g) for g in gone):
        return None
    return terms, tuple((guid, term) for guid, term in gone)


def sha256(path: Path) -> str | None:
    """The file's digest, read in pieces (a large deck's state or package is never whole in memory)."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def remember(output: Path, inputs: str, package: str, notes: Path,
             brief: tuple[set[str], set[str], Brief] | None = None) -> None:
    """Write down what this build read and wrote, for the next build's up-to-date check, and the notes
    folder it was built from (a machine's path: this file is never shared); with ``brief``, the decks and
    files built and ``state.brief`` of the state written for them."""
    from ..output.apkg import write_atomically

    record: dict[str, object] = {"inputs": inputs, "package": package, "notes": str(notes.resolve())}
    if brief is not None:
        decks, files, (terms, gone) = brief
        record["brief"] = {"decks": sorted(decks), "files": sorted(files), "terms": terms,
                           "gone": [list(g) for g in gone]}
    write_atomically(cache_path(output), json.dumps(record).encode())


def built_from(output: Path) -> Path | None:
    """The notes folder the package at ``output`` was last built from, when its build wrote it down."""
    try:
        notes = json.loads(cache_path(output).read_text(encoding="utf-8")).get("notes")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(notes) if isinstance(notes, str) else None


@cache
def tool_digest() -> str:
    """What decides how a card renders, and a notes file reads, besides the card and the file: this
    code, the Markdown and Pygments it runs, and Python's version and Unicode tables (which decide
    ``casefold``, ``\\w`` and normalisation, so GUIDs and the hierarchy).

    The libraries' versions are read from their files without importing them (a warm build
    need not load Markdown at all).
    """
    import sys
    import unicodedata
    from importlib.util import find_spec

    h = hashlib.sha256(_code_digest().encode())
    h.update(f"{sys.implementation.name} {sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    for module, file in (("markdown", "__meta__.py"), ("pygments", "__init__.py")):
        spec = find_spec(module)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        try:
            version = (origin.parent / file).read_bytes() if origin is not None else b"?"
        except OSError:
            version = b"?"
        h.update(module.encode() + b"\0" + version)
    return h.hexdigest()
