"""Where an incremental run's time goes: `validate` on a catalogue whose cache is warm, phase by phase.

    python bench/phases.py [--size 100000]

Runs the same steps as `shenguan validate -C bench/work/cat-<size>-s1` in this process (run the command once
first so the cache is warm) and prints the seconds each phase took: scanning the folders, fetching the
cached file rows, stat and blob ids, the world records, reusing the rows, the catalogue checks, the summary.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

SPENT: dict[str, float] = {}


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[name] = SPENT.get(name, 0.0) + time.perf_counter() - start

    return run


def phases(root: Path) -> dict[str, float]:
    from shenguan import clock
    from shenguan.catalog import WorkTree
    from shenguan.catalog.index import Context
    from shenguan.nogc import paused
    from shenguan.validation import checking, records, rules
    from shenguan.validation.stamp import open_for
    from shenguan.validation.validate import summarize

    # checking reaches the file layer through the module (records.survey, records.load_some), so
    # timing wrappers set on it are the ones that run.
    records.survey = timed("stat 与 blob 编号", records.survey)  # type: ignore[assignment]
    records.load_some = timed("其余记录", records.load_some)
    checking._Matters.reuse = timed("复用事项的缓存行", checking._Matters.reuse)  # type: ignore[method-assign]
    with paused():
        cache = open_for(root, False)
        fetch = timed("取回缓存行", cache.files)
        rows = fetch(str(root))
        cache.files = lambda scope: rows  # type: ignore[method-assign]
        source = WorkTree(root)
        rels = timed("扫描文件夹", source.files)()
        source.files = lambda: rels  # type: ignore[method-assign]  # scanned once, not in survey
        catalog, _ = checking.check_records(source, None, cache, clock.today(), None)
        cache.close()
        ctx = Context(catalog)
        timed("目录规则", rules.run_catalogue)(ctx)
        timed("汇总", summarize)(ctx)
    return dict(SPENT)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="缓存已有时一次增量校验各阶段的耗时（秒）。")
    p.add_argument(
        "--size", type=int, default=100000, help="用哪个基准目录：cat-<size>-s1（默认 100000）"
    )
    args = p.parse_args(argv)
    root = (common.WORK / f"cat-{args.size}-s1").resolve()
    if not (root / "shenguan.yaml").is_file():
        raise SystemExit(
            f"{root} 不存在：请先运行 python bench/bench_validate.py --sizes {args.size} --scenario cold"
        )
    print("| 阶段 | 秒 |\n|---|---:|")
    for name, seconds in phases(root).items():
        print(f"| {name} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
