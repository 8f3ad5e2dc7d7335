"""The archive copy of a sign-off (合法性审查意见书) as Markdown and as HTML that prints on A4.

Every value is escaped (html.escape, or Markdown escaping); tables never clip: fixed layout, long
text wraps anywhere, rows do not split across pages, headers repeat on each printed page.
"""

from __future__ import annotations

import html

from shenguan.diff.model import KIND_ZH, ChangeEntry
from shenguan.diff.readable import ADD, REMOVE
from shenguan.render import readout
from shenguan.render.registry import renderer
from shenguan.review.archive import Archive, Covered, namespace, summary

TITLE = "合法性审查意见书"
CSS = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 10pt;
  line-height: 1.4; color: #000; margin: 0; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 6mm; letter-spacing: 0.3em; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 3mm; }
th, td { border: 0.5pt solid #444; padding: 0.8mm 1.6mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-all; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.label { width: 32%; }
.facts td:first-child { width: 22%; font-weight: bold; }
.group { font-weight: bold; margin: 2mm 0 1mm; }
.note { color: #333; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 9pt; overflow-wrap: anywhere; }
"""


def _verify_lines(a: Archive) -> list[list[tuple[str, bool]]]:
    """The verification facts as parts; the parts marked True are code (commands, fingerprints)."""
    state = f"{a.state_label}（{a.message}）" if a.message else a.state_label
    sig = f"reviews/{a.signoff.id}.sig"
    return [
        [("签名核验：" + state, False)],
        [("签名密钥指纹：", False), (a.fingerprint, True)]
        if a.fingerprint
        else [("签名密钥指纹：（无签名：纸质决定或签名文件缺失）", False)],
        [
            ("核验方法：在目录仓库中运行 ", False),
            (a.verify_command(), True),
            (
                "；它按基准版本的审查人名册与 allowed_signers，以 ssh-keygen -Y verify（命名空间 ",
                False,
            ),
            (namespace(), True),
            ("）核验 ", False),
            (sig, True),
            (" 对审查记录内容（规范 JSON）的签名。", False),
        ],
    ]


def _md_parts(parts: list[tuple[str, bool]]) -> str:
    return "".join(f"`{t}`" if code and "`" not in t else readout.md(t) for t, code in parts)


def _html_parts(parts: list[tuple[str, bool]]) -> str:
    return "".join(f"<code>{_e(t)}</code>" if code else _e(t) for t, code in parts)


# --- markdown -------------------------------------------------------------------------------------


@renderer("review render", "md")
def archive_markdown(a: Archive) -> str:
    md = readout.md
    out = [f"# {TITLE}\n", "| 项目 | 内容 |\n|---|---|"]
    out += [f"| {k} | {md(v)} |" for k, v in summary(a).items()]
    out.append(f"\n## 审查范围（{len(a.covered)} 个文件）")
    for n, c in enumerate(a.covered, 1):
        out.append(f"\n### {n}. {md(KIND_ZH.get(c.kind, c.kind))} {md(c.path)}\n")
        out.append(f"内容摘要：`{c.digest}`" + (f"（{md(c.note)}）" if c.note else ""))
        if c.rows:
            out.append(readout.rows_markdown(c.rows).rstrip("\n"))
        elif c.entries:
            out.append(readout.groups_markdown(a.groups(c)).rstrip("\n"))
    out.append("\n## 签名与核验\n")
    out += [f"- {_md_parts(parts)}" for parts in _verify_lines(a)]
    return "\n".join(out) + "\n"


# --- html -----------------------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(readout.plain(value), quote=True)


def _entry_rows(entry: ChangeEntry) -> list[str]:
    if entry.simple:
        only = entry.lines[0]
        cells = (entry.label, only.before or readout.ABSENT, only.after or readout.ABSENT)
        return ["<tr>" + "".join(f"<td>{_e(x)}</td>" for x in cells) + "</tr>"]
    out = [f'<tr><td colspan="3"><b>{_e(entry.label)}</b>（{_e(entry.action)}）</td></tr>']
    for line in entry.lines:
        pad = "　" * (line.depth + 1)
        before = "" if entry.action == ADD else line.before or ""
        after = "" if entry.action == REMOVE else line.after or ""
        out.append(
            f"<tr><td>{pad}{_e(line.label)}</td><td>{_e(before)}</td><td>{_e(after)}</td></tr>"
        )
    return out


def _covered_html(a: Archive, n: int, c: Covered) -> str:
    note = f"（{_e(c.note)}）" if c.note else ""
    head = f"<h3>{n}. {_e(KIND_ZH.get(c.kind, c.kind))} {_e(c.path)}</h3>"
    head += f'<p class="note">内容摘要：<code>{_e(c.digest)}</code>{note}</p>'
    if c.rows:
        body = "".join(
            f"<tr><td>{'　' * r.depth}{_e(r.label)}</td><td>{_e(r.text)}</td></tr>" for r in c.rows
        )
        return (
            head
            + f"<table><thead><tr><th class='label'>字段</th><th>内容</th></tr></thead><tbody>{body}</tbody></table>"
        )
    for name, found in a.groups(c):
        if found:
            body = "".join(row for e in found for row in _entry_rows(e))
            head += (
                f'<p class="group">{_e(name)}</p><table><thead><tr><th class="label">字段</th>'
                f"<th>原值</th><th>新值</th></tr></thead><tbody>{body}</tbody></table>"
            )
    return head


@renderer("review render", "html")
def archive_html(a: Archive) -> str:
    facts = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in summary(a).items())
    covered = "".join(_covered_html(a, n, c) for n, c in enumerate(a.covered, 1))
    verify = "".join(f"<li>{_html_parts(parts)}</li>" for parts in _verify_lines(a))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{TITLE} {_e(a.signoff.id)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{TITLE}</h1>\n<table class='facts'><tbody>{facts}</tbody></table>\n"
        f"<h2>审查范围（{len(a.covered)} 个文件）</h2>\n{covered}\n"
        f"<h2>签名与核验</h2>\n<ul>{verify}</ul>\n</body>\n</html>\n"
    )
