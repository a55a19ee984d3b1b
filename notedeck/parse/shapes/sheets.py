"""Spreadsheets as Anki reads them: whether a first row names the columns, and which column is which.

Pure. Anki's importer maps columns by position (the first two to the note's fields) unless a
``#columns:`` line names them; a spreadsheet usually names them in its first row instead, in
the learner's language (``ID,Front,Back,Tags``, ``No.⇥単語⇥品詞⇥意味⇥例文``, ``English,Deutsch``).

- **The header row.** A first row is the header when it names the columns: two of its cells are
  names of different kinds this module knows (a term's and a definition's, say) or its first
  two are languages; or, in any language, when it is unlike the rows under it: over a column of
  numbers or dates it holds a word (``No.`` over ``1, 2, 3``), or, twice, a name a third as
  long as the cells under it, and none of its cells is a value its column holds below (a
  number over numbers, a word its column repeats). Anything else is a card: a doubt costs a
  card the learner sees, never a card lost.
- **The columns.** A known name maps its column (front, back, tags, extra, id: ``NAMES``, in
  English, German, French, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese and
  Korean); languages name the term first, then the definition. Else the first column no name
  claims is the front and the next the back. Every other column goes into ``Extra``, one
  ``Header: value`` line per non-empty cell (``Column N`` where there is no name).
- **An ``ID`` column** (``No.``, ``Nr.``, ``#``, ``番号``…) is also the note's identity, so a
  row whose front is edited keeps its note; its values must be unique (a column whose values
  repeat is read as Extra only).

What was decided (``Columns``) is kept in the build state, so a later build reads the sheet
the same way: a header row deleted by mistake leaves the columns where they were.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...errors import NotesError, Problem
from ..entry import Entry, problem_with


def _names(text: str) -> frozenset[str]:
    return frozenset(n.strip() for n in text.split("|") if n.strip())


# Column names whose meaning is obvious, as people and tools write them. Compared without case.
NAMES: dict[str, frozenset[str]] = {
    "term": _names(
        "front|question|term|word|prompt|card front|side 1|side a|q|vocabulary|vocab|expression|concept|name|text|"
        "phrase|headword|lemma form|kanji|hanzi|"
        "begriff|wort|vorderseite|frage|stichwort|vokabel|ausdruck|fachbegriff|"  # German
        "terme|mot|recto|expression|notion|vocabulaire|"  # French
        "término|termino|palabra|pregunta|anverso|frente|concepto|vocablo|"  # Spanish
        "termo|palavra|pergunta|conceito|"  # Portuguese
        "termine|parola|domanda|fronte|vocabolo|concetto|"  # Italian
        "woord|begrip|vraag|voorkant|"  # Dutch
        "単語|語彙|用語|語句|表現|言葉|ことば|見出し語|質問|問題|表|おもて|"  # Japanese
        "词语|詞語|单词|單詞|生词|生詞|词汇|詞彙|术语|術語|汉字|漢字|问题|問題|"  # Chinese
        "단어|용어|어휘|질문|앞면"),  # Korean
    "definition": _names(
        "back|answer|definition|meaning|card back|side 2|side b|a|explanation|description|translation|gloss|"
        "back extra|english meaning|"
        "bedeutung|rückseite|antwort|erklärung|übersetzung|beschreibung|definition|"  # German
        "définition|sens|verso|réponse|traduction|signification|explication|"  # French
        "definición|definicion|significado|respuesta|reverso|traducción|traduccion|explicación|"  # Spanish
        "definição|resposta|tradução|explicação|"  # Portuguese
        "definizione|significato|risposta|retro|traduzione|spiegazione|"  # Italian
        "betekenis|definitie|antwoord|vertaling|achterkant|uitleg|"  # Dutch
        "意味|訳|和訳|英訳|日本語訳|答え|解答|回答|定義|説明|裏|うら|"  # Japanese
        "意思|释义|釋義|含义|含義|定义|答案|翻译|翻譯|解释|解釋|"  # Chinese
        "뜻|의미|정의|답|뒷면|번역"),  # Korean
    "tags": _names("tags|tag|schlagwörter|schlagwort|étiquettes|étiquette|etiquetas|etiqueta|etichette|"
                   "tags (anki)|labels|タグ|标签|標籤|태그"),
    "id": _names("id|no|no.|nr|nr.|num|num.|number|#|№|n°|nº|n.º|index|idx|nummer|numéro|número|numero|"
                 "番号|通し番号|序号|序號|编号|編號|번호"),
    "extra": _names(
        "extra|notes|note|remarks|remark|comment|comments|example|examples|example sentence|sentence|context|"
        "hint|mnemonic|source|reading|pronunciation|part of speech|pos|word type|type|gender|plural|category|"
        "chapter|page|level|lesson|unit|topic|audio|sound|image|picture|synonym|synonyms|"
        "beispiel|beispiele|beispielsatz|notiz|notizen|anmerkung|bemerkung|hinweis|kapitel|seite|wortart|genus|"
        "transliteration|romanization|romanisation|romaji|pinyin|ipa|phonetic|phonetics|audiourl|audio url|"
        "aussprache|lektion|thema|kategorie|quelle|eselsbrücke|"  # German
        "exemple|exemples|remarque|commentaire|prononciation|genre|chapitre|catégorie|leçon|thème|"  # French
        "ejemplo|ejemplos|nota|notas|comentario|pronunciación|género|capítulo|página|categoría|lección|tema|"
        "fuente|tipo|"  # Spanish
        "exemplo|exemplos|comentário|pronúncia|gênero|categoria|lição|fonte|"  # Portuguese
        "esempio|esempi|commento|pronuncia|genere|capitolo|pagina|lezione|"  # Italian
        "voorbeeld|opmerking|uitspraak|hoofdstuk|"  # Dutch
        "例文|例|用例|読み|読み方|よみ|よみかた|ふりがな|振り仮名|ローマ字|品詞|備考|メモ|注|注意|発音|音声|画像|課|章|"
        "ページ|分類|レベル|"  # Japanese
        "拼音|例句|词性|詞性|备注|備註|发音|發音|"  # Chinese
        "예문|발음|품사|메모|비고"),  # Korean
}
# Anki's own metadata columns, as its export names them in a #columns: line.
META_NAMES = {"guid": frozenset({"guid"}), "deck": frozenset({"deck"}),
              "notetype": frozenset({"notetype", "note type"})}
# A first row of language names (English,Spanish) names the columns too: the first is the term.
LANGUAGE_NAMES = _names(
    "english|spanish|french|german|italian|portuguese|dutch|russian|japanese|chinese|korean|arabic|latin|greek|"
    "polish|swedish|turkish|hindi|native|target|source|persian|farsi|hebrew|vietnamese|thai|indonesian|ukrainian|"
    "czech|danish|norwegian|finnish|hungarian|romanian|greek|swahili|mandarin|cantonese|darija|"
    "español|inglés|ingles|francés|alemán|italiano|portugués|japonés|chino|"
    "français|anglais|espagnol|allemand|italien|portugais|japonais|chinois|"
    "deutsch|englisch|spanisch|französisch|italienisch|portugiesisch|japanisch|chinesisch|russisch|"
    "inglese|spagnolo|francese|tedesco|portoghese|giapponese|cinese|"
    "português|inglês|espanhol|francês|alemão|japonês|"
    "nederlands|engels|polski|angielski|русский|английский|türkçe|ingilizce|svenska|engelska|"
    "日本語|英語|中国語|韓国語|スペイン語|フランス語|ドイツ語|中文|英文|英语|汉语|漢語|한국어|영어|일본어")

_ROLES = tuple(NAMES) + tuple(META_NAMES)
SAMPLE = 200  # rows under the first that header detection compares it with
_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?\s*%?|[-+−]?[.,]\d+")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
                   r"\d{4}[./]\d{1,2}[./]\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?")
_SENTENCE_END = re.compile(r"[.!?。！？]$")
MOST_NAME_CHARS = 50  # a column name is a few words


def normal(name: str) -> str:
    """A column name as it is compared: without case, spacing or a trailing colon."""
    return " ".join(name.casefold().split()).removesuffix(":").rstrip()


def role_of(name: str) -> str | None:
    """What a column named ``name`` holds, if the name says."""
    key = normal(name)
    return next((role for role, names in (*NAMES.items(), *META_NAMES.items()) if key in names), None)


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*")
MOST_QUALIFIED_WORDS = 3  # "Standard Arabic", "Brazilian Portuguese", "Arabic (Egyptian)": a language still


def is_language(name: str) -> bool:
    """A language's name, alone or qualified by a word or two (``Standard Arabic``, ``Spanish (Mexico)``)."""
    key = normal(name)
    if key in LANGUAGE_NAMES:
        return True
    words = _QUALIFIER.sub(" ", key).split()
    return 1 <= len(words) <= MOST_QUALIFIED_WORDS and (words[-1] in LANGUAGE_NAMES or words[0] in LANGUAGE_NAMES)


@dataclass(frozen=True)
class Columns:
    """Which column of a sheet is which, numbered from 0, and the header row it was read from.

    ``roles`` has one entry a column: ``term``, ``definition``, ``tags``, ``extra``, ``id``
    (extra too, and the note's identity), ``skip`` (a ``#columns:`` name left empty), or Anki's
    ``guid``, ``deck`` and ``notetype``.
    """

    roles: tuple[str, ...]
    header: tuple[str, ...] | None = None  # the first row's names; None for a sheet without a header row

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def label(self, i: int) -> str:
        """How column ``i`` is named in Extra and in the report."""
        name = self.header[i].strip() if self.header is not None and i < len(self.header) else ""
        return name or f"Column {i + 1}"

    def role(self, i: int) -> str:
        """The role of column ``i``, also of a column beyond those the mapping was made for: Extra."""
        return self.roles[i] if i < len(self.roles) else "extra"

    def value(self) -> dict[str, object]:
        """As the state keeps it (inside a JSON text)."""
        return {"header": None if self.header is None else list(self.header), "roles": list(self.roles)}

    def encode(self) -> str:
        """As the state keeps it: a JSON text."""
        return json.dumps(self.value(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> Columns | None:
        """``encode``'s text read back; None for anything else (a state from another version)."""
        try:
            return cls.from_value(json.loads(text)) if text else None
        except ValueError:
            return None

    @classmethod
    def from_value(cls, data: object) -> Columns | None:
        """``value`` read back; None for anything else."""
        if not isinstance(data, dict):
            return None
        roles, header = data.get("roles"), data.get("header")
        if not isinstance(roles, list) or not all(r in _ROLES + ("skip",) for r in roles) or \
                "term" not in roles or "definition" not in roles:
            return None
        if header is not None and not (isinstance(header, list) and all(isinstance(h, str) for h in header)):
            return None
        return cls(tuple(roles), None if header is None else tuple(header))

    def describe(self) -> str:
        """One line for the report: ``Front=単語, Back=意味, Extra=No., 読み, 品詞, 例文; Id=No.``"""
        def named(role: str) -> list[str]:
            return [self.label(i) for i, r in enumerate(self.roles) if r == role]

        extra = [self.label(i) for i, r in enumerate(self.roles) if r in ("extra", "id")]
        parts = [f"Front={', '.join(named('term'))}", f"Back={', '.join(named('definition'))}"]
        parts += [f"Tags={', '.join(named('tags'))}"] * bool(named("tags"))
        parts += [f"Extra={_spans(extra) if self.header is None else ', '.join(extra)}"] * bool(extra)
        text = ", ".join(parts)
        if named("id"):
            text += f"; Id={', '.join(named('id'))}"
        if named("skip"):
            text += f"; skipped: {', '.join(named('skip'))}"
        return ("columns read as " if self.header is not None else "no header row: columns read as ") + text


def _spans(labels: list[str]) -> str:
    """``Column 3, Column 4, Column 5, Column 7`` as ``Column 3–5, 7``."""
    numbers = [int(label.split()[1]) for label in labels]
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
    return ("Column " if len(numbers) == 1 else "Columns ") + shown


def _kind(cell: str) -> str:
    """What a cell holds, for comparing a first row with the rows under it."""
    if not cell:
        return ""
    if _NUMBER.fullmatch(cell):
        return "number"
    if _DATE.fullmatch(cell):
        return "date"
    return "text"


def _name_like(cell: str) -> bool:
    """A cell that can name a column: a few words on one line, not a sentence (``No.`` is a name)."""
    return len(cell) <= MOST_NAME_CHARS and "\n" not in cell and (len(cell) <= 4 or not _SENTENCE_END.search(cell))


def names_columns(cells: Sequence[str]) -> bool:
    """A row of names this module knows: its first two cells languages, or two names of different kinds,
    one of them a term's or a definition's (``Front,Back``, ``word,meaning,example``, ``ID,Begriff``)."""
    named = [c.strip() for c in cells if c.strip()]
    if len(named) < 2 or not all(_name_like(c) for c in named):
        return False
    if all(is_language(c) for c in named[:2]):
        return True
    roles = [role_of(c) for c in named]
    # Languages among names of known kinds (english,transliteration,arabic,audioUrl): each column is named.
    if sum(is_language(c) for c in named) >= 2 and all(r is not None or is_language(c) for c, r in zip(named, roles)):
        return True
    kinds = {r for r in roles if r is not None}
    # Two different kinds: "word,Wort" (a vocabulary card teaching "word") names no columns.
    return len(kinds) >= 2 and bool(kinds & {"term", "definition"}) and \
        roles.count("term") <= 1 and roles.count("definition") <= 1


def unlike_the_rows_under_it(first: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """The first row holds names where the rows under it hold values of another kind.

    Over a column of numbers or dates, a word; or, in two columns, a name a third as long as
    the cells under it (at least 15 characters long on average). Never when one of its cells is
    a value of its column's kind (a number over numbers, a date over dates) or a value its
    column holds again below.
    """
    cells = [c.strip() for c in first]
    if sum(bool(c) for c in cells) < 2 or not all(_name_like(c) for c in cells if c):
        return False
    typed = shorter = 0
    for j, head in enumerate(cells):
        column = [row[j].strip() for row in below[:SAMPLE] if j < len(row) and row[j].strip()]
        if not head or len(column) < 3:
            continue
        kinds: dict[str, int] = {}
        for cell in column:
            kind = _kind(cell)
            kinds[kind] = kinds.get(kind, 0) + 1
        kind, count = max(kinds.items(), key=lambda k: k[1])
        if kind in ("number", "date") and count >= 0.9 * len(column):
            if _kind(head) == kind:
                return False  # a number over numbers: a row like the others
            typed += 1
            continue
        if head in column:
            return False  # a value the column holds again: data
        if 3 * len(head) <= statistics.median(len(c) for c in column) and statistics.mean(map(len, column)) >= 15:
            shorter += 1
    return typed >= 1 or shorter >= 2


def is_header(first: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """Whether a sheet's first row names its columns (see the module's rule)."""
    return names_columns(first) or unlike_the_rows_under_it(first, below)


def by_names(names: Sequence[str], width: int, meta: Mapping[str, int | None] | None = None,
             empty_skips: bool = False) -> Columns:
    """Columns mapped by their names; unknown names go into Extra, after a front and a back are found.

    ``meta`` are Anki's ``#… column:`` numbers (from 0), which take their columns first;
    ``empty_skips``: an empty name skips its column (Anki's ``#columns:``), else it is Extra.
    """
    width = max(width, len(names))
    roles: list[str | None] = [None] * width
    taken: set[str] = set()
    for role, i in (meta or {}).items():
        if i is not None and i < width:
            roles[i] = role
            taken.add(role)
    for i, name in enumerate(names):
        if roles[i] is not None:
            continue
        if not name.strip():
            roles[i] = "skip" if empty_skips else "extra"
            continue
        role = role_of(name)
        if role is not None and (role == "extra" or role not in taken):
            roles[i] = role
            taken.add(role)
        elif role is not None:
            roles[i] = "extra"  # a second term, tags or id column: shown, not lost
    languages = [i for i, name in enumerate(names) if roles[i] is None and is_language(name)]
    free = [i for i in range(width) if roles[i] is None and i not in languages]
    for role in ("term", "definition"):
        if role not in taken:
            pick = languages or free or [i for i in range(width) if roles[i] == "extra"]
            if pick:
                chosen = pick.pop(0)
                for group in (languages, free):
                    if chosen in group:
                        group.remove(chosen)
                roles[chosen] = role
                taken.add(role)
    return Columns(tuple(r or "extra" for r in roles), tuple(names))


def by_position(width: int, meta: Mapping[str, int | None] | None = None, anki_tags: bool = False) -> Columns:
    """A sheet without names: the first two free columns are the front and the back, the others Extra.

    ``anki_tags``: Anki's own rule for its text files, the column after the two fields is the tags.
    """
    roles: list[str | None] = [None] * width
    for role, i in (meta or {}).items():
        if i is not None and i < width:
            roles[i] = role
    free = [i for i in range(width) if roles[i] is None]
    for role in ("term", "definition") + (("tags",) if anki_tags and "tags" not in roles else ()):
        if free:
            roles[free.pop(0)] = role
    return Columns(tuple(r or "extra" for r in roles))


@dataclass(frozen=True)
class Row:
    """One record of a table and the line (or spreadsheet row) it starts on."""

    line: int
    cells: list[str]


def entries(table: Sequence[Row], columns: Columns, path: str, markup: str, identity: str = "",
            deck: str | None = None) -> list[Entry]:
    """The cards of a table whose columns are known; raises NotesError with every row that is no card.

    ``identity`` goes before each ID (a workbook's sheet), ``deck`` is every note's deck (a sheet's subdeck).
    """
    term, definition, tags, ident = (columns.index(r) for r in ("term", "definition", "tags", "id"))
    width = max(len(r.cells) for r in table)
    shown = [i for i in range(width) if columns.role(i) in ("extra", "id")]
    # A column named Extra is the Extra field itself: its value as it is; any other is labelled by its name.
    labels = {i: "" if normal(columns.label(i)) == "extra" else f"{columns.label(i)}: " for i in shown}
    joiner = "<br>" if markup == "html" else "\n"
    found: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in table:
        cells = row.cells
        n = len(cells)
        front = cells[term].strip() if term is not None and term < n else ""
        back = cells[definition].strip() if definition is not None and definition < n else ""
        problem = problem_with(path, row.line, front, back,
                              f"empty definition for {front!r}: the row has nothing in its definition column")
        if problem is not None:
            problems.append(problem)
            continue
        extra = joiner.join(labels[i] + v for i in shown if i < n and (v := cells[i].strip())) if shown else ""
        key = cells[ident].strip() if ident is not None and ident < n else ""
        if key:
            if key in seen:
                problems.append(Problem(path, row.line, f"the {columns.label(ident)} {key!r} is also line "  # type: ignore[arg-type]
                                        f"{seen[key]}'s: each row's {columns.label(ident)} is the note's identity, "  # type: ignore[arg-type]
                                        "so it must be its own"))
                continue
            seen[key] = row.line
        found.append(Entry(front, back, row.line, tags=tuple(cells[tags].split()) if tags is not None and tags < n
                           else (), deck=deck, extra=extra, markup=markup,
                           identity=identity + key if key else None))
    if problems:
        raise NotesError(problems)
    return found


def unique_ids(table: Sequence[Row], column: int) -> bool:
    """Whether every value of ``column`` is its row's own: only then is it the notes' identity."""
    values = [row.cells[column].strip() for row in table if column < len(row.cells) and row.cells[column].strip()]
    return len(values) == len(set(values))
