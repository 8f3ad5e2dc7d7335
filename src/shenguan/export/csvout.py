"""CSV for spreadsheets: UTF-8 with BOM, every field quoted, formula-leading cells neutralised."""

from __future__ import annotations

import csv
import io

from shenguan.export.public import PublicList

# OWASP CSV injection: a leading = + - @ TAB CR (or NUL) lets a spreadsheet evaluate the cell.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_LEAD) else cell


def render(pl: PublicList) -> bytes:
    buffer = io.StringIO(newline="")
    # The BOM is what makes Excel on Chinese Windows read UTF-8 instead of GBK.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in pl.columns])
    writer.writerows([neutralise(cell) for cell in row] for row in pl.rows)
    return buffer.getvalue().encode("utf-8")
