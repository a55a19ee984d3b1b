#!/usr/bin/env python3
"""Time the workbook readers notedeck could use, on the same 2,000-row sheet as .xlsx and .ods.

Not a test. Writes ``tests/data/real/big_vocab_2000.csv`` (2,329 rows of four columns) as an
Excel and an OpenDocument workbook (``tests/workbooks.py``), then reads each in a fresh
interpreter, alternating, with python-calamine (what notedeck uses), openpyxl (read-only mode,
values only) and odfpy, and prints the median import and read times. openpyxl and odfpy are
not notedeck's dependencies: run it in an environment that has all three.

    python -m venv /tmp/xl && /tmp/xl/bin/pip install python-calamine openpyxl odfpy
    /tmp/xl/bin/python bench/workbooks.py
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.workbooks import Sheet, write_ods, write_xlsx  # noqa: E402

READ = {
    "calamine": ("import python_calamine",
                 "book = python_calamine.CalamineWorkbook.from_path(PATH)\n"
                 "rows = [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]"),
    "openpyxl": ("import openpyxl",
                 "book = openpyxl.load_workbook(PATH, read_only=True, data_only=True)\n"
                 "rows = [[list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]"),
    "odfpy": ("from odf.opendocument import load\nfrom odf.table import Table, TableRow, TableCell",
              "doc = load(PATH)\nrows = [[[str(c) for c in r.getElementsByType(TableCell)] "
              "for r in t.getElementsByType(TableRow)] for t in doc.spreadsheet.getElementsByType(Table)]"),
}
TIMED = """import time
t0 = time.perf_counter()
{imports}
t1 = time.perf_counter()
PATH = {path!r}
{read}
t2 = time.perf_counter()
assert sum(map(len, rows)) >= 2001, sum(map(len, rows))
print(t1 - t0, t2 - t1)
"""


def main() -> None:
    with open(ROOT / "tests" / "data" / "real" / "big_vocab_2000.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, ods = Path(tmp) / "big.xlsx", Path(tmp) / "big.ods"
        write_xlsx(xlsx, [Sheet("Verbs", rows)])
        write_ods(ods, [Sheet("Verbs", rows)])
        cases = [("calamine", xlsx), ("openpyxl", xlsx), ("calamine", ods), ("odfpy", ods)]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {(r, p.suffix): [] for r, p in cases}
        for _ in range(7):
            for reader, path in cases:
                imports, read = READ[reader]
                out = subprocess.run([sys.executable, "-c", TIMED.format(imports=imports, path=str(path), read=read)],
                                     capture_output=True, text=True, check=True).stdout.split()
                times[(reader, path.suffix)].append((float(out[0]), float(out[1])))
    print(f"{len(rows):,} rows of {len(rows[0])} columns, median of 7 runs each\n")
    print("| reader | file | import (ms) | read (ms) |\n|---|---|---:|---:|")
    for (reader, suffix), runs in times.items():
        print(f"| {reader} | {suffix} | {statistics.median(t[0] for t in runs) * 1000:.1f} "
              f"| {statistics.median(t[1] for t in runs) * 1000:.1f} |")


if __name__ == "__main__":
    main()
