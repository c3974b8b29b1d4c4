"""Concurrent and killed saves: never a lost update, never a broken repository."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Repository
from tests.conftest import AUTHOR, sample_repository

PROCESSES, SAVES = 8, 25

pytestmark = pytest.mark.usefixtures("isolated_git")


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


def make_repository(path: Path) -> Path:
    sample_repository(path).close()
    return path


def _worker(root: str, number: int) -> int:
    """Save SAVES times, each time changing this worker's own measure; retry on conflict."""
    repository = Repository.open(root)
    conflicts = 0
    for save in range(SAVES):
        while True:
            concept = repository.load("integrationskonzept")
            measures = [m for f in concept.fields for m in f.measures]
            measures[number].origin = f"worker {number}, save {save}"
            try:
                repository.save(concept, message=f"worker {number} save {save}", author=AUTHOR)
                break
            except konzeptdoc.ConflictError:
                conflicts += 1
    repository.close()
    return conflicts


def test_concurrent_saves_lose_nothing(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    before = int(git(root, "rev-list", "--count", "HEAD").stdout)
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        conflicts = pool.starmap(_worker, [(str(root), n) for n in range(PROCESSES)])
    after = int(git(root, "rev-list", "--count", "HEAD").stdout)
    assert after - before == PROCESSES * SAVES
    with Repository.open(root) as repository:
        measures = [m for f in repository.load("integrationskonzept").fields for m in f.measures]
    assert [m.origin for m in measures[:PROCESSES]] == [
        f"worker {n}, save {SAVES - 1}" for n in range(PROCESSES)
    ]
    assert git(root, "fsck").returncode == 0
    assert git(root, "status", "--porcelain").stdout == ""
    assert sum(conflicts) > 0, "the workers never raced: the test proves nothing"


SAVER = """
import sys
from konzeptdoc import Repository
repository = Repository.open(sys.argv[1])
concept = repository.load("integrationskonzept")
for field in concept.fields:
    for measure in field.measures:
        measure.origin = "neu"
concept.fields[1].situation = "Neu geschrieben."
print("ready", flush=True)
repository.save(concept, message="killed?", author="Test <t@example.org>")
print("saved", flush=True)
"""


@contextlib.contextmanager
def _saver(root: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that loads the concept, says "ready", then saves (and says "saved")."""
    with subprocess.Popen(
        [sys.executable, "-c", SAVER, str(root)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield process


def _save_duration(root: Path, old_head: str | None) -> float:
    """How long one save takes here, from "ready" to the end; the repository is reset after."""
    with _saver(root) as process:
        assert process.stdout is not None
        start = time.monotonic()
        assert process.stdout.readline().strip() == "saved"
        duration = time.monotonic() - start
        process.wait()
    assert old_head is not None
    git(root, "reset", "-q", "--hard", old_head)
    return duration


def test_killed_saves_leave_old_or_new_state(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    with Repository.open(root) as repository:
        old_head = repository.head()
    rng = random.Random(7)
    duration = _save_duration(root, old_head)  # kill moments spread over a whole save
    outcomes = {"old": 0, "new": 0}
    for _ in range(24):
        with _saver(root) as process:
            time.sleep(rng.uniform(0, duration * 1.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert git(root, "fsck").returncode == 0
        with Repository.open(root) as repository:  # opening recovers a half-done save
            head = repository.head()
            assert head is not None
            concept = repository.load("integrationskonzept")
            state = "new" if concept.fields[1].situation == "Neu geschrieben." else "old"
            assert (head == old_head) == (state == "old")
            assert git(root, "status", "--porcelain").stdout == ""
            outcomes[state] += 1
            if state == "new":  # back to the old state for the next trial
                git(root, "reset", "-q", "--hard", old_head)
    assert outcomes["old"] and outcomes["new"], outcomes
    with Repository.open(root) as repository:  # no stale lock blocks the next save
        concept = repository.load("integrationskonzept")
        concept.title = "Nach den Abbrüchen"
        repository.save(concept, message="danach", author=AUTHOR)
