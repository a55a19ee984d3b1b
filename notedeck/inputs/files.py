"""Find the notes files named on the command line and read them as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import NotesError

NOTE_SUFFIXES = (".txt", ".md", ".csv", ".tsv")
# Far above any real notes file (100,000 cards are about 15 MB), far below what would
# exhaust memory: a larger file is refused before it is read.
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A notes file: where it is, the name the deck shows for it, and its text."""

    path: Path
    name: str  # relative to the folder it was found in: no machine paths reach the deck
    text: str


def in_folder(folder: Path, subdecks: bool = False) -> list[Path]:
    """The notes files of a folder, sorted; with ``subdecks``, those of the folders inside it too (not
    hidden ones), sorted by their path from ``folder``."""
    if not subdecks:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in NOTE_SUFFIXES and p.is_file())
    return sorted((p for p in folder.rglob("*") if p.suffix.lower() in NOTE_SUFFIXES and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
                  key=lambda p: p.relative_to(folder).parts)


def find(args: list[str], subdecks: bool = False) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(path, display name)`` pairs, folders in sorted order.

    With ``subdecks`` a folder's folders are read too, and a file's name is its path from the folder
    named (``Verbs/Irregular.txt``): its deck is a subdeck of the folder's.
    """
    found: list[tuple[Path, str]] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            files = in_folder(path, subdecks)
            if not files:
                raise NotesError.at(arg, None, "no notes here: a notes folder needs *.txt, *.md, *.csv or *.tsv files")
            found.extend((p, p.relative_to(path).as_posix()) for p in files)
        elif path.is_file():
            found.append((path, path.name))
        elif path.exists():
            raise NotesError.at(arg, None, "not a regular file or folder")
        else:
            raise NotesError.at(arg, None, "no such file or folder")
    return found


def decode(data: bytes, name: str) -> str:
    """UTF-8 text with any byte-order mark removed; a bad byte is reported on its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise NotesError.at(
            name, line,
            f"not UTF-8 (byte 0x{data[err.start]:02x} at column {column}); "
            "save the file as UTF-8 and build again",
        ) from None
    return text.removeprefix("\ufeff")


def read(args: list[str], subdecks: bool = False) -> list[Source]:
    """Read every notes file named by ``args`` (with ``subdecks``, in the folders of a folder too)."""
    sources = []
    for path, name in find(args, subdecks):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise NotesError.at(str(path), None, f"is {size / 2**20:.0f} MB; a notes file may be at most "
                                    f"{MAX_FILE_BYTES // 2**20} MB: split it into several files in the folder")
            data = path.read_bytes()
        except OSError as err:
            raise NotesError.at(str(path), None, f"cannot read: {err.strerror}") from None
        sources.append(Source(path, name, decode(data, str(path))))
    return sources
