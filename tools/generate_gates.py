"""Regenerate the compiled schema gates (src/shenguan/validation/compiled/) after a schema changes.

    python tools/generate_gates.py            # rewrite the modules
    python tools/generate_gates.py --check    # exit 1 when a checked-in module differs (CI, tests)

The gates are plain fastjsonschema output, checked in so that no run compiles them (~0.5 s);
a test regenerates them into a temporary folder and compares the bytes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import fastjsonschema

from shenguan.validation import schemas
from shenguan.yamlio import atomic_write

COMPILED = Path(__file__).resolve().parents[1] / "src" / "shenguan" / "validation" / "compiled"


def generate_gates(out: Path) -> None:
    """Write validation/compiled/<kind>.py for every schema."""
    for kind in schemas.KINDS:
        # The gate only says yes or no (jsonschema explains failures), so the error names it would
        # build are never read: formatting them from locals() on every $ref call cost a third of its time.
        code = fastjsonschema.compile_to_code(schemas.gate_schema(kind)).replace(
            ".format(**locals())", ""
        )
        entry = "validate_" + "".join(
            c if c.isalnum() else "_" for c in schemas.schema(kind)["$id"]
        )
        header = f'"""Generated from schemas/{kind}.json by `python tools/generate_gates.py`; do not edit."""\n'
        footer = f"\n\nSCHEMA_DIGEST = {schemas.kind_digest(kind)!r}\nvalidate = {entry}\n"
        atomic_write(out / f"{kind}.py", (header + "# fmt: off\n" + code + footer).encode("utf-8"))


def stale(folder: Path = COMPILED) -> list[str]:
    """The gate modules whose checked-in bytes differ from what the schemas generate now."""
    with tempfile.TemporaryDirectory() as tmp:
        generate_gates(Path(tmp))
        return [
            f"{kind}.py"
            for kind in schemas.KINDS
            if (Path(tmp) / f"{kind}.py").read_bytes() != _read(folder / f"{kind}.py")
        ]


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        found = stale()
        print(
            "\n".join(f"已过期：{name}（请运行 python tools/generate_gates.py）" for name in found)
            or "均为最新"
        )
        sys.exit(1 if found else 0)
    generate_gates(COMPILED)
