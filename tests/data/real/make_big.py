#!/usr/bin/env python3
"""Make big_vocab_2000.csv and its expected cards: a ~2,300-row Spanish verb-form sheet.

The sheet is what a learner gets by exporting a conjugation drill from a spreadsheet: one row per
verb form (present, preterite, imperfect, future), header ``spanish,english,lemma,tense``.
Regular -ar and -ir verbs have the same nosotros form in the present and the preterite (hablamos,
vivimos), and the imperfect's yo and él forms are the same (hablaba), so the sheet naturally holds
many duplicate terms with different definitions: the reader must report them, not stop.

Deterministic: running it again writes the same bytes. Usage: python3 make_big.py
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "big_vocab_2000.csv"

# infinitive, English base form, English 3rd person singular, English past
VERBS = """
hablar speak speaks spoke|trabajar work works worked|estudiar study studies studied|comprar buy buys bought
mirar watch watches watched|escuchar listen listens listened|llegar arrive arrives arrived|llevar carry carries carried
dejar leave leaves left|llamar call calls called|tomar take takes took|esperar wait waits waited
buscar look for looks for looked for|entrar enter enters entered|trabajar_ _ _ _|necesitar need needs needed
ayudar help helps helped|bailar dance dances danced|cantar sing sings sang|cocinar cook cooks cooked
limpiar clean cleans cleaned|lavar wash washes washed|viajar travel travels travelled|caminar walk walks walked
nadar swim swims swam|ganar win wins won|pagar pay pays paid|usar use uses used|terminar finish finishes finished
olvidar forget forgets forgot|preparar prepare prepares prepared|enseñar teach teaches taught|preguntar ask asks asked
contestar answer answers answered|desear wish wishes wished|gritar shout shouts shouted|cambiar change changes changed
cortar cut cuts cut|dibujar draw draws drew|firmar sign signs signed|invitar invite invites invited
mandar send sends sent|montar ride rides rode|odiar hate hates hated|pasar pass passes passed|quedar remain remains remained
saltar jump jumps jumped|tirar throw throws threw|visitar visit visits visited|aceptar accept accepts accepted
alquilar rent rents rented|apagar switch off switches off switched off|bajar go down goes down went down
borrar delete deletes deleted|callar be quiet is quiet was quiet|celebrar celebrate celebrates celebrated
comer eat eats ate|beber drink drinks drank|leer read reads read|aprender learn learns learnt|comprender understand understands understood
correr run runs ran|vender sell sells sold|deber owe owes owed|creer believe believes believed|romper break breaks broke
meter put in puts in put in|temer fear fears feared|responder reply replies replied|barrer sweep sweeps swept
coser sew sews sewed|prometer promise promises promised|depender depend depends depended|esconder hide hides hid
vivir live lives lived|escribir write writes wrote|abrir open opens opened|recibir receive receives received
decidir decide decides decided|subir go up goes up went up|compartir share shares shared|permitir allow allows allowed
asistir attend attends attended|cubrir cover covers covered|describir describe describes described|discutir argue argues argued
existir exist exists existed|ocurrir happen happens happened|partir depart departs departed|sufrir suffer suffers suffered
unir join joins joined|añadir add adds added|aplaudir applaud applauds applauded|insistir insist insists insisted
interrumpir interrupt interrupts interrupted|imprimir print prints printed|resistir resist resists resisted|cumplir fulfil fulfils fulfilled
"""

ENDINGS = {
    "ar": {"present": ["o", "as", "a", "amos", "áis", "an"], "preterite": ["é", "aste", "ó", "amos", "asteis", "aron"],
           "imperfect": ["aba", "abas", "aba", "ábamos", "abais", "aban"],
           "future": ["é", "ás", "á", "emos", "éis", "án"]},
    "er": {"present": ["o", "es", "e", "emos", "éis", "en"], "preterite": ["í", "iste", "ió", "imos", "isteis", "ieron"],
           "imperfect": ["ía", "ías", "ía", "íamos", "íais", "ían"],
           "future": ["é", "ás", "á", "emos", "éis", "án"]},
    "ir": {"present": ["o", "es", "e", "imos", "ís", "en"], "preterite": ["í", "iste", "ió", "imos", "isteis", "ieron"],
           "imperfect": ["ía", "ías", "ía", "íamos", "íais", "ían"],
           "future": ["é", "ás", "á", "emos", "éis", "án"]},
}
PERSONS = ["I", "you", "he/she", "we", "you (pl.)", "they"]


def spelled(stem: str, ending: str) -> str:
    """Spanish spelling changes of regular verbs before -é (buscar → busqué, llegar → llegué, …)."""
    if ending == "é":
        for end, repl in (("c", "qu"), ("g", "gu"), ("z", "c")):
            if stem.endswith(end):
                return stem[: -len(end)] + repl + ending
    if ending in ("ió", "ieron") and stem.endswith(("e", "a", "o")):  # leer → leyó, creer → creyeron
        return stem + ending.replace("i", "y", 1)
    return stem + ending


def english(person: int, base: str, third: str, past: str, tense: str) -> str:
    if tense == "preterite":
        return f"{PERSONS[person]} {past}"
    if tense == "future":
        return f"{PERSONS[person]} will {base}"
    if tense == "imperfect":
        be = "was" if person in (0, 2) else "were"
        ing = base.split()[0]
        rest = base[len(ing):]
        ing = (ing[:-1] if ing.endswith("e") and not ing.endswith("ee") else ing) + "ing"
        if ing in ("swiming", "runing", "cuting", "puting"):
            ing = ing[:-3] + ing[-4] + "ing"
        return f"{PERSONS[person]} {be} {ing}{rest} / used to {base}"
    return f"{PERSONS[person]} {third if person == 2 else base}"


def rows() -> list[list[str]]:
    out = []
    for item in re.split(r"[|\n]", VERBS):
        parts = item.split()
        if not parts or parts[0].endswith("_"):
            continue
        inf = parts[0]
        words = parts[1:]
        assert len(words) % 3 == 0, item
        # English forms may be two words ("look for"): split the rest into three equal parts.
        n = len(words) // 3
        base, third, past = (" ".join(words[i * n:(i + 1) * n]) for i in range(3))
        stem, group = inf[:-2], inf[-2:]
        for tense in ("present", "preterite", "imperfect", "future"):
            for p, ending in enumerate(ENDINGS[group][tense]):
                form = inf + ending if tense == "future" else spelled(stem, ending)
                out.append([form, english(p, base, third, past, tense), inf, tense])
    return out


def main() -> None:
    data = rows()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["spanish", "english", "lemma", "tense"])
    cards, seen, dups = [], {}, []
    for i, r in enumerate(data, start=2):
        w.writerow(r)
        cards.append({"line": i, "term": r[0], "definition": r[1], "extra": f"lemma: {r[2]}\ntense: {r[3]}"})
        key = r[0].casefold()
        if key in seen:
            dups.append([seen[key], i])
        else:
            seen[key] = i
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    expected = {
        "shape": "csv-header",
        "cards": cards,
        "duplicates": dups,
        "missing_images": [],
        "why": "A 2,000-row conjugation sheet with a header spanish,english,lemma,tense. Regular -ar and -ir verbs have "
               "the same nosotros form in the present and the preterite (hablamos, vivimos) and the imperfect's yo and "
               "él forms are the same (hablaba), so many terms repeat "
               "with different definitions: a correct reader keeps every row as a card, reports each repeat as a "
               "duplicate instead of stopping, maps spanish/english (language names) to term/definition and keeps "
               "lemma and tense as extra. Also a size test for the reader.",
    }
    Path(str(OUT) + ".expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(HERE)}: {len(cards)} rows, {len(dups)} duplicate pairs")


if __name__ == "__main__":
    main()
