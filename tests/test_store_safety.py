"""Concurrent and killed saves: never a lost update, never a broken repository.

The writers and savers are forked from one server process that has imported konzeptdoc
already (multiprocessing's forkserver, started once per session): a trial costs its saves,
not a Python start-up and imports per process. Forking this test process itself would be
cheaper still, but under pytest-xdist it runs threads, and forking a threaded process may
deadlock (Python 3.12 warns). The repository is small (two fields, ten measures) and made
once per session; each trial works on a copy.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import subprocess
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Repository
from tests.conftest import AUTHOR, write_repo

PROCESSES, SAVES, KILLS = 8, 25, 24

pytestmark = [pytest.mark.usefixtures("isolated_git"), pytest.mark.slow]
FORK = multiprocessing.get_context("forkserver")
FORK.set_forkserver_preload(["konzeptdoc.store", "konzeptdoc.files.save", __name__])
#: The isolated git configuration of each test reaches the forked processes explicitly: the
#: server keeps the environment it was started in.
GIT_ENVIRONMENT = ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")


def _environment() -> dict[str, str]:
    return {name: os.environ[name] for name in GIT_ENVIRONMENT if name in os.environ}


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def trial_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed repository whose concept has a measure for each writer (made once)."""
    root = tmp_path_factory.mktemp("trial") / "repo"
    with pytest.MonkeyPatch.context() as patch:  # isolated git config, as in each test
        home = tmp_path_factory.mktemp("trial-home")
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        patch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        with Repository.init(root, municipality="Teststadt", author=AUTHOR) as repository:
            shutil.rmtree(root / "schemas")  # write_repo writes them again
            folder = write_repo(root)
            field = folder / "fields" / "arbeit.yaml"
            field.write_text(
                field.read_text(encoding="utf-8")
                + "".join(
                    f"  - id: m-auftrag-{n}\n    title: Auftrag {n}\n    goals: [hz-anerkennung]\n"
                    for n in range(PROCESSES)
                ),
                encoding="utf-8",
            )
            repository.commit("Konzept", author=AUTHOR)
    return root


@pytest.fixture
def root(trial_repository: Path, tmp_path: Path) -> Path:
    """A copy of the trial repository for one test."""
    copy = tmp_path / "repo"
    shutil.copytree(trial_repository, copy, symlinks=True)
    return copy


def _measures(concept: konzeptdoc.Concept) -> list[konzeptdoc.Measure]:
    return [m for f in concept.fields for m in f.measures]


def _worker(root: str, number: int, environment: dict[str, str]) -> int:
    """Save SAVES times, each time changing this worker's own measure; retry on conflict."""
    os.environ.update(environment)
    repository = Repository.open(root)
    conflicts = 0
    for save in range(SAVES):
        while True:
            concept = repository.load("test")
            _measures(concept)[number].origin = f"worker {number}, save {save}"
            try:
                repository.save(concept, message=f"worker {number} save {save}", author=AUTHOR)
                break
            except konzeptdoc.ConflictError:
                conflicts += 1
    repository.close()
    return conflicts


def test_concurrent_saves_lose_nothing(root: Path) -> None:
    before = int(git(root, "rev-list", "--count", "HEAD").stdout)
    with FORK.Pool(PROCESSES) as pool:
        work = [(str(root), n, _environment()) for n in range(PROCESSES)]
        conflicts = pool.starmap(_worker, work)
    after = int(git(root, "rev-list", "--count", "HEAD").stdout)
    assert after - before == PROCESSES * SAVES
    with Repository.open(root) as repository:
        measures = _measures(repository.load("test"))
    assert [m.origin for m in measures[:PROCESSES]] == [
        f"worker {n}, save {SAVES - 1}" for n in range(PROCESSES)
    ]
    assert git(root, "fsck").returncode == 0
    assert git(root, "status", "--porcelain").stdout == ""
    assert sum(conflicts) > 0, "the workers never raced: the test proves nothing"


def _save_once(root: str, channel: Connection, environment: dict[str, str]) -> None:
    """Load, change every measure and a text, say "ready", save, say "saved"."""
    os.environ.update(environment)
    repository = Repository.open(root)
    concept = repository.load("test")
    for measure in _measures(concept):
        measure.origin = "neu"
    concept.fields[1].situation = "Neu geschrieben."
    channel.send("ready")
    repository.save(concept, message="killed?", author="Test <t@example.org>")
    channel.send("saved")


def _start_saver(root: Path) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    ours, theirs = FORK.Pipe()
    process = FORK.Process(target=_save_once, args=(str(root), theirs, _environment()))
    process.start()
    theirs.close()
    assert ours.recv() == "ready"
    return process, ours


def _save_duration(root: Path, old_head: str) -> float:
    """How long one save takes here, from "ready" to the end; the repository is reset after."""
    process, channel = _start_saver(root)
    start = time.monotonic()
    assert channel.recv() == "saved"
    duration = time.monotonic() - start
    process.join()
    git(root, "reset", "-q", "--hard", old_head)
    return duration


def test_killed_saves_leave_old_or_new_state(root: Path) -> None:
    with Repository.open(root) as repository:
        old_head = repository.head()
    assert old_head is not None
    rng = random.Random(7)
    duration = _save_duration(root, old_head)  # kill moments spread over a whole save
    outcomes = {"old": 0, "new": 0}
    for _ in range(KILLS):
        process, channel = _start_saver(root)
        time.sleep(rng.uniform(0, duration * 1.5))
        process.kill()  # SIGKILL: no clean-up of any kind
        process.join()
        channel.close()
        assert git(root, "fsck").returncode == 0
        with Repository.open(root) as repository:  # opening recovers a half-done save
            head = repository.head()
            assert head is not None
            concept = repository.load("test")
            state = "new" if concept.fields[1].situation == "Neu geschrieben." else "old"
            assert (head == old_head) == (state == "old")
            assert git(root, "status", "--porcelain").stdout == ""
            outcomes[state] += 1
            if state == "new":  # back to the old state for the next trial
                git(root, "reset", "-q", "--hard", old_head)
    assert outcomes["old"] and outcomes["new"], outcomes
    with Repository.open(root) as repository:  # no stale lock blocks the next save
        concept = repository.load("test")
        concept.title = "Nach den Abbrüchen"
        repository.save(concept, message="danach", author=AUTHOR)
