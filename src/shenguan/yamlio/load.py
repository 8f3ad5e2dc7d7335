"""Strict loading: libyaml's parser, our resolvers and a lean builder (see shenguan.yamlio)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1 << 20
# C0 controls except TAB/LF/CR, DEL, C1, zero-width, bidi embeddings/overrides/isolates, LS/PS, BOM.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u061c\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_ANCHORISH = re.compile(r"[&*]|<<")


@dataclass
class YamlProblem(Exception):
    rule: str
    line: int
    column: int
    message: str
    hint: str


def _problem(rule: str, mark: Any, message: str, hint: str) -> YamlProblem:
    line = getattr(mark, "line", 0) + 1 if mark is not None else 1
    col = getattr(mark, "column", 0) + 1 if mark is not None else 1
    return YamlProblem(rule, line, col, message, hint)


class _StrictLoader(yaml.CSafeLoader):
    """libyaml composes the node tree; only our resolvers run. Construction is `_build` below."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # Called by the C composer for every node: one dict lookup and one regex instead of
        # PyYAML's generic resolver walk, which was a fifth of the load time.
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _add_resolver(tag: str, pattern: str, first: str | list[str]) -> None:
    _StrictLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_NULL, _BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))
_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_add_resolver(_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_add_resolver(_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add_resolver(_INT, r"^(?:[-+]?(?:0|[1-9][0-9]*))$", "-+0123456789")
_add_resolver(_FLOAT, r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$", "-+0123456789.")
_ALIAS_MSG = ("不允许使用锚点、别名或合并键（&、*、<<）", "请把被引用的内容直接写出来")
# What each core tag accepts; only an explicit tag (`!!int abc`, `!!bool maybe`) can miss it.
_CORE = {tag: pattern for rs in _StrictLoader.yaml_implicit_resolvers.values() for tag, pattern in rs}


MAX_DEPTH = 64


def _build(node: Any, seen: set[int], depth: int = 0) -> Any:
    """Node tree to plain data. A lean walk: PyYAML's generic constructor costs twice as much."""
    if id(node) in seen:  # the same node reached twice is an alias
        raise _problem("Y005", node.start_mark, *_ALIAS_MSG)
    if depth > MAX_DEPTH:
        raise _problem("Y003", node.start_mark, f"嵌套超过 {MAX_DEPTH} 层", "记录不需要这么深的嵌套，请检查括号和缩进")
    seen.add(id(node))
    cls, tag = node.__class__, node.tag
    if cls is yaml.ScalarNode:
        return _scalar(node, tag)
    if cls is yaml.MappingNode and tag == _MAP:
        return _mapping(node, seen, depth)
    if cls is yaml.SequenceNode and tag == _SEQ:
        return [_build(child, seen, depth + 1) for child in node.value]
    raise _problem("Y007", node.start_mark, f"不支持的标签 {tag}", "请删除标签，只用普通的文本、数字、列表和映射")


def _scalar(node: Any, tag: str) -> Any:
    value = node.value
    if tag == _STR:
        # Literal control characters were refused on the raw text; only escapes can make more.
        bad = BAD_CHARS.search(value) if node.style == '"' else None
        if bad:
            raise _problem("Y006", node.start_mark, f"文本含不可见的控制或双向字符 U+{ord(bad.group()):04X}",
                           "请删除该字符（常见于从网页或文档复制的文本）")
        return value
    pattern = _CORE.get(tag)
    if pattern is not None and not pattern.match(value):
        raise _problem("Y007", node.start_mark, f"标签 {tag} 与取值“{value}”不符",
                       "请删除标签，只用普通的文本、数字、列表和映射")
    if tag == _INT:
        return int(value)
    if tag == _BOOL:
        return value in ("true", "True", "TRUE")
    if tag == _NULL:
        return None
    if tag == _FLOAT:
        return float(value)
    raise _problem("Y007", node.start_mark, f"不支持的标签 {tag}", "请删除标签，只用普通的文本、数字、列表和映射")


def _mapping(node: Any, seen: set[int], depth: int) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _build(key_node, seen, depth + 1)
        if not isinstance(key, str):
            raise _problem("Y010", key_node.start_mark, f"键 {key!r} 不是文本", "键须为文本，请加引号")
        if key == "<<":
            raise _problem("Y005", key_node.start_mark, "不允许使用合并键 <<", "请把合并的内容直接写出来")
        if key in mapping:
            raise _problem("Y004", key_node.start_mark, f"键“{key}”重复（第 {lines[key]} 行已出现）",
                           "删除其中一个：YAML 会静默只保留最后一个")
        lines[key] = key_node.start_mark.line + 1
        mapping[key] = _build(value_node, seen, depth + 1)
    return mapping


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed) or a Chinese message saying how to fix it."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("Y002", 1, 1, f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）",
                          "请拆分该文件或删除多余内容")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = "，看起来是 GBK 编码" if _looks_gbk(raw) else ""
        raise YamlProblem("Y001", line, col, f"文件不是 UTF-8 编码{guess}",
                          "请用编辑器“另存为 UTF-8”后再提交") from None
    bad = BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlProblem("Y006", line, col, f"文件含不可见的控制或双向字符 U+{ord(bad.group()):04X}",
                          "请删除该字符（常见于从网页或文档复制的文本）")
    return text


def _looks_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def load_text(text: str) -> Any:
    """Parse decoded text strictly; raises YamlProblem."""
    if _ANCHORISH.search(text):
        _reject_anchors(text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, set())
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        # A key without ':' is noticed a line later; the context then marks the key itself.
        key_mark = exc.context_mark if exc.context == "while scanning a simple key" else None
        mark = key_mark or exc.problem_mark or exc.context_mark
        raise _problem("Y003", mark, f"YAML 语法错误：{_syntax_zh(exc.problem or exc.context or '')}",
                       "请检查缩进、冒号后的空格和引号是否成对") from None
    except yaml.YAMLError as exc:
        raise YamlProblem("Y003", 1, 1, f"YAML 语法错误：{exc}", "请检查文件内容") from None
    finally:
        loader.dispose()


# libyaml's messages for the usual slips, said in Chinese; the original stays in brackets.
_SYNTAX_ZH = {
    "found unexpected end of stream": "文件意外结束，常见原因是引号未闭合",
    "found character that cannot start any token": "出现了不能开头的字符，常见原因是用制表符缩进，或 @、` 开头的文本未加引号",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”，常见原因是缩进不一致或文本中的“: ”未加引号",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "此处应为“键: 值”，常见原因是缩进不一致或引号未闭合",
    "did not find expected '-' indicator": "列表项应以“- ”开头并对齐",
    "did not find expected ',' or ']'": "方括号 [ ] 未闭合",
    "did not find expected ',' or '}'": "花括号 { } 未闭合",
    "found unknown escape character": "双引号文本中有未知的转义，反斜杠请写成 \\\\ 或改用单引号",
    "but found another document": "一个文件只能有一份记录，不要用 --- 分隔多份",
    "exceeded maximum nesting depth": "嵌套层数过多，请检查括号和缩进",
    "did not find expected node content": "此处缺少内容，常见原因是多余的逗号、括号或“- ”",
    "found undefined alias": "使用了未定义的别名（*），记录中不允许使用别名",
}


def _syntax_zh(problem: str) -> str:
    return f"{_SYNTAX_ZH[problem]}（{problem}）" if problem in _SYNTAX_ZH else problem


def load_bytes(raw: bytes) -> Any:
    return load_text(decode(raw))


def _reject_anchors(text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _problem("Y005", event.start_mark, "不允许使用锚点、别名或合并键（&、*、<<）",
                               "请把被引用的内容直接写出来")
    except yaml.MarkedYAMLError:
        return  # the full load reports the syntax error with its position
