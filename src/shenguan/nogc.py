"""Pausing the cycle collector while bulk data is built.

Loading a catalogue allocates hundreds of thousands of small dicts, lists and strings, none of them
cyclic; each collector pass would walk all of them again (at 100 k matters, a second per run).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collector passes inside; afterwards what was built is frozen (never scanned again), or the
    first pass after re-enabling would walk all of it at once."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
