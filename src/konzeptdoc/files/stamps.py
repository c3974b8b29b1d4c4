"""Knowing that a file is as it was without reading it: its stat, as git does for its index.

A save must see every edit made on disk since the concept was read (it edits the file as it
is now, not as it was). Reading every file of a large concept at every save cost as much as
the rest of a one-measure save, so a file read (or checked) at a save leaves a *stamp*:
device, inode, size, modification and change time in nanoseconds. At the next save a file
whose stat still gives its stamp is taken as the text known; any other is read again.

Timestamps have a granularity (a clock tick on Linux, two seconds on FAT): a file changed
again within the tick in which it was stamped, to the same size, would keep its stamp. As
in git's "racy" check, a file is stamped only if its times are older than the filesystem's
own clock at the moment before it was read (`now`: a file created for the purpose, on the
same filesystem, so no clock skew or granularity sits in between). A file changed later
gets a later time, hence another stamp. Files changed within that tick, and files a save
writes, stay unstamped and are read again at the next save: that work grows with the files
changed, not with the concept. The change time moves on any write and cannot be set back
by a program (`touch -d`, `cp -p` set only the modification time). The stat is taken from
the opened file: a network file system revalidates its cached attributes on opening.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from konzeptdoc.files import yamlio
from konzeptdoc.files.paths import CONCEPT_FILE, FIELDS_DIR, PARTICIPATION_FILE, SUBMISSION_FILE

#: (device, inode, size, mtime_ns, ctime_ns) of a file, and whether its text has a BOM.
Stamp = tuple[tuple[int, int, int, int, int], bool]


def filesystem_now(folder: Path) -> int | None:
    """The filesystem's clock at this moment, in its own granularity: the time a new file
    in `folder` gets. None where no file can be made (nothing is stamped then)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".konzeptdoc-", suffix=".tmp", dir=folder)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        return min(status.st_mtime_ns, status.st_ctime_ns)
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            Path(name).unlink()


def current_texts(
    folder: Path, known: Mapping[str, str], stamps: Mapping[str, Stamp]
) -> tuple[dict[str, str], dict[str, Stamp]]:
    """The texts of a concept folder's files (a byte order mark kept at the start), and the
    stamps of those that may be taken as known at the next save.

    A file whose stat gives its stamp in `stamps` is not read: its text is `known`'s.
    """
    texts: dict[str, str] = {}
    found: dict[str, Stamp] = {}
    if not folder.is_dir():
        return texts, found
    now = filesystem_now(folder)  # before any file is looked at
    paths = [folder / CONCEPT_FILE, folder / PARTICIPATION_FILE, folder / SUBMISSION_FILE]
    paths += sorted((folder / FIELDS_DIR).glob("*.yaml"))
    for path in paths:
        try:
            status = opened_status(path)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        relative = path.relative_to(folder).as_posix()
        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        before = stamps.get(relative)
        if before is not None and before[0] == key and relative in known:
            texts[relative] = yamlio.BOM + known[relative] if before[1] else known[relative]
            found[relative] = before
            continue
        text = yamlio.read_text(path, bom=True)
        texts[relative] = text
        if now is not None and max(status.st_mtime_ns, status.st_ctime_ns) < now:
            found[relative] = (key, text.startswith(yamlio.BOM))
    return texts, found


def opened_status(path: Path) -> os.stat_result:
    """The file's stat as seen on opening it: a network file system (NFS, SMB) checks its
    cached attributes with the server when a file is opened, not on a plain stat."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return os.fstat(handle)
    finally:
        os.close(handle)
