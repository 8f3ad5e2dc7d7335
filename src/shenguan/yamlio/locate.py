"""Line and column of a JSON pointer in a document, for findings."""

from __future__ import annotations

from typing import Any

import yaml

from shenguan.yamlio.load import _StrictLoader


class Locator:
    """Maps JSON pointers in one document back to 1-based line/column; composes lazily, once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Any = None
        self._composed = False

    def _node(self) -> Any:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_StrictLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def locate(self, pointer: str, key: str | None = None) -> tuple[int, int]:
        node = self._node()
        if node is None:
            return 1, 1
        for part in _split_pointer(pointer):
            child = _child(node, part)
            if child is None:
                break
            node = child
        if key is not None and isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == key:
                    return key_node.start_mark.line + 1, key_node.start_mark.column + 1
        return node.start_mark.line + 1, node.start_mark.column + 1


def _split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def _child(node: Any, part: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node
    elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        return node.value[int(part)]
    return None
