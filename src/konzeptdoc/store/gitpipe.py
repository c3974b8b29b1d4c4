"""Reading objects from ``git cat-file --batch`` one at a time, each after its header, so that
an object over the size cap is refused before its contents are read (a hostile history can
hold a blob of gigabytes; reading git's whole answer first would hold it in memory)."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

#: git commands that talk to a remote when konzeptdoc asks them to (push, pull, clone).
REMOTE_COMMANDS = frozenset({"fetch", "push", "clone", "ls-remote"})
#: For every other command: no transport at all. A repository's config can make it a
#: partial clone ("extensions.partialClone" naming a remote), and git then fetches every
#: object it lacks from that remote's address – `log`, `blame` or `diff` contacted a server
#: (or read another folder through ``file://``) the repository chose. git 2.45 and later
#: honour GIT_NO_LAZY_FETCH; for older ones an empty list of allowed protocols stops it.
_OFFLINE = {"GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": ""}


def environment(extra: Mapping[str, str] | None, *, remote: bool = False) -> dict[str, str]:
    """The environment every git call runs in: no prompts, no pager, git's own words in C,
    and no connection anywhere unless the command is one of `REMOTE_COMMANDS` (`remote`)."""
    found = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "GIT_PAGER": "cat",
        # Objects as their ids say: a repository's refs/replace/* (or .git/info/grafts)
        # made `show` and `build` of a decided revision print another text than the one
        # committed – and than the server has, which never receives them.
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_GRAFT_FILE": os.devnull,
        **({} if remote else _OFFLINE),
        **(extra or {}),
    }
    found.pop("GIT_EXTERNAL_DIFF", None)
    return found


def batch(
    command: Sequence[str], cwd: Path, names: Sequence[str], cap: int
) -> list[tuple[str, bytes] | None] | tuple[str, int]:
    """(type, contents) of each object `names` lists (None: unknown to git), read by
    `command` (a ``git cat-file --batch``); or (name, size) of the first object over `cap`
    bytes, whose contents were not read (git is stopped there)."""
    if not names:
        return []
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment(None),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    request = "\n".join(names).encode() + b"\n"
    # From a thread: git answers while it reads, so a long request written first could
    # fill both pipes and wait forever.
    writer = threading.Thread(target=_feed, args=(process.stdin, request), daemon=True)
    writer.start()
    found: list[tuple[str, bytes] | None] = []
    try:
        for name in names:
            line = process.stdout.readline()
            if not line:  # git ended early: the caller sees fewer answers than names
                break
            header = line.rstrip(b"\n").rsplit(b" ", 2)
            if len(header) != 3 or not header[2].isdigit():  # "<name> missing"
                found.append(None)
                continue
            size = int(header[2])
            if size > cap:
                return name, size
            found.append((header[1].decode("ascii"), process.stdout.read(size)))
            process.stdout.read(1)  # the newline after the contents
    finally:
        process.kill()
        process.wait()
        writer.join()
        process.stdout.close()
    return found


def _feed(stream: IO[bytes], data: bytes) -> None:
    try:
        stream.write(data)
        stream.close()
    except OSError:  # git was stopped (an object over the cap): nothing more to ask
        pass
