"""SSH signatures over exact bytes: `ssh-keygen -Y sign` and `-Y verify` (docs/security.md「审查签名」).

Trust is decided only by `-Y verify` against an allowed-signers file the caller read from a
trusted revision. `-Y check-novalidate` is used after a failed verification, and only to say
*why* it failed (tampered bytes versus an untrusted or expired key); it never authorises.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from shenguan.errors import ToolError

NAMESPACE = "shenguan-review@1"
TIMEOUT = 300  # a passphrase prompt waits for a person
KEY_TYPES = ("ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-")
VALIDITY = ("valid-before=", "valid-after=")


class Verdict(str, enum.Enum):
    VALID = "valid"
    BAD_SIGNATURE = "bad_signature"  # bytes or namespace do not match the signature
    UNKNOWN_SIGNER = (
        "unknown_reviewer"  # good signature, but the key is not trusted for that principal
    )
    EXPIRED = "expired"  # the key is trusted for that principal, but not at this time


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if not found:
        raise ToolError(
            "找不到 ssh-keygen，无法签署或核验审查记录",
            "请安装 OpenSSH 客户端（Debian/Ubuntu：apt-get install openssh-client）",
        )
    return found


def _run(args: list[str], payload: bytes) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [_ssh_keygen(), *args], input=payload, capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            "ssh-keygen 超时未完成", "请检查密钥口令输入或 ssh-agent 是否可用"
        ) from None


def sign(payload: bytes, key: Path) -> bytes:
    """The armored signature of `payload` made with the private key at `key` (or its agent-held .pub)."""
    key = key.expanduser().resolve()  # absolute, so it can never read as an option
    if not key.is_file():
        raise ToolError(
            f"找不到密钥文件 {key}", "请用 --key 指定审查人的 SSH 私钥，例如 ~/.ssh/id_ed25519"
        )
    done = _run(["-Y", "sign", "-n", NAMESPACE, "-f", str(key)], payload)
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(
            f"签名失败：{reason[-1] if reason else 'ssh-keygen 退出码 ' + str(done.returncode)}",
            "请确认 --key 是审查人的 SSH 私钥、口令正确，且文件权限为 600",
        )
    return done.stdout


def verify(
    payload: bytes,
    signature: bytes,
    allowed_signers: bytes,
    principal: str,
    at: dt.datetime | None = None,
) -> Verdict:
    """Whether `principal` signed exactly `payload`, judged by the given allowed-signers bytes.

    Key validity (valid-before/valid-after) is judged now, or at `at` when auditing old records.
    """
    with tempfile.TemporaryDirectory(prefix="shenguan-sig-") as tmp:
        sig = _put(tmp, "payload.sig", signature)
        allowed = _put(tmp, "allowed_signers", allowed_signers)
        when = [f"-Overify-time={at.astimezone(dt.UTC):%Y%m%d%H%M%S}Z"] if at else []
        if _verify(payload, sig, allowed, principal, when):
            return Verdict.VALID
        if _run(["-Y", "check-novalidate", "-n", NAMESPACE, "-s", sig], payload).returncode != 0:
            return Verdict.BAD_SIGNATURE
        timeless = _put(tmp, "timeless", strip_validity(allowed_signers))
        if _verify(payload, sig, timeless, principal, []):
            return Verdict.EXPIRED
        return Verdict.UNKNOWN_SIGNER


def _verify(payload: bytes, sig: str, allowed: str, principal: str, when: list[str]) -> bool:
    if not principal or principal.startswith("-"):
        return False
    args = ["-Y", "verify", "-f", allowed, "-I", principal, "-n", NAMESPACE, "-s", sig, *when]
    return _run(args, payload).returncode == 0


def _put(folder: str, name: str, data: bytes) -> str:
    path = os.path.join(folder, name)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def strip_validity(allowed_signers: bytes) -> bytes:
    """The same trust without valid-before/valid-after: tells an expired key from an unknown one."""
    out = []
    for raw in allowed_signers.decode("utf-8", "replace").splitlines():
        fields = _split(raw.strip())
        if not fields or fields[0].startswith("#"):
            out.append(raw)
            continue
        if len(fields) >= 3 and not fields[1].startswith(KEY_TYPES):
            kept = [o for o in _split_options(fields[1]) if not o.lower().startswith(VALIDITY)]
            fields = [fields[0], *([",".join(kept)] if kept else []), *fields[2:]]
        out.append(" ".join(fields))
    return ("\n".join(out) + "\n").encode("utf-8")


def _split(line: str) -> list[str]:
    """Whitespace-separated fields; double quotes (in options) keep spaces inside one field."""
    fields, current, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch.isspace() and not quoted:
            if current:
                fields.append(current)
            current = ""
        else:
            current += ch
    return fields + ([current] if current else [])


def _split_options(options: str) -> list[str]:
    parts, current, quoted = [], "", False
    for ch in options:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def public_key_of(key: Path) -> str | None:
    """`type base64` of the public half beside a private key (KEY.pub), or of a .pub file itself."""
    key = key.expanduser()
    pub = key if key.suffix == ".pub" else key.with_name(key.name + ".pub")
    try:
        fields = pub.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return None
    return " ".join(fields[:2]) if len(fields) >= 2 and fields[0].startswith(KEY_TYPES) else None


def principals_for(public_key: str, allowed_signers: bytes) -> list[str]:
    """The principals an allowed-signers file lists for one public key (to name the signer)."""
    found: list[str] = []
    for raw in allowed_signers.decode("utf-8", "replace").splitlines():
        fields = _split(raw.strip())
        if not fields or fields[0].startswith("#"):
            continue
        key_at = 1 if len(fields) > 1 and fields[1].startswith(KEY_TYPES) else 2
        if " ".join(fields[key_at : key_at + 2]) == public_key:
            found.extend(p for p in fields[0].strip('"').split(",") if p)
    return found
