"""The HTML list in a real headless Chromium: rows render, the search box and filters work, payloads stay inert.

The page's script reads `?q=`, `?dept=` and `?type=` on load, so a URL drives the same code path as typing;
`--dump-dom` then shows which rows the script hid.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from shenguan.export import core
from tests.support.catalogs import BASE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="未安装 chromium（Debian：apt-get install -y chromium）"
)
PAYLOAD = "<img src=x onerror=\"document.title='PWNED'\"><script>document.title='PWNED'</script>"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("html") / "catalog"
    shutil.copytree(BASE, root)
    path = root / "matters/000172013000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "name: 食品经营许可",
            "name: " + json.dumps(PAYLOAD + "食品经营许可", ensure_ascii=False),
            1,
        ),
        encoding="utf-8",
    )
    out = root.parent / "清单.html"
    out.write_bytes(core.public(root, "html", use_cache=False))
    return out


_SEEN: dict[str, str] = {}


def dom(page: Path, tmp_path: Path, **params: str) -> str:
    """The DOM after load; each URL is rendered once per run (a Chromium start costs about 2 s)."""
    url = page.as_uri() + ("?" + urllib.parse.urlencode(params) if params else "")
    if url not in _SEEN:
        _SEEN[url] = _render(url, tmp_path)
    return _SEEN[url]


def _render(url: str, tmp_path: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--mute-audio",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "<tbody>" in done.stdout, done.stderr[-2000:]
    return done.stdout


def rows(html: str) -> tuple[int, int]:
    """(visible, all) data rows of the matter table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    tags = re.findall(r"<tr [^>]*>", body)
    return sum(1 for t in tags if " hidden" not in t), len(tags)


def test_rows_render_and_the_script_runs(page: Path, tmp_path: Path) -> None:
    html = dom(page, tmp_path)
    assert rows(html) == (7, 7)
    assert "显示 7 / 7 项" in html  # written by the script; the file itself says 共 7 项


def test_search_box_filters_rows(page: Path, tmp_path: Path) -> None:
    html = dom(page, tmp_path, q="食品")
    assert rows(html) == (2, 7) and "显示 2 / 7 项" in html
    assert re.search(r'<input id="q"[^>]*>', html)


def test_department_and_type_filters(page: Path, tmp_path: Path) -> None:
    assert rows(dom(page, tmp_path, dept="西安市未央区卫生健康委员会", type="公共服务")) == (1, 7)


def test_payloads_in_data_never_run(page: Path, tmp_path: Path) -> None:
    html = dom(page, tmp_path)
    assert "<title>PWNED</title>" not in html and "未央区政务服务事项清单</title>" in html
    assert "<img" not in html and html.count("<script>") == 1
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;食品经营许可" in html
