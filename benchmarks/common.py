"""Helpers shared by the benchmarks: timing and the large generated repository."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import konzeptdoc
from konzeptdoc.testing import generate


def timed(
    function: Callable[[], object],
    *,
    repeat: int = 5,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Median time of `repeat` runs by `clock` (wall time unless told), in seconds (the
    median shrugs off a noisy neighbour)."""
    runs = []
    for _ in range(repeat):
        start = clock()
        function()
        runs.append(clock() - start)
    return statistics.median(runs)


def large_repository(root: Path) -> Path:
    """Write the large generated concept into a repository at `root`; return its folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "konzeptdoc.yaml").write_text("schema_version: 1\nmunicipality: Musterstadt\n")
    concept = generate()
    konzeptdoc.save_concept(concept, root)
    return root / "concepts" / concept.id


def row(label: str, seconds: float, note: str = "") -> str:
    return f"  {label:<44} {seconds * 1000:9.1f} ms  {note}"
