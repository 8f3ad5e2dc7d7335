"""Strict YAML: the one package that imports PyYAML (docs/security.md「YAML 输入」).

One loader only: libyaml's C parser, YAML 1.2-style core typing (null, true/false, decimal
ints, plain floats; everything else a string), no duplicate keys, no anchors, aliases, merge
keys or custom tags, no control or bidi characters, UTF-8 only, a size cap. Problems raise
`YamlProblem` with a 1-based line and column.
"""

from __future__ import annotations

from shenguan.yamlio.load import (
    BAD_CHARS,
    MAX_BYTES,
    MAX_DEPTH,
    YamlProblem,
    decode,
    load_bytes,
    load_text,
)
from shenguan.yamlio.locate import Locator
from shenguan.yamlio.write import atomic_write, canonical_json, dump

__all__ = [
    "BAD_CHARS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Locator",
    "YamlProblem",
    "atomic_write",
    "canonical_json",
    "decode",
    "dump",
    "load_bytes",
    "load_text",
]
