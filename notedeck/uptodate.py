"""The up-to-date check: a build whose every input is as it was has nothing to do.

Everything a build reads (notes, settings, templates, the tool's own code, images, the state)
goes into one fingerprint, kept beside the package with the package's own digest. Equal
fingerprints make equal packages, so a match with the package on disk untouched means there is
nothing to render or write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from . import __version__, config, notetype, sources
from .images import image_digest

PACKAGE_DIR = Path(__file__).resolve().parent


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
                state_path: Path, settings: config.Config) -> str:
    """Everything a build reads, the state included; equal fingerprints make equal packages."""
    parts = [root, notes, [nt.digest for nt in note_types], _code_digest(), image_digest(found), sha256(state_path),
             settings.files, settings.hierarchy, settings.diagrams, settings.cloze]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def cache_path(output: Path) -> Path:
    """What the last build wrote, kept beside the package (not with the notes: it is not shared)."""
    return output.parent / f".{output.name}.build"


def up_to_date(output: Path, inputs: str) -> bool:
    try:
        cache = json.loads(cache_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(cache, dict) and cache.get("inputs") == inputs and sha256(output) == cache.get("package")


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
