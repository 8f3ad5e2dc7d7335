"""Benchmark of `shenguan validate` (and, as scenarios, start-up, edits, export) against check-jsonschema.

    python bench/bench_validate.py --sizes 1000,1500,10000 --repeat 5
    python bench/bench_validate.py --sizes 10000,100000 --scenario cold,warm20,export-csv

Each size uses a cached synthetic catalogue under bench/work/ (see gen.py). Every figure is the
median of --repeat fresh processes; a Markdown table goes to stdout and the raw runs to
bench/results/validate-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# (scenario, size or None) -> [(issue, seconds)]; the --help/--version targets hold at any size.
TARGETS: dict[tuple[str, int | None], list[tuple[str, float]]] = {
    ("start-help", None): [("#2", 0.3), ("#7", 0.15)],
    ("start-version", None): [("#7", 0.15)],
    ("cold", 1500): [("#2", 2.0), ("#7", 1.5)],
    ("cold", 10000): [("#7", 6.0)],
    ("cold", 100000): [("#7", 60.0)],
    ("warm20", 10000): [("#7", 0.7)],
    ("warm20", 100000): [("#7", 4.0)],
    ("export-csv", 10000): [("#7", 2.0)],
    ("export-csv-warm", 10000): [("#7", 2.0)],
}
MEMORY_TARGETS = {("cold", 100000): ("#7", 1536)}  # MB
SPEEDUP_TARGETS = {10000: ("#7", 3.0)}  # check-jsonschema time / validate time


SCENARIOS = (
    "start",
    "cold",
    "nocache",
    "cjs",
    "warm20",
    "export-csv",
    "export-csv-warm",
)  # diff: see bench_diff.py
LABELS = {
    "start-help": "shenguan --help 启动",
    "start-version": "shenguan --version 启动",
    "cold": "validate 冷运行（空缓存）",
    "nocache": "validate --no-cache",
    "cjs": "check-jsonschema（仅事项文件）",
    "warm20": "validate，改 20 个文件后（有缓存）",
    "export-csv": "export public --format csv（空缓存）",
    "export-csv-warm": "export public --format csv（缓存已有）",
}
ARG_BUDGET = 1_000_000  # bytes of file names on one command line before falling back to xargs
GIT_ENV = {
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def rel(path: Path) -> str:
    """Paths in recorded commands are relative to the repository root, so they can be pasted."""
    try:
        return str(path.relative_to(common.REPO))
    except ValueError:
        return str(path)


class Bench:
    """One method per scenario; each returns result rows. Add a scenario by adding a method."""

    def __init__(
        self,
        repeat: int,
        cjs_repeat: int,
        seed: int,
        max_load: float | None = None,
        wait: int = 900,
    ) -> None:
        self.repeat, self.cjs_repeat, self.seed = repeat, cjs_repeat, seed
        self.max_load, self.wait = max_load, wait
        self.shenguan = common.tool("shenguan")
        self.load = os.getloadavg()[0]

    def settle(self) -> float:
        """On a shared machine, wait (up to --wait s) until the 1-minute load falls to --max-load."""
        deadline = time.monotonic() + self.wait
        while (
            self.max_load is not None
            and os.getloadavg()[0] > self.max_load
            and time.monotonic() < deadline
        ):
            time.sleep(5)
        return os.getloadavg()[0]

    # -- catalogues
    def catalog(self, size: int) -> Path:
        """bench/work/cat-<N>-s<seed>, a git repository of its own (as a real catalogue is), so the
        tool's cache lands in its .git and not in the enclosing checkout's; regenerated when the
        generator changed since it was written."""
        root = common.WORK / f"cat-{size}-s{self.seed}"
        stamp = hashlib.sha256(
            b"".join((common.BENCH / f).read_bytes() for f in ("gen.py", "common.py"))
        ).hexdigest()
        if (root / ".git" / "bench-stamp").is_file() and (
            root / ".git" / "bench-stamp"
        ).read_text() == stamp:
            self._git(root, "reset", "-q", "--hard")  # leftovers of an interrupted edit scenario
            return root
        print(f"生成 {size:,} 项的目录 {rel(root)} …", file=sys.stderr)
        done = subprocess.run(
            [
                sys.executable,
                str(common.BENCH / "gen.py"),
                "--matters",
                str(size),
                "--seed",
                str(self.seed),
                "--out",
                str(root),
                "--force",
                "--verify",
            ],
            stdout=sys.stderr,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(
                f"生成目录失败（退出码 {done.returncode}）：请先单独运行 bench/gen.py 查看原因"
            )
        if done.returncode == 1:  # still measured: the table marks runs whose exit code is not 0
            print(
                "警告：生成的目录在当前规则下有问题，测得的时间包含报告这些问题的开销",
                file=sys.stderr,
            )
        self._git(root, "init", "-q")
        self._git(root, "add", "-A")
        self._git(root, "commit", "-q", "-m", f"合成目录：{size} 项事项")
        (root / ".git" / "bench-stamp").write_text(stamp)
        return root

    @staticmethod
    def _git(repo: Path, *args: str) -> None:
        # gc.auto=0: a background gc during a timed run would skew it.
        subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "-c",
                "gc.auto=0",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            check=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV,
        )

    @staticmethod
    def _edit(repo: Path, tag: str, count: int = 20) -> list[str]:
        """Change one field in `count` matter files spread over the catalogue; each stays valid."""
        names = sorted(os.listdir(repo / "matters"))
        picked = names[:: max(1, len(names) // count)][:count]
        for name in picked:
            path = repo / "matters" / name
            text = path.read_text(encoding="utf-8")
            path.write_text(
                re.sub(
                    r"(?m)^quantity_limit: .*$", f"quantity_limit: 无数量限制（调整 {tag}）。", text
                ),
                encoding="utf-8",
            )
        return picked

    # -- helpers
    def _available(self, *sub: str) -> bool:
        return common.quick([self.shenguan, *sub, "--help"]).rc == 0

    @staticmethod
    def _drop_cache(root: Path) -> None:
        """The tool keeps its cache in the catalogue's git directory (shenguan.catalog.cache.default_path)."""
        shutil.rmtree(root / ".git" / "shenguan", ignore_errors=True)

    def _cold_env(self) -> tuple[dict[str, str], Path]:
        """And an empty user cache folder, in case a later version keeps its cache there."""
        cache = Path(tempfile.mkdtemp(prefix="xdg-cache-", dir=common.WORK))
        return os.environ | {"XDG_CACHE_HOME": str(cache)}, cache

    def _cold(self, cmd: list[str], root: Path, times: int) -> list[common.Run]:
        runs = []
        for n in range(times + 1):  # the first run only warms the OS page cache and is dropped
            self._drop_cache(root)
            env, cache = self._cold_env()
            run = common.measure(cmd, env=env)
            shutil.rmtree(cache, ignore_errors=True)
            if n:
                runs.append(run)
        return runs

    def _row(
        self, scenario: str, size: int | None, command: str, runs: list[common.Run]
    ) -> dict[str, Any]:
        def med(attr: str, scale: float = 1.0) -> float | None:
            return (
                round(common.median([getattr(r, attr) for r in runs]) / scale, 4) if runs else None
            )

        return {
            "scenario": scenario,
            "label": LABELS[scenario],
            "size": size,
            "command": command,
            "load_before": round(self.load, 2),
            "load_after": round(os.getloadavg()[0], 2),
            "runs": [asdict(r) | {"wall": round(r.wall, 4), "cpu": round(r.cpu, 3)} for r in runs],
            "median_s": med("wall"),
            "median_cpu_s": med("cpu"),
            "median_rss_mb": med("rss_kb", 1024),
            "median_tree_mb": med("tree_kb", 1024),
        }

    def _missing(self, scenario: str, size: int, command: str) -> list[dict[str, Any]]:
        print(f"跳过 {scenario}：当前版本没有该命令", file=sys.stderr)
        return [self._row(scenario, size, command, []) | {"status": "unavailable"}]

    # -- scenarios
    def start(self) -> list[dict[str, Any]]:
        rows = []
        for flag in ("--help", "--version"):
            runs = [common.quick([self.shenguan, flag]) for _ in range(max(self.repeat, 10) + 1)][
                1:
            ]
            rows.append(self._row(f"start-{flag[2:]}", None, f"shenguan {flag}", runs))
        return rows

    def cold(self, size: int, root: Path) -> list[dict[str, Any]]:
        runs = self._cold([self.shenguan, "validate", "-C", str(root)], root, self.repeat)
        return [
            self._row(
                "cold",
                size,
                f"rm -rf {rel(root)}/.git/shenguan && shenguan validate -C {rel(root)}",
                runs,
            )
        ]

    def cjs(self, size: int, root: Path) -> list[dict[str, Any]]:
        """Same files, same schema; --regex-variant python: the schema's patterns are Python regexes."""
        folder = root / "matters"
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
        schema = os.path.relpath(common.REPO / "schemas" / "matter.json", folder)
        base = [
            common.tool("check-jsonschema"),
            "--regex-variant",
            "python",
            "--schemafile",
            schema,
        ]
        shown = f"check-jsonschema --regex-variant python --schemafile {schema}"
        if sum(len(n) + 1 for n in names) < ARG_BUDGET:
            cmd, stdin, how = base + names, None, f"{shown} *.yaml"
        else:  # beyond what one command line holds comfortably
            cmd, stdin = ["xargs", "-0", *base], b"\0".join(n.encode() for n in names)
            how = f"printf '%s\\0' *.yaml | xargs -0 {shown}"
        runs = [common.measure(cmd, cwd=folder, stdin=stdin) for _ in range(self.cjs_repeat + 1)][
            1:
        ]
        return [self._row("cjs", size, f"cd {rel(folder)} && {how}", runs)]

    def warm20(self, size: int, root: Path) -> list[dict[str, Any]]:
        self._drop_cache(root)
        cmd = [self.shenguan, "validate", "-C", str(root)]
        common.measure(cmd)  # fills the cache
        runs = []
        for n in range(self.repeat):
            self._edit(root, f"w{n}")
            runs.append(common.measure(cmd))
        self._git(root, "reset", "-q", "--hard")
        return [
            self._row(
                "warm20",
                size,
                f"shenguan validate -C {rel(root)}（先运行一次，再改 20 个事项文件）",
                runs,
            )
        ]

    def nocache(self, size: int, root: Path) -> list[dict[str, Any]]:
        shown = f"shenguan validate --no-cache -C {rel(root)}"
        if (
            "--no-cache"
            not in subprocess.run(
                [self.shenguan, "validate", "--help"], capture_output=True, text=True
            ).stdout
        ):
            return self._missing("nocache", size, shown)
        runs = self._cold(
            [self.shenguan, "validate", "--no-cache", "-C", str(root)], root, self.repeat
        )
        return [self._row("nocache", size, shown, runs)]

    def export_csv(self, size: int, root: Path) -> list[dict[str, Any]]:
        shown = f"shenguan -C {rel(root)} export public --format csv > /dev/null"
        if not self._available("export", "public"):
            return self._missing("export-csv", size, shown)
        runs = self._cold(
            [self.shenguan, "-C", str(root), "export", "public", "--format", "csv"],
            root,
            self.repeat,
        )
        return [self._row("export-csv", size, shown, runs)]

    def export_csv_warm(self, size: int, root: Path) -> list[dict[str, Any]]:
        """The list exported again: the records come from the cache the first export filled."""
        shown = f"shenguan -C {rel(root)} export public --format csv > /dev/null（先导出一次）"
        if not self._available("export", "public"):
            return self._missing("export-csv-warm", size, shown)
        self._drop_cache(root)
        cmd = [self.shenguan, "-C", str(root), "export", "public", "--format", "csv"]
        runs = [common.measure(cmd) for _ in range(self.repeat + 1)][1:]
        return [self._row("export-csv-warm", size, shown, runs)]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = common.Parser(description="shenguan validate 基准测试（与 check-jsonschema 同场对比）。")
    p.add_argument(
        "--sizes",
        metavar="N,N,…",
        default="1000,1500,10000",
        help="事项数，逗号分隔（默认 1000,1500,10000）",
    )
    p.add_argument(
        "--repeat", type=int, metavar="N", default=5, help="每项测量的次数，取中位数（默认 5）"
    )
    p.add_argument(
        "--cjs-repeat", type=int, metavar="N", help="check-jsonschema 的测量次数（默认同 --repeat）"
    )
    p.add_argument(
        "--cjs-max",
        type=int,
        metavar="N",
        default=10000,
        help="超过此事项数不跑 check-jsonschema（默认 10000）",
    )
    p.add_argument(
        "--scenario",
        metavar="名称,…",
        default="start,cold,nocache,cjs",
        help=f"场景，逗号分隔：{','.join(SCENARIOS)}，或 all（默认 start,cold,nocache,cjs）",
    )
    p.add_argument("--seed", type=int, metavar="S", default=1, help="生成目录的随机种子（默认 1）")
    p.add_argument(
        "--max-load",
        type=float,
        metavar="X",
        help="每个场景开始前，等到 1 分钟平均负载不高于此值（共用机器时用）",
    )
    p.add_argument(
        "--wait", type=int, metavar="秒", default=900, help="--max-load 最多等待的秒数（默认 900）"
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="结果 JSON 路径（默认 bench/results/validate-<日期>.json）",
    )
    p.add_argument("--no-save", action="store_true", help="只打印表格，不写结果文件")
    p.add_argument(
        "--show", type=Path, metavar="FILE", help="不测量：按当前目标重新判定并打印已记录的结果文件"
    )
    args = p.parse_args(argv)
    wanted = (
        SCENARIOS if args.scenario == "all" else tuple(s.strip() for s in args.scenario.split(","))
    )
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        p.error(f"未知场景 {'、'.join(unknown)}；可选：{'、'.join(SCENARIOS)}")
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes 应为逗号分隔的整数，例如 1000,1500,10000")
    if args.repeat < 1 or (args.cjs_repeat is not None and args.cjs_repeat < 1):
        p.error("--repeat 与 --cjs-repeat 须为正整数")
    args.scenario = wanted
    args.cjs_repeat = args.cjs_repeat or args.repeat
    return args


def run_all(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    bench = Bench(args.repeat, args.cjs_repeat, args.seed, args.max_load, args.wait)
    if "start" in args.scenario:
        bench.load = bench.settle()
        rows += bench.start()
    for size in args.sizes:
        root = bench.catalog(size)
        for name in args.scenario:
            if name == "start" or (name == "cjs" and size > args.cjs_max):
                continue
            bench.load = bench.settle()
            rows += getattr(bench, name.replace("-", "_"))(size, root)
    return [judge(row, rows) for row in rows]


def judge(row: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Attach the targets that apply and whether the median meets them."""
    key = (row["scenario"], row["size"])
    checks = [
        (f"{issue} ≤ {limit:g} s", lambda r, limit=limit: r["median_s"] <= limit)
        for issue, limit in TARGETS.get(key, [])
    ]
    if key in MEMORY_TARGETS:
        issue, mb = MEMORY_TARGETS[key]
        checks.append(
            (
                f"{issue} 内存 ≤ {mb / 1024:g} GB",
                lambda r: max(r["median_rss_mb"], r["median_tree_mb"]) <= mb,
            )
        )
    cold = next(
        (r for r in rows if r["scenario"] == "cold" and r["size"] == row["size"] and r["runs"]),
        None,
    )
    if row["scenario"] == "cjs" and row["size"] in SPEEDUP_TARGETS and cold:
        issue, factor = SPEEDUP_TARGETS[row["size"]]
        checks.append(
            (
                f"{issue} validate 快 ≥ {factor:g} 倍",
                lambda r: r["median_s"] >= factor * cold["median_s"],
            )
        )
    results = [(label, test(row)) for label, test in checks] if row["runs"] else []
    if row.get("status") == "unavailable":
        verdict = "命令尚不可用"
    elif any(r["rc"] != 0 for r in row["runs"]):
        verdict = "退出码非 0"
    elif not results:
        verdict = "—"
    else:
        met = sum(ok for _, ok in results)
        verdict = "达标" if met == len(results) else "未达标" if met == 0 else "部分达标"
    return row | {
        "targets": [f"{label}：{'达标' if ok else '未达标'}" for label, ok in results]
        or [c for c, _ in checks],
        "verdict": verdict,
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = [
        "| 场景 | 事项数 | 中位耗时 | CPU 时间 | 最大单进程内存 | 进程树内存峰值 | 目标 | 结论 |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        size = f"{r['size']:,}" if r["size"] else "—"
        if r.get("status") == "unavailable":
            head.append(
                f"| {r['label']} | {size} | — | — | — | — | {'；'.join(r['targets']) or '—'} | {r['verdict']} |"
            )
            continue
        tree = f"{r['median_tree_mb']:.0f} MB" if r["median_tree_mb"] else "—"
        head.append(
            f"| {r['label']} | {size} | {_secs(r['median_s'])} | {_secs(r['median_cpu_s'])} | "
            f"{r['median_rss_mb']:.0f} MB | {tree} | {'；'.join(r['targets']) or '—'} | {r['verdict']} |"
        )
    return "\n".join(head)


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratios(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in rows:
        cold = next((c for c in rows if c["scenario"] == "cold" and c["size"] == r["size"]), None)
        if r["scenario"] == "cjs" and cold and cold["median_s"] and r["runs"]:
            out.append(
                f"- {r['size']:,} 项：check-jsonschema ÷ shenguan validate = {r['median_s'] / cold['median_s']:.1f} 倍"
            )
    return out


def save(path: Path, document: dict[str, Any]) -> None:
    """Atomic: a temp file in the same folder (ignored by git as *.tmp), then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report(header: str, rows: list[dict[str, Any]]) -> None:
    print(header + "\n")
    print(table(rows))
    print(
        "\n"
        + "\n".join(ratios(rows) + ["", "命令："] + sorted({f"- `{r['command']}`" for r in rows}))
    )


def machine_line(m: dict[str, Any], before: float, after: float) -> str:
    return (
        f"机器：{m['nproc']} 核 {m['cpu']}，内存 {m.get('memory_mb', '?')} MB，Python {m['python']}，"
        f"shenguan {m['tool_versions']['shenguan']}，check-jsonschema {m['tool_versions']['check-jsonschema']}；"
        f"负载 {before:.2f} → {after:.2f}"
    )


def show(path: Path) -> int:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = [
            {k: v for k, v in r.items() if k not in ("targets", "verdict")}
            for r in document["results"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"错误：无法读取结果文件 {path}：{exc}", file=sys.stderr)
        return 2
    load = document["load_average"]
    header = machine_line(document["machine"], load["before"][0], load["after"][0])
    report(f"{document['started']}；{header}", [judge(r, rows) for r in rows])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.show:
        return show(args.show)
    machine = common.machine()
    started = dt.datetime.now().astimezone()
    load_before = os.getloadavg()
    rows = run_all(args)
    report(machine_line(machine, load_before[0], os.getloadavg()[0]), rows)
    if not args.no_save:
        out = args.out or common.RESULTS / f"validate-{started:%Y-%m-%d}.json"
        save(
            out,
            {
                "schema_version": 1,
                "started": started.isoformat(timespec="seconds"),
                "machine": machine,
                "load_average": {"before": load_before, "after": os.getloadavg()},
                "arguments": {
                    "sizes": args.sizes,
                    "repeat": args.repeat,
                    "cjs_repeat": args.cjs_repeat,
                    "scenario": list(args.scenario),
                    "seed": args.seed,
                },
                "results": rows,
            },
        )
        print(f"\n结果已写入 {out}", file=sys.stderr)
    return 1 if any(r["verdict"] == "退出码非 0" for r in rows) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        sys.exit(130)
