"""`review render ID`: the archive copy (合法性审查意见书) of a real signed sign-off, in Markdown and in
HTML that prints on A4 in headless Chromium without clipped tables."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shenguan.review.archive import fingerprint
from tests.support.catalogs import enrol
from tests.support.git import commit, git
from tests.support.keys import keygen
from tests.unit.review.packet_scenario import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MAX_PAGES = 3  # the four-change sign-off: facts, three records (one in full), the verification


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keygen(tmp_path_factory.mktemp("keys"), "zhang")


@pytest.fixture
def signed(cli, tmp_path: Path, key: Path) -> tuple[Path, str]:
    """The golden packet's change, reviewed: returns the repository and the sign-off's id."""
    root = build(tmp_path / "repo")
    git(root, "checkout", "-q", "main")
    enrol(root, [("zhang-wei", "张伟", key)])
    commit(root, "登记审查人张伟")
    git(root, "checkout", "-q", "change")
    git(root, "merge", "-q", "--no-edit", "main")
    r = cli(
        "review",
        "sign",
        "--base",
        "main",
        "--decision",
        "通过",
        "--opinion",
        "经审查，<b>符合</b>法律规定。",
        "--key",
        str(key),
        cwd=root,
    )
    assert r.code == 0, r.err
    commit(root, "区司法局审查通过")
    rel = next((root / "reviews").glob("*.yaml"))
    return root, rel.stem


def _key_fingerprint(key: Path) -> str:
    out = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(key) + ".pub"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()[1]


def test_markdown_archive_names_the_decision_the_changes_and_the_key(
    cli, signed, key: Path
) -> None:
    root, sid = signed
    r = cli("review", "render", sid, "--format", "md", "--base", "main", cwd=root)
    assert r.code == 0, r.err
    assert r.out.startswith("# 合法性审查意见书\n")
    for expected in (
        "| 审查人 | 张伟 |",
        "| 审查结论 | 通过 |",
        "| 审查意见 | 经审查，&lt;b&gt;符合&lt;/b&gt;法律规定。 |",
        "| 办理时限 / 承诺办结时限 / 时限数值 | 5 | 3 |",
        "| **申请材料 / 食品安全自查制度**（新增） | | |",
        "| 事项状态 | 在用 | 已取消 |",
        "| 事项类型 | 公共服务（20） |",
        "签名核验：签名有效",
        f"签名密钥指纹：`{_key_fingerprint(key)}`",
        "`shenguan review verify --base main`",
    ):
        assert expected in r.out, expected
    assert "<b>" not in r.out and '{"' not in r.out and "/time_limit" not in r.out


def test_fingerprint_of_a_signature_matches_ssh_keygen(signed, key: Path) -> None:
    root, sid = signed
    assert fingerprint((root / "reviews" / f"{sid}.sig").read_bytes()) == _key_fingerprint(key)
    assert fingerprint(b"not a signature") == ""


def test_unknown_or_unsafe_ids_are_usage_errors(cli, signed) -> None:
    root, _ = signed
    assert cli("review", "render", "r-nope", "--base", "main", cwd=root).code == 2
    bad = cli("review", "render", "../shenguan", "--base", "main", cwd=root)
    assert bad.code == 2 and "审查记录标识不合法" in bad.err
    assert cli("review", "render", "x", "--format", "pdf", cwd=root).code == 2


def _headless() -> list[str]:
    """Chromium without a screen, a sandbox or any network of its own."""
    assert CHROMIUM is not None
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]


def _pages(pdf: Path) -> int:
    info = shutil.which("pdfinfo")
    if info:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(
    CHROMIUM is None, reason="未安装 chromium（Debian：apt-get install -y chromium）"
)
def test_html_archive_prints_on_a4_without_clipping(cli, signed, tmp_path: Path) -> None:
    root, sid = signed
    r = cli("review", "render", sid, "--format", "html", "--base", "main", cwd=root)
    assert r.code == 0, r.err
    assert "@page { size: A4" in r.out and "table-layout: fixed" in r.out
    assert "&lt;b&gt;符合&lt;/b&gt;" in r.out and "<b>符合" not in r.out
    page = tmp_path / "意见书.html"
    page.write_text(r.out, encoding="utf-8")
    pdf = tmp_path / "意见书.pdf"
    assert CHROMIUM is not None
    subprocess.run(
        [
            *_headless(),
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert 1 <= _pages(pdf) <= MAX_PAGES
    assert _clipped(r.out, tmp_path) == "0"


# A4's printable width at 96 dpi (210 mm less the page's 2 × 16 mm margins).
A4_PRINT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)
_CLIP_PROBE = """<script>
document.body.setAttribute("data-clipped", String([...document.querySelectorAll("table, th, td")]
  .filter(e => e.scrollWidth > e.clientWidth + 1
    || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length));
</script>"""


def _clipped(html: str, tmp_path: Path) -> str:
    """How many tables or cells overflow their box when laid out at A4's printable width."""
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", _CLIP_PROBE + "</body>"), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run(
        [
            *_headless(),
            "--hide-scrollbars",
            f"--window-size={A4_PRINT_WIDTH_PX},1000",
            f"--user-data-dir={tmp_path / 'probe-profile'}",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    found = re.search(r'data-clipped="(\d+)"', dom)
    return found.group(1) if found else "no layout"
