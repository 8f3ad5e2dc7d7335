"""Files → tables of raw cells: the one module that reads spreadsheets (python-calamine).

A table is a sheet of a workbook, a CSV file or one table of a JSON dump, with its cells as the
reader gives them (text, numbers, booleans, dates) at their real positions (row 0 is the sheet's
first row), merged ranges filled with their top-left value and the cells that hold a formula
marked. Nothing is converted here: `normalize` decides what a cell means and says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shenguan.errors import ToolError, UsageError

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_FILE = 200 * 1024 * 1024


@dataclass
class Table:
    """One sheet: `rows[r][c]` is the cell at row r+1, column c+1 as Excel counts them."""

    file: str
    name: str
    rows: list[list[Cell]]
    formulas: set[tuple[int, int]] = field(default_factory=set)
    encoding: str = ""  # CSV only: utf-8, utf-8-sig or gbk
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def where(self, row: int, col: int | None = None) -> str:
        """「文件 工作表 第 N 行 X 列」 for a 0-based row and column."""
        sheet = f"工作表「{self.name}」" if self.name != Path(self.file).name else ""
        place = f"{self.file} {sheet}第 {row + 1} 行".replace("  ", " ")
        return place if col is None else f"{place} {column_letter(col)} 列"


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def read(path: Path) -> list[Table]:
    """Every table of one input file; UsageError when it is missing, ToolError when unreadable."""
    if not path.is_file():
        raise UsageError(f"{path}：文件不存在", "请检查文件路径")
    if path.stat().st_size > MAX_FILE:
        raise UsageError(f"{path}：文件大于 200 MiB，不导入", "请按部门或事项类型拆分后分别导入")
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        return _workbook(path)
    if suffix in (".csv", ".txt"):
        return [_csv(path)]
    if suffix == ".json":
        return _json(path)
    raise UsageError(
        f"{path}：不认识的文件类型 {suffix or '（无扩展名）'}",
        "可导入 .xlsx、.xls、.ods、.csv（UTF-8 或 GBK）和国家交换表的 .json 导出",
    )


def _workbook(path: Path) -> list[Table]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise ToolError(
            f"{path}：无法作为工作簿读取（{type(exc).__name__}：{exc}）",
            "请确认文件未加密、未损坏；可在 Excel 中另存为 .xlsx 后重试",
        ) from None
    formulas = _xlsx_formulas(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    tables = []
    try:
        for index, name in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            rows: list[list[Cell]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            merged = list(sheet.merged_cell_ranges or [])
            for (r0, c0), (r1, c1) in merged:
                _fill(rows, r0, c0, r1, c1)
            tables.append(Table(str(path), name, rows, formulas.get(index, set()), "", merged))
    except CalamineError as exc:
        raise ToolError(
            f"{path}：读取工作表失败（{exc}）", "请在 Excel 中另存为 .xlsx 后重试"
        ) from None
    finally:
        book.close()
    return tables


def _fill(rows: list[list[Cell]], r0: int, c0: int, r1: int, c1: int) -> None:
    if r0 >= len(rows) or c0 >= len(rows[r0]):
        return
    value = rows[r0][c0]
    for r in range(r0, min(r1, len(rows) - 1) + 1):
        row = rows[r]
        for c in range(c0, c1 + 1):
            while len(row) <= c:
                row.append("")
            if row[c] in ("", None):
                row[c] = value


_CELL_WITH_FORMULA = re.compile(rb'<c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).)*?<f[\s>/]', re.S)


def _xlsx_formulas(path: Path) -> dict[int, set[tuple[int, int]]]:
    """Sheet index → the (row, col) of cells holding a formula; calamine gives only their values."""
    out: dict[int, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            targets = _sheet_targets(z)
            for index, target in enumerate(targets):
                try:
                    raw = z.read(target)
                except KeyError:
                    continue
                if b"<f" not in raw:
                    continue
                found = set()
                for m in _CELL_WITH_FORMULA.finditer(raw):
                    found.add((int(m.group(2)) - 1, _col_index(m.group(1).decode())))
                out[index] = found
    except (zipfile.BadZipFile, OSError):
        return {}
    return out


def _sheet_targets(z: zipfile.ZipFile) -> list[str]:
    """The worksheet parts in workbook order (workbook.xml's sheets through its relationships)."""
    try:
        book = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return []
    targets = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = m.group()
        rid = re.search(r'\bId="([^"]+)"', tag)
        target = re.search(r'\bTarget="([^"]+)"', tag)
        if rid and target:
            t = target.group(1).lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
    out = []
    for m in re.finditer(r"<sheet\b[^>]*>", book):
        rid = re.search(r'\br:id="([^"]+)"', m.group()) or re.search(r'\bid="([^"]+)"', m.group())
        if rid and rid.group(1) in targets:
            out.append(targets[rid.group(1)])
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or, failing that, GBK (GB 18030); never a guess beyond these."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return raw.decode("gb18030"), "gbk"
        except UnicodeDecodeError:
            pass
    raise ToolError(
        f"{name}：既不是 UTF-8 也不是 GBK 编码的文本",
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重试",
    )


def _csv(path: Path) -> Table:
    text, encoding = decode_text(path.read_bytes(), str(path))
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        rows: list[list[Cell]] = [
            list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ToolError(f"{path}：CSV 格式有误（{exc}）", "请检查引号是否成对") from None
    return Table(str(path), path.name, rows, set(), encoding)


def _json(path: Path) -> list[Table]:
    """A dump of national exchange tables: `{table: [row, ...]}`, `[row, ...]` (table = file
    stem) or `{"tables": {...}}`; each row an object of column → value."""
    text, _ = decode_text(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(
            f"{path}:{exc.lineno}:{exc.colno}：JSON 格式有误（{exc.msg}）",
            "请检查该位置的括号与引号",
        ) from None
    if isinstance(data, dict) and isinstance(data.get("tables"), dict):
        data = data["tables"]
    groups: dict[str, Any] = data if isinstance(data, dict) else {path.stem: data}
    tables = []
    for name, rows in groups.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            if isinstance(rows, (str, int, float, bool)) or rows is None:
                continue  # metadata beside the tables (schema_version, command …)
            raise ToolError(
                f"{path}：表 {name} 不是由对象组成的数组", "每张表应为 [{列名: 值, ...}, ...]"
            )
        columns: list[str] = []
        for row in rows:
            for key in row:
                if key not in columns:
                    columns.append(str(key))
        grid: list[list[Cell]] = [list(columns)]
        for row in rows:
            grid.append([_json_cell(row.get(c)) for c in columns])
        tables.append(Table(str(path), str(name), grid))
    return tables


def _json_cell(value: Any) -> Cell:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)
