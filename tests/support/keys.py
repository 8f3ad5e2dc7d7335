"""Real ed25519 keys from ssh-keygen, for sign-offs and their verification."""

from __future__ import annotations

import subprocess
from pathlib import Path


def keygen(folder: Path, name: str) -> Path:
    """A fresh ed25519 key without passphrase; returns the private key path (KEY.pub beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def public(key: Path) -> str:
    """`ssh-ed25519 AAAA…` of KEY.pub, without its comment (the form allowed_signers takes)."""
    return " ".join(key.with_name(key.name + ".pub").read_text(encoding="utf-8").split()[:2])
