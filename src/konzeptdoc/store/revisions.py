"""Reading revisions without loading a concept: what `konzeptdoc log` needs, light to import.

`Repository` (which imports the model, YAML and the merge) opens and lists revisions
through these functions too; a command that only lists revisions uses them directly and
starts in a fraction of the time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from konzeptdoc.errors import NotARepositoryError, StoreError
from konzeptdoc.files.paths import CONCEPTS_DIR, SETTINGS_FILE
from konzeptdoc.store import discover, plumbing
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.gitsays import config_broken, meaning
from konzeptdoc.store.items import ItemCache
from konzeptdoc.store.lock import Journal
from konzeptdoc.store.records import BlameLine, Revision
from konzeptdoc.store.releases import tags_by_commit


def concept_root(path: Path) -> Path:
    """The root of the concept repository at or above `path`.

    Raises:
        GitNotFoundError: git is not installed.
        NotARepositoryError: `path` is not inside a git repository with konzeptdoc.yaml.
    """
    return locate(path)[0]


def locate(path: Path) -> tuple[Path, Path, Git]:
    """(root, git folder, a Git at the root) of the concept repository at or above `path`."""
    start = path.resolve()
    if not start.exists():
        raise NotARepositoryError("Dieser Ordner ist nicht vorhanden", path=start)
    folder = start if start.is_dir() else start.parent
    read = discover.find(folder)  # most often no git process is needed for this
    if read is not None:
        root, git_dir = read
        discover.refuse_borrowed(root, git_dir)
        git = Git(_concept_root(root))
        git.loose = git_dir / "objects"
        return root, git_dir, git
    probe = Git(folder)
    # One git call for both: each costs a process start, and `log` is meant to be quick.
    done = probe.call("rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
    # Paths as the file system names them: under a locale that is not UTF-8 a folder named
    # "Ämter" must come back as the same bytes, not as text the locale cannot encode.
    lines = [os.fsdecode(line) for line in done.stdout.splitlines()]
    if b"dubious ownership" in done.stderr:  # a shared folder: another user's repository
        said = re.search(rb"repository at '([^'\n]+)'", done.stderr)
        where = os.fsdecode(said.group(1)) if said else str(start)
        raise NotARepositoryError(
            "git vertraut diesem Repository nicht, weil es einem anderen Benutzer gehört "
            "(z. B. auf einem gemeinsamen Laufwerk). Wenn es vertrauenswürdig ist: "
            f"„git config --global --add safe.directory {where}“, dann erneut versuchen",
            path=start,
        )
    told = done.stderr.decode("utf-8", "replace")
    if config_broken(told):  # not "no repository": one git cannot read
        raise NotARepositoryError(
            f"git kann dieses Repository nicht öffnen: {meaning(told)}", path=start
        )
    if len(lines) != 2:
        raise NotARepositoryError(
            "Hier ist kein Konzept-Repository (kein git-Repository): mit „konzeptdoc init“ "
            "eines anlegen oder seinen Pfad mit -C angeben",
            path=start,
        )
    top = Path(lines[0])
    if top != folder and top not in folder.parents:
        # core.worktree in a repository's own config (or GIT_WORK_TREE) names another
        # folder: a commit would take that folder's files, and a push send them away.
        raise NotARepositoryError(
            f"git arbeitet hier in einem anderen Ordner ({top}), weil die Einstellung "
            "core.worktree des Repositorys (oder GIT_WORK_TREE) dorthin zeigt; konzeptdoc "
            "folgt dem nicht. Die Einstellung prüfen: „git config --unset core.worktree“",
            path=folder,
        )
    discover.refuse_borrowed(top, Path(lines[1]))
    discover.refuse_odd_includes(probe, Path(lines[1]) / "config")
    root, git_dir = _concept_root(top), Path(lines[1])
    # git runs at the root (paths in its commands are relative to it).
    return root, git_dir, probe if probe.root == root else Git(root)


def _concept_root(root: Path) -> Path:
    if not (root / SETTINGS_FILE).is_file():
        raise NotARepositoryError(
            f"Ein git-Repository, aber ohne {SETTINGS_FILE}: kein Konzept-Repository "
            "(„konzeptdoc init“ legt eines an)",
            path=root,
        )
    return root


class Revisions:
    """A repository's revisions and blame, without the rest of `Repository` (no concept is
    read, no model imported)."""

    def __init__(self, root: Path, git: Git, git_dir: Path) -> None:
        self.root = root
        self.git = git
        self.git_dir = git_dir
        self._items: ItemCache | None = None

    @classmethod
    def open(cls, path: str | Path = ".") -> Revisions | None:
        """The revisions of the repository at or above `path`; None while a save that was
        interrupted waits to be finished (`Repository.open` finishes it).

        Raises:
            NotARepositoryError: `path` is not inside a concept repository.
        """
        root, git_dir, git = locate(Path(path))
        return None if Journal.path(git_dir).exists() else cls(root, git, git_dir)

    @property
    def item_cache(self) -> ItemCache:
        """Items of blobs for blame (see `items.ItemCache`)."""
        if self._items is None:
            self._items = ItemCache(self.git, self.git_dir)
        return self._items

    def resolve(self, rev: str = "HEAD") -> str:
        """The commit sha of `rev`.

        Raises:
            UnknownRevisionError: Nothing matches.
        """
        return self.git.rev_parse(rev)

    def load(self, concept_id: str, rev: str = "HEAD") -> Any:
        """The concept at `rev` (this imports the model).

        Raises:
            UnknownRevisionError: `rev` does not resolve.
            UnknownConceptError: The concept does not exist at that revision.
            ValidationError: The committed files have errors.
        """
        from konzeptdoc.store.snapshot import CommittedFiles

        return CommittedFiles(self.git).concept(concept_id, self.resolve(rev), root=self.root)

    def blame(self, concept_id: str, *, rev: str = "HEAD") -> list[BlameLine]:
        """As `Repository.blame`."""
        from konzeptdoc.store.blame import blame

        return blame(self, concept_id, rev)

    def log(
        self, concept: str | None = None, *, rev: str = "HEAD", limit: int | None = None
    ) -> list[Revision]:
        """Revisions newest first; with `concept`, only those that changed it."""
        path = None if concept is None else f"{CONCEPTS_DIR}/{concept}"
        tags = tags_by_commit(self)
        if rev != "HEAD":
            return plumbing.log(self.git, self.git.rev_parse(rev), tags, path, limit)
        try:  # git log of HEAD directly: resolving it first would cost another git process
            return plumbing.log(self.git, "HEAD", tags, path, limit)
        except StoreError:
            if plumbing.head(self.git) is None:
                return []  # before the first commit
            raise

    def close(self) -> None:
        self.git.close()
