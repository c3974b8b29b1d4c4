"""Start-up of whole processes: `konzeptdoc --version`, `konzeptdoc log` and friends beside a
bare `python -c pass` of the same interpreter (issue 14, part 4: goals ≤ 5× and ≤ 10×).

Run: python benchmarks/bench_startup.py [--rounds N]

Every command runs N times, the commands taking turns, so a neighbour's load falls on all of
them alike; each figure is the median wall time and the median CPU time (user + system of
the child). The console script is the one installed beside this interpreter (as a user runs
it), else ``python -m konzeptdoc``. `log` runs in a small repository made here.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
}


def konzeptdoc_command() -> list[str]:
    script = Path(sys.executable).parent / "konzeptdoc"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "konzeptdoc"]


def run_once(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env={**os.environ, **GIT_ENV}, stdout=subprocess.DEVNULL, check=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def small_repository(root: Path) -> Path:
    """A concept repository with one commit, for `log` and `validate`."""
    subprocess.run(
        [*konzeptdoc_command(), "init", str(root), "--municipality", "Musterstadt"],
        env={**os.environ, **GIT_ENV}, stdout=subprocess.DEVNULL, check=True,
    )  # fmt: skip
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command")
    args = parser.parse_args()
    tool = konzeptdoc_command()
    with tempfile.TemporaryDirectory() as folder:
        repo = small_repository(Path(folder) / "repo")
        commands = {
            "python -c pass (the anchor)": [sys.executable, "-c", "pass"],
            "python -c 'import konzeptdoc'": [sys.executable, "-c", "import konzeptdoc"],
            "konzeptdoc --version": [*tool, "--version"],
            "konzeptdoc --help": [*tool, "--help"],
            "konzeptdoc log": [*tool, "log"],
            "konzeptdoc validate": [*tool, "validate"],
        }
        for command in commands.values():  # warm the file cache; not measured
            run_once(command, repo)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                elapsed, cpu = run_once(command, repo)
                walls[name].append(elapsed)
                cpus[name].append(cpu)
    goals = {"konzeptdoc --version": 5.0, "konzeptdoc log": 10.0}
    anchor_wall = statistics.median(walls["python -c pass (the anchor)"])
    anchor_cpu = statistics.median(cpus["python -c pass (the anchor)"])
    print(f"Start-up, whole processes, median of {args.rounds} rounds "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); {' '.join(tool)}")  # fmt: skip
    print(f"  {'':<32} {'wall':>9} {'ratio':>7}   {'CPU':>9} {'ratio':>7}  goal")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        goal = f"≤ {goals[name]:.0f}×" if name in goals else ""
        print(f"  {name:<32} {wall * 1000:7.1f} ms {wall / anchor_wall:6.1f}×   "
              f"{cpu * 1000:7.1f} ms {cpu / anchor_cpu:6.1f}×  {goal}")  # fmt: skip


if __name__ == "__main__":
    main()
