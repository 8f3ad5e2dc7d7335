"""`shenguan diff` on a large committed catalogue: the cost must follow the change, not the catalogue.

    python bench/bench_diff.py --matters 100000 [--changes 20] [--runs 5] [--work DIR] [--json FILE]

Builds a git repository whose `catalog/` subfolder holds the synthetic catalogue of bench/gen.py
(gc.auto=0, so no background gc skews timings), commits it, changes `--changes` matter files
(edits, cancellations, a few moved to a new basic code) and times, median of `--runs` fresh processes:
  worktree  `shenguan diff HEAD --format json`   (the change not yet committed)
  commits   `shenguan diff HEAD~1 HEAD --format json` (after committing it)
  text      `shenguan diff HEAD~1 HEAD`
The repository is kept in the work folder and reused when it already holds a catalogue of that size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

AUTHOR = {
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(repo: Path, *args: str) -> str:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **AUTHOR}
    done = subprocess.run(
        ["git", "-c", "gc.auto=0", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def build(repo: Path, matters: int) -> float:
    """A repository with the catalogue committed once; returns the seconds it took."""
    import time

    stamp = repo / ".bench-matters"
    if stamp.exists() and stamp.read_text() == str(matters):
        git(repo, "reset", "-q", "--hard", "base")
        git(repo, "clean", "-qfd")
        return 0.0
    started = time.perf_counter()
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            str(common.BENCH / "gen.py"),
            "--matters",
            str(matters),
            "--out",
            str(repo / "catalog"),
        ],
        check=True,
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "gc.auto", "0")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"合成目录：{matters} 项事项")
    git(repo, "tag", "base")
    stamp.write_text(str(matters))
    (repo / ".git" / "info" / "exclude").write_text(".bench-matters\n")
    return time.perf_counter() - started


def change(catalog: Path, count: int) -> dict[str, int]:
    """Edit `count` matter files spread over the catalogue: edits, cancellations, and a few new ids."""
    files = sorted((catalog / "matters").glob("*.yaml"))
    picked = files[:: max(1, len(files) // count)][:count]
    tally = {"edited": 0, "cancelled": 0, "renamed": 0}
    for i, path in enumerate(picked):
        text = path.read_text(encoding="utf-8")
        if i % 10 == 9:
            number = int(path.stem) + 1
            while (catalog / "matters" / f"{number:012d}.yaml").exists():
                number += 1
            new_id = f"{number:012d}"
            path.unlink()  # the same record under a new basic code: git and the diff both pair it up
            (catalog / "matters" / f"{new_id}.yaml").write_text(
                text.replace(path.stem, new_id).replace("name: ", "name: 新设", 1), encoding="utf-8"
            )
            tally["renamed"] += 1
        elif i % 5 == 0 and "status: 在用" in text:
            path.write_text(text.replace("status: 在用", "status: 已取消"), encoding="utf-8")
            tally["cancelled"] += 1
        else:
            text = re.sub(
                r"(promised:\n\s+value: )(\d+)",
                lambda m: m.group(1) + str(int(m.group(2)) + 1),
                text,
                count=1,
            )
            path.write_text(text.replace("name: ", "name: 调整后的", 1), encoding="utf-8")
            tally["edited"] += 1
    return tally


def timed(repo: Path, args: list[str], runs: int) -> dict[str, Any]:
    return timed_cmd(
        [common.tool("shenguan"), "-C", str(repo / "catalog"), "diff", *args], repo, runs
    )


def timed_cmd(cmd: list[str], repo: Path, runs: int) -> dict[str, Any]:
    common.measure(cmd, cwd=repo)  # warm the page cache once
    walls = [common.measure(cmd, cwd=repo) for _ in range(runs)]
    codes = {r.rc for r in walls}
    shown = ["shenguan", *[a for a in cmd[1:] if a not in ("-C", str(repo / "catalog"))]]
    return {
        "command": " ".join(shown),
        "median_s": round(common.median([r.wall for r in walls]), 3),
        "min_s": round(min(r.wall for r in walls), 3),
        "max_s": round(max(r.wall for r in walls), 3),
        "rss_mb": round(max(r.rss_kb for r in walls) / 1024, 1),
        "exit_codes": sorted(codes),
    }


def library(repo: Path, runs: int) -> float:
    """diff.compute alone, in one warm process: what the library costs without the command line."""
    code = (
        "import sys, time; from pathlib import Path; from shenguan import diff; w = []\n"
        f"for _ in range({runs}):\n"
        "    t = time.perf_counter(); diff.compute(Path(sys.argv[1]), 'HEAD~1', 'HEAD'); w.append(time.perf_counter() - t)\n"
        "print(sorted(w)[len(w) // 2])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(repo / "catalog")],
        capture_output=True,
        text=True,
        check=True,
    )
    return round(float(out.stdout), 3)


def check(repo: Path, base: str, head: str | None) -> dict[str, Any]:
    args = [base, *([head] if head else []), "--format", "json"]
    out = subprocess.run(
        [common.tool("shenguan"), "-C", str(repo / "catalog"), "diff", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out)["summary"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="基准：大目录上 shenguan diff 的耗时（应随变更的文件数增长，而非目录大小）。"
    )
    parser.add_argument("--matters", type=int, default=100_000, help="事项数量（默认 100000）")
    parser.add_argument("--changes", type=int, default=20, help="改动的事项文件数（默认 20）")
    parser.add_argument(
        "--runs", type=int, default=5, help="每项计时的运行次数，取中位数（默认 5）"
    )
    parser.add_argument(
        "--work", type=Path, default=common.WORK, help="工作文件夹（默认 bench/work）"
    )
    parser.add_argument("--json", type=Path, help="把结果另存为 JSON 文件")
    args = parser.parse_args(argv)
    repo = (args.work / f"diff-{args.matters}").resolve()
    built = build(repo, args.matters)
    tally = change(repo / "catalog", args.changes)
    result: dict[str, Any] = {
        "matters": args.matters,
        "changed_files": args.changes,
        "change": tally,
        "build_s": round(built, 1),
        "machine": common.machine(),
    }
    result["worktree"] = timed(repo, ["HEAD", "--format", "json"], args.runs)
    result["worktree_summary"] = check(repo, "HEAD", None)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "改动")
    result["commits"] = timed(repo, ["HEAD~1", "HEAD", "--format", "json"], args.runs)
    result["commits_text"] = timed(repo, ["HEAD~1", "HEAD"], args.runs)
    result["commits_summary"] = check(repo, "HEAD~1", "HEAD")
    result["library_commits_s"] = library(repo, runs=args.runs)
    # The fixed cost of any command (interpreter, typer, rich), measured in the same conditions.
    result["baseline"] = timed_cmd(
        [common.tool("shenguan"), "rules", "--format", "json"], repo, args.runs
    )
    git(repo, "reset", "-q", "--hard", "base")
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
