"""The command line: validate at the edge, build, print a report, exit with a code."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NotesError, Problem
from . import report

if TYPE_CHECKING:  # the build pulls in genanki and Markdown: `--help` must not
    from ..build import Result

EXIT_OK, EXIT_CHANGES, EXIT_BAD_INPUT = 0, 1, 2


def parser(prog: str = "notedeck") -> argparse.ArgumentParser:
    from .. import __version__

    p = argparse.ArgumentParser(
        prog=prog,
        description="Turn plain term/definition notes into an Anki deck (.apkg).",
        epilog="Exit status: 0 built (or up to date), 1 --check found changes, "
               "2 bad input (each problem is printed as path:line: message).",
    )
    p.add_argument("--version", action="version", version=f"notedeck {__version__}")
    p.add_argument("notes", nargs="*", default=["notes"], metavar="NOTES",
                   help="notes files or folders (a folder means its *.txt, *.md, *.csv, *.tsv, *.xlsx and *.ods "
                        "files); default: notes/")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.apkg",
                   help="where to write the deck (default: dist/<Root_Deck>.apkg)")
    p.add_argument("--deck", metavar="NAME",
                   help="the root deck (default: [tool.notedeck] deck in pyproject.toml, else named after the notes)")
    p.add_argument("--state", type=Path, metavar="STATE.json",
                   help="the build state (default: deck-state.json beside the notes)")
    p.add_argument("--strict", action="store_true", help="treat lint warnings as errors (exit 2, nothing written)")
    p.add_argument("--allow-removals", action="store_true",
                   help="let a build remove most of a file's notes (without it such a build stops, exit 2)")
    p.add_argument("--verbose", action="store_true",
                   help="list every lint warning (a check that fires many times is otherwise summarised), and "
                        "how many notes files were parsed and notes rendered, and how many came from the render "
                        "cache")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="report what a build would change; write nothing")
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if a build would change the deck (for hooks and CI)")
    mode.add_argument("--preview", type=Path, metavar="PATH.html",
                      help="write one HTML page showing every card, front and back, instead of the deck")
    mode.add_argument("--watch", action="store_true",
                      help="rebuild whenever a notes file is saved; a broken save keeps the last good deck")
    mode.add_argument("--into", metavar="COLLECTION",
                      help="build, then import the deck straight into an Anki collection: a collection.anki2 path "
                           "or a profile name (needs the anki package; Anki must be closed)")
    mode.add_argument("--adopt", metavar="SOURCE",
                      help="bring a deck you have in Anki home: write its notes (an .apkg or .colpkg Anki exported, "
                           "or a collection with --deck NAME) as notes files in the folder NOTES, with a state that "
                           "keeps each note's identity, so a build and --into --convert keep its history (needs "
                           "the anki package)")
    p.add_argument("--delete", action="store_true",
                   help="with --into: remove the notes this deck made that the notes no longer contain, and the "
                        "cards a removed cloze number leaves empty")
    p.add_argument("--convert", action="store_true",
                   help="with --into: change the note type of notes that became (or stopped being) cloze notes, "
                        "keeping their history (Anki's next sync is then one-way)")
    return p


def clock() -> int:
    """Now, or SOURCE_DATE_EPOCH when set: the time a changed note is stamped with."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return int(epoch)
        except ValueError:
            raise NotesError.at("SOURCE_DATE_EPOCH", None,
                                f"must be a whole number of seconds, not {epoch!r}") from None
    return int(time.time())


def check_output(path: Path | None) -> None:
    """Refuse an output path that can only fail, before any work is done."""
    if path is None:
        return
    if path.is_dir():
        raise NotesError.at(str(path), None, "is a folder: give the deck a file name, such as "
                            f"{path / 'deck.apkg'}")
    if path.suffix.lower() != ".apkg":
        raise NotesError.at(str(path), None, "the deck's file name must end in .apkg (Anki imports only those)")


def main(argv: Sequence[str] | None = None, prog: str = "notedeck") -> int:
    """Run the command line as ``prog``; return the exit status."""
    cli = parser(prog)
    args = cli.parse_args(argv)
    # A build makes hundreds of thousands of small objects that form no cycles: the cycle
    # collector's default pace (every 700 allocations) costs it several per cent for nothing.
    gc.set_threshold(20_000, 50, 50)
    if args.delete and not args.into:
        cli.error("--delete only goes with --into COLLECTION")
    if args.convert and not args.into:
        cli.error("--convert only goes with --into COLLECTION")
    if args.adopt:
        if len(args.notes) != 1 or args.output or args.state:
            cli.error("--adopt SOURCE takes one folder to write the notes in (NOTES), and no -o or --state")
        return adopt(args)
    if args.into:
        return into(args)
    if not args.watch:
        return run(args, prog)[0]
    from .watch import watch

    print(f"Watching {', '.join(args.notes)} (Ctrl-C to stop)", flush=True)
    try:
        watch(args.notes, lambda: run(args, prog))
    except KeyboardInterrupt:
        print("Stopped watching.", flush=True)
    return EXIT_OK


def into(args: argparse.Namespace) -> int:
    """``--into``: open the collection (refused while Anki has it), build, import, report both."""
    from ..output import into_anki

    try:
        path, new = into_anki.locate(args.into)
        with into_anki.opened(path) as col:
            code, result = run(args)
            if code != EXIT_OK or result is None:
                return code
            from ..output.notetype import CLOZE_MODEL_ID, MODEL_ID

            done = into_anki.put(col, path, result.output, (MODEL_ID, CLOZE_MODEL_ID), result.root, result.gone,
                                 args.delete, args.convert, result.held, _adopted(result.state_path))
            done.created = new
    except NotesError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    print("\n".join(report.into_lines(done)), flush=True)
    return EXIT_OK


def adopt(args: argparse.Namespace) -> int:
    """``--adopt``: write a deck's notes as notes files; report what came and what could not."""
    from ..adopt import adopt as adopt_deck

    try:
        done = adopt_deck(args.adopt, Path(args.notes[0]), args.deck)
    except NotesError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    for name, count, reason in done.refused:  # one line a note type
        print(Problem(done.source, None, f"not adopted: {count} note{'s' * (count != 1)} of the note type {name!r}: "
                      f"{reason}"), file=sys.stderr)
    for name, reason in done.skipped:
        print(Problem(done.source, None, f"not adopted: {name!r} ({reason})"), file=sys.stderr)
    print("\n".join(report.adopted(done)), flush=True)
    print(report.adopt_next(done.folder), flush=True)
    return EXIT_OK


def _adopted(state_path: Path) -> dict[str, object]:
    """The notes --adopt wrote, by GUID, and how --into --convert changes each to notedeck's note type."""
    from ..build import state
    from ..output.into_anki import Adoption

    found = state.load(state_path)
    how = {mid: Adoption(int(mid), entry.get("kind") == "cloze",
                         tuple((str(a), str(b)) for a, b in entry.get("fields", [])),  # type: ignore[attr-defined]
                         tuple((int(a), int(b)) for a, b in entry.get("cards", [])))  # type: ignore[attr-defined]
           for mid, entry in found.adopted.items()}
    return {n.guid: how[n.adopted] for n in (*found.notes, *found.gone) if n.adopted in how}


def run(args: argparse.Namespace, prog: str = "notedeck") -> tuple[int, Result | None]:
    """One build as the arguments ask; print its report; the exit status, and what was built."""
    try:
        check_output(args.output)
        from ..build import Options, build

        if args.preview is not None and args.preview.is_dir():
            raise NotesError.at(str(args.preview), None, "is a folder: give the preview a file name, such as "
                                f"{args.preview / 'preview.html'}")
        from .progress import bar

        progress, close = bar()
        opts = Options(args.notes, args.output, args.state, args.deck, strict=args.strict, preview=args.preview,
                       progress=progress, verbose=args.verbose, allow_removals=args.allow_removals)
        try:
            result = build(opts, clock(), write=not (args.dry_run or args.check))
        finally:
            close()
    except NotesError as err:
        for problem in sorted(err.problems, key=lambda p: (p.path, p.line or 0)):
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"{count} problem{'s' * (count != 1)}; nothing was written.", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT, None
    except OSError as err:
        where = err.filename or (args.output or "output")
        print(Problem(str(where), None, f"cannot write: {err.strerror or err}; nothing was changed"), file=sys.stderr)
        return EXIT_BAD_INPUT, None
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.settings.path is not None or args.verbose:  # first: where the root deck and file rules came from
        print(result.settings.describe(), flush=True)
    if args.check:
        if result.up_to_date or not result.changes.any:
            print(f"{result.state_path} agrees with the notes: a build would not change the deck.")
            return EXIT_OK, result
        print("\n".join(report.report(result, "A build would change")))
        print(f"Run {prog} and commit {result.state_path} with the notes.")
        return EXIT_CHANGES, result
    if result.preview is not None:
        print(f"Wrote the preview {result.preview}: {result.notes} notes, {result.cards} cards. "
              "Open it in a browser; the deck and state were not written.", flush=True)
        return EXIT_OK, result
    epoch = clock() if "SOURCE_DATE_EPOCH" in os.environ and not args.into else None
    print("\n".join(report.report(result, "Would build" if args.dry_run else "Built", args.verbose, epoch)),
          flush=True)
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK, result
