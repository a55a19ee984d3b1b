"""Workbooks (``.xlsx``, ``.ods``) as text: their cells, sheet by sheet, in one JSON document.

Read with python-calamine (Rust's calamine: Excel and OpenDocument, with wheels for Windows,
macOS and Linux), imported only when a workbook is read. A workbook's text is what a build
reads and hashes of it, as a text file's is (the up-to-date check, the render cache): each
sheet's name, whether it is hidden, and its rows that hold something, each with its row
number and its cells as text (a number as Excel shows it, ``12`` not ``12.0``; a date as
``2024-03-01``). A cell's formula gives the value it last computed.
"""

from __future__ import annotations

import datetime
import io
import json

from ..errors import NotesError

SUFFIXES = (".xlsx", ".ods")


def text(data: bytes, name: str) -> str:
    """A workbook's cells as JSON: ``{"sheets": [{"name", "hidden", "rows": [[row, [cell, …]], …]}]}``."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # a chart or macro sheet holds no rows
            rows = []
            for number, row in enumerate(book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False), 1):
                cells = [_cell(value) for value in row]
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells:
                    rows.append([number, cells])
            sheets.append({"name": meta.name, "hidden": meta.visible != calamine.SheetVisibleEnum.Visible,
                           "rows": rows})
    except calamine.PasswordError:
        raise NotesError.at(name, None, "this workbook is protected by a password: save a copy without one") \
            from None
    except (calamine.CalamineError, ValueError, OSError) as err:
        raise NotesError.at(name, None, f"cannot read this workbook ({str(err).strip() or type(err).__name__}): "
                            "save it again from your spreadsheet program as .xlsx or .ods") from None
    return json.dumps({"sheets": sheets}, ensure_ascii=False, separators=(",", ":"))


def _cell(value: object) -> str:
    """A cell as the spreadsheet shows it, as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
