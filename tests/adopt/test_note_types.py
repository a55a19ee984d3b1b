"""Which note types become notedeck's and how, read off their templates; what cannot be adopted, and why."""

from __future__ import annotations

from notedeck.adopt.anki_source import Note, NoteType
from notedeck.adopt.note_types import Adoption, Kind, Refusal, classify
from notedeck.adopt import notes

ANSWER = "{{FrontSide}}<hr id=answer>"
BASIC = NoteType(1, "Basic", False, 1, ("Front", "Back"), (("Card 1", "{{Front}}", ANSWER + "{{Back}}"),))
REVERSED = NoteType(2, "Basic (and reversed card)", False, 2, ("Front", "Back"), (
    ("Card 1", "{{Front}}", ANSWER + "{{Back}}"), ("Card 2", "{{Back}}", ANSWER + "{{Front}}")))
OPTIONAL = NoteType(3, "Basic (optional reversed card)", False, 3, ("Front", "Back", "Add Reverse"), (
    ("Card 1", "{{Front}}", ANSWER + "{{Back}}"),
    ("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", ANSWER + "{{Front}}")))
CLOZE = NoteType(5, "Cloze", True, 5, ("Text", "Back Extra"), (("Cloze", "{{cloze:Text}}",
                                                                 "{{cloze:Text}}<br>\n{{Back Extra}}"),))


def _adopted(note_type: NoteType) -> Adoption:
    found = classify(note_type)
    assert isinstance(found, Adoption), found
    return found


def test_anki_s_own_note_types_and_look_alikes_are_adopted() -> None:
    basic = _adopted(BASIC)
    assert (basic.kind, basic.fields(), basic.cards()) == (Kind.TERM, [("Front", "Term"), ("Back", "Definition")],
                                                            [(0, 0)])
    reversed_ = _adopted(REVERSED)
    assert reversed_.reverse and reversed_.cards() == [(0, 0), (1, 1)]
    assert ("Front", "Reverse") in reversed_.fields()  # card 2 is never empty while the note type changes
    optional = _adopted(OPTIONAL)
    assert (optional.reverse, optional.reverse_if, optional.extra) == (False, 2, ())
    assert ("Add Reverse", "Reverse") in optional.fields()  # card 2 only where the note had it
    cloze = _adopted(CLOZE)
    assert (cloze.kind, cloze.main, cloze.extra, cloze.cards()) == (Kind.CLOZE, 0, (1,), [])
    own = _adopted(NoteType(9, "Vocabulary", False, 0, ("Word", "Meaning", "Example", "Notes"), (
        ("Recognise", '<div class="w">{{text:Word}}</div>', ANSWER + "{{Meaning}}<br>{{Example}}"),)))
    assert (own.term, own.main, own.extra) == (0, 1, (2, 3))


def test_what_notedeck_s_cards_cannot_ask_is_refused_with_the_reason() -> None:
    def why(note_type: NoteType) -> str:
        found = classify(note_type)
        assert isinstance(found, Refusal)
        return found.reason

    assert why(NoteType(6, "Image Occlusion", True, 6, ("Occlusion", "Image"), (("IO", "{{cloze:Occlusion}}", ""),))
               ).startswith("image occlusion")
    assert "type the answer" in why(NoteType(4, "Typed", False, 4, ("Front", "Back"),
                                             (("Card 1", "{{Front}}{{type:Back}}", ANSWER),)))
    assert why(NoteType(7, "Two", False, 0, ("A", "B", "C"), (("Card 1", "{{A}} {{B}}", ANSWER + "{{C}}"),))) == \
        "its card 'Card 1' asks 2 fields at once (A, B); notedeck's cards ask one term"
    assert why(NoteType(8, "Japanese", False, 0, ("Kanji", "Reading"), (
        ("Card 1", "{{Kanji}}", ANSWER + "{{furigana:Reading}}"),))) == \
        "its card 'Card 1' shows {{furigana:Reading}}, which notedeck's cards have no place for"
    assert "scripts" in why(NoteType(9, "JS", False, 0, ("A", "B"), (("C", "{{A}}<script>x()</script>", "{{B}}"),)))
    assert why(NoteType(10, "Three", False, 0, ("A", "B"), (("1", "{{A}}", "{{B}}"),) * 3)).startswith("it makes 3 cards")


def test_a_note_is_markdown_when_that_keeps_it_all_else_html_when_that_does_else_markdown_and_its_losses() -> None:
    basic = _adopted(BASIC)

    def made(front: str, back: str) -> notes.Made:
        found = notes.make(Note(1, "g", 1, 1, (front, back), (), "D"), basic, lambda src: f"media/{src}")
        assert isinstance(found, notes.Made)
        return found

    assert (made("ATP", "<b>energy</b>").entry.definition, made("ATP", "<b>energy</b>").html) == ("**energy**", False)
    water = made("Water", "H<sub>2</sub>O")
    assert (water.entry.definition, water.html, water.lost) == ("H<sub>2</sub>O", True, frozenset())
    both = made("Water", 'H<sub>2</sub>O <img src="w.png">')  # HTML would lose the picture: Markdown, sub lost
    assert (both.entry.definition, both.html, set(both.lost)) == ("H2O ![](media/w.png)", False,
                                                                  {"subscripts and superscripts"})
    assert made("Options [reverse]", "x").entry.term == "Options [reverse\\]"  # no marker: the term's own text
    assert made("A", "<h1>Title</h1>text").entry.definition == "**Title**\n\ntext"
    empty = notes.make(Note(2, "g2", 1, 1, ("Front only", "<br>"), (), "D"), basic, lambda src: None)
    assert isinstance(empty, notes.Skipped) and empty.reason == "its Back is empty: a notedeck note needs a definition"
    no_cloze = notes.make(Note(3, "g3", 1, 5, ("no clozes here", ""), (), "D"), _adopted(CLOZE), lambda src: None)
    assert isinstance(no_cloze, notes.Skipped) and "has no cloze" in no_cloze.reason


def test_notedeck_s_own_notes_are_refused_with_where_their_source_is() -> None:
    from notedeck.output.notetype import MODEL_ID, NAME

    ours = NoteType(MODEL_ID, NAME, False, 0, ("Term", "Definition", "Extra"),
                    (("Term → Definition", "{{Context}}{{Term}}{{Alias}}", ANSWER + "{{Definition}}"),))
    found = classify(ours)
    assert isinstance(found, Refusal) and "notedeck built these notes" in found.reason, found
    # A later version of the note type (another id, the same family of names) is refused alike.
    later = classify(NoteType(1, "notedeck cloze v7", True, 0, ("Text",), (("Cloze", "{{cloze:Text}}", "x"),)))
    assert isinstance(later, Refusal) and "notedeck built these notes" in later.reason
