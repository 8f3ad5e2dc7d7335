"""An upgrade carried into a record file's bytes, and a revision's files read at the current version.

`rewrite` splices each changed value into the file's own text at the place the strict parser found
it, so comments, key order, quoting, blank lines, CRLF line endings and a BOM stay as they were and
every untouched line is byte for byte the same. Where a file is written in a way the splice does not
handle (a key removed from a flow mapping, a flow list over several lines), the round-trip editor
(yamlio.edit) writes that file instead. Either way the new text must read back, through the strict
loader, to exactly the new data.

`upgraded_bytes` is what history reads for a record of a commit made before `shenguan migrate`: the
same bytes the migration would have written, so every command reading an old revision (validate
--rev, export --rev) sees it at the current version.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from shenguan import yamlio
from shenguan.catalog import upgrade
from shenguan.catalog.layout import kind_of
from shenguan.errors import ToolError
from shenguan.yamlio.edit import Document

BOM = b"\xef\xbb\xbf"
Path_ = tuple[str | int, ...]


def upgraded_bytes(rel: str, raw: bytes, version: int) -> bytes:
    """A record file of a catalogue at `version` as the migration would write it; the bytes as
    they are when they need no change or do not parse (the validator then names the problem)."""
    if version >= upgrade.CURRENT:
        return raw
    try:
        data = yamlio.load_text(yamlio.decode(raw))
    except yamlio.YamlProblem:
        return raw
    if not isinstance(data, dict):
        return raw
    new = copy.deepcopy(data)
    upgrade.upgrade_record(kind_of(rel) or "matter", new, version)
    if new == data:
        return raw
    try:
        return rewrite(rel, raw, data, new)
    except ToolError:
        return raw


def rewrite(
    rel: str, raw: bytes, old: dict[str, Any], new: dict[str, Any], key_order: Any = None
) -> bytes:
    """The file's bytes with `old` changed into `new`: spliced into the text, else re-edited
    (`key_order` places a key the data gains, as yamlio.edit.Document takes it)."""
    bom = raw.startswith(BOM)
    text = yamlio.decode(raw)
    try:
        spliced = _splice_all(text, old, new)
        if spliced is not None and yamlio.load_text(spliced) == new:
            return (BOM if bom else b"") + spliced.encode("utf-8")
    except yamlio.YamlProblem:
        pass
    doc = Document.parse(raw, key_order)
    for op, path, value in edits(old, new):
        pointer = "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)
        if op == "delete":
            doc.delete(pointer)
        else:
            doc.set(pointer, value)
    try:
        return doc.dumps()
    except ToolError as exc:
        raise ToolError(f"{rel}：{exc.message}", exc.hint) from None


def edits(old: Any, new: Any, path: Path_ = ()) -> Iterator[tuple[str, Path_, Any]]:
    """("set", path, value) and ("delete", path, None) turning `old` into `new`; list items are
    deleted from the last, so each path holds when its turn comes."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key not in old:
                yield "set", (*path, key), value
            elif old[key] != value:
                yield from edits(old[key], value, (*path, key))
        for key in old:
            if key not in new:
                yield "delete", (*path, key), None
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) == len(new):
            for i, (a, b) in enumerate(zip(old, new)):
                if a != b:
                    yield from edits(a, b, (*path, i))
            return
        kept = _subsequence(old, new)
        if kept is None:
            yield "set", path, new
            return
        for i in reversed(range(len(old))):
            if i not in kept:
                yield "delete", (*path, i), None
    else:
        yield "set", path, new


def _subsequence(old: list[Any], new: list[Any]) -> set[int] | None:
    """The indexes of `old` that make up `new` in order, when `new` is `old` less some items."""
    kept: set[int] = set()
    j = 0
    for i, item in enumerate(old):
        if j < len(new) and item == new[j]:
            kept.add(i)
            j += 1
    return kept if j == len(new) else None


class _Unspliceable(Exception):
    """This change is not one the splice handles: the file goes through the round-trip editor."""


def _splice_all(text: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    for op, path, value in list(edits(old, new)):
        try:
            text = _splice(text, op, path, value)
        except _Unspliceable:
            return None
    return text


class _Lines:
    """The text as lines that keep their own endings; positions are (line, column), 0-based."""

    def __init__(self, text: str) -> None:
        self.lines: list[str] = re.findall(r"[^\n]*\n|[^\n]+$", text)

    def eol(self, i: int) -> str:
        line = self.lines[i] if i < len(self.lines) else ""
        return "\r\n" if line.endswith("\r\n") else "\n"

    def body(self, i: int) -> str:
        return self.lines[i].rstrip("\r\n")

    def text(self) -> str:
        return "".join(self.lines)


def _find(root: Any, path: Path_) -> tuple[Any, Any, Any]:
    """(parent node, key node or None, value node) of `path`."""
    parent, key_node, node = None, None, root
    for part in path:
        parent = node
        if node.id == "mapping":
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                raise _Unspliceable
            key_node, node = pair
        elif node.id == "sequence" and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            raise _Unspliceable
    return parent, key_node, node


def _end(node: Any) -> tuple[int, int]:
    """Where the node's text ends: a block scalar's end mark is the start of the next line."""
    line, col = node.end_mark.line, node.end_mark.column
    if col == 0 and line > node.start_mark.line:
        return line - 1, -1  # up to the end of the line before
    return line, col


def _rest(lines: _Lines, line: int, col: int) -> str:
    """What follows a node on its last line: blanks and a comment, or _Unspliceable."""
    rest = lines.body(line)[col:] if col >= 0 else ""
    if rest.strip() and not rest.strip().startswith("#"):
        raise _Unspliceable
    return rest


def _splice(text: str, op: str, path: Path_, value: Any) -> str:
    root = yamlio.Locator(text)._node()
    if root is None or not path:
        raise _Unspliceable
    lines = _Lines(text)
    parent, key_node, node = _find(root, path)
    if op == "delete":
        if _flow_style(parent):
            if parent.id != "sequence" or parent.start_mark.line != parent.end_mark.line:
                raise _Unspliceable
            kept = [n for n in parent.value if n is not node]
            return _replace(lines, parent, "[" + ", ".join(_source(lines, n) for n in kept) + "]")
        return _delete_entry(lines, parent, key_node, node)
    if isinstance(value, (dict, list)) and value:
        if node.id != "scalar" or key_node is None or _flow_style(parent):
            if node.id == "sequence" and _flow_style(node) and isinstance(value, list):
                if _all_scalars(value):
                    return _replace(lines, node, _flow(value))
            raise _Unspliceable
        return _block_value(lines, root, key_node, node, value)
    if isinstance(value, (dict, list)):  # empty
        if node.start_mark.line != node.end_mark.line:
            raise _Unspliceable
        return _replace(lines, node, "{}" if isinstance(value, dict) else "[]")
    if node.id != "scalar" or node.start_mark.line != node.end_mark.line:
        raise _Unspliceable
    return _replace(lines, node, _scalar(value, node.style))


def _source(lines: _Lines, node: Any) -> str:
    if node.start_mark.line != node.end_mark.line:
        raise _Unspliceable
    return lines.body(node.start_mark.line)[node.start_mark.column : node.end_mark.column]


def _replace(lines: _Lines, node: Any, new: str) -> str:
    """The node's text (on one line) replaced by `new`."""
    line, start, stop = node.start_mark.line, node.start_mark.column, node.end_mark.column
    if node.end_mark.line != line:
        raise _Unspliceable
    body = lines.body(line)
    lines.lines[line] = body[:start] + new + body[stop:] + lines.eol(line)
    return lines.text()


def _delete_entry(lines: _Lines, parent: Any, key_node: Any, node: Any) -> str:
    """A block mapping's key with its value, or a block sequence's item, removed with its lines;
    the comment at the end of its line stays, on a line of its own."""
    first = (key_node or node).start_mark
    lead = lines.body(first.line)[: first.column]
    if key_node is None:
        if lead.strip() != "-":
            raise _Unspliceable
        if len(parent.value) == 1:
            raise _Unspliceable  # the list would become empty: the editor writes `[]`
    elif lead.strip():
        raise _Unspliceable
    if node.id != "scalar" and node.end_mark.line != node.start_mark.line:
        raise _Unspliceable  # a nested block: not a change the upgrade makes
    end_line, end_col = _end(node)
    comment = _rest(lines, end_line, end_col).strip()
    indent = " " * (len(lead) - len(lead.lstrip()))
    keep = [indent + comment + lines.eol(end_line)] if comment else []
    lines.lines[first.line : end_line + 1] = keep
    return lines.text()


def _block_value(lines: _Lines, root: Any, key_node: Any, node: Any, value: Any) -> str:
    """A scalar under a block mapping key replaced by a nested block (a mapping or a list)."""
    start = key_node.start_mark
    if lines.body(start.line)[: start.column].strip():
        raise _Unspliceable
    map_step, seq_step = _steps(root)
    end_line, end_col = _end(node)
    rest = _rest(lines, end_line, end_col)
    rest = rest if rest.strip() else ""  # trailing blanks go with the value they followed
    eol = lines.eol(end_line)
    head = lines.body(node.start_mark.line)[: node.start_mark.column].rstrip()
    if node.start_mark.line != start.line:
        raise _Unspliceable
    body = _block(value, start.column, map_step, seq_step)
    new = [head + rest + eol] + [line + eol for line in body]
    lines.lines[start.line : end_line + 1] = new
    return lines.text()


def _block(value: Any, column: int, map_step: int, seq_step: int) -> list[str]:
    """Block YAML lines for a mapping or a list of mappings/scalars under a key at `column`."""
    out: list[str] = []
    if isinstance(value, dict):
        pad = " " * (column + map_step)
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                raise _Unspliceable
            out.extend(_pair(pad, k, v))
        return out
    pad = " " * (column + seq_step)
    for item in value:
        if isinstance(item, dict) and item:
            first = True
            for k, v in item.items():
                if isinstance(v, (dict, list)):
                    raise _Unspliceable
                lines = _pair(pad + ("- " if first else "  "), k, v)
                out.extend(lines)
                first = False
        elif not isinstance(item, (dict, list)):
            out.append(f"{pad}- {_scalar(item, '')}")
        else:
            raise _Unspliceable
    return out


def _pair(pad: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str) and "\n" in value:
        chomp = "|+" if value.endswith("\n\n") else "|" if value.endswith("\n") else "|-"
        inner = " " * (len(pad) + 2)
        body = value[:-1] if value.endswith("\n") else value
        text_lines = body.split("\n")
        if text_lines and text_lines[0].startswith(" "):
            return [f"{pad}{key}: {_scalar(value, '')}"]
        return [f"{pad}{key}: {chomp}"] + [inner + t if t else "" for t in text_lines]
    return [f"{pad}{key}: {_scalar(value, '')}"]


def _steps(root: Any) -> tuple[int, int]:
    """How this file indents a nested mapping and a list under a key (default 2 and 2)."""
    map_step = seq_step = None
    stack = [root]
    while stack and (map_step is None or seq_step is None):
        node = stack.pop()
        if node.id != "mapping" or _flow_style(node):
            if node.id == "sequence":
                stack.extend(node.value)
            continue
        for key, child in node.value:
            if child.id == "scalar":
                continue
            if _flow_style(child) or child.start_mark.line == key.start_mark.line:
                stack.append(child)
                continue
            step = child.start_mark.column - key.start_mark.column
            if child.id == "mapping" and map_step is None and step > 0:
                map_step = step
            elif child.id == "sequence" and seq_step is None and step >= 0:
                seq_step = step
            stack.append(child)
    return map_step or 2, 2 if seq_step is None else seq_step


def _flow_style(node: Any) -> bool:
    return bool(getattr(node, "flow_style", False))


def _all_scalars(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)


def _flow(value: list[Any]) -> str:
    return "[" + ", ".join(_scalar(v, "", flow=True) for v in value) + "]"


def _scalar(value: Any, style: str | None, flow: bool = False) -> str:
    """A scalar as YAML text: in the old value's quoting when it had one, else plain when plain
    reads back as the same value, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    quoted = json.dumps(text, ensure_ascii=False)
    if style == '"':
        return quoted
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if "\n" in text or text != text.strip() or not text:
        return quoted
    if flow and any(c in text for c in ",[]{}"):
        return quoted
    try:
        if yamlio.load_text(f"k: {text}\n") == {"k": text}:
            return text
    except yamlio.YamlProblem:
        pass
    return quoted
