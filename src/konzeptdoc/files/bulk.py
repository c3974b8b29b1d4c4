"""Building many small objects at once without the garbage collector's repeated passes.

Reading a large concept creates several hundred thousand small objects (parsed YAML,
pydantic models, strings), all of which stay alive. CPython's collector runs a pass every
700 net allocations and, as the heap grows, more full passes over everything that already
survived: measured on the large generated concept, collection was about a third to half of
load and validate time. Nothing built there is cyclic garbage, so collection is paused for
the duration and the previous state restored after (a caller that disabled it keeps it so).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause automatic garbage collection inside the block; restore the previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
