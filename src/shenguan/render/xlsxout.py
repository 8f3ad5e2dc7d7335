"""XLSX through openpyxl (its one importer): text cells only, Chinese headers, frozen header row.

Reproducible bytes: the document dates come from the catalogue (else 2000-01-01) and the zip
entries are rewritten with one fixed timestamp, so the same input always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from shenguan.export.public import PublicList
from shenguan.render.registry import renderer

EPOCH = dt.datetime(2000, 1, 1)
MAX_WIDTH = 60
SAMPLE_ROWS = 2000  # column widths from the first rows are enough and keep big exports fast


@renderer("public list", "xlsx")
def render(pl: PublicList) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("政务服务事项")
    ws.freeze_panes = "A2"
    for i, width in enumerate(_widths(pl), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold, wrap = Font(bold=True), Alignment(vertical="top")
    ws.append([_text(ws, c.title, bold, wrap) for c in pl.columns])
    for row in pl.rows:
        ws.append([_text(ws, value) for value in row])
    return _reproducible(_save(wb, _stamp(pl.as_of)))


def _text(ws: Any, value: str, font: Font | None = None, align: Alignment | None = None) -> Cell:
    """A string cell even when the text starts with `=`: openpyxl would otherwise write a formula."""
    cell = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    return cell


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(pl: PublicList) -> list[float]:
    widths = [_display_width(c.title) for c in pl.columns]
    for row in pl.rows[:SAMPLE_ROWS]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _display_width(value))
    return [min(MAX_WIDTH, w + 2) for w in widths]


def _stamp(as_of: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(as_of) if as_of else EPOCH
    except ValueError:
        return EPOCH


def _save(wb: Workbook, stamp: dt.datetime) -> bytes:
    wb.properties.creator = "shenguan"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter directly: save_workbook() would overwrite `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()


def _reproducible(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
