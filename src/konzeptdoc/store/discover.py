"""Finding the repository at or above a folder by reading the file system, as git would.

Every command starts by asking where the repository is (`revisions.locate`); ``git rev-parse``
answers in one process, about as long as the ``git log`` a quick command runs after it. For
the ordinary case – a ``.git`` folder in the folder or above it, owned by the user, whose
config moves nothing – the answer is read from the file system here. Anything else (a
``.git`` file of a linked worktree or submodule, a bare repository, environment variables
that steer git's search, a config that sets the work tree or includes other files, a folder
owned by someone else, a search crossing into another file system) is left to git: this
returns None and the caller asks ``git rev-parse`` as before, so git's own rules and
messages (safe.directory included) still decide those.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: Environment variables that change where git looks or what it finds.
_STEERING = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
)
_HEAD = re.compile(rb"ref: refs/\S+\n?|[0-9a-f]{40}\n?|[0-9a-f]{64}\n?")
#: Config lines that move the work tree, make the repository bare or pull in other files.
_MOVES = re.compile(
    r"^\s*(\[\s*include|worktree|bare\s*(=(?!\s*false\s*$)|$))", re.IGNORECASE | re.MULTILINE
)
_CONFIG_BYTES = 1 << 16


def find(start: Path) -> tuple[Path, Path] | None:
    """(work tree root, git folder) of the repository at or above `start` (a resolved
    folder), or None where git's own search must decide."""
    if any(os.environ.get(name) for name in _STEERING):
        return None
    if os.geteuid() == 0 and os.environ.get("SUDO_UID"):
        return None  # git then judges ownership by the sudo user
    try:
        device = start.stat().st_dev
        for folder in (start, *start.parents):
            if folder.stat().st_dev != device:
                return None  # git stops at a file system boundary unless told otherwise
            dot_git = folder / ".git"
            if dot_git.is_symlink() or (dot_git.exists() and not dot_git.is_dir()):
                return None  # a .git file (linked worktree, submodule) or a link
            if dot_git.is_dir():
                return (folder, dot_git) if _plain(folder, dot_git) else None
            if (folder / "HEAD").is_file() and (folder / "objects").is_dir():
                return None  # a bare repository
    except OSError:
        return None
    return None


def _plain(root: Path, git_dir: Path) -> bool:
    """Whether `git_dir` is a repository git would take as it is, work tree at `root`."""
    head = git_dir / "HEAD"
    if head.is_symlink() or not head.is_file() or (git_dir / "commondir").exists():
        return False
    if not (git_dir / "objects").is_dir() or not (git_dir / "refs").is_dir():
        return False
    with head.open("rb") as file:
        if not _HEAD.fullmatch(file.read(256)):
            return False
    user = os.geteuid()
    if root.stat().st_uid != user or git_dir.stat().st_uid != user:
        return False  # safe.directory decides: git's message, not ours
    config = git_dir / "config"
    if config.exists():
        if config.is_symlink() or config.stat().st_size > _CONFIG_BYTES:
            return False
        if _MOVES.search(config.read_text("utf-8", "replace")):
            return False
    return True
