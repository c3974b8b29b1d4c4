"""A full disk: the message names the file (a write on a descriptor has no name of its own)
and what to do; the file that was there stays whole, no temporary file is left; git's
"Out of diskspace" is told as such, not as a lock in the way."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from konzeptdoc.cli import describe
from konzeptdoc.files import atomic
from konzeptdoc.store.gitsays import meaning


def test_full_disk_names_the_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Konzept.docx"
    target.write_bytes(b"alt")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as caught:
        atomic.write_atomically_bytes(target, b"neu" * 1000)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert describe(caught.value) == f"{target}: kein Speicherplatz frei"
    assert target.read_bytes() == b"alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Konzept.docx"]


@pytest.mark.parametrize(
    "said",
    [
        "fatal: sha1 file '/r/.git/index.lock' write error. Out of diskspace",
        "error: unable to write file x: No space left on device",
        "fatal: write error: Disk quota exceeded",
    ],
)
def test_git_on_a_full_disk_says_so(said: str) -> None:
    assert meaning(said).startswith("kein Speicherplatz frei: auf dem Datenträger Platz schaffen")
