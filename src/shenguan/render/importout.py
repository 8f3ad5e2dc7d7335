"""The reconciliation report of `shenguan import`: text for a clerk, one JSON document for scripts.

Every value from the file or the catalogue goes through `line` (render/safe.py): never markup."""

from __future__ import annotations

import json
from typing import Any

from shenguan.render.console import err, line, out

LIMIT = 200  # changed fields / rows shown per section in text; JSON has them all


def _value(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:120] + f"…（共 {len(text)} 字）"


def headline(report: Any) -> str:
    counts = (
        f"新增 {len(report.new)} 个，变更 {len(report.changed)} 个，未变 {len(report.unchanged)} 个，"
        f"目录中有而文件中没有 {len(report.missing)} 个，无法读取的行 {len(report.rejected)} 个"
    )
    if report.refused:
        return f"未导入（没有写入任何文件）：{counts}"
    if report.dry_run:
        return f"预演（未写入任何文件）：{counts}"
    return f"已导入：{counts}；写入 {len(report.written)} 个文件"


def emit_text(report: Any) -> None:
    o = out()
    o.print(line(("核对报告", "bold"), f"  读取 {len(report.sheets)} 张表、{report.rows} 行数据"))
    if report.departments:
        o.print(line(("新建部门", "bold cyan"), f"（{len(report.departments)}）"))
        for d in report.departments:
            o.print(line("  + ", (d.id, "cyan"), f"  {d.name}  {d.where}"))
    if report.new:
        o.print(line(("新增事项", "bold green"), f"（{len(report.new)}）"))
        for e in report.new[:LIMIT]:
            o.print(line("  + ", (e.id, "green"), f"  {e.name}"))
        _more(len(report.new))
    if report.changed:
        o.print(line(("变更事项", "bold yellow"), f"（{len(report.changed)}）"))
        shown = 0
        for e in report.changed:
            o.print(line("  ~ ", (e.id, "yellow"), f"  {e.name}"))
            for c in e.changes:
                shown += 1
                if shown <= LIMIT:
                    o.print(
                        line(
                            f"      {c.title}：",
                            (_value(c.before), "red"),
                            " → ",
                            (_value(c.after), "green"),
                        )
                    )
        _more(shown)
    if report.unchanged:
        o.print(
            line(
                ("未变事项", "bold"),
                f"（{len(report.unchanged)}）：",
                "、".join(e.id for e in report.unchanged[:50])
                + ("……" if len(report.unchanged) > 50 else ""),
            )
        )
    if report.missing:
        o.print(
            line(("目录中有、文件中没有的事项", "bold"), f"（{len(report.missing)}，不会删除）")
        )
        for e in report.missing[:LIMIT]:
            o.print(line("  ? ", e.id, f"  {e.name}"))
        _more(len(report.missing))
    if report.rejected:
        o.print(line(("无法读取的行", "bold red"), f"（{len(report.rejected)}）"))
        for r in report.rejected[:LIMIT]:
            value = f"：「{r.value}」" if r.value else ""
            o.print(line("  ✗ ", (r.where(), "red"), value))
            o.print(line(f"      {r.reason}" + (f"（{r.hint}）" if r.hint else "")))
        _more(len(report.rejected))
    if report.skipped and not report.refused:
        o.print(line(("已跳过的事项", "bold"), "（--skip-bad-rows）：", "、".join(report.skipped)))
    if report.notes:
        o.print(
            line(("说明", "bold"), f"（{len(report.notes)}：按原样以外的方式读取的值，请核对）")
        )
        for note in report.notes[:LIMIT]:
            o.print(line(f"  · {note}"))
        _more(len(report.notes))
    if report.unknown_headers:
        o.print(
            line(
                ("未识别的列", "bold"),
                f"（{len(report.unknown_headers)}，未导入；可在 --mapping 中对应）",
            )
        )
        for u in report.unknown_headers[:LIMIT]:
            o.print(line(f"  · {u}"))
    if report.findings:
        o.print(
            line(("导入后 shenguan validate 将新报告的问题", "bold"), f"（{len(report.findings)}）")
        )
        for f in report.findings[:LIMIT]:
            o.print(line(f"  {f.file}:{f.line}:{f.column}  ", (f.rule, "yellow"), f"  {f.message}"))
        _more(len(report.findings))
    e = err()
    mark = ("✗ ", "red") if report.refused else ("✓ ", "green")
    e.print(line(mark, headline(report)))
    if report.refused:
        e.print(line("请按上列位置修改文件后重新导入；只导入能读取的行可加 --skip-bad-rows。"))
    elif report.dry_run:
        e.print(line("确认后去掉 --dry-run 重新运行即写入。"))
    elif report.written:
        e.print(line("下一步：运行 shenguan validate，再用 git diff 查看改动并提交。"))


def _more(total: int) -> None:
    if total > LIMIT:
        out().print(line(f"  ……另有 {total - LIMIT} 项（--format json 列出全部）"))


def payload(report: Any) -> dict[str, Any]:
    def entry(e: Any) -> dict[str, Any]:
        d: dict[str, Any] = {"id": e.id, "name": e.name, "file": e.file}
        if e.where:
            d["source"] = e.where
        if e.changes:
            d["fields"] = [
                {"pointer": c.pointer, "label": c.title, "before": c.before, "after": c.after}
                for c in e.changes
            ]
        return d

    return {
        "message": headline(report),
        "dry_run": report.dry_run,
        "files": report.files,
        "summary": {
            "new": len(report.new),
            "changed": len(report.changed),
            "unchanged": len(report.unchanged),
            "missing": len(report.missing),
            "rejected": len(report.rejected),
            "departments": len(report.departments),
        },
        "departments": [entry(d) for d in report.departments],
        "new": [entry(e) for e in report.new],
        "changed": [entry(e) for e in report.changed],
        "unchanged": [e.id for e in report.unchanged],
        "missing": [entry(e) for e in report.missing],
        "rejected": [
            {
                "file": r.file,
                "sheet": r.sheet,
                "row": r.row,
                "column": r.column,
                "header": r.header,
                "value": r.value,
                "reason": r.reason,
                "hint": r.hint,
            }
            for r in report.rejected
        ],
        "skipped": report.skipped,
        "notes": report.notes,
        "unknown_headers": report.unknown_headers,
        "findings": [f.to_json() for f in report.findings],
        "written": report.written,
    }


def emit_json(report: Any) -> None:
    from shenguan.render.envelope import emit_envelope

    emit_envelope("import", report.status, payload(report))
