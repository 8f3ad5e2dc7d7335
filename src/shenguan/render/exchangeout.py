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
import re
from collections.abc import Callable

from shenguan.export.exchange import DICTIONARY_HEADER, Exchange, dictionary
from shenguan.render.csvout import FORMULA_LEAD
from shenguan.render.envelope import envelope

DICTIONARY_FILE = "字段说明.csv"


_LEADS = tuple(sorted(FORMULA_LEAD))
_CELL, _ROW = "\x1f", "\x1e"  # separators no record text holds (the schema forbids C0 controls)
# A cell (after a separator) that starts like a formula.
_FORMULA_CELL = re.compile("([\x1e\x1f])([" + re.escape("".join(_LEADS)) + "])")


def _csv(header: list[str] | tuple[str, ...], rows: list[list[str]]) -> bytes:
    """What csv.writer(quoting=QUOTE_ALL, lineterminator CRLF) writes, with formula-leading cells
    prefixed by `'`; built from whole-table joins and replaces (one pass of csv.writer's Python
    loop over 3 million cells takes seconds). Falls back to csv.writer if a cell holds a separator."""
    lines = [list(header), *rows]
    body = _ROW.join(map(_CELL.join, lines))
    width = len(header)
    if body.count(_CELL) != len(lines) * (width - 1) or body.count(_ROW) != len(lines) - 1:
        return _csv_slow(lines)
    if body.startswith(_LEADS):
        body = "'" + body
    if _FORMULA_CELL.search(body) is not None:
        body = _FORMULA_CELL.sub("\\g<1>'\\g<2>", body)
    body = body.replace('"', '""').replace(_CELL, '","').replace(_ROW, '"\r\n"')
    return ('\ufeff"' + body + '"\r\n').encode("utf-8")


def _csv_slow(lines: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(["'" + c if c[:1] in FORMULA_LEAD else c for c in row] for row in lines)
    return buffer.getvalue().encode("utf-8")


def csv_files(ex: Exchange) -> dict[str, bytes]:
    """File name -> bytes: every table, then the column dictionary."""
    files = {
        f"{sheet.name}.csv": _csv([c.name for c in sheet.columns], sheet.rows)
        for sheet in ex.sheets
    }
    files[DICTIONARY_FILE] = _csv(DICTIONARY_HEADER, dictionary(ex))
    return files


def _json_rows(names: list[str], rows: list[list[str]]) -> str:
    """The rows as a JSON array of objects keyed by column name: one template per table filled
    with each cell's JSON string (what json.dumps writes for these dicts, without building them)."""
    fill = _object_template(names).format
    return "[" + ",".join(fill(*map(_STRING, row)) for row in rows) + "]"


def _object_template(names: list[str]) -> str:
    keys = [_STRING(n).replace("{", "{{").replace("}", "}}") for n in names]
    return "{{" + ",".join(f"{key}:{{{i}}}" for i, key in enumerate(keys)) + "}}"


def json_document(ex: Exchange) -> bytes:
    labels = {s.name: {c.name: c.label for c in s.columns} for s in ex.sheets}
    doc = envelope(
        "export exchange",
        "ok",
        {
            "region": ex.region,
            "as_of": ex.as_of,
            "batch": ex.batch,
            "columns": labels,
            "tables": _TABLES,
        },
    )
    # Compact: an indented dump runs json's pure-Python encoder, seconds for 10 k matters. Every
    # value is validated record text (no file names, so no lone surrogates to escape). The tables
    # are spliced in where the placeholder's JSON stands.
    head = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    marker = json.dumps(_TABLES)
    at = head.rindex(marker)
    parts = [head[:at], "{"]
    for n, sheet in enumerate(ex.sheets):
        if n:
            parts.append(",")
        parts += [_STRING(sheet.name), ":", _json_rows([c.name for c in sheet.columns], sheet.rows)]
    parts += ["}", head[at + len(marker) :], "\n"]
    return "".join(parts).encode("utf-8")


_TABLES = "\x00tables\x00"  # stands for the tables until they are spliced in
_STRING: Callable[[str], str] = json.encoder.encode_basestring


DICTIONARY_SHEET = "字段说明"


def xlsx_workbook(ex: Exchange) -> bytes:
    """One sheet per table (named by the table), then the sheet 字段说明."""
    from shenguan.render.xlsxout import exchange_workbook

    sheets = [(s.name, [c.name for c in s.columns], s.rows) for s in ex.sheets]
    sheets.append((DICTIONARY_SHEET, list(DICTIONARY_HEADER), dictionary(ex)))
    return exchange_workbook(sheets, ex.as_of)
