"""Find the notes files named on the command line and read them as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import NotesError
from . import workbooks

NOTE_SUFFIXES = (".txt", ".md", ".csv", ".tsv", *workbooks.SUFFIXES)
_WORD = "a Word document: save it as .txt or .md to use it"
_PRESENTATION = "a presentation: copy its text into a .txt or .md file to use it"
_IMAGE = "an image: a card shows it where a definition names it, ![…]({name})"
# Files people keep beside their notes that are not notes: listed as skipped, never read as text.
NOT_NOTES = {
    ".docx": _WORD, ".doc": _WORD, ".odt": "an OpenDocument text: save it as .txt or .md to use it",
    ".rtf": "a rich-text document: save it as .txt or .md to use it",
    ".pages": "a Pages document: export it as plain text (.txt) to use it",
    ".pdf": "a PDF: copy its text into a .txt or .md file to use it",
    ".xls": "an Excel 97-2003 workbook: save it as .xlsx (or .csv) to use it",
    ".xlsm": "an Excel workbook with macros: save it as .xlsx (or .csv) to use it",
    ".numbers": "a Numbers spreadsheet: export it as .xlsx or .csv to use it",
    ".pptx": _PRESENTATION, ".ppt": _PRESENTATION, ".odp": _PRESENTATION, ".key": _PRESENTATION,
    ".apkg": "an Anki package: import it in Anki; to edit its notes here, export them from Anki as Notes in "
             "Plain Text (.txt)",
    ".colpkg": "an Anki collection: export its notes from Anki as Notes in Plain Text (.txt) to use them here",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".heic", ".bmp", ".tif", ".tiff"), _IMAGE),
}
# Far above any real notes file (100,000 cards are about 15 MB), far below what would
# exhaust memory: a larger file is refused before it is read.
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A notes file: where it is, the name the deck shows for it, and its text."""

    path: Path
    name: str  # relative to the folder it was found in: no machine paths reach the deck
    text: str


def not_notes(path: Path) -> str | None:
    """What a file that is not notes is, and how to make notes of it (None for a notes file)."""
    what = NOT_NOTES.get(path.suffix.lower())
    return what.format(name=path.name) if what is not None else None



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
                others = skipped([arg])
                raise NotesError.at(arg, None, "no notes here: a notes folder needs *.txt, *.md, *.csv, *.tsv, "
                                    "*.xlsx or *.ods files" + (f"; skipped: {', '.join(others)}" if others else ""))
            found.extend((p, p.relative_to(path).as_posix()) for p in files)
        elif path.is_file():
            if (what := not_notes(path)) is not None:
                raise NotesError.at(arg, None, f"not notes: {what}")
            found.append((path, path.name))
        elif path.exists():
            raise NotesError.at(arg, None, "not a regular file or folder")
        else:
            raise NotesError.at(arg, None, "no such file or folder")
    return found


def skipped(args: list[str]) -> list[str]:
    """The files of the notes folders that are not notes (a Word document, a PDF, an image), each with what
    it is: ``lecture.docx (a Word document: save it as .txt or .md to use it)``."""
    found = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found += [f"{p.name} ({what})" for p in sorted(path.iterdir())
                      if (what := not_notes(p)) is not None and p.is_file()]
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
        is_workbook = path.suffix.lower() in workbooks.SUFFIXES
        sources.append(Source(path, name, workbooks.text(data, str(path)) if is_workbook else decode(data, str(path))))
    return sources
