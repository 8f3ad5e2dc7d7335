"""CSV for spreadsheets: UTF-8 with BOM, every field quoted, formula-leading cells neutralised."""

from __future__ import annotations

import csv
import io

from shenguan.export.public import PublicList
from shenguan.render.registry import renderer

# OWASP CSV injection: a leading = + - @ TAB CR (or NUL) lets a spreadsheet evaluate the cell.
FORMULA_LEAD = frozenset("=+-@\t\r\0")


def neutralise(cell: str) -> str:
    return "'" + cell if cell[:1] in FORMULA_LEAD else cell


@renderer("public list", "csv")
def render(pl: PublicList) -> bytes:
    buffer = io.StringIO(newline="")
    # The BOM is what makes Excel on Chinese Windows read UTF-8 instead of GBK.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in pl.columns])
    lead = FORMULA_LEAD  # inlined: this runs for every cell of big lists
    writer.writerows(["'" + cell if cell[:1] in lead else cell for cell in row] for row in pl.rows)
    return buffer.getvalue().encode("utf-8")
