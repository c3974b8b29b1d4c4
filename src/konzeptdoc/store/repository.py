"""The concept repository: an ordinary git repository holding the concept format.

`Repository` is the one object a caller needs; the work is done in the modules below it:
`snapshot` reads committed files (never the working tree), `writing` saves and commits,
`plumbing` moves commits, refs and the working tree, `releases`, `history` and `remote`
do what their names say. None of them imports this module.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from konzeptdoc.errors import StoreError, UnknownRevisionError, ValidationError
from konzeptdoc.files.layout import ConceptSource
from konzeptdoc.files.workspace import validate
from konzeptdoc.model import Concept, Settings
from konzeptdoc.store import plumbing
from konzeptdoc.store.blame import blame
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.history import history
from konzeptdoc.store.items import ItemCache
from konzeptdoc.store.lock import Journal, repository_lock
from konzeptdoc.store.merge import Resolution
from konzeptdoc.store.records import BlameLine, HistoryEntry, Release, Revision
from konzeptdoc.store.releases import (
    create_release,
    in_force,
    latest_release,
    list_releases,
)
from konzeptdoc.store.remote import clone as clone_into
from konzeptdoc.store.remote import pull as pull_from
from konzeptdoc.store.remote import push as push_to
from konzeptdoc.store.revisions import Revisions, locate
from konzeptdoc.store.snapshot import CommittedFiles
from konzeptdoc.store.writing import commit_worktree, save_concept, scaffold

_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")


class Repository:
    """A concept repository: concepts in git, with releases, history and blame.

    Open one with `Repository.open` or create one with `Repository.init`.
    """

    def __init__(self, root: Path, git: Git, git_dir: Path | None = None) -> None:
        self.root = root
        self.git = git
        self.git_dir = git_dir or Path(
            os.fsdecode(git.run_bytes("rev-parse", "--absolute-git-dir").strip())
        )
        #: Concepts and settings as committed (see `snapshot`).
        self.committed = CommittedFiles(git)
        self._cache = self.committed.parses
        #: Items of blobs for history and blame (see `items.ItemCache`).
        self.item_cache = ItemCache(git, self.git_dir)
        if Journal.path(self.git_dir).exists():
            with repository_lock(self.git_dir):  # a save in progress holds it: wait for it
                plumbing.recover(git, self.git_dir)

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] = ".") -> Repository:
        """Open the concept repository at or above `path`.

        Raises:
            GitNotFoundError: git is not installed.
            NotARepositoryError: `path` is not inside a git repository with konzeptdoc.yaml.
        """
        # One git call finds root and git folder, and its Git (at the root) is kept.
        root, git_dir, git = locate(Path(path))
        return cls(root, git, git_dir)

    @classmethod
    def init(
        cls,
        path: str | os.PathLike[str],
        *,
        municipality: str,
        state: str | None = None,
        author: str | None = None,
        date: dt.datetime | str | None = None,
    ) -> Repository:
        """Create a concept repository with konzeptdoc.yaml, the JSON Schemas and a first commit.

        Raises:
            StoreError: `path` already holds a concept repository.
            IdentityError: No `author` and no git identity of the user; nothing was written.
        """
        root = Path(path)
        existing = next(p for p in [root.absolute(), *root.absolute().parents] if p.is_dir())
        plumbing.signature(Git(existing), author)
        git = scaffold(root, municipality=municipality, state=state)
        repository = cls(root, git)
        repository.commit(
            "Konzept-Repository angelegt", author=author, date=date, allow_empty=False
        )
        return repository

    def close(self) -> None:
        """Stop the git processes this repository keeps open."""
        self.git.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- revisions ------------------------------------------------------------------------

    @property
    def branch(self) -> str:
        """The checked-out branch.

        Raises:
            DetachedHeadError: HEAD is detached.
        """
        return plumbing.current_branch(self.git)

    def head(self) -> str | None:
        """The sha the current branch points to, or None before the first commit."""
        return plumbing.head(self.git)

    def resolve(
        self, rev: str = "HEAD", *, as_of: dt.date | str | None = None, concept: str | None = None
    ) -> str:
        """The commit sha of `rev`, or of the release in force on `as_of`.

        Raises:
            UnknownRevisionError: Nothing matches.
            StoreError: Both a revision other than HEAD and `as_of` were given.
        """
        if as_of is not None:
            if rev != "HEAD":  # which one was meant? The command line refuses both too.
                raise StoreError(f"Revision „{rev}“ und Stichtag zugleich: nur eines angeben")
            return in_force(self, as_of, concept=concept).sha
        if _FULL_SHA.match(rev) and self.committed.has_read(rev):
            return rev  # a commit we have read from already: it exists
        return self.git.rev_parse(rev)

    def revision(self, rev: str = "HEAD") -> Revision:
        """The `Revision` record of one commit."""
        found = self.log(rev=rev, limit=1)
        if not found:
            raise UnknownRevisionError(f"Unbekannte Revision „{rev}“", path=self.root)
        return found[0]

    def log(
        self, concept: str | None = None, *, rev: str = "HEAD", limit: int | None = None
    ) -> list[Revision]:
        """Revisions newest first; with `concept`, only those that changed it."""
        return Revisions(self.root, self.git, self.git_dir).log(concept, rev=rev, limit=limit)

    def releases(self) -> list[Release]:
        """Every release (council decision), oldest first."""
        return list_releases(self)

    def release(
        self,
        tag: str,
        *,
        body: str,
        date: dt.date | str,
        number: str | None = None,
        concept: str | None = None,
        title: str | None = None,
        rev: str = "HEAD",
        author: str | None = None,
    ) -> Release:
        """Record a council decision as an annotated tag on `rev`.

        Raises:
            StoreError: The tag exists or a value is not valid.
            UnknownRevisionError: `rev` does not resolve.
            IdentityError: No `author` and no git identity of the user; no tag was made.
        """
        plumbing.signature(self.git, author)
        return create_release(
            self,
            tag,
            body=body,
            date=date,
            number=number,
            concept=concept,
            title=title,
            rev=rev,
            author=author,
        )

    def latest_release(self, concept: str | None = None) -> Release | None:
        """The most recent release (for `concept`), or None."""
        return latest_release(self, concept)

    @classmethod
    def clone(cls, url: str, path: str | os.PathLike[str]) -> Repository:
        """Clone a concept repository (a city's GitLab/Gitea, or a path) into `path`.

        Raises:
            RemoteError: The clone failed.
        """
        return cls.open(clone_into(url, path))

    def push(self, remote: str = "origin") -> str:
        """Push the branch and its releases to `remote`; what happened, in German.

        Raises:
            RemoteError: The remote refused; pull first when it has newer revisions.
        """
        return push_to(self.git, remote)

    def pull(
        self,
        remote: str = "origin",
        *,
        ours: Sequence[str] = (),
        theirs: Sequence[str] = (),
        author: str | None = None,
    ) -> str:
        """Bring the remote's revisions in: fast-forward or a semantic merge commit.

        Args:
            remote: The remote's name.
            ours: Entity ids whose conflicting keys keep our values.
            theirs: Entity ids whose conflicting keys take the remote's values.
            author: "Name <mail>" of the merge commit.

        Raises:
            MergeConflictError: Keys changed differently on both sides; nothing was changed.
            RemoteError: Fetching failed.
        """
        resolution = Resolution(ours, theirs)
        return pull_from(self.git, self.git_dir, remote, resolution=resolution, author=author)

    def sync(
        self,
        remote: str = "origin",
        *,
        ours: Sequence[str] = (),
        theirs: Sequence[str] = (),
        author: str | None = None,
    ) -> str:
        """Pull (see `pull` for the arguments), then push."""
        pulled = self.pull(remote, ours=ours, theirs=theirs, author=author)
        return f"{pulled}; {self.push(remote)}"

    def side(self, concept: Concept, sha: str | None) -> Any:
        """How a diff names a revision: title, date, release tag, decision number."""
        from konzeptdoc.store.compare import side

        return side(self, concept, sha)

    def diff(
        self,
        concept_id: str,
        rev_a: str | None = None,
        rev_b: str | None = None,
        *,
        with_authors: bool = False,
    ) -> Any:
        """The `ConceptDiff` between two revisions of a concept.

        `rev_a` defaults to the latest release of the concept (the version in force),
        `rev_b` to the working tree ("what would I submit against what is in force").
        Contribution authors (personal data) are compared only `with_authors`.

        Raises:
            UnknownRevisionError: A revision does not resolve, or there is no release yet.
        """
        from konzeptdoc.store.compare import compare

        return compare(self, concept_id, rev_a, rev_b, with_authors=with_authors)

    def history(
        self, concept_id: str, entity_id: str, *, rev: str = "HEAD", with_authors: bool = False
    ) -> list[HistoryEntry]:
        """Every revision in which one entity changed, oldest first.

        `entity_id` may also be a number as documents print it ("Maßnahme 1.2", "1.2").
        A contribution's author (personal data) is shown only `with_authors`.

        Raises:
            UnknownEntityError: The entity never existed, or the number fits none or several.
        """
        return history(self, concept_id, entity_id, rev, with_authors=with_authors)

    def blame(self, concept_id: str, *, rev: str = "HEAD") -> list[BlameLine]:
        """For every goal and measure: the revision that last changed it, and its release."""
        return blame(self, concept_id, rev)

    # -- reading --------------------------------------------------------------------------

    def concepts(self, rev: str = "HEAD") -> list[str]:
        """The ids of the concepts at `rev`, sorted."""
        return self.committed.concept_ids(self.resolve(rev))

    def settings(self, rev: str = "HEAD") -> Settings | None:
        """konzeptdoc.yaml at `rev` (None if it does not validate)."""
        return self.committed.settings(self.resolve(rev))

    def load(
        self, concept_id: str, rev: str = "HEAD", *, as_of: dt.date | str | None = None
    ) -> Concept:
        """The concept as it was at `rev` (a sha, branch, release tag) or in force on `as_of`.

        Raises:
            UnknownRevisionError: `rev` does not resolve.
            UnknownConceptError: The concept does not exist at that revision.
            ValidationError: The committed files have errors.
        """
        sha = self.resolve(rev, as_of=as_of, concept=concept_id)
        return self.committed.concept(concept_id, sha, root=self.root)

    # -- writing --------------------------------------------------------------------------

    def save(
        self,
        concept: Concept,
        *,
        message: str,
        author: str | None = None,
        date: dt.datetime | str | None = None,
        base: str | None = None,
    ) -> Revision:
        """Write the concept's files and commit them in one step; all or nothing.

        A save never reverts a change it has not seen. The commit is made only if the
        branch still points at the revision the concept is based on:

        - a concept from `load` carries its revision (edit it in place and save);
        - a concept rebuilt from data (``Concept.model_validate(...)``, `load_concept`, a
          tool's output) carries none: pass ``base=`` the revision its data came from,
          e.g. ``base = repository.head()`` read before building it;
        - without either, the save is refused with a ConflictError when the concept
          already exists in the branch and would change (a new concept needs no base).

        The working tree is updated after the commit.

        Raises:
            ValidationError: The concept has errors; nothing was written.
            ConflictError: The branch moved since its base (load again, reapply, save
                again), or the base is unknown (pass ``base=``).
            DirtyWorkingTreeError: The concept's files have uncommitted changes.
            DetachedHeadError: HEAD is not on a branch.
            IdentityError: No `author` and no git identity of the user; nothing was written.
        """
        plumbing.signature(self.git, author)
        source = concept.origin
        started = base or (source.revision if isinstance(source, ConceptSource) else None)
        sha, changed = save_concept(
            self.git,
            self.git_dir,
            self.committed,
            concept,
            started=started,
            message=message,
            author=author,
            date=date,
        )
        if changed and isinstance(source, ConceptSource):
            source.revision = sha
        return self.revision(sha) if sha else self.revision()

    def commit(
        self,
        message: str,
        *,
        author: str | None = None,
        date: dt.datetime | str | None = None,
        allow_empty: bool = False,
    ) -> Revision | None:
        """Validate the working tree and commit it; None when there is nothing to commit.

        Raises:
            ValidationError: The working tree has errors; nothing was committed.
            IdentityError: No `author` and no git identity of the user; nothing was committed.
        """
        plumbing.signature(self.git, author)
        problems = validate(self.root)
        if any(p.severity == "error" for p in problems):
            raise ValidationError(problems, path=self.root)
        new = commit_worktree(
            self.git,
            self.git_dir,
            message=message,
            author=author,
            date=date,
            allow_empty=allow_empty,
        )
        return None if new is None else self.revision(new)
