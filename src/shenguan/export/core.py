"""Entry points of the export commands: read the catalogue (working tree or a revision), refuse a
broken one, and hand the public list to the renderer of the chosen format."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shenguan import catalog as cat
from shenguan.errors import GateError, UsageError
from shenguan.export.public import IN_USE, PublicList, Tick, build
from shenguan.findings import Severity
from shenguan.validation.records import load_records


def renderer(fmt: str) -> Callable[[PublicList], bytes]:
    """The public list's renderer for `fmt`, its module imported only when chosen (openpyxl and
    Jinja2 cost start-up time)."""
    # The registry is read lazily: export sits below render, which registers the renderers.
    registry = importlib.import_module("shenguan.render.registry")
    render: Callable[[PublicList], bytes] = registry.get("public list", fmt)
    return render


def open_source(root: Path, rev: str | None) -> cat.Source:
    """The working tree, or the catalogue as it was at git revision `rev`."""
    if rev is None:
        return cat.WorkTree(root)
    return revision_source(root, rev)


def revision_source(root: Path, rev: str) -> cat.Source:
    """Records read from git objects at `rev`, resolved once to a commit id (history checks it)."""
    from shenguan import history

    repo = history.find(root)
    return history.GitSource(repo, history.resolve(repo, rev), history.catalog_prefix(repo, root))


def load(
    root: Path, rev: str | None = None, use_cache: bool = True, tick: Tick | None = None
) -> cat.Catalog:
    """The catalogue, or GateError when a record failed the YAML or schema layer: a published list
    must not silently drop or garble a matter."""
    cache = None
    if use_cache:
        from shenguan.validation.stamp import open_for

        # Whole records (validation caches a projection without the texts an export shows).
        cache = open_for(root, full=True)
    try:
        catalog, findings = load_records(open_source(root, rev), cache=cache, progress=tick)
    finally:
        if cache is not None:
            cache.close()
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise GateError(
            f"目录有 {len(errors)} 处错误，未导出（首个：{first.file}:{first.line}:{first.column} {first.message}）",
            "请先运行 shenguan validate 查看并修正全部问题，再导出",
        )
    return catalog


def public(
    root: Path,
    fmt: str,
    rev: str | None = None,
    every_status: bool = False,
    use_cache: bool = True,
    tick: Tick | None = None,
) -> bytes:
    """The bytes of the public matter list in `fmt`."""
    from shenguan.nogc import paused

    with paused():
        catalog = load(root, rev, use_cache, tick)
        pl = build(catalog, statuses=None if every_status else IN_USE, tick=tick)
        return renderer(fmt)(pl)


def report(
    root: Path,
    since: dt.date | None,
    until: dt.date | None,
    use_cache: bool = True,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """The figures of `shenguan report`: the catalogue's, then what git history adds."""
    from shenguan.clock import today
    from shenguan.export import period, stats

    start, end = stats.period(since, until, today())
    if start > end:
        raise UsageError(f"统计期起点 {start} 晚于终点 {end}", "请检查 --since 与 --until")
    catalog = load(root, None, use_cache, tick)
    data = stats.figures(catalog, start, end)
    data.update(period.figures(root, catalog, start, end))
    return data


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Many files at once, each replaced atomically (as yamlio.atomic_write does for one).

    Temp files are flushed to disk in parallel before any is renamed: one fsync after another
    costs ~2 ms each, which for ten thousand guides is most of the run.
    """
    import concurrent.futures
    import os
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            temps.append((tmp, folder / name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(_fsync, [tmp for tmp, _ in temps]))
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, final in temps:
        os.replace(tmp, final)
    _fsync(str(folder))


def _fsync(path: str) -> None:
    import os

    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
