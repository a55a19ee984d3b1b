"""Workbooks as text (``inputs/workbooks.py``): each cell as the spreadsheet shows it, each row with its number."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from notedeck.errors import NotesError
from notedeck.inputs import workbooks

from ..workbooks import Sheet, write_ods, write_xlsx

ROWS = [["Wort", "Zahl", "Datum", "Ja"], ["Haus", 12, datetime.date(2024, 3, 1), True], ["Katze", 2.5, None, False],
        [None, None, None, None], ["Baum\nEiche", -0.125, datetime.date(1999, 12, 31), None]]


@pytest.mark.parametrize("write", [write_xlsx, write_ods], ids=["xlsx", "ods"])
def test_cells_read_as_the_spreadsheet_shows_them_rows_by_their_numbers(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "book"
    write(path, [Sheet("Vokabeln", ROWS, first_row=3), Sheet("Versteckt", [["a", "b"]], hidden=True)])
    book = json.loads(workbooks.text(path.read_bytes(), "book"))
    assert book == {"sheets": [
        {"name": "Vokabeln", "hidden": False, "rows": [
            [3, ["Wort", "Zahl", "Datum", "Ja"]], [4, ["Haus", "12", "2024-03-01", "TRUE"]],
            [5, ["Katze", "2.5", "", "FALSE"]], [7, ["Baum\nEiche", "-0.125", "1999-12-31"]]]},
        {"name": "Versteckt", "hidden": True, "rows": [[1, ["a", "b"]]]}]}


def test_the_same_workbook_is_the_same_text(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "a.xlsx", [Sheet("S", ROWS)])
    write_xlsx(tmp_path / "b.xlsx", [Sheet("S", ROWS)])
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert workbooks.text((tmp_path / "a.xlsx").read_bytes(), "a") == workbooks.text((tmp_path / "b.xlsx").read_bytes(),
                                                                                    "b")


@pytest.mark.parametrize("data", [b"", b"not a workbook at all", b"PK\x03\x04" + b"\0" * 60])
def test_a_damaged_workbook_is_one_clear_problem(data: bytes) -> None:
    with pytest.raises(NotesError) as info:
        workbooks.text(data, "notes/v.xlsx")
    (problem,) = info.value.problems
    assert problem.path == "notes/v.xlsx" and problem.line is None
    assert problem.message.startswith("cannot read this workbook (") and problem.message.endswith(
        "save it again from your spreadsheet program as .xlsx or .ods")
