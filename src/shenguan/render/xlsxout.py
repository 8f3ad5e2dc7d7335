"""XLSX through openpyxl (its one importer): text cells only, Chinese headers, frozen header row.

Reproducible bytes: the document dates come from the catalogue (else 2000-01-01) and the zip
entries are rewritten with one fixed timestamp, so the same input always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
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


# --- the exchange tables (`shenguan export exchange`) ---------------------------------------------
# Written as SpreadsheetML directly: openpyxl's write-only mode needs ~20 µs a cell, a minute for
# the 3 million cells of 10 k matters. Each table is a sheet named by the table, the national column
# names as the frozen header row, every cell a shared string (codes stay text: 01 keeps its 0, and
# no cell can become a formula), then the sheet 字段说明.

EXCEL_CELL_MAX = 32767  # characters Excel keeps in one cell
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NEEDS_ESCAPE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _escape_char(match: re.Match[str]) -> str:
    return _ESCAPES.get(match.group(), "\ufffd")


def _xml_text(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape_char, text)
    return f"{_SI}{text}</t></si>"


_SI = '<si><t xml:space="preserve">'
_ILLEGAL_BUT_US = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1e\ufffe\uffff]")


def _shared_items(texts: list[str]) -> str:
    """Every <si> of the shared-string table, escaped in one pass over all texts joined by US
    (\x1f, which record text never holds; per text when one does)."""
    joined = "\x1f".join(texts)
    if joined.count("\x1f") != len(texts) - 1:
        return "".join(_xml_text(text) for text in texts)
    for char, entity in _ESCAPES.items():
        if char in joined:
            joined = joined.replace(char, entity)
    if _ILLEGAL_BUT_US.search(joined):
        joined = _ILLEGAL_BUT_US.sub("\ufffd", joined)
    return _SI + joined.replace("\x1f", "</t></si>" + _SI) + "</t></si>"


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


class _Strings(dict[str, int]):
    """The shared-string table: each distinct text once, cells refer to it by index (a dict whose
    missing keys get the next index, so a row's indices come from one C-level map)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.sheet = ""

    def __missing__(self, text: str) -> int:
        if len(text) > EXCEL_CELL_MAX:
            from shenguan.errors import UsageError

            raise UsageError(
                f"表 {self.sheet} 有一个单元格长 {len(text)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_MAX}",
                "请改用 --format csv 或 --format json 导出",
            )
        at = self[text] = len(self)
        return at


def _sheet_xml(name: str, header: list[str], rows: list[list[str]], strings: _Strings) -> bytes:
    letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
    widths = [_display_width(h) for h in header]
    for row in rows[:50]:  # enough for the widths, and cheap
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _display_width(value[:MAX_WIDTH]))
    strings.sheet = name
    out = [
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols>'
    ]
    out.extend(
        f'<col min="{i}" max="{i}" width="{min(MAX_WIDTH, w + 2)}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    out.append("</cols><sheetData>")
    head = "".join(
        f'<c r="{letter}1" t="s" s="1"><v>{strings[text]}</v></c>'
        for letter, text in zip(letters, header)
    )
    out.append(f'<row r="1">{head}</row>')
    # One template per sheet: a row is its number and each cell's string index (an empty cell
    # refers to the empty string, so every row has every cell and no per-cell branching).
    template = (
        '<row r="{0}">'
        + "".join(
            f'<c r="{letter}{{0}}" t="s"><v>{{{i}}}</v></c>' for i, letter in enumerate(letters, 1)
        )
        + "</row>"
    )
    fill = template.format
    lookup = strings.__getitem__
    for number, row in enumerate(rows, start=2):
        out.append(fill(number, *map(lookup, row)))
    strings.count += len(header) * (len(rows) + 1)
    out.append("</sheetData></worksheet>")
    return "".join(out).encode("utf-8")


def exchange_workbook(sheets: list[tuple[str, list[str], list[list[str]]]], as_of: str) -> bytes:
    """(sheet name, header, rows) in order -> the bytes of one workbook, the same for the same
    input (fixed zip timestamps, document dates from `as_of`)."""
    strings = _Strings()
    parts = [_sheet_xml(name, header, rows, strings) for name, header, rows in sheets]
    shared = (
        f'{_XML}<sst xmlns="{_MAIN}" count="{strings.count}" uniqueCount="{len(strings)}">'
        + _shared_items(list(strings))
        + "</sst>"
    )
    n = len(sheets)
    stamp = _stamp(as_of).strftime("%Y-%m-%dT%H:%M:%SZ")
    files = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        ),
        "docProps/core.xml": (
            f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>shenguan</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{_attr(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _, _) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": shared,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            _put(archive, name, text.encode("utf-8"))
        for i, data in enumerate(parts, start=1):
            _put(archive, f"xl/worksheets/sheet{i}.xml", data)
    return out.getvalue()


def _put(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=1)
