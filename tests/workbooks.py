"""Write small ``.xlsx`` and ``.ods`` workbooks, byte for byte the same every time.

python-calamine, the library notedeck reads workbooks with, only reads; these are written here
with ``zipfile`` as Excel and LibreOffice lay them out (Excel: shared strings, numbers with a
date style, booleans, inline strings, a hidden sheet; LibreOffice: typed cells, repeated empty
cells, a hidden table), every zip entry dated 1980-01-01. The tests write workbooks with these
functions, and ``python -m tests.workbooks`` writes the fixtures in ``tests/data/real/`` and
the cards each must give (``.expected.json``).

A cell is a ``str``, an ``int`` or ``float``, a ``bool``, a ``datetime.date`` or ``None`` (empty).
"""

from __future__ import annotations

import datetime
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | float | bool | datetime.date | None
HERE = Path(__file__).resolve().parent / "data" / "real"


@dataclass
class Sheet:
    name: str
    rows: Sequence[Sequence[Cell]]
    hidden: bool = False
    first_row: int = 1  # the row number of rows[0] (rows above it are empty)
    skip_rows: Sequence[int] = field(default_factory=tuple)  # empty rows left between, by index in rows


def _zip(path: Path, entries: Sequence[tuple[str, str]], stored_first: str | None = None) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def _column(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _numbers(sheet: Sheet) -> list[int]:
    numbers, row = [], sheet.first_row
    for i in range(len(sheet.rows)):
        row += i in sheet.skip_rows
        numbers.append(row)
        row += 1
    return numbers


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """An Excel workbook: strings shared (one in each sheet inline), dates as numbers with a date style."""
    strings: dict[str, int] = {}
    parts = []
    for sheet in sheets:
        rows_xml = []
        for r, (number, row) in enumerate(zip(_numbers(sheet), sheet.rows)):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column(c)}{number}"
                if value is None:
                    continue
                if isinstance(value, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                elif isinstance(value, datetime.date):
                    serial = (value - datetime.date(1899, 12, 30)).days
                    cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif r == 1 and c == 0:  # as some tools write them: a string inline
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
                else:
                    index = strings.setdefault(value, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            rows_xml.append(f'<row r="{number}">{"".join(cells)}</row>')
        parts.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     f'<sheetData>{"".join(rows_xml)}</sheetData></worksheet>')
    shared = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    entries = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   for i in range(len(sheets)))
         + '<Override PartName="/xl/sharedStrings.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
         '<Override PartName="/xl/styles.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
         + "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i + 1}"' + (' state="hidden"' if s.hidden else "")
                   + f' r:id="rId{i + 1}"/>' for i, s in enumerate(sheets))
         + "</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
         + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
         + f'<Relationship Id="rId{len(sheets) + 2}" Type="{rel}/styles" Target="styles.xml"/></Relationships>'),
        ("xl/styles.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{main}">'
         '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
         '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
         '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
         '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
         '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
         '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
         '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
        ("xl/sharedStrings.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main}" count="{len(strings)}" '
         f'uniqueCount="{len(strings)}">{shared}</sst>'),
        *((f"xl/worksheets/sheet{i + 1}.xml", part) for i, part in enumerate(parts)),
    ]
    _zip(path, entries)


def write_ods(path: Path, sheets: Sequence[Sheet]) -> None:
    """An OpenDocument spreadsheet as LibreOffice writes one: typed cells, runs of empty cells repeated."""
    tables = []
    for sheet in sheets:
        rows_xml = []
        if sheet.first_row > 1:
            rows_xml.append(f'<table:table-row table:number-rows-repeated="{sheet.first_row - 1}">'
                            '<table:table-cell/></table:table-row>')
        for i, row in enumerate(sheet.rows):
            if i in sheet.skip_rows:
                rows_xml.append("<table:table-row><table:table-cell/></table:table-row>")
            cells, empty = [], 0
            for value in row:
                if value is None:
                    empty += 1
                    continue
                if empty:
                    cells.append(f'<table:table-cell table:number-columns-repeated="{empty}"/>')
                    empty = 0
                if isinstance(value, bool):
                    cells.append(f'<table:table-cell office:value-type="boolean" office:boolean-value='
                                 f'"{str(value).lower()}"><text:p>{str(value).upper()}</text:p></table:table-cell>')
                elif isinstance(value, (int, float)):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                elif isinstance(value, datetime.date):
                    cells.append(f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                                 f"<text:p>{value.isoformat()}</text:p></table:table-cell>")
                else:
                    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\n"))
                    cells.append(f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>')
            rows_xml.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        style = ' table:style-name="hidden"' if sheet.hidden else ""
        tables.append(f"<table:table table:name={quoteattr(sheet.name)}{style}>{''.join(rows_xml)}</table:table>")
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} office:version="1.3">'
               '<office:automatic-styles><style:style style:name="hidden" style:family="table">'
               '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
               f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    _zip(path, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("META-INF/manifest.xml", manifest),
                ("content.xml", content)], stored_first="mimetype")


# ----------------------------------------------------------------------------- the fixtures

LESSON_1 = Sheet("Lesson 1", [
    ["ID", "Wort", "Bedeutung", "Beispiel", "Tags"],
    [1, "der Bahnhof", "the railway station", "Der Zug hält am Bahnhof.", "a2 verkehr"],
    [2, "die Haltestelle", "the stop (bus, tram)", None, "a2 verkehr"],
    [3, "umsteigen", "to change (trains, buses)", "Ich steige in Köln um.", "a2 verben"],
    [4, "pünktlich", "on time, punctual", None, None],
    [5, "die Verspätung", "the delay", "Der Zug hat 10 Minuten Verspätung.", "a2 verkehr"],
])
LESSON_2 = Sheet("Lesson 2", [  # no header row; a date, a decimal and a yes/no column under the two sides
    ["die Wohnung", "the flat, the apartment", datetime.date(2024, 3, 1), 2.5, True],
    ["der Vermieter", "the landlord", datetime.date(2024, 3, 2), 1, False],
    ["die Miete", "the rent\nmonthly", datetime.date(2024, 3, 2), 0.75, True],
], first_row=2, skip_rows=(2,))
LOOKUP = Sheet("Lookup", [["a2", "Niveau A2"], ["b1", "Niveau B1"]], hidden=True)
EMPTY = Sheet("Sheet3", [])

JP = Sheet("N4 語彙", [
    ["No.", "単語", "読み", "品詞", "意味", "例文"],
    [1, "会議", "かいぎ", "名詞", "meeting, conference", "会議は三時からです。"],
    [2, "意見", "いけん", "名詞", "opinion", None],
    [3, "経験", "けいけん", "名詞・する", "experience", "海外で働いた経験があります。"],
    [4, "準備", "じゅんび", "名詞・する", "preparation", None],
])


def _expected(path: Path, cards: list[dict[str, object]], why: str) -> None:
    text = json.dumps({"shape": "workbook", "cards": cards, "duplicates": [], "why": why}, ensure_ascii=False,
                      indent=1)
    Path(str(path) + ".expected.json").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    xlsx, ods = HERE / "vocab_lessons.xlsx", HERE / "jp_vocab.ods"
    write_xlsx(xlsx, [LESSON_1, LESSON_2, LOOKUP, EMPTY])
    write_ods(ods, [JP, LOOKUP])
    lesson_1 = [
        {"line": 2, "term": "der Bahnhof", "definition": "the railway station", "tags": ["a2", "verkehr"],
         "deck": "Lesson 1", "extra": "ID: 1\nBeispiel: Der Zug hält am Bahnhof."},
        {"line": 3, "term": "die Haltestelle", "definition": "the stop (bus, tram)", "tags": ["a2", "verkehr"],
         "deck": "Lesson 1", "extra": "ID: 2"},
        {"line": 4, "term": "umsteigen", "definition": "to change (trains, buses)", "tags": ["a2", "verben"],
         "deck": "Lesson 1", "extra": "ID: 3\nBeispiel: Ich steige in Köln um."},
        {"line": 5, "term": "pünktlich", "definition": "on time, punctual", "deck": "Lesson 1", "extra": "ID: 4"},
        {"line": 6, "term": "die Verspätung", "definition": "the delay", "tags": ["a2", "verkehr"],
         "deck": "Lesson 1", "extra": "ID: 5\nBeispiel: Der Zug hat 10 Minuten Verspätung."},
    ]
    lesson_2 = [
        {"line": 2, "term": "die Wohnung", "definition": "the flat, the apartment", "deck": "Lesson 2",
         "extra": "Column 3: 2024-03-01\nColumn 4: 2.5\nColumn 5: TRUE"},
        {"line": 3, "term": "der Vermieter", "definition": "the landlord", "deck": "Lesson 2",
         "extra": "Column 3: 2024-03-02\nColumn 4: 1\nColumn 5: FALSE"},
        {"line": 5, "term": "die Miete", "definition": "the rent\nmonthly", "deck": "Lesson 2",
         "extra": "Column 3: 2024-03-02\nColumn 4: 0.75\nColumn 5: TRUE"},
    ]
    _expected(xlsx, lesson_1 + lesson_2,
              "An Excel workbook of two lessons, a hidden lookup sheet and an empty sheet. 'Lesson 1' names its "
              "columns (ID, Wort, Bedeutung, Beispiel, Tags): German names map the sides, ID is the notes' identity "
              "(and Extra), Beispiel is Extra. 'Lesson 2' has no header row, starts on row 2 and leaves row 4 empty: "
              "columns 1 and 2 are the sides, a date, a number and a yes/no go into Extra as Excel shows them. Each "
              "sheet is a subdeck; the hidden and the empty sheet give no cards.")
    jp = [
        {"line": 2, "term": "会議", "definition": "meeting, conference", "deck": "N4 語彙",
         "extra": "No.: 1\n読み: かいぎ\n品詞: 名詞\n例文: 会議は三時からです。"},
        {"line": 3, "term": "意見", "definition": "opinion", "deck": "N4 語彙",
         "extra": "No.: 2\n読み: いけん\n品詞: 名詞"},
        {"line": 4, "term": "経験", "definition": "experience", "deck": "N4 語彙",
         "extra": "No.: 3\n読み: けいけん\n品詞: 名詞・する\n例文: 海外で働いた経験があります。"},
        {"line": 5, "term": "準備", "definition": "preparation", "deck": "N4 語彙",
         "extra": "No.: 4\n読み: じゅんび\n品詞: 名詞・する"},
    ]
    _expected(ods, jp, "A LibreOffice sheet of Japanese vocabulary (No. 単語 読み 品詞 意味 例文) and a hidden lookup "
              "table: Japanese names map the sides (単語, 意味), No. is the notes' identity (and Extra), the rest is "
              "Extra.")
    print(f"wrote {xlsx.name} and {ods.name} with their expectations")


if __name__ == "__main__":
    main()
