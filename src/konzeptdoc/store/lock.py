"""The repository lock and the save journal: why a killed save never hurts.

The lock is an `flock` on ``.git/konzeptdoc.lock``. The kernel releases it when the process
dies, however it dies, so a stale lock cannot block the next save.

A save commits first (objects, then one atomic ``update-ref``) and writes the working tree
after. Between the two it keeps a journal naming the old and new commit and the files. If
the process is killed in that window, the next `recover` sees the journal: if the branch
reached the new commit, it finishes writing the files; if not, nothing was committed and
the working tree was never touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from konzeptdoc.errors import LockTimeoutError
from konzeptdoc.files.atomic import write_atomically


@contextlib.contextmanager
def repository_lock(git_dir: Path, *, timeout: float = 60.0) -> Iterator[None]:
    """Hold the repository's exclusive lock for the duration of the block.

    Raises:
        LockTimeoutError: Another process held it longer than `timeout` seconds.
    """
    path = git_dir / "konzeptdoc.lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeoutError(
                        "Ein anderer konzeptdoc-Vorgang sperrt das Repository seit mehr als "
                        f"{timeout:.0f} s: bitte später erneut versuchen",
                        path=path,
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        yield
    finally:
        os.close(handle)  # closing releases the flock


@dataclass
class Journal:
    """What a save in progress is doing: branch, old and new commit, files to write."""

    branch: str
    old: str
    new: str
    folder: str
    files: dict[str, str | None]

    @staticmethod
    def path(git_dir: Path) -> Path:
        return git_dir / "konzeptdoc-save.json"

    def write(self, git_dir: Path) -> None:
        write_atomically(self.path(git_dir), json.dumps(asdict(self), ensure_ascii=False))

    @classmethod
    def read(cls, git_dir: Path) -> Journal | None:
        path = cls.path(git_dir)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # torn journal: written before the commit, so moot
            return None
        return cls(**data)

    @classmethod
    def clear(cls, git_dir: Path) -> None:
        cls.path(git_dir).unlink(missing_ok=True)
