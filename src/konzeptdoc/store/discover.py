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

from konzeptdoc.errors import NotARepositoryError
from konzeptdoc.store.gitcmd import Git

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


def refuse_borrowed(top: Path, git_dir: Path) -> None:
    """Refuse a repository whose git folder belongs to another work tree or that reads
    objects from outside itself (`top`: its work tree, `git_dir`: as git named it).

    A repository mailed as a zip brings its ``.git`` as the sender made it: a ``.git`` file
    (``gitdir: …``) or link naming the user's other repository made `commit` write into that
    one, and ``objects/info/alternates`` makes git read another repository's objects (and
    `push` send them). Linked worktrees (their git folder names this work tree back),
    submodules and separate git folders stay as git takes them; so does what the user's own
    environment sets (GIT_DIR, GIT_ALTERNATE_OBJECT_DIRECTORIES).

    Raises:
        NotARepositoryError: The git folder or an object store lies elsewhere.
    """
    real = git_dir.resolve()
    if not os.environ.get("GIT_DIR") and not real.is_relative_to(top.resolve()):
        back = real / "gitdir"  # a linked worktree's way back to its work tree
        linked = back.is_file() and not back.is_symlink()
        if real.name == ".git" or linked:  # another folder's own, or another worktree's
            named = back.read_text("utf-8", "replace").strip() if linked else ""
            # Absolute, or (git 2.48: worktree.useRelativePaths) relative to that folder.
            if not named or (real / named).resolve() != (top / ".git").resolve():
                raise NotARepositoryError(
                    f"„.git“ verweist hier auf den git-Ordner eines anderen Repositorys "
                    f"({real}); konzeptdoc würde in jenes schreiben und folgt dem nicht. "
                    "„.git“ prüfen (eine Datei „gitdir: …“ oder ein Link); ein Repository, "
                    "das als Archiv kam, besser vom Server klonen",
                    path=top,
                )
    common = real
    if (real / "commondir").is_file():  # a linked worktree keeps its objects there
        common = (real / (real / "commondir").read_text("utf-8", "replace").strip()).resolve()
    alternates = common / "objects" / "info" / "alternates"
    if not (alternates.exists() or alternates.is_symlink()):
        return
    for line in _alternates(alternates):
        place = (common / "objects" / line).resolve()
        if line.startswith('"') or not place.is_relative_to(common):  # git unquotes "…"
            raise NotARepositoryError(
                f"Das Repository liest Objekte aus einem anderen Ordner ({line}), eingetragen "
                "in .git/objects/info/alternates; konzeptdoc liest nichts außerhalb des "
                "Repositorys. Wer es selbst so angelegt hat (git clone --shared oder "
                "--reference): „git repack -a -d“, dann die Datei löschen",
                path=top,
            )


def _alternates(file: Path) -> list[str]:
    """The entries of an alternates file; a link, something that is no file or a huge one
    counts as the entry "/" (refused: git would follow it)."""
    if file.is_symlink() or not file.is_file() or file.stat().st_size > _CONFIG_BYTES:
        return ["/"]
    text = file.read_text("utf-8", "replace")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def refuse_odd_includes(git: Git, config: Path, depth: int = 0) -> None:
    """Refuse a config that includes (``include.path``, ``includeIf.*.path``) something
    that is no regular file, or includes a file that does.

    git reads an included ``/dev/stdin`` or pipe as config and waits there (GitPython too,
    whose reading of the config is no git call and has no closed input): `show` hung on a
    terminal. Only a config that mentions "include" costs a git call here.

    Raises:
        NotARepositoryError: An include names a device, the terminal or a pipe.
    """
    try:
        with config.open("rb") as file:
            if not config.is_file() or b"include" not in file.read(_CONFIG_BYTES * 16).lower():
                return
    except OSError:
        return
    pattern = r"^include(if\..*)?\.path$"
    done = git.call("config", "--file", str(config), "--no-includes", "-z", "--get-regexp",
                    pattern, check=False)  # fmt: skip
    for entry in done.stdout.split(b"\0"):
        name = os.fsdecode(entry.partition(b"\n")[2])
        if not name:
            continue
        target = Path(name).expanduser() if name.startswith("~") else config.parent / name
        if target.exists() and not target.is_file():
            raise NotARepositoryError(
                f"Die git-Einstellungen binden „{name}“ ein, und das ist keine gewöhnliche "
                "Datei (etwa das Terminal oder eine Pipe): git würde dort warten. Den "
                "Eintrag „include“ in dieser Datei entfernen",
                path=config,
            )
        if target.is_file() and depth < 10:  # git's own limit of nested includes
            refuse_odd_includes(git, target, depth + 1)
