"""Content digests over canonical JSON, so formatting and comments never change them."""

from __future__ import annotations

import hashlib
from typing import Any

from shenguan.yamlio import canonical_json


def digest(data: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()


def standard_digest(data: dict[str, Any]) -> str:
    """The digest a published standard carries: its content without the digest field itself."""
    return digest({k: v for k, v in data.items() if k != "digest"})


def blob_id(raw: bytes) -> str:
    """git's object id for these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
