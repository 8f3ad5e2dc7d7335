"""The exchange tables as CSV files or one JSON document (`shenguan export exchange`).

CSV: one file per table, named <table>.csv, plus 字段说明.csv; UTF-8 with BOM (Excel on Chinese
Windows then reads UTF-8, not GBK), every field quoted, CRLF, the national column names as the one
header row. A cell starting with = + - @ TAB CR or NUL gets a leading `'` (docs/security.md: CSV
formula injection), as in `export public`; `shenguan import` drops it again.

JSON: the one document of the CLI contract (compact, on one line); `tables` holds one key per
table, each a list of rows as objects keyed by national column name; `columns` gives each
column's Chinese label.
"""

from __future__ import annotations

import csv
import io
import json

from shenguan.export.exchange import DICTIONARY_HEADER, Exchange, dictionary
from shenguan.render.csvout import FORMULA_LEAD
from shenguan.render.envelope import envelope

DICTIONARY_FILE = "字段说明.csv"


def _csv(header: list[str] | tuple[str, ...], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    lead = FORMULA_LEAD
    writer.writerow(header)
    writer.writerows(["'" + cell if cell[:1] in lead else cell for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def csv_files(ex: Exchange) -> dict[str, bytes]:
    """File name -> bytes: every table, then the column dictionary."""
    files = {
        f"{sheet.name}.csv": _csv([c.name for c in sheet.columns], sheet.rows)
        for sheet in ex.sheets
    }
    files[DICTIONARY_FILE] = _csv(DICTIONARY_HEADER, dictionary(ex))
    return files


def json_document(ex: Exchange) -> bytes:
    tables = {}
    labels = {}
    for sheet in ex.sheets:
        names = [c.name for c in sheet.columns]
        tables[sheet.name] = [dict(zip(names, row)) for row in sheet.rows]
        labels[sheet.name] = {c.name: c.label for c in sheet.columns}
    doc = envelope(
        "export exchange",
        "ok",
        {
            "region": ex.region,
            "as_of": ex.as_of,
            "batch": ex.batch,
            "columns": labels,
            "tables": tables,
        },
    )
    # Compact: an indented dump runs json's pure-Python encoder, seconds for 10 k matters. Every
    # value is validated record text (no file names, so no lone surrogates to escape).
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


DICTIONARY_SHEET = "字段说明"


def xlsx_workbook(ex: Exchange) -> bytes:
    """One sheet per table (named by the table), then the sheet 字段说明."""
    from shenguan.render.xlsxout import exchange_workbook

    sheets = [(s.name, [c.name for c in s.columns], s.rows) for s in ex.sheets]
    sheets.append((DICTIONARY_SHEET, list(DICTIONARY_HEADER), dictionary(ex)))
    return exchange_workbook(sheets, ex.as_of)
