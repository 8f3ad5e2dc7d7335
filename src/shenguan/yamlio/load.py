"""Strict loading: libyaml's parser, our resolvers and a lean builder (see shenguan.yamlio)."""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1 << 20
# C0 controls except TAB/LF/CR, DEL, C1, zero-width, bidi embeddings/overrides/isolates, LS/PS, BOM.
# Also soft hyphen (U+00AD), Hangul filler (U+3164) and the tag characters (U+E0000-E007F):
# invisible in every viewer, so a name holding them looks like another name.
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u061c\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\U000e0000-\U000e007f]"
)


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

    def __init__(self, stream: str) -> None:
        # The C parser's state only: the Python constructor and path resolvers are never used.
        yaml._yaml.CParser.__init__(self, stream)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # Called by the C composer for every node, so it does as little as it can: only a plain
        # scalar can be typed, and every core pattern matches ASCII text only (most values are CJK).
        # Keys and short values recur in every record, so their tags are cached (long text is not).
        if kind is _ScalarNode:
            if implicit[0] and value.isascii():
                return _short_plain_tag(value) if len(value) <= 32 else _plain_tag(value)
            return _STR
        return _SEQ if kind is _SequenceNode else _MAP

    # Also called around every node, for path resolvers, which we do not use: a side-effect-free
    # C built-in taking the same arguments costs less than a Python method that does nothing.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


def _add_resolver(tag: str, pattern: str, first: str | list[str]) -> None:
    _StrictLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_RESOLVERS = _StrictLoader.yaml_implicit_resolvers
_NULL, _BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))
_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_add_resolver(_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_add_resolver(_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add_resolver(_INT, r"^(?:[-+]?(?:0|[1-9][0-9]*))$", "-+0123456789")
_add_resolver(
    _FLOAT, r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$", "-+0123456789."
)


def _plain_tag(value: str) -> str:
    for tag, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR


_short_plain_tag = functools.lru_cache(maxsize=512)(_plain_tag)

_ALIAS_MSG = ("不允许使用锚点、别名或合并键（&、*、<<）", "请把被引用的内容直接写出来")
# What each core tag accepts; only an explicit tag (`!!int abc`, `!!bool maybe`) can miss it.
_CORE = {
    tag: pattern for rs in _StrictLoader.yaml_implicit_resolvers.values() for tag, pattern in rs
}


MAX_DEPTH = 64
MAX_DIGITS = 1000


def _build(node: Any, depth: int = 0) -> Any:
    """Node tree to plain data. A lean walk: PyYAML's generic constructor costs twice as much.

    `depth` is the node's own; each collection checks its children's depth before building them.
    """
    cls, tag = node.__class__, node.tag
    if cls is _ScalarNode:
        if tag == _STR and node.style != '"':  # most scalars: plain or single-quoted text
            return node.value
        return _scalar(node, tag)
    if cls is _MappingNode and tag == _MAP:
        return _mapping(node, depth)
    if cls is _SequenceNode and tag == _SEQ:
        return _sequence(node, depth)
    raise _problem(
        "Y007",
        node.start_mark,
        f"不支持的标签 {tag}",
        "请删除标签，只用普通的文本、数字、列表和映射",
    )


def _too_deep(node: Any) -> YamlProblem:
    return _problem(
        "Y003",
        node.start_mark,
        f"嵌套超过 {MAX_DEPTH} 层",
        "记录不需要这么深的嵌套，请检查括号和缩进",
    )


def _scalar(node: Any, tag: str) -> Any:
    value = node.value
    if tag == _STR:
        # Literal control characters were refused on the raw text; only escapes can make more.
        bad = BAD_CHARS.search(value) if node.style == '"' else None
        if bad:
            raise _problem(
                "Y006",
                node.start_mark,
                f"文本含不可见的控制或双向字符 U+{ord(bad.group()):04X}",
                "请删除该字符（常见于从网页或文档复制的文本）",
            )
        return value
    pattern = _CORE.get(tag)
    if pattern is not None and not pattern.match(value):
        raise _problem(
            "Y007",
            node.start_mark,
            f"标签 {tag} 与取值“{value}”不符",
            "请删除标签，只用普通的文本、数字、列表和映射",
        )
    if tag == _INT:
        if len(value) > MAX_DIGITS:  # Python refuses to convert ~4,300 digits; no field needs 20
            raise _problem(
                "Y003",
                node.start_mark,
                f"数字过长（{len(value)} 位）",
                "请核对该数值；编码一类的内容请加引号写成文本",
            )
        return int(value)
    if tag == _BOOL:
        return value in ("true", "True", "TRUE")
    if tag == _NULL:
        return None
    if tag == _FLOAT:
        return float(value)
    raise _problem(
        "Y007",
        node.start_mark,
        f"不支持的标签 {tag}",
        "请删除标签，只用普通的文本、数字、列表和映射",
    )


def _mapping(node: Any, depth: int) -> dict[str, Any]:
    pairs = node.value
    if depth >= MAX_DEPTH and pairs:
        raise _too_deep(pairs[0][0])
    depth += 1
    mapping: dict[str, Any] = {}
    for key_node, value_node in pairs:
        # Plain and single-quoted text is most of a record: take it without a call. The tag is
        # `_STR` itself only when our resolver gave it; an explicit `!!str` goes through `_build`.
        if key_node.tag is _STR and key_node.style != '"':
            key = key_node.value
        else:
            key = _build(key_node, depth)
            if not isinstance(key, str):
                raise _problem(
                    "Y010", key_node.start_mark, f"键 {key!r} 不是文本", "键须为文本，请加引号"
                )
        if key == "<<":
            raise _problem(
                "Y005", key_node.start_mark, "不允许使用合并键 <<", "请把合并的内容直接写出来"
            )
        if key in mapping:
            first = _first_line(pairs, key, depth)
            raise _problem(
                "Y004",
                key_node.start_mark,
                f"键“{key}”重复（第 {first} 行已出现）",
                "删除其中一个：YAML 会静默只保留最后一个",
            )
        if value_node.tag is _STR and value_node.style != '"':
            mapping[key] = value_node.value
        else:
            mapping[key] = _build(value_node, depth)
    return mapping


def _first_line(pairs: list[tuple[Any, Any]], key: str, depth: int) -> int:
    """The line of a key's first occurrence, worked out only once it turns out to be repeated."""
    line: int = next(node.start_mark.line for node, _ in pairs if _build(node, depth) == key)
    return line + 1


def _sequence(node: Any, depth: int) -> list[Any]:
    items = node.value
    if depth >= MAX_DEPTH and items:
        raise _too_deep(items[0])
    depth += 1
    return [_build(item, depth) for item in items]


def _refuse_aliases(root: Any) -> None:
    """The composer gives an alias as the anchored node itself, so a node reached twice is one.

    `_reject_anchors` refuses anchors and aliases from the same events first; this is a second
    line for text that might hold them. Same order as the build, and each node is visited once,
    so an alias bomb costs no more than its text.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _problem("Y005", node.start_mark, *_ALIAS_MSG)
        seen.add(id(node))
        if node.__class__ is _MappingNode:
            stack.extend(child for pair in reversed(node.value) for child in reversed(pair))
        elif node.__class__ is _SequenceNode:
            stack.extend(reversed(node.value))


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed) or a Chinese message saying how to fix it."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            "Y002",
            1,
            1,
            f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）",
            "请拆分该文件或删除多余内容",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = "，看起来是 GBK 编码" if _looks_gbk(raw) else ""
        raise YamlProblem(
            "Y001", line, col, f"文件不是 UTF-8 编码{guess}", "请用编辑器“另存为 UTF-8”后再提交"
        ) from None
    bad = BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlProblem(
            "Y006",
            line,
            col,
            f"文件含不可见的控制或双向字符 U+{ord(bad.group()):04X}",
            "请删除该字符（常见于从网页或文档复制的文本）",
        )
    return text


def _looks_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def load_text(text: str) -> Any:
    """Parse decoded text strictly; raises YamlProblem."""
    # Anchors, aliases and merge keys need one of these; three substring scans cost far less than
    # a regex alternation over the whole text.
    anchorish = "&" in text or "*" in text or "<<" in text
    if anchorish:
        _reject_anchors(text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if anchorish:
            _refuse_aliases(node)
        return _build(node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        # A key without ':' is noticed a line later; the context then marks the key itself.
        key_mark = exc.context_mark if exc.context == "while scanning a simple key" else None
        mark = key_mark or exc.problem_mark or exc.context_mark
        raise _problem(
            "Y003",
            mark,
            f"YAML 语法错误：{_syntax_zh(exc.problem or exc.context or '')}",
            "请检查缩进、冒号后的空格和引号是否成对",
        ) from None
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
                raise _problem(
                    "Y005",
                    event.start_mark,
                    "不允许使用锚点、别名或合并键（&、*、<<）",
                    "请把被引用的内容直接写出来",
                )
    except yaml.MarkedYAMLError:
        return  # the full load reports the syntax error with its position
