"""Round-trip YAML edits: the one module that imports ruamel.yaml.

An edit keeps the file's comments, key order, quoting and every untouched line, so a one-field
edit is a one-line diff. ruamel.yaml normalises a few things on a plain load and dump (spaces
after a colon, trailing blanks); those lines are patched back from the original. The strict
loader stays the authority: the written bytes must load (through yamlio) to exactly the data
the edit meant, or nothing is written.
"""

from __future__ import annotations

import copy
import difflib
import io
from collections.abc import Callable, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from shenguan import yamlio
from shenguan.errors import ToolError, UsageError

KeyOrder = Callable[[str], Sequence[str]]
WIDTH = 4096  # never fold long Chinese lines


class _Emitter(Emitter):
    """Quotes that a new value needs are double quotes, as the catalogue writes codes and dates."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" and not self.event.style else style


def _yaml(indent: int = 4, offset: int = 2) -> YAML:
    y = YAML(typ="rt")
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = WIDTH
    y.indent(mapping=2, sequence=indent, offset=offset)
    return y


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


class Document:
    """One record file open for editing: the ruamel tree and, beside it, the plain strict data."""

    def __init__(
        self,
        tree: Any,
        data: Any,
        yaml: YAML,
        original: str | None = None,
        key_order: KeyOrder | None = None,
        bom: bool = False,
        crlf: bool = False,
    ) -> None:
        self._tree, self.data, self._yaml, self._original = tree, data, yaml, original
        self._order = key_order or (lambda _p: ())
        self._bom, self._crlf = bom, crlf
        # ruamel's rendering of the file before any edit: what differs from it is what the edit changed
        self._noop = self._dump(tree) if original is not None else None

    @classmethod
    def parse(cls, raw: bytes, key_order: KeyOrder | None = None) -> Document:
        """Open existing bytes; raises yamlio.YamlProblem when the strict loader refuses them."""
        text = yamlio.decode(raw)
        data = yamlio.load_text(text)
        _, indent, offset = load_yaml_guess_indent(text)
        y = _yaml(indent or 4, 2 if offset is None else offset)
        tree = y.load(text)
        return cls(tree, data, y, text, key_order, raw.startswith(b"\xef\xbb\xbf"), "\r\n" in text)

    @classmethod
    def new(
        cls, data: dict[str, Any], header: str = "", key_order: KeyOrder | None = None
    ) -> Document:
        tree = _node(data)
        if header:
            tree.yaml_set_start_comment(header)
        return cls(tree, copy.deepcopy(data), _yaml(), None, key_order)

    def header(self) -> list[str]:
        """The comment lines above the first key, without their `# `."""
        tokens = (self._tree.ca.comment or [None, None])[1] or []
        return [t.value.strip().removeprefix("#").strip() for t in tokens if t.value.strip()]

    def set_header(self, lines: list[str]) -> None:
        self._tree.ca.comment = None
        if lines:
            self._tree.yaml_set_start_comment("\n".join(lines))

    def remark(self, key: str, index: int, text: str) -> None:
        """An end-of-line comment on an item of a top-level list, like the `# 事项名称` after a code."""
        seq = self._tree[key]
        width = len(self._dump(CommentedSeq([seq[index]])).splitlines()[0])
        seq.yaml_add_eol_comment(text, index, column=width + 2)

    def get(self, pointer: str, default: Any = None) -> Any:
        node = self.data
        for part in split_pointer(pointer):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return default
        return node

    def set(self, pointer: str, value: Any) -> None:
        """Replace or add one value; missing parent mappings are created in schema order."""
        *parents, last = split_pointer(pointer)
        tree, data = self._parent(parents, create=True)
        if isinstance(data, list):
            index = _index(last, data, pointer)
            tree[index] = _node(value, tree[index])
            data[index] = copy.deepcopy(value)
        elif last in data:
            tree[last] = _node(value, tree[last])
            data[last] = copy.deepcopy(value)
        else:
            self._insert(tree, data, parents, last, value)

    def append(self, pointer: str, value: Any) -> None:
        """Add an item at the end of a list, creating the list when it is missing."""
        if not isinstance(self.get(pointer), list):
            self.set(pointer, [])
        tree, data = self._parent(split_pointer(pointer), create=False)
        tree.append(_node(value))
        data.append(copy.deepcopy(value))

    def delete(self, pointer: str) -> None:
        *parents, last = split_pointer(pointer)
        tree, data = self._parent(parents, create=False)
        key: Any = _index(last, data, pointer) if isinstance(data, list) else last
        if isinstance(data, dict) and key not in data:
            return
        del tree[key]
        del data[key]

    def _parent(self, parts: list[str], create: bool) -> tuple[Any, Any]:
        tree, data = self._tree, self.data
        for depth, part in enumerate(parts):
            if isinstance(data, list):
                i = _index(part, data, "/" + "/".join(parts))
                tree, data = tree[i], data[i]
                continue
            if not isinstance(data, dict):
                raise UsageError(
                    f"/{'/'.join(parts[:depth])} 不是映射，无法在其下写入", "请检查字段路径"
                )
            if part not in data:
                if not create:
                    raise UsageError(
                        f"字段 /{'/'.join(parts[: depth + 1])} 不存在", "请检查字段路径"
                    )
                self._insert(tree, data, parts[:depth], part, {})
            tree, data = tree[part], data[part]
        if not isinstance(data, (dict, list)):
            raise UsageError(f"/{'/'.join(parts)} 不是映射或列表，无法在其下写入", "请检查字段路径")
        return tree, data

    def _insert(
        self, tree: Any, data: dict[str, Any], parents: list[str], key: str, value: Any
    ) -> None:
        order = list(self._order("/" + "/".join(parents) if parents else ""))
        pos = len(tree)
        if key in order:
            later = set(order[order.index(key) + 1 :])
            pos = next((i for i, k in enumerate(tree) if k in later), len(tree))
        tree.insert(pos, key, _node(value))
        items = list(data.items())  # the plain mirror keeps the same key order as the tree
        items.insert(pos, (key, copy.deepcopy(value)))
        data.clear()
        data.update(items)

    def dumps(self) -> bytes:
        """The file's new bytes; raises ToolError when they would not read back as the edit meant."""
        edited = self._dump(self._tree)
        candidates = [edited]
        if self._original is not None and self._noop is not None:
            candidates.insert(0, _patch(self._original, self._noop, edited))
        for text in candidates:
            try:
                if yamlio.load_text(text) == self.data:
                    return self._encode(text)
            except yamlio.YamlProblem:
                continue
        raise ToolError(
            "修改后的 YAML 读回的内容与预期不一致，未写入", "请加 --debug 重新运行并报告此问题"
        )

    def _dump(self, tree: Any) -> str:
        buf = io.StringIO()
        self._yaml.dump(tree, buf)
        return buf.getvalue()

    def _encode(self, text: str) -> bytes:
        if self._crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self._bom else b"") + text.encode("utf-8")


def _index(part: str, data: list[Any], pointer: str) -> int:
    if not part.isdigit() or int(part) >= len(data):
        raise UsageError(
            f"{pointer} 中的序号 {part} 超出列表范围（共 {len(data)} 项）", "列表序号从 0 开始"
        )
    return int(part)


def _node(value: Any, like: Any = None) -> Any:
    """Plain data to ruamel nodes; a replaced string keeps the quoting of the one it replaces."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _node(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_node(v) for v in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString)):
            return type(like)(value)
    return value


def _patch(original: str, noop: str, edited: str) -> str:
    """Apply the change between ruamel's plain round trip and the edit to the original lines."""
    if noop == original:
        return edited
    orig, before, after = original.splitlines(True), noop.splitlines(True), edited.splitlines(True)
    if len(orig) != len(before):
        return edited
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(orig[i1:i2] if tag == "equal" else after[j1:j2])
    return "".join(out)
