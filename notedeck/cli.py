"""The command line: validate at the edge, build, print one summary, exit with a code."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .errors import NotesError, Problem

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build_deck.py",
        description="Turn plain term/definition notes into an Anki deck (.apkg).",
        epilog="Exit status: 0 built, 2 bad input (each problem is printed as path:line: message).",
    )
    p.add_argument("notes", nargs="*", default=["notes"], metavar="NOTES",
                   help="notes files or folders (a folder means its *.txt and *.md files); default: notes/")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.apkg",
                   help="where to write the deck (default: dist/<Deck_Name>.apkg)")
    p.add_argument("--state", type=Path, metavar="STATE.json",
                   help="the build state (default: deck-state.json beside the notes)")
    return p


def clock() -> int:
    """Now, or SOURCE_DATE_EPOCH when set: the time a changed note is stamped with."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return int(epoch)
        except ValueError:
            raise NotesError.at("SOURCE_DATE_EPOCH", None, f"must be a whole number of seconds, not {epoch!r}") from None
    return int(time.time())


def _check_output(path: Path | None) -> None:
    if path is None:
        return
    if path.is_dir():
        raise NotesError.at(str(path), None, "is a folder: give the deck a file name, such as "
                            f"{path / 'deck.apkg'}")
    if path.suffix.lower() != ".apkg":
        raise NotesError.at(str(path), None, "the deck's file name must end in .apkg (Anki imports only those)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        _check_output(args.output)
        from .build import build

        result = build(args.notes, args.output, args.state, clock())
    except NotesError as err:
        for problem in sorted(err.problems, key=lambda p: (p.path, p.line or 0)):
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"{count} problem{'s' * (count != 1)}; nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:
        where = err.filename or (args.output or "output")
        print(Problem(str(where), None, f"cannot write: {err.strerror or err}; nothing was changed"), file=sys.stderr)
        return EXIT_BAD_INPUT
    c = result.changes
    print(f"Built {result.output}: {result.notes} notes, {result.cards} cards, {result.media} media files")
    print(f"  {len(c.added)} added, {len(c.changed)} changed, {len(c.unchanged)} unchanged, "
          f"{len(c.removed)} removed (state: {result.state_path})")
    return EXIT_OK
