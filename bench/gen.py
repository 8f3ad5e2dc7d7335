"""Synthetic catalogues for the benchmarks: N matters, valid under every rule, deterministic for a seed.

    python bench/gen.py --matters 10000 --out bench/work/cat-10000 [--seed 1] [--verify]

Departments, sections, liaisons, transfer records, published standards and push agreements are
derived from one plan, so the catalogue validates with zero findings. About a third of the matters
are transferred to the approval bureau. Files are written with plain string building (see
common.dump) by worker processes, into a staging folder renamed into place at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import records  # noqa: E402
from content import BUSINESS, DEPTS, Arche  # noqa: E402

common.use_source_tree()
from shenguan.codes import uscc_check_char  # noqa: E402

HEADER = "# yaml-language-server: $schema=../schemas/{}.json"
BATCH_TRANSFER = 100  # matters per transfer record
BATCH_STANDARD = 50  # matters per published standard


def uscc(region: str, serial: int) -> str:
    first17 = f"11{region}MB{2955000 + serial * 37:07d}"
    return first17 + uscc_check_char(first17)


class Plan:
    """Who each matter belongs to and which transfer and standard cover it: cheap, made once."""

    def __init__(self, count: int, seed: int) -> None:
        self.seed = seed
        self.uscc = {d.id: uscc("610112", n) for n, d in enumerate(DEPTS)}
        self.rows: list[tuple[Any, ...]] = []
        self.transfers: dict[str, list[str]] = {}  # id -> matter ids
        self.standards: dict[str, list[str]] = {}
        per_type: dict[str, int] = {}
        own: dict[tuple[str, str], int] = {}  # (dept, transfer kind) -> transferred so far
        rng = random.Random(seed)
        for i in range(count):
            dept = BUSINESS[i % len(BUSINESS)]
            moved = (i // len(BUSINESS)) % 3 == 0
            arche = self._arche(rng, dept.id, moved, own)
            n = per_type.get(arche.type, 0)
            per_type[arche.type] = n + 1
            mid = f"{arche.src}{arche.type}{n // 10 + 1:05d}{n % 10:03d}"
            transfer = standard = ""
            if moved:
                kind = records.TRANSFER_KIND[arche.power]
                k = own.get((dept.id, kind), 0)
                own[(dept.id, kind)] = k + 1
                transfer = f"{records.TRANSFER_PREFIX[kind]}-{dept.id}-{k // BATCH_TRANSFER + 1:03d}"
                self.transfers.setdefault(transfer, []).append(mid)
                if arche.type == "01":
                    standard = f"bz-{dept.id}-{arche.key}-{k // BATCH_STANDARD + 1:02d}"
                    self.standards.setdefault(standard, []).append(mid)
            self.rows.append((i, dept.id, arche, mid, transfer, standard))

    @staticmethod
    def _arche(rng: random.Random, dept: str, moved: bool, own: dict[tuple[str, str], int]) -> Arche:
        pool = [a for a in records.ARCHES[dept] if a.movable == moved]
        arche = rng.choice(pool)
        # 二（二）: a delegated matter goes to the bureau only once the bureau holds that department's
        # district approval power, i.e. after a completed 划转 of one of its own matters.
        if arche.power == "上级下放" and not own.get((dept, "划转")):
            arche = next(a for a in pool if a.power == "法定本级")
        return arche


def _write(root: Path, rel: str, text: str) -> int:
    data = text.encode("utf-8")
    (root / rel).write_bytes(data)
    return len(data)


def _matters_chunk(args: tuple[Path, Plan, int, int]) -> int:
    root, plan, lo, hi = args
    total = 0
    for row in plan.rows[lo:hi]:
        rng = random.Random(plan.seed * 1_000_003 + row[0])
        data = records.matter(plan, rng, *row[1:])
        total += _write(root, f"matters/{row[3]}.yaml", common.dump(data, HEADER.format("matter")))
    return total


def write_catalog(out: Path, count: int, seed: int, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    plan = Plan(count, seed)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    for folder in ("departments", "matters", "liaisons", "agreements", "transfers", "standards"):
        (staging / folder).mkdir(parents=True)
    try:
        shutil.copytree(common.REPO / "schemas", staging / "schemas")
        for rel, kind, data in records.support(plan):
            _write(staging, rel, common.dump(data, HEADER.format(kind).replace("../", "../" * rel.count("/"), 1)))
        size = _write_matters(staging, plan, count, workers)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"matters": count, "seed": seed, "matter_bytes": size, "seconds": round(time.perf_counter() - started, 2),
            "transferred": sum(1 for r in plan.rows if r[4]), "transfers": len(plan.transfers),
            "standards": len(plan.standards)}


def _write_matters(root: Path, plan: Plan, count: int, workers: int) -> int:
    if workers <= 1 or count < 2000:
        return _matters_chunk((root, plan, 0, count))
    step = max(500, count // (workers * 8))
    jobs = [(root, plan, lo, min(lo + step, count)) for lo in range(0, count, step)]
    with get_context("fork").Pool(workers) as pool:
        return sum(pool.imap_unordered(_matters_chunk, jobs))


def verify(out: Path) -> int:
    """Run `shenguan validate` on the result; the generator promises zero findings."""
    proc = subprocess.run([common.tool("shenguan"), "validate", "-C", str(out), "--format", "json"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-2000:])
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成合成的事项目录（基准测试用），在全部规则下校验通过。")
    parser.add_argument("--matters", type=int, required=True, help="事项数量，如 1000、10000、100000")
    parser.add_argument("--out", type=Path, required=True, help="输出文件夹（已存在且非空时须加 --force）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子；同一种子生成的目录逐字节相同（默认 1）")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="写文件的进程数（默认：CPU 核数）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的输出文件夹")
    parser.add_argument("--verify", action="store_true", help="生成后运行 shenguan validate，确认零问题")
    args = parser.parse_args(argv)
    if args.matters < 1:
        parser.error("--matters 须为正整数")
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} 已存在且不为空；如要覆盖请加 --force")
    stats = write_catalog(args.out.resolve(), args.matters, args.seed, args.workers)
    mean = stats["matter_bytes"] / args.matters
    print(f"已生成 {args.out}：事项 {args.matters} 项（划转审批局 {stats['transferred']} 项，平均 {mean:.0f} 字节），"
          f"划转记录 {stats['transfers']} 份，审批标准 {stats['standards']} 项，用时 {stats['seconds']} 秒。")
    if args.verify:
        rc = verify(args.out)
        print("校验通过：零问题。" if rc == 0 else f"校验未通过（退出码 {rc}）。", file=sys.stderr if rc else sys.stdout)
        return 0 if rc == 0 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
