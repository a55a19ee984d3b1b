"""The state file: format 3 written and read back, and the formats of earlier releases read."""

from __future__ import annotations

import json

from notedeck.build import state


def _note(guid: str, term: str, nid: int, **more: str) -> state.NoteState:
    return state.NoteState(guid, "Deck", term, "d" * 16, nid, nid // 1000, **more)  # type: ignore[arg-type]


def test_format_3_keeps_shapes_and_removed_notes_whole() -> None:
    written = state.State("n" * 64, 1, (_note("a", "Alpha", 1000),), "Deck", "Deck",
                          gone=(_note("b", "Beta", 2000, term_guid="k", text="t", file="f.txt"),),
                          files={"f.txt": {"shape": "delimited", "separator": " --- "}, "a.md": {"shape": "bullets"}})
    text = state.dumps(written)
    assert json.loads(text)["format"] == 3
    assert state.loads(text, "s.json") == written
    # One note a line, one file a line: the state diffs well in version control.
    assert '\n  "a.md": {"shape": "bullets"},\n  "f.txt": ' in text and '\n  {"deck": "Deck"' in text


def test_format_2_removed_notes_are_read_by_guid_and_term() -> None:
    text = json.dumps({"format": 2, "note_type": {"digest": "x", "mod": 1}, "notes": [],
                       "gone": [["g1", "Old term"]]})
    loaded = state.loads(text, "s.json")
    assert [(n.guid, n.term, n.id) for n in loaded.gone] == [("g1", "Old term", 0)]
    assert loaded.files == {} and loaded.format == 2


def test_a_note_removed_then_back_keeps_its_id_and_gets_a_newer_time() -> None:
    old = state.State(notes=(_note("a", "Alpha", 1764000000000), _note("b", "Beta", 1764000000010)))
    current = [state.Current("a", "Deck", "Alpha", "d" * 16)]
    removed, changes = state.update(old, current, 1764000100)
    assert changes.removed == ["Beta"] and [n.guid for n in removed.gone] == ["b"]
    back, changes = state.update(removed, [*current, state.Current("b", "Deck", "Beta", "e" * 16)], 1764000200)
    assert changes.returned == ["Beta"] and changes.added == [] and back.gone == ()
    note = next(n for n in back.notes if n.guid == "b")
    assert (note.id, note.mod) == (1764000000010, 1764000200)
    # A new note never takes a removed note's id.
    new, _ = state.update(removed, [*current, state.Current("c", "Deck", "Gamma", "f" * 16)], 1764000)
    assert next(n for n in new.notes if n.guid == "c").id not in {1764000000000, 1764000000010}


def test_identities_of_removed_notes_are_found_again() -> None:
    renamed_then_removed = _note("guid-of-alpha", "Alpha prime", 1000, term_guid="guid-of-alpha-prime")
    old = state.State(gone=(renamed_then_removed,))
    found = state.identities(old, [state.Wanted("guid-of-alpha-prime", "Alpha prime", "t")], {"Deck"},
                             lambda g: "salted-" + g)
    assert found.guids == ["guid-of-alpha"]
    # Both names back at once: the renamed one keeps the note, the first name gets a fresh GUID.
    both = state.identities(old, [state.Wanted("guid-of-alpha", "Alpha", "t1"),
                                  state.Wanted("guid-of-alpha-prime", "Alpha prime", "t2")], {"Deck"},
                            lambda g: "salted-" + g)
    assert both.guids == ["salted-guid-of-alpha", "guid-of-alpha"]
