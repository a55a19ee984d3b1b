"""File names the tool makes up itself: valid on Windows, macOS and Linux alike.

Pure. Windows is the strictest: no ``< > : " / \\ | ? *`` or control characters, no name
ending in a dot or a space, and no device names (``CON``, ``NUL``, ``COM1``…), which are
reserved with any extension (``CON.apkg`` cannot be created).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^\w.&+-]+")
# Device names, compared without case and without what follows the first dot.
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")]
)
MAX_STEM = 120  # well under every file system's 255, leaving room for the folder and temporaries


def stem(name: str) -> str:
    """A file-name stem for ``name`` (a deck name, say): ``Deep Learning`` → ``Deep_Learning``.

    >>> [stem(n) for n in ("Deep Learning", "Q&A: what? why*", "CON", "nul.notes", "...", "Ünïcode")]
    ['Deep_Learning', 'Q&A_what_why', 'CON_', 'nul_.notes', 'deck', 'Ünïcode']
    """
    safe = _UNSAFE.sub("_", name).strip("_")[:MAX_STEM].rstrip(". ")
    if not safe.strip("._"):
        return "deck"
    first = safe.split(".", 1)[0]
    if first.upper() in _RESERVED:
        safe = first + "_" + safe[len(first):]
    return safe


def package_name(deck: str) -> str:
    """The default package file name for a root deck."""
    return stem(deck) + ".apkg"
