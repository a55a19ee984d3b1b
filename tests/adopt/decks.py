"""Decks made in Anki itself (Anki's own backend, the ``anki`` package), exported by Anki's own exporter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..render.test_images import png

CELL, FLAG = png((200, 30, 30)), png((30, 30, 200))


@dataclass(frozen=True)
class Made:
    """A collection with a deck made in Anki, and its exports."""

    collection: Path
    apkg: Path  # Anki's current package (collection.anki21b, zstd)
    legacy: Path  # the legacy package (collection.anki21), as Anki 2.1.49 and older write it
    colpkg: Path  # the whole collection


# (note type, deck, fields, tags): a learner's deck of every kind of note notedeck adopts, and two it cannot.
NOTES = [
    ("Basic", "Biology", {"Front": "What is <b>ATP</b>?",
                          "Back": "The cell's <i>energy</i> currency<br>made in <b>mitochondria</b>"},
     ["bio::energy", "exam"]),
    ("Basic (and reversed card)", "Biology", {"Front": "Mitochondrion",
                                              "Back": 'the organelle that makes ATP <img src="cell.png">'},
     ["bio::cells::organelles"]),
    ("Basic (optional reversed card)", "Biology", {"Front": "Ribosome", "Back": "makes proteins", "Add Reverse": "y"},
     []),
    ("Basic (optional reversed card)", "Biology", {"Front": "Lysosome", "Back": "digests waste", "Add Reverse": ""},
     []),
    ("Basic", "Biology", {"Front": "Glycolysis steps",
                          "Back": "<ol><li>glucose is <b>phosphorylated</b></li><li>split in two</li></ol>"
                                  "<div>see <a href=\"https://en.wikipedia.org/wiki/Glycolysis\">Wikipedia</a></div>"},
     ["bio::energy"]),
    ("Basic", "Biology", {"Front": "Water", "Back": "H<sub>2</sub>O, <u>polar</u>"}, []),
    ("Basic", "Biology", {"Front": "Membrane potential",
                          "Back": "about \\(-70\\,\\text{mV}\\), by \\[V = \\frac{RT}{F}\\ln\\frac{[K]_o}{[K]_i}\\]"},
     []),
    ("Basic", "Biology", {"Front": "<code>len()</code> in Python",
                          "Back": "<pre>len([1, 2])  # 2\nlen('ab')</pre>"}, ["code"]),
    ("Basic", "Biology", {"Front": "Cell (biology)",
                          "Back": '<span style="color: rgb(255, 0, 0);">the</span> unit of life'}, []),
    ("Basic", "Biology", {"Front": "Cell (prison)", "Back": "a small room"}, []),
    ("Basic", "Biology", {"Front": "Cell", "Back": "a unit of a spreadsheet"}, []),
    ("Basic", "Biology", {"Front": "Cell", "Back": "a battery's unit"}, []),
    ("Basic", "Biology", {"Front": '<img src="flag.png">', "Back": "the flag of the lab"}, ["images"]),
    ("Basic", "Biology", {"Front": "Genes table",
                          "Back": "<table><tr><th>gene</th><th>role</th></tr><tr><td>TP53</td><td>tumour "
                                  "suppressor</td></tr></table>"}, []),
    ("Cloze", "Biology::Cells", {"Text": "The {{c1::nucleus}} holds the {{c2::DNA::molecule}}.",
                                 "Back Extra": "see chapter 2"}, ["bio::cells"]),
    ("Cloze", "Biology::Cells::Organelles", {"Text": "{{c1::Chloroplasts}} do photosynthesis<br>in {{c2::plants}}",
                                             "Back Extra": ""}, []),
    ("Basic", "Biology", {"Front": "Cell (prison)", "Back": "a small room"}, ["again"]),  # the same note twice
    ("Vocabulary", "Biology::Cells", {"Word": "Vesicle", "Meaning": "a small sac", "Example": "synaptic vesicles"}, []),
    ("Basic", "Biology", {"Front": "Empty back", "Back": ""}, []),
    ("Basic (type in the answer)", "Biology", {"Front": "Spell ATP", "Back": "adenosine triphosphate"}, []),
    ("Image Occlusion", "Biology", {"Occlusion": "{{c1::image-occlusion:rect:left=.1:top=.1:width=.2:height=.2:oi=1}}",
                                    "Image": '<img src="cell.png">'}, []),
    ("Basic", "Chemistry", {"Front": "pH", "Back": "how acid a solution is"}, []),
]
ADOPTED = 17  # notes of Biology notedeck writes: all but the repeated one, the empty one and the two refused


def make(folder: Path) -> Made:
    """A collection with the deck Biology (reviewed once), exported three ways."""
    from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions
    from anki.scheduler.v3 import CardAnswer

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "collection.anki2"
    col = Collection(str(path))
    try:
        col.media.write_data("cell.png", CELL)
        col.media.write_data("flag.png", FLAG)
        vocabulary = col.models.new("Vocabulary")  # a note type of the learner's own: a word, its meaning, an example
        for name in ("Word", "Meaning", "Example"):
            col.models.add_field(vocabulary, col.models.new_field(name))
        template = col.models.new_template("Recognise")
        template["qfmt"] = '<div class="word">{{Word}}</div>'
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br><i>{{Example}}</i>"
        col.models.add_template(vocabulary, template)
        col.models.add(vocabulary)
        for kind, deck, fields, tags in NOTES:
            note = col.new_note(col.models.by_name(kind))
            for name, value in fields.items():
                note[name] = value
            note.tags = tags
            col.add_note(note, col.decks.id(deck))
        for cid in col.find_cards(""):  # every card reviewed once
            card = col.get_card(cid)
            card.start_timer()
            states = col._backend.get_scheduling_states(cid)
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
        biology = DeckIdLimit(col.decks.id("Biology"))
        options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False)
        col.export_anki_package(out_path=str(folder / "Biology.apkg"), options=options, limit=biology)
        options.legacy = True
        col.export_anki_package(out_path=str(folder / "Biology-legacy.apkg"), options=options, limit=biology)
    finally:
        col.close()
    col = Collection(str(path))
    col.export_collection_package(str(folder / "collection.colpkg"), include_media=True, legacy=False)  # closes it
    return Made(path, folder / "Biology.apkg", folder / "Biology-legacy.apkg", folder / "collection.colpkg")
