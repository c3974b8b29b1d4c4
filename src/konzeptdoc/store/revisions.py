"""Reading revisions without loading a concept: what `konzeptdoc log` needs, light to import.

`Repository` (which imports the model, YAML and the merge) opens and lists revisions
through these functions too; a command that only lists revisions uses them directly and
starts in a fraction of the time.
"""

from __future__ import annotations

from pathlib import Path

from konzeptdoc.errors import NotARepositoryError
from konzeptdoc.files.paths import CONCEPTS_DIR, SETTINGS_FILE
from konzeptdoc.store import plumbing
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.lock import Journal
from konzeptdoc.store.records import Revision
from konzeptdoc.store.releases import tags_by_commit


def concept_root(path: Path) -> Path:
    """The root of the concept repository at or above `path`.

    Raises:
        GitNotFoundError: git is not installed.
        NotARepositoryError: `path` is not inside a git repository with konzeptdoc.yaml.
    """
    start = path.resolve()
    if not start.exists():
        raise NotARepositoryError("Dieser Ordner ist nicht vorhanden", path=start)
    probe = Git(start if start.is_dir() else start.parent)
    top = probe.run("rev-parse", "--show-toplevel", check=False).strip()
    if not top:
        raise NotARepositoryError(
            "Hier ist kein Konzept-Repository (kein git-Repository): mit „konzeptdoc init“ "
            "eines anlegen oder seinen Pfad mit -C angeben",
            path=start,
        )
    root = Path(top)
    if not (root / SETTINGS_FILE).is_file():
        raise NotARepositoryError(
            f"Ein git-Repository, aber ohne {SETTINGS_FILE}: kein Konzept-Repository "
            "(„konzeptdoc init“ legt eines an)",
            path=root,
        )
    return root


class Revisions:
    """A repository's revisions, without the rest of `Repository` (no concept is read)."""

    def __init__(self, root: Path, git: Git) -> None:
        self.root = root
        self.git = git

    @classmethod
    def open(cls, path: str | Path = ".") -> Revisions | None:
        """The revisions of the repository at or above `path`; None while a save that was
        interrupted waits to be finished (`Repository.open` finishes it).

        Raises:
            NotARepositoryError: `path` is not inside a concept repository.
        """
        root = concept_root(Path(path))
        git = Git(root)
        git_dir = Path(git.run("rev-parse", "--absolute-git-dir").strip())
        return None if Journal.path(git_dir).exists() else cls(root, git)

    def log(
        self, concept: str | None = None, *, rev: str = "HEAD", limit: int | None = None
    ) -> list[Revision]:
        """Revisions newest first; with `concept`, only those that changed it."""
        if plumbing.head(self.git) is None:
            return []
        path = None if concept is None else f"{CONCEPTS_DIR}/{concept}"
        return plumbing.log(self.git, self.git.rev_parse(rev), tags_by_commit(self), path, limit)

    def close(self) -> None:
        self.git.close()
