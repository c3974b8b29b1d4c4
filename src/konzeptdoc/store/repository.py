"""The concept repository: an ordinary git repository holding the concept format.

Reading never touches the working tree: files are read as blobs at a revision and their
parse is cached by blob id, so revisions that share a file share its parse. Saving is
validate → lock → compare-and-swap commit → working tree, see `lock` for the crash story.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from konzeptdoc.errors import (
    ConflictError,
    DetachedHeadError,
    DirtyWorkingTreeError,
    NotARepositoryError,
    StoreError,
    UnknownConceptError,
    UnknownRevisionError,
    ValidationError,
)
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import (
    CONCEPTS_DIR,
    SETTINGS_FILE,
    ConceptSource,
    concept_from_texts,
    read_settings,
)
from konzeptdoc.files.save import render_files, write_atomically
from konzeptdoc.files.workspace import validate
from konzeptdoc.model import Concept, Settings
from konzeptdoc.store.gitcmd import Git, initial_branch
from konzeptdoc.store.lock import Journal, repository_lock
from konzeptdoc.store.records import BlameLine, HistoryEntry, Release, Revision

_RECORD, _UNIT = "\x1e", "\x1f"
#: git log format of a revision record; `revision_from_log` reads it.
LOG_FORMAT = f"{_RECORD}%H{_UNIT}%an{_UNIT}%ae{_UNIT}%aI{_UNIT}%B"
_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
_AUTHOR = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>]*)>\s*$")
DEFAULT_AUTHOR = "konzeptdoc <konzeptdoc@localhost>"


class _ParseCache:
    """Texts and raw data of blobs by blob id (least recently used out first).

    Raw data is never handed out: every load validates it into fresh model objects, so
    callers can change what they load without touching the cache.
    """

    def __init__(self, git: Git, size: int = 512) -> None:
        self.git = git
        self.size = size
        self.texts: OrderedDict[str, str] = OrderedDict()
        self.items: dict[str, Any] = {}

    def text(self, sha: str) -> str:
        if sha in self.texts:
            self.texts.move_to_end(sha)
            return self.texts[sha]
        text = self.git.blob_bytes(sha).decode("utf-8-sig")
        self.texts[sha] = text
        if len(self.texts) > self.size:
            old, _ = self.texts.popitem(last=False)
            self.items.pop(old, None)
        return text

    def load(self, sha: str, text: str, path: Path) -> Any:
        if sha not in self.items:
            self.items[sha] = yamlio.load(text, path)
        return self.items[sha]


def revision_from_log(fields: list[str], tags: Mapping[str, list[str]]) -> Revision:
    """A Revision from the fields of LOG_FORMAT: sha, author, e-mail, ISO date, message."""
    sha, name, email, date, message = fields[:5]
    return Revision(
        sha, dt.datetime.fromisoformat(date), name, email, message.strip(), tuple(tags.get(sha, ()))
    )


def parse_author(author: str | None) -> tuple[str, str]:
    """ "Name <mail>" → (name, mail).

    Raises:
        StoreError: The text is not of that form.
    """
    match = _AUTHOR.match(author or DEFAULT_AUTHOR)
    if match is None:
        raise StoreError(f"author {author!r} is not of the form 'Name <mail@example.org>'")
    return match["name"], match["email"]


def git_date(date: dt.datetime | dt.date | str | None) -> str | None:
    """A date for git's environment (ISO 8601), or None for "now"."""
    if date is None:
        return None
    if isinstance(date, str):
        try:
            date = dt.datetime.fromisoformat(date)
        except ValueError:
            raise StoreError(
                f"date {date!r} is not ISO 8601 (e.g. 2020-07-09T18:00:00+02:00)"
            ) from None
    if not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time(12, 0))
    if date.tzinfo is None:
        date = date.astimezone()
    return date.isoformat()


class Repository:
    """A concept repository: concepts in git, with releases, history and blame.

    Open one with `Repository.open` or create one with `Repository.init`.
    """

    def __init__(self, root: Path, git: Git) -> None:
        self.root = root
        self.git = git
        self.git_dir = Path(git.run("rev-parse", "--absolute-git-dir").strip())
        self._cache = _ParseCache(git)
        self._trees: dict[str, dict[str, str]] = {}
        from konzeptdoc.store.history import ItemCache

        self._items = ItemCache(self)
        if Journal.path(self.git_dir).exists():
            with repository_lock(self.git_dir):  # a save in progress holds it: wait for it
                self._recover()

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] = ".") -> Repository:
        """Open the concept repository at or above `path`.

        Raises:
            GitNotFoundError: git is not installed.
            NotARepositoryError: `path` is not inside a git repository with konzeptdoc.yaml.
        """
        start = Path(path).resolve()
        if not start.exists():
            raise NotARepositoryError("no such directory", path=start)
        probe = Git(start if start.is_dir() else start.parent)
        top = probe.run("rev-parse", "--show-toplevel", check=False).strip()
        if not top:
            raise NotARepositoryError(
                "not a concept repository (no git repository here): create one with "
                "'konzeptdoc init' or give its path with -C",
                path=start,
            )
        root = Path(top)
        if not (root / SETTINGS_FILE).is_file():
            raise NotARepositoryError(
                f"a git repository, but without {SETTINGS_FILE}: not a concept repository "
                "('konzeptdoc init' creates one)",
                path=root,
            )
        return cls(root, Git(root))

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
        """
        from konzeptdoc.files.schema import write_schemas

        root = Path(path)
        if (root / SETTINGS_FILE).exists():
            raise StoreError(
                f"{SETTINGS_FILE} exists already: this is a concept repository", path=root
            )
        Settings(municipality=municipality, state=state)  # validates the values
        root.mkdir(parents=True, exist_ok=True)
        git = Git(root)
        if not (root / ".git").exists():
            git.run("init", "-q", f"--initial-branch={initial_branch()}")
        lines = [
            "# yaml-language-server: $schema=schemas/konzeptdoc.schema.json",
            "schema_version: 1",
            f"municipality: {yamlio.dump_scalar(municipality)}",
        ]
        if state:
            lines.append(f"state: {yamlio.dump_scalar(state)}")
        write_atomically(root / SETTINGS_FILE, "\n".join(lines) + "\n")
        write_schemas(root / "schemas")
        (root / CONCEPTS_DIR).mkdir(exist_ok=True)
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
        out = self.git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
        if not out:
            raise DetachedHeadError(
                "HEAD is detached: check out a branch first ('git switch main')", path=self.root
            )
        return out

    def head(self) -> str | None:
        """The sha the current branch points to, or None before the first commit."""
        out = self.git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        return out.strip() or None

    def resolve(
        self, rev: str = "HEAD", *, as_of: dt.date | str | None = None, concept: str | None = None
    ) -> str:
        """The commit sha of `rev`, or of the release in force on `as_of`.

        Raises:
            UnknownRevisionError: Nothing matches.
        """
        if as_of is not None:
            from konzeptdoc.store.releases import in_force

            return in_force(self, as_of, concept=concept).sha
        if _FULL_SHA.match(rev) and any(key.startswith(rev) for key in self._trees):
            return rev  # a commit we have read from already: it exists
        return self.git.rev_parse(rev)

    def revision(self, rev: str = "HEAD") -> Revision:
        """The `Revision` record of one commit."""
        found = self.log(rev=rev, limit=1)
        if not found:
            raise UnknownRevisionError(f"unknown revision '{rev}'", path=self.root)
        return found[0]

    def log(
        self, concept: str | None = None, *, rev: str = "HEAD", limit: int | None = None
    ) -> list[Revision]:
        """Revisions newest first; with `concept`, only those that changed it."""
        from konzeptdoc.store.releases import tags_by_commit

        if self.head() is None:
            return []
        args = ["log", f"--format={LOG_FORMAT}"]
        if limit is not None:
            args.append(f"-n{limit}")
        args.append(self.git.rev_parse(rev))
        if concept is not None:
            args += ["--", f"{CONCEPTS_DIR}/{concept}"]
        tags = tags_by_commit(self)
        return [
            revision_from_log(record.split(_UNIT, 4), tags)
            for record in self.git.run(*args).split(_RECORD)[1:]
        ]

    def releases(self) -> list[Release]:
        """Every release (council decision), oldest first."""
        from konzeptdoc.store.releases import list_releases

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
        """
        from konzeptdoc.store.releases import create_release

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
        from konzeptdoc.store.releases import latest_release

        return latest_release(self, concept)

    @classmethod
    def clone(cls, url: str, path: str | os.PathLike[str]) -> Repository:
        """Clone a concept repository (a city's GitLab/Gitea, or a path) into `path`.

        Raises:
            RemoteError: The clone failed.
        """
        from konzeptdoc.store.remote import clone

        return clone(url, path)

    def push(self, remote: str = "origin") -> str:
        """Push the branch and its releases to `remote`.

        Raises:
            RemoteError: The remote refused; pull first when it has newer revisions.
        """
        from konzeptdoc.store.remote import push

        return push(self, remote)

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
        from konzeptdoc.store.merge import Resolution
        from konzeptdoc.store.remote import pull

        return pull(self, remote, resolution=Resolution(ours, theirs), author=author)

    def sync(self, remote: str = "origin", **options: Any) -> str:
        """Pull, then push."""
        pulled = self.pull(remote, **options)
        self.push(remote)
        return f"{pulled}; pushed to {remote}"

    def side(self, concept: Concept, sha: str | None) -> Any:
        """How a diff names a revision: title, date, release tag, decision number."""
        from konzeptdoc.diff import Side

        if sha is None:
            return Side(f"{concept.title} (Arbeitsstand)")
        revision = self.revision(sha)
        releases = [r for r in self.releases() if r.sha == sha and r.concept in (None, concept.id)]
        release = releases[-1] if releases else None
        return Side(
            concept.title,
            revision.date.strftime("%d.%m.%Y"),
            release.tag if release else None,
            release.number if release else None,
        )

    def diff(self, concept_id: str, rev_a: str | None = None, rev_b: str | None = None) -> Any:
        """The `ConceptDiff` between two revisions of a concept.

        `rev_a` defaults to the latest release of the concept (the version in force),
        `rev_b` to the working tree ("what would I submit against what is in force").

        Raises:
            UnknownRevisionError: A revision does not resolve, or there is no release yet.
        """
        from konzeptdoc.diff import diff
        from konzeptdoc.files.workspace import load_concept

        if rev_a is None:
            release = self.latest_release(concept_id)
            if release is None:
                raise UnknownRevisionError(
                    f"concept '{concept_id}' has no release yet: give the revision to compare with",
                    path=self.root,
                )
            rev_a = release.tag
        sha_a = self.resolve(rev_a)
        old = self.load(concept_id, sha_a)
        if rev_b is None:
            new = load_concept(self.root / CONCEPTS_DIR / concept_id)
            sha_b = None
        else:
            sha_b = self.resolve(rev_b)
            new = self.load(concept_id, sha_b)
        return diff(old, new, old_side=self.side(old, sha_a), new_side=self.side(new, sha_b))

    def history(self, concept_id: str, entity_id: str, *, rev: str = "HEAD") -> list[HistoryEntry]:
        """Every revision in which one entity changed, oldest first.

        Raises:
            UnknownEntityError: The entity never existed in the concept.
        """
        from konzeptdoc.store.history import history

        return history(self, concept_id, entity_id, rev)

    def blame(self, concept_id: str, *, rev: str = "HEAD") -> list[BlameLine]:
        """For every goal and measure: the revision that last changed it, and its release."""
        from konzeptdoc.store.history import blame

        return blame(self, concept_id, rev)

    # -- reading --------------------------------------------------------------------------

    def concepts(self, rev: str = "HEAD") -> list[str]:
        """The ids of the concepts at `rev`, sorted."""
        sha = self.resolve(rev)
        names = {name.split("/", 1)[0] for name in self._listing(sha, CONCEPTS_DIR)}
        return sorted(n for n in names if f"{n}/concept.yaml" in self._listing(sha, CONCEPTS_DIR))

    def _listing(self, sha: str, path: str) -> dict[str, str]:
        key = f"{sha}:{path}"
        if key not in self._trees:  # a commit's tree never changes: cache it
            self._trees[key] = self.git.ls_tree(sha, path)
        return self._trees[key]

    def settings(self, rev: str = "HEAD") -> Settings | None:
        """konzeptdoc.yaml at `rev` (None if it does not validate)."""
        listing = self._listing(self.resolve(rev), SETTINGS_FILE)
        if SETTINGS_FILE not in listing:
            return None
        blob = listing[SETTINGS_FILE]
        try:
            return Settings.model_validate(
                self._cache.load(blob, self._cache.text(blob), Path(SETTINGS_FILE))
            )
        except Exception:
            return None

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
        folder = f"{CONCEPTS_DIR}/{concept_id}"
        blobs = self._listing(sha, folder)
        if "concept.yaml" not in blobs:
            known = ", ".join(self.concepts(sha)) or "none"
            raise UnknownConceptError(
                f"no concept '{concept_id}' at {sha[:7]} (concepts there: {known})", path=self.root
            )
        texts = {rel: self._cache.text(blob) for rel, blob in blobs.items()}
        label = Path(folder)

        def cached(text: str, path: Path) -> Any:
            return self._cache.load(blobs[path.relative_to(label).as_posix()], text, path)

        concept, problems = concept_from_texts(
            label, texts, settings=self.settings(sha), load=cached
        )
        if concept is None:
            raise ValidationError(problems, path=label)
        assert isinstance(concept._source, ConceptSource)
        concept._source.revision = sha
        return concept

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

        The commit is made only if the branch still points where the concept was loaded
        (or at `base`); the working tree is updated after.

        Raises:
            ValidationError: The concept has errors; nothing was written.
            ConflictError: The branch moved since; load again, reapply, save again.
            DirtyWorkingTreeError: The concept's files have uncommitted changes.
            DetachedHeadError: HEAD is not on a branch.
        """
        source = concept._source
        started = base or (source.revision if isinstance(source, ConceptSource) else None)
        folder = f"{CONCEPTS_DIR}/{concept.id}"
        branch = self.branch
        with repository_lock(self.git_dir):
            self._recover()
            head = self.head()
            if started is not None and head != started:
                raise ConflictError(
                    f"concept '{concept.id}' was loaded at {started[:7]}, but '{branch}' has moved "
                    f"to {(head or '')[:7]}: load it again, reapply the change and save",
                    expected=started,
                    actual=head or "",
                )
            existing = (
                {}
                if head is None
                else {
                    rel: self.git.blob_bytes(blob).decode("utf-8-sig")
                    for rel, blob in self._listing(head, folder).items()
                }
            )
            changes = render_files(concept, existing, schema_prefix=self._schema_prefix())
            self._check_clean(folder)
            if not changes:
                return self.revision(head) if head else self.revision()
            paths = {f"{folder}/{rel}": text for rel, text in changes.items()}
            new = self._commit_files(paths, head, message=message, author=author, date=date)
            journal = Journal(branch, head or "", new, folder, {k: v for k, v in paths.items()})
            journal.write(self.git_dir)
            self._update_ref(branch, new, head)
            self._write_worktree(journal)
            Journal.clear(self.git_dir)
        if isinstance(source, ConceptSource):
            source.revision = new
        return self.revision(new)

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
        """
        problems = validate(self.root)
        if any(p.severity == "error" for p in problems):
            raise ValidationError(problems, path=self.root)
        branch = self.branch
        with repository_lock(self.git_dir):
            head = self.head()
            paths = [
                p for p in (SETTINGS_FILE, CONCEPTS_DIR, "schemas") if (self.root / p).exists()
            ]
            self.git.run("add", "-A", "--", *paths)
            tree = self.git.run("write-tree").strip()
            unchanged = (
                head is not None and tree == self.git.run("rev-parse", f"{head}^{{tree}}").strip()
            )
            if unchanged and not allow_empty:
                return None
            new = self._commit_tree(tree, head, message=message, author=author, date=date)
            self._update_ref(branch, new, head)
        return self.revision(new)

    # -- internals ------------------------------------------------------------------------

    def _schema_prefix(self) -> str | None:
        return "../../schemas" if (self.root / "schemas").is_dir() else None

    def _check_clean(self, folder: str) -> None:
        out = self.git.run("status", "--porcelain", "--untracked-files=all", "--", folder)
        dirty = [line[3:] for line in out.splitlines() if line.strip()]
        if dirty:
            listed = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
            raise DirtyWorkingTreeError(
                f"uncommitted changes in {listed}: commit them ('konzeptdoc commit -m …') or "
                "discard them ('git checkout -- <file>') before saving",
                path=self.root,
            )

    def _commit_files(self, files: Mapping[str, str | None], head: str | None, **meta: Any) -> str:
        return self._commit_tree(self._write_tree(files, head), head, **meta)

    def _write_tree(self, files: Mapping[str, str | None], head: str | None) -> str:
        """The tree of `head` with `files` written (None: removed), built in a private index."""
        changed = [(path, text) for path, text in files.items() if text is not None]
        shas = self.git.hash_objects([text.encode("utf-8") for _, text in changed])
        lines = [f"100644 {sha}\t{path}" for (path, _), sha in zip(changed, shas, strict=True)]
        lines += [f"0 {'0' * 40}\t{path}" for path, text in files.items() if text is None]
        index = self.git_dir / f"konzeptdoc-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            if head is not None:
                self.git.run("read-tree", head, env=env)
            self.git.run(
                "update-index", "--index-info", input="\n".join(lines).encode() + b"\n", env=env
            )
            tree = self.git.run("write-tree", env=env).strip()
        finally:
            index.unlink(missing_ok=True)
        return tree

    def _commit_tree(
        self,
        tree: str,
        parent: str | None,
        *,
        message: str,
        author: str | None,
        date: dt.datetime | str | None,
        extra_parents: Sequence[str] = (),
    ) -> str:
        name, email = parse_author(author)
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
        }
        when = git_date(date)
        if when is not None:
            env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        args = ["commit-tree", tree, "-F", "-"] + (["-p", parent] if parent else [])
        for other in extra_parents:
            args += ["-p", other]
        return self.git.run(*args, input=message.encode("utf-8"), env=env).strip()

    def _update_ref(self, branch: str, new: str, old: str | None) -> None:
        # update-ref compares and swaps under git's own ref lock: the branch moves only if it
        # still points at `old`.
        result = self.git.run(
            "update-ref",
            "-m",
            "konzeptdoc",
            f"refs/heads/{branch}",
            new,
            old or "0" * 40,
            check=False,
        )
        actual = self.head() or ""
        if actual != new:
            raise ConflictError(
                f"'{branch}' moved to {actual[:7]} while saving: load again and retry{result}",
                expected=old or "",
                actual=actual,
            )

    def _write_worktree(self, journal: Journal) -> None:
        for path, text in journal.files.items():
            target = self.root / path
            if text is None:
                target.unlink(missing_ok=True)
            else:
                write_atomically(target, text)
        self.git.run("update-index", "-q", "--add", "--remove", "--", *journal.files)

    def _recover(self) -> None:
        journal = Journal.read(self.git_dir)
        if journal is None:
            return
        head = self.git.run(
            "rev-parse", "--verify", "--quiet", f"refs/heads/{journal.branch}", check=False
        ).strip()
        if head == journal.new:  # committed, killed before the working tree was written
            self._write_worktree(journal)
        for stray in (self.root / journal.folder).rglob(".*.tmp"):
            stray.unlink(missing_ok=True)
        for index in self.git_dir.glob("konzeptdoc-index-*"):
            if not _alive(index.name.rsplit("-", 1)[-1]):
                index.unlink(missing_ok=True)
        Journal.clear(self.git_dir)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def open_settings(root: Path) -> Settings | None:
    """konzeptdoc.yaml of a working tree (for callers without a Repository)."""
    settings, _ = read_settings(root)
    return settings
