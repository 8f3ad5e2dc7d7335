"""Where a cold run's time goes: the cost of each stage a worker runs for one matter file.

    python bench/per_file.py [--matters 1000] [--size 10000]

Reads the first N matter files of bench/work/cat-<size>-s1 (build it with bench_validate.py first), loads the
rest of that catalogue once as the world, then times each stage over every file with the collector paused, as
the workers do; prints microseconds per file (best of three passes).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def stages(root: Path, count: int) -> dict[str, float]:
    from shenguan import yamlio
    from shenguan.catalog import Catalog, Record, WorkTree, kind_of
    from shenguan.catalog.index import Context
    from shenguan.validation import rules, schemas
    from shenguan.validation.checking import WORLD, project
    from shenguan.validation.records import load_some, survey
    from shenguan.validation.rows import matter_record, matter_row, pack
    from shenguan.validation.rules.facts import facts
    from shenguan.yamlio.digests import blob_id

    source = WorkTree(root)
    rels = source.files()
    files = [(rel, (root / rel).read_bytes()) for rel in rels if rel.startswith("matters/")][:count]
    world = Catalog(source)
    world_rels = [r for r in rels if kind_of(r) in WORLD]
    known = survey(source, None, lambda rel: kind_of(rel) in WORLD)
    for rel, data, _ in load_some(known, world_rels, None, 1):
        if data is not None:
            world.records.append(Record(rel, kind_of(rel) or "", data))
    ctx = Context(world)
    schemas.prepare()
    best: dict[str, float] = {}
    gc.disable()
    for _ in range(3):
        spent: dict[str, float] = {}

        def timed(name: str, fn: Callable[[], Any]) -> Any:
            start = time.perf_counter()
            out = fn()
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
            return out

        for rel, raw in files:
            timed("git blob 编号", lambda: blob_id(raw))
            text = timed("UTF-8 解码与控制字符检查", lambda: yamlio.decode(raw))
            data = timed("YAML（libyaml 组装 + 构造）", lambda: yamlio.load_text(text))
            timed("结构校验（预生成的校验函数）", lambda: schemas.check("matter", data))
            slim = timed("去掉规则不读的字段", lambda: project(data))
            locator = yamlio.Locator(text)
            found = timed(
                "事项规则",
                lambda: rules.check_matter(ctx, Record(rel, "matter", slim), locator.locate),
            )
            fact = timed("事项要点", lambda: facts(slim))
            timed(
                "缓存内容序列化与校验和",
                lambda: (matter_record(slim, []), matter_row(fact, pack(found))),
            )
        for name, seconds in spent.items():
            best[name] = min(best.get(name, seconds), seconds)
    gc.enable()
    return {name: seconds / len(files) * 1e6 for name, seconds in best.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="冷运行中每个事项文件各阶段的开销（微秒）。")
    p.add_argument("--matters", type=int, default=1000, help="计时的事项文件数（默认 1000）")
    p.add_argument(
        "--size", type=int, default=10000, help="用哪个基准目录：cat-<size>-s1（默认 10000）"
    )
    args = p.parse_args(argv)
    root = common.WORK / f"cat-{args.size}-s1"
    if not (root / "shenguan.yaml").is_file():
        raise SystemExit(
            f"{root} 不存在：请先运行 python bench/bench_validate.py --sizes {args.size} --scenario cold"
        )
    costs = stages(root, args.matters)
    print("| 阶段 | 每个文件 |\n|---|---:|")
    for name, us in costs.items():
        print(f"| {name} | {us:.0f} µs |")
    print(f"| 合计 | {sum(costs.values()):.0f} µs |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
