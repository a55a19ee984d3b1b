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

if TYPE_CHECKING:  # the build pulls in genanki and Markdown: `--help` must not
    from ..build import Result

EXIT_OK, EXIT_CHANGES, EXIT_BAD_INPUT = 0, 1, 2
LIST_MOST = 8


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
                           "or a profile name (needs notedeck[anki]; Anki must be closed)")
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


def _names(terms: Sequence[str]) -> str:
    shown = ", ".join(terms[:LIST_MOST])
    return shown + (f", … and {len(terms) - LIST_MOST} more" if len(terms) > LIST_MOST else "")


def report(result: Result, verb: str, verbose: bool = False, epoch: int | None = None) -> list[str]:
    """The change report: counts, the terms named, and how to find removed notes in Anki.

    ``epoch`` is the time SOURCE_DATE_EPOCH stamps changed notes with, when it is set.
    """
    c = result.changes
    skipped = [f"  skipped: {s}" for s in result.skipped]
    if result.up_to_date:
        return [f"{result.output} is up to date: {result.notes} notes, nothing changed.", *skipped]
    lines = [f"{verb} {result.output}: {result.notes} notes, {result.cards} cards, {result.media} media files",
             f"  {len(c.added)} added, " + (f"{len(c.returned)} back, " if c.returned else "") +
             f"{len(c.changed)} changed, {len(c.unchanged)} unchanged, "
             f"{len(c.removed)} removed"]
    if result.inferred is not None:
        lines.extend(inferred(result))
    if verbose:
        lines.append(f"  parsed {result.files - result.files_from_cache:,} of {result.files:,} notes files "
                     f"({result.files_from_cache:,} from the render cache)")
        lines.append(f"  rendered {result.notes - result.from_cache:,} of {result.notes:,} notes "
                     f"({result.from_cache:,} from the render cache)")
    for old_term, new_term in c.renamed:
        lines.append(f"  renamed: {old_term} → {new_term} (the same note: Anki keeps its history)")
    for ambiguous in c.ambiguous:
        lines.append(f"  not a rename: {ambiguous}")
    lines.extend(shapes(result))
    lines.extend(f"  {line}" for line in result.tables)
    lines.extend(skipped)
    for old_file, new_file in c.moved:
        lines.append(f"  moved: {old_file} → {new_file} (its notes keep their identity)")
    if c.root_renamed is not None:
        lines.append(f"  root deck renamed: {c.root_renamed[0]} → {c.root_renamed[1]} (the notes keep their "
                     "identity; Anki keeps existing cards in their old deck until you move them)")
    if c.added:
        lines.append(f"  added: {_names(c.added)}")
    if c.returned:
        lines.append(f"  back: {_names(c.returned)} (removed earlier: the same notes again, Anki keeps their history)")
    if c.changed:
        lines.append(f"  changed: {_names(c.changed)}")
    if epoch is not None and (c.changed or c.returned):
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
        lines.append(f"  SOURCE_DATE_EPOCH stamps them {when}: File → Import skips a note edited in Anki after "
                     "that (its Extra, a tag); choose Updates → Update notes: Always when importing (--into applies "
                     "every change anyway)")
    for term, kind in c.switched:
        lines.append(f"  now a {kind} note: {term}. Anki keeps a note's type on import and reports it as "
                     "conflicting: import with --into --convert, or change its note type in Anki's browser first")
    if c.note_type_changed and c.unchanged:
        lines.append("  the card templates or style changed: Anki updates them on import")
    if c.removed:
        lines.append(f"  removed: {_names(c.removed)}")
        lines.append("  Anki never deletes notes on import. To find the removed ones, paste this into "
                     "Anki's browser search:")
        lines.append("    nid:" + ",".join(map(str, c.removed_ids)))
    return lines


def shapes(result: Result) -> list[str]:
    """How files were read that the state knew nothing of, or read in a new shape."""
    lines = []
    detected = [f"{s.file} as {s.shape}" for s in result.shapes if s.before is None and s.origin == "detected"]
    if detected:
        lines.append(f"  read {_names(detected)} (detected; the state remembers it: declare a shape on a file's "
                     "first line to change it)")
    for s in result.shapes:
        if s.before is not None:
            how = "declared in the settings" if s.origin == "settings" else "declared"
            lines.append(f"  {s.file}: now read as {s.shape}, was {s.before} ({how})")
    return lines


def inferred(result: Result) -> list[str]:
    """One line of what was derived from the terms, and one more when diagrams were left out."""
    i = result.inferred
    assert i is not None
    lines = [f"  inferred: {i.parents} parent{'s' * (i.parents != 1)}, {i.aliases} abbreviation"
             f"{'s' * (i.aliases != 1)}, diagrams on {i.with_diagrams} card{'s' * (i.with_diagrams != 1)}"
             + (f"; {i.cloze_notes} cloze note{'s' * (i.cloze_notes != 1)} ({i.cloze_cards} card"
                f"{'s' * (i.cloze_cards != 1)})" if i.cloze_notes else "")]
    if i.verdict is not None and not i.verdict.about_networks and i.verdict.architectures:
        lines.append(f"  diagrams skipped: this deck is not about neural networks ({i.verdict.reason()}); "
                     'diagrams = "on" in the settings draws them anyway')
    return lines


def main(argv: Sequence[str] | None = None, prog: str = "notedeck") -> int:
    """Run the command line as ``prog``; return the exit status."""
    cli = parser(prog)
    args = cli.parse_args(argv)
    # A build makes hundreds of thousands of small objects that form no cycles: the cycle
    # collector's default pace (every 700 allocations) costs it several per cent for nothing.
    gc.set_threshold(20_000, 50, 50)
    args.prog = prog
    if args.delete and not args.into:
        cli.error("--delete only goes with --into COLLECTION")
    if args.convert and not args.into:
        cli.error("--convert only goes with --into COLLECTION")
    if args.into:
        return into(args)
    if not args.watch:
        return run(args)
    from .watch import watch

    print(f"Watching {', '.join(args.notes)} (Ctrl-C to stop)", flush=True)
    try:
        watch(args.notes, lambda: run(args))
    except KeyboardInterrupt:
        print("Stopped watching.", flush=True)
    return EXIT_OK


def into(args: argparse.Namespace) -> int:
    """``--into``: open the collection (refused while Anki has it), build, import, report both."""
    from ..output import into_anki as collection

    try:
        path = collection.locate(args.into)
        with collection.opened(path) as col:
            code = run(args)
            if code != EXIT_OK:
                return code
            result = args.result
            from ..output.notetype import CLOZE_MODEL_ID, MODEL_ID

            done = collection.put(col, path, result.output, (MODEL_ID, CLOZE_MODEL_ID), result.root, result.gone,
                                  args.delete, args.convert, result.held)
    except NotesError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Into {done.collection}: {done.added} added, {done.updated} updated, {done.unchanged} unchanged"
          + (f"; the learner's Extra kept on {done.extra_kept}" if done.extra_kept else ""))
    print(f"  backup: {done.backup}" if done.backup else "  backup: none made (Anki's backend declined)")
    if done.newer:
        print(f"  updated although edited in Anki since: {_names(done.newer)} (the notes win; Extra kept)")
    if done.stale and done.removed:
        print(f"  deleted: {_names(done.stale)} (--delete)")
    elif done.stale:
        print(f"  no longer in the notes, still in the collection: {_names(done.stale)} "
              "(run again with --delete to remove them)")
    if done.held:
        print(f"  not deleted this time: {_names(done.held)} (this build removed most of their file, with "
              "--allow-removals: check the deck, then run --into … --delete again to remove them)")
    if done.empty_removed:
        print(f"  empty cards deleted: {done.empty_removed} (their cloze numbers are gone from the notes; --delete)")
    elif done.empty:
        print(f"  empty cards: {done.empty} (their cloze numbers are gone from the notes; run again with --delete "
              "to remove them, or use Tools → Empty Cards in Anki)")
    if done.converted:
        print(f"  note type changed (--convert): {_names(done.switched)}; their cards keep their history"
              + (f"; {done.emptied} card{'s' * (done.emptied != 1)} the new note type leaves empty removed"
                 if done.emptied else "")
              + ". Anki's next sync must be one-way: choose Upload to AnkiWeb.", flush=True)
        return EXIT_OK
    if done.switched:
        print(f"  not updated, their note type changed (term ↔ cloze): {_names(done.switched)}. Anki keeps a "
              "note's type on import; run again with --convert to change it (history kept; the next sync is "
              "then one-way), or change it in Anki's browser (Notes → Change Note Type)")
    print("Anki's next sync carries these changes to your other devices.", flush=True)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """One build as the arguments ask; print its report; return the exit status."""
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
        return EXIT_BAD_INPUT
    except OSError as err:
        where = err.filename or (args.output or "output")
        print(Problem(str(where), None, f"cannot write: {err.strerror or err}; nothing was changed"), file=sys.stderr)
        return EXIT_BAD_INPUT
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    args.result = result
    print(result.settings.describe(), flush=True)  # first: where the root deck and file rules came from
    if args.check:
        if result.up_to_date or not result.changes.any:
            print(f"{result.state_path} agrees with the notes: a build would not change the deck.")
            return EXIT_OK
        print("\n".join(report(result, "A build would change")))
        print(f"Run {args.prog} and commit {result.state_path} with the notes.")
        return EXIT_CHANGES
    if result.preview is not None:
        print(f"Wrote the preview {result.preview}: {result.notes} notes, {result.cards} cards. "
              "Open it in a browser; the deck and state were not written.", flush=True)
        return EXIT_OK
    epoch = clock() if "SOURCE_DATE_EPOCH" in os.environ and not args.into else None
    print("\n".join(report(result, "Would build" if args.dry_run else "Built", args.verbose, epoch)), flush=True)

    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK
