"""What the command prints of a build and of ``--into``: counts, the terms named, what to do next."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..adopt import Adopted
    from ..build import Result
    from ..output.into_anki import Outcome

LIST_MOST = 8


def names(terms: Sequence[str]) -> str:
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
        lines.append(f"  added: {names(c.added)}")
    if c.returned:
        lines.append(f"  back: {names(c.returned)} (removed earlier: the same notes again, Anki keeps their history)")
    if c.changed:
        lines.append(f"  changed: {names(c.changed)}")
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
        lines.append(f"  removed: {names(c.removed)}")
        lines.append("  Anki never deletes notes on import. To find the removed ones, paste this into "
                     "Anki's browser search:")
        lines.append("    nid:" + ",".join(map(str, c.removed_ids)))
    return lines


def shapes(result: Result) -> list[str]:
    """How files were read that the state knew nothing of, or read in a new shape."""
    lines = []
    detected = [f"{s.file} as {s.shape}" for s in result.shapes if s.before is None and s.origin == "detected"]
    if detected:
        lines.append(f"  read {names(detected)} (detected; the state remembers it: declare a shape on a file's "
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


def into_lines(done: Outcome) -> list[str]:
    """What ``--into`` did to the collection, and what the learner may do next."""
    made = [f"  a new collection, made now: {done.collection} (open it in Anki through a profile's folder, or "
            "import the .apkg there)"] if done.created else []
    if done.nothing:
        return [f"Into {done.collection}: nothing to change, it has these {done.unchanged} notes as they are "
                "(no backup made)", *made, *_still_there(done)]
    lines = [f"Into {done.collection}: {done.added} added, {done.updated} updated, {done.unchanged} unchanged"
             + (f"; the learner's Extra kept on {done.extra_kept}" if done.extra_kept else ""),
             f"  backup: {done.backup}" if done.backup else "  backup: none made (Anki's backend declined)", *made]
    if done.newer:
        lines.append(f"  updated although edited in Anki since: {names(done.newer)} (the notes win; Extra kept)")
    if done.stale and done.removed:
        lines.append(f"  deleted: {names(done.stale)} (--delete)")
    lines += _still_there(done)
    if done.empty_removed:
        lines.append(f"  empty cards deleted: {done.empty_removed} (their cloze numbers are gone from the notes; "
                     "--delete)")
    elif done.empty:
        lines.append(f"  empty cards: {done.empty} (their cloze numbers are gone from the notes; run again with "
                     "--delete to remove them, or use Tools → Empty Cards in Anki)")
    if done.retyped:
        lines.append(f"  left as they are: {names(done.retyped)} (adopted notes whose note type changed in Anki since: "
                     "change it back, or adopt the deck again)")
    if done.converted:
        lines.append(f"  note type changed (--convert): {names(done.switched + done.adopted)}; their cards keep their "
                     "history"
                     + (f"; {done.emptied} card{'s' * (done.emptied != 1)} the new note type leaves empty removed"
                        if done.emptied else "")
                     + ". Anki's next sync must be one-way: choose Upload to AnkiWeb.")
        return lines
    if done.adopted:
        lines.append(f"  not updated: {names(done.adopted)}, still of the note types they had in Anki (adopted). Run "
                     "again with --convert to change them to notedeck's in place (cards and history kept, nothing "
                     "added; the next sync is then one-way), or see the README to keep them and add the deck as a copy")
    if done.switched:
        lines.append(f"  not updated, their note type changed (term ↔ cloze): {names(done.switched)}. Anki keeps "
                     "a note's type on import; run again with --convert to change it (history kept; the next sync "
                     "is then one-way), or change it in Anki's browser (Notes → Change Note Type)")
    if not done.created:  # a collection made now is in no profile: nothing syncs it yet
        lines.append("Anki's next sync carries these changes to your other devices.")
    return lines


def _still_there(done: Outcome) -> list[str]:
    """The notes the deck no longer has that stay in the collection: not asked to delete, or held back."""
    lines = []
    if done.stale and not done.removed:
        lines.append(f"  no longer in the notes, still in the collection: {names(done.stale)} (run again with "
                     "--delete to remove them)")
    if done.held:
        lines.append(f"  not deleted this time: {names(done.held)} (this build removed most of their file, with "
                     "--allow-removals: check the deck, then run --into … --delete again to remove them)")
    return lines


def adopt_next(folder: object) -> str:
    """What to do after --adopt."""
    return (f"Next: `notedeck {folder}` builds the deck; `notedeck {folder} --into COLLECTION --convert` puts it into "
            "the collection the deck came from, changing those notes to notedeck's note types in place (their cards "
            "and history kept, nothing added; the next sync is one-way). README: Bring a deck you already have.")


def adopted(done: Adopted) -> list[str]:
    """What --adopt prints."""
    lines = [f"Adopted {done.deck} from {done.source} into {done.folder}: {done.notes} notes in {len(done.files)} "
             f"notes file{'s' * (len(done.files) != 1)}, {done.media} image{'s' * (done.media != 1)}; their "
             f"{done.cards} cards and {done.reviews} reviews stay in Anki"]
    lines.append("  files: " + ", ".join(f"{name} ({count})" for name, count in done.files))
    lines.append("  from: " + "; ".join(f"{name} ({count}) → {became}" for name, became, count in done.by_type))
    for deck, read_as in done.renamed:
        lines.append(f"  deck {deck!r} is read back as {read_as!r} (a file name cannot say it): Anki keeps its cards "
                     "in the deck they are in")
    if done.html:
        lines.append(f"  kept as HTML ([html]): {len(done.html)} note{'s' * (len(done.html) != 1)} Markdown cannot "
                     f"say: {names(list(done.html))}")
    for what, notes_ in done.lost:
        lines.append(f"  not kept: {what}, in {len(notes_)} note{'s' * (len(notes_) != 1)}: {names(list(notes_))}")
    if done.merged:
        lines.append(f"  written once: {names(list(done.merged))} (the same term, definition and Extra as another "
                     "note: one note; Anki keeps the other as it is)")
    if done.tags_dropped:
        lines.append(f"  tags not kept ([tags: …] cannot hold a bracket): {names(list(done.tags_dropped))}")
    if done.warnings:
        lines.append(f"  lint: {done.warnings} warning{'s' * (done.warnings != 1)} on the notes (a build shows them)")
    return lines
