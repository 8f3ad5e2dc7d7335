"""ssh-keygen signatures with real keys: round trip, tampering, trust, expiry (docs/security.md「审查签名」)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from shenguan.errors import ToolError
from shenguan.review import signing
from shenguan.review.signing import Verdict
from tests.support.keys import keygen, public

PAYLOAD = '{"decision":"通过","id":"r-1"}'.encode()
WHO = "zhang-wei@sfj.example.gov.cn"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return keygen(folder, "zhang"), keygen(folder, "li")


def allowed(key: Path, principal: str = WHO, options: str = "") -> bytes:
    return f"# 注释行\n{principal} {options + ' ' if options else ''}{public(key)}\n".encode()


def test_round_trip_is_valid(keys: tuple[Path, Path]) -> None:
    sig = signing.sign(PAYLOAD, keys[0])
    assert sig.startswith(b"-----BEGIN SSH SIGNATURE-----")
    assert signing.verify(PAYLOAD, sig, allowed(keys[0]), WHO) is Verdict.VALID


def test_one_changed_byte_is_a_bad_signature(keys: tuple[Path, Path]) -> None:
    sig = signing.sign(PAYLOAD, keys[0])
    assert (
        signing.verify(
            PAYLOAD.replace("通过".encode(), "不通过".encode()), sig, allowed(keys[0]), WHO
        )
        is Verdict.BAD_SIGNATURE
    )


def test_another_namespace_is_a_bad_signature(keys: tuple[Path, Path], tmp_path: Path) -> None:
    other = subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-n", "git", "-f", str(keys[0])],
        input=PAYLOAD,
        capture_output=True,
        check=True,
    ).stdout
    assert signing.verify(PAYLOAD, other, allowed(keys[0]), WHO) is Verdict.BAD_SIGNATURE


def test_a_key_not_listed_is_unknown(keys: tuple[Path, Path]) -> None:
    sig = signing.sign(PAYLOAD, keys[1])
    assert signing.verify(PAYLOAD, sig, allowed(keys[0]), WHO) is Verdict.UNKNOWN_SIGNER
    assert signing.verify(PAYLOAD, sig, b"", WHO) is Verdict.UNKNOWN_SIGNER


def test_a_listed_key_signing_as_someone_else_is_unknown(keys: tuple[Path, Path]) -> None:
    both = allowed(keys[0]) + allowed(keys[1], "li-na@sfj.example.gov.cn")
    sig = signing.sign(PAYLOAD, keys[1])
    assert signing.verify(PAYLOAD, sig, both, WHO) is Verdict.UNKNOWN_SIGNER
    assert signing.verify(PAYLOAD, sig, both, "li-na@sfj.example.gov.cn") is Verdict.VALID


def test_an_expired_key_fails_now_and_held_then(keys: tuple[Path, Path]) -> None:
    sig = signing.sign(PAYLOAD, keys[0])
    expired = allowed(keys[0], options='valid-before="20200101"')
    assert signing.verify(PAYLOAD, sig, expired, WHO) is Verdict.EXPIRED
    then = dt.datetime(2019, 6, 1, tzinfo=dt.UTC)
    assert signing.verify(PAYLOAD, sig, expired, WHO, at=then) is Verdict.VALID


def test_a_principal_that_looks_like_an_option_never_verifies(keys: tuple[Path, Path]) -> None:
    sig = signing.sign(PAYLOAD, keys[0])
    assert (
        signing.verify(PAYLOAD, sig, allowed(keys[0], "-zhang"), "-zhang") is Verdict.UNKNOWN_SIGNER
    )


def test_strip_validity_keeps_the_other_options_and_comments() -> None:
    text = b'# c\nz@x cert-authority,valid-before="20200101",namespaces="a,b" ssh-ed25519 AAAA c\nq@x valid-after="20300101" ssh-ed25519 BBBB\n'
    assert (
        signing.strip_validity(text)
        == b'# c\nz@x cert-authority,namespaces="a,b" ssh-ed25519 AAAA c\nq@x ssh-ed25519 BBBB\n'
    )


def test_principals_for_a_public_key(keys: tuple[Path, Path]) -> None:
    listed = allowed(keys[0], "a@x,b@x", 'valid-before="20991231"') + allowed(keys[1], "c@x")
    assert signing.principals_for(public(keys[0]), listed) == ["a@x", "b@x"]
    assert signing.public_key_of(keys[1]) == public(keys[1])
    assert signing.public_key_of(keys[1].with_name("nothing")) is None


def test_missing_key_file_is_a_tool_error(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="找不到密钥文件"):
        signing.sign(PAYLOAD, tmp_path / "none")


def test_a_file_that_is_not_a_key_is_a_tool_error(tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("not a key\n", encoding="utf-8")
    (tmp_path / "junk").chmod(0o600)
    with pytest.raises(ToolError, match="签名失败"):
        signing.sign(PAYLOAD, tmp_path / "junk")


def test_missing_ssh_keygen_is_a_tool_error(
    monkeypatch: pytest.MonkeyPatch, keys: tuple[Path, Path]
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolError, match="找不到 ssh-keygen") as caught:
        signing.verify(PAYLOAD, b"x", b"", WHO)
    assert "openssh-client" in caught.value.hint
