"""Git plumbing of a concept repository: commits, refs, the save journal, the working tree.

Every function works on a `Git` (whose root is the working tree) and, where it keeps files
of its own, the repository's git directory. `Repository`, `remote` and `history` build on
these names; none of them reaches into another's internals.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from konzeptdoc.errors import (
    ConflictError,
    DetachedHeadError,
    DirtyWorkingTreeError,
    IdentityError,
    RefLockError,
    StoreError,
)
from konzeptdoc.files.atomic import write_atomically
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.gitsays import meaning
from konzeptdoc.store.lock import Journal
from konzeptdoc.store.records import Revision

#: Separators of `LOG_FORMAT`: one before each record, one between its fields.
RECORD, UNIT = "\x1e", "\x1f"
#: git log format of a revision record; `revision_from_log` reads it.
LOG_FORMAT = f"{RECORD}%H{UNIT}%an{UNIT}%ae{UNIT}%aI{UNIT}%B"
_AUTHOR = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>]*)>\s*$")


@dataclass
class Commit:
    """A commit of a folder's log: its revision and the blobs it wrote there."""

    revision: Revision
    changes: dict[str, str | None] = field(default_factory=dict)  # path → new blob (None: deleted)


def revision_from_log(fields: list[str], tags: Mapping[str, list[str]]) -> Revision:
    """A Revision from the fields of LOG_FORMAT: sha, author, e-mail, ISO date, message."""
    sha, name, email, date, message = fields[:5]
    return Revision(
        sha, dt.datetime.fromisoformat(date), name, email, message.strip(), tuple(tags.get(sha, ()))
    )


def log(
    git: Git, sha: str, tags: Mapping[str, list[str]], path: str | None, limit: int | None
) -> list[Revision]:
    """The revisions from commit `sha` back, newest first; with `path`, those that changed it."""
    args = ["log", "--no-show-signature", f"--format={LOG_FORMAT}"]
    if limit is not None:
        args.append(f"-n{limit}")
    args.append(sha)
    if path is not None:
        args += ["--", path]
    return [revision_from_log(r.split(UNIT, 4), tags) for r in git.run(*args).split(RECORD)[1:]]


def parse_author(author: str) -> tuple[str, str]:
    """ "Name <mail>" → (name, mail).

    Raises:
        StoreError: The text is not of that form.
    """
    match = _AUTHOR.match(author)
    if match is None:
        raise StoreError(f"Autor „{author}“ hat nicht die Form „Name <mail@example.org>“")
    return match["name"], match["email"]


def signature(git: Git, author: str | None) -> dict[str, str]:
    """git's environment for a commit by `author`, or by the user when no author is given.

    The user is who git would record: GIT_AUTHOR_*/GIT_COMMITTER_* from the environment, else
    author.*/committer.* and user.name/user.email from git config (repository, global,
    system), else EMAIL. The committer is the user where git knows them (as with
    `git commit --author`), else the author.

    Raises:
        IdentityError: No author given and git knows no name or e-mail of the user.
    """
    done = git.call(
        "config", "--get-regexp", r"^(user|author|committer)\.(name|email)$", check=False
    )
    config: dict[str, str] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(" ")
        # Listed system, global, then the repository's own: the last wins, as in git, so a
        # repository's user.name outranks the one in ~/.gitconfig.
        config[key.lower()] = value.strip()

    def person(role: str) -> tuple[str, str]:
        name = (
            os.environ.get(f"GIT_{role.upper()}_NAME")
            or config.get(f"{role}.name")
            or config.get("user.name", "")
        )
        email = (
            os.environ.get(f"GIT_{role.upper()}_EMAIL")
            or config.get(f"{role}.email")
            or config.get("user.email")
            or os.environ.get("EMAIL", "")
        )
        return name.strip(), email.strip()

    user = person("author")
    name, email = parse_author(author) if author else user
    if not name or not email:
        raise IdentityError(
            "git kennt Ihren Namen und Ihre E-Mail-Adresse nicht; konzeptdoc trägt sie in jede "
            "Revision ein. Einmal einrichten:\n"
            '  git config --global user.name "Vorname Nachname"\n'
            '  git config --global user.email "name@stadt.example"\n'
            'oder beim Befehl angeben: --author "Vorname Nachname <name@stadt.example>"'
        )
    committer = person("committer")
    if not all(committer):
        committer = (name, email)
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
    }


def git_date(date: dt.datetime | dt.date | str | None) -> str | None:
    """A date for git's environment (ISO 8601), or None for "now"."""
    if date is None:
        return None
    if isinstance(date, str):
        try:
            date = dt.datetime.fromisoformat(date)
        except ValueError:
            raise StoreError(
                f"Datum „{date}“ ist nicht in ISO 8601 geschrieben (z. B. 2020-07-09T18:00:00+02:00)"
            ) from None
    if not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time(12, 0))
    if not 1970 <= date.year < 2100:  # git stores seconds since 1970; it refuses 2100 on
        raise StoreError(
            f"Das Datum {date:%d.%m.%Y} kann git nicht speichern (nur Daten von 1970 bis "
            "2099): ein Datum in diesem Bereich angeben"
        )
    if date.tzinfo is None:
        date = date.astimezone()
    return date.isoformat()


# -- refs -------------------------------------------------------------------------------


def current_branch(git: Git) -> str:
    """The checked-out branch.

    Raises:
        DetachedHeadError: HEAD is detached.
    """
    out = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
    if not out:
        raise DetachedHeadError(
            "Kein Branch ausgecheckt (HEAD ist losgelöst): zuerst einen Branch auschecken "
            "(„git switch main“)",
            path=git.root,
        )
    return out


def head(git: Git) -> str | None:
    """The sha the current branch points to, or None before the first commit."""
    out = git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    return out.strip() or None


def update_ref(git: Git, branch: str, new: str, old: str | None) -> None:
    """Move `branch` from `old` to `new`, only if it still points at `old`.

    Raises:
        ConflictError: The branch moved meanwhile.
        RefLockError: A lock file of git is in the way (named in the message).
    """
    # update-ref compares and swaps under git's own ref lock.
    result = git.call(
        "update-ref", "-m", "konzeptdoc", f"refs/heads/{branch}", new, old or "0" * 40, check=False
    )
    if result.returncode != 0:
        raise_lock_error(git, result.stderr)
    actual = head(git) or ""
    if actual != new:
        said = result.stderr.decode("utf-8", "replace").strip()
        raise ConflictError(
            f"der Zweig „{branch}“ wurde während des Speicherns auf {actual[:7]} versetzt: "
            "neu laden und erneut speichern" + (f" ({meaning(said)})" if said else ""),
            expected=old or "",
            actual=actual,
        )


_LOCKED = re.compile(rb"Unable to create '([^']+\.lock)': File exists")


def raise_lock_error(git: Git, stderr: bytes) -> None:
    """Raise RefLockError if git's error output says a lock file is in the way."""
    found = _LOCKED.search(stderr)
    if found is None:
        return
    lock = Path(found.group(1).decode("utf-8", "replace"))
    try:
        shown = lock.relative_to(git.root)
    except ValueError:
        shown = lock
    raise RefLockError(
        f"die Sperrdatei {shown.as_posix()} von git existiert: ein anderer git-Befehl läuft "
        "gerade oder ist abgebrochen. Nichts wurde gespeichert. Wenn kein git-Programm mehr "
        "läuft (auch kein Editor mit git-Anbindung), die Datei löschen und erneut versuchen",
        path=lock,
    )


def is_ancestor(git: Git, older: str, newer: str) -> bool:
    """Whether commit `older` is an ancestor of (or the same as) `newer`."""
    return git.succeeds("merge-base", "--is-ancestor", older, newer)


def changed_paths(git: Git, old: str, new: str) -> dict[str, str | None]:
    """path → new blob (None: deleted) for every file that differs between two commits."""
    args = [
        "-c",
        "core.quotePath=false",
        "diff-tree",
        "-r",
        "--no-renames",
        "--raw",
        "--no-ext-diff",
        "--no-textconv",
    ]
    return raw_changes(git.run(*args, "--no-abbrev", old, new))


def raw_changes(raw: str) -> dict[str, str | None]:
    """path → new blob (None: deleted) of the ``--raw`` lines in `raw` (other lines are
    skipped): what diff-tree and ``log --raw`` print per changed file."""
    changes: dict[str, str | None] = {}
    for line in raw.splitlines():
        if line.startswith(":"):
            meta, path = line.split("\t", 1)
            fields = meta.split()
            changes[path] = None if fields[4] == "D" else fields[3]
    return changes


# -- commits ----------------------------------------------------------------------------


def write_tree(git: Git, git_dir: Path, files: Mapping[str, str | None], parent: str | None) -> str:
    """The tree of `parent` with `files` written (None: removed), built in a private index."""
    changed = [(path, text) for path, text in files.items() if text is not None]
    shas = git.hash_objects([text.encode("utf-8") for _, text in changed])
    lines = [f"100644 {sha}\t{path}" for (path, _), sha in zip(changed, shas, strict=True)]
    lines += [f"0 {'0' * 40}\t{path}" for path, text in files.items() if text is None]
    index = git_dir / f"konzeptdoc-index-{os.getpid()}"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        if parent is not None:
            git.run("read-tree", parent, env=env)
        git.run("update-index", "--index-info", input="\n".join(lines).encode() + b"\n", env=env)
        tree = git.run("write-tree", env=env).strip()
    finally:
        index.unlink(missing_ok=True)
    return tree


def commit_tree(
    git: Git,
    tree: str,
    parent: str | None,
    *,
    message: str,
    author: str | None,
    date: dt.datetime | str | None,
    extra_parents: Sequence[str] = (),
) -> str:
    """A commit object of `tree` (no ref moves); its sha."""
    env = signature(git, author)
    when = git_date(date)
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    args = ["commit-tree", tree, "-F", "-"] + (["-p", parent] if parent else [])
    for other in extra_parents:
        args += ["-p", other]
    return git.run(*args, input=message.encode("utf-8"), env=env).strip()


def commit_files(
    git: Git,
    git_dir: Path,
    files: Mapping[str, str | None],
    parent: str | None,
    *,
    message: str,
    author: str | None,
    date: dt.datetime | str | None,
) -> str:
    """A commit of `parent`'s tree with `files` written (None: removed); its sha."""
    tree = write_tree(git, git_dir, files, parent)
    return commit_tree(git, tree, parent, message=message, author=author, date=date)


# -- working tree and journal -------------------------------------------------------------


def check_clean(git: Git, folder: str) -> None:
    """Refuse when `folder` has uncommitted changes.

    Raises:
        DirtyWorkingTreeError: It has.
    """
    out = git.run("status", "--porcelain", "--untracked-files=all", "--", folder)
    dirty = [line[3:] for line in out.splitlines() if line.strip()]
    if dirty:
        listed = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise DirtyWorkingTreeError(
            f"Änderungen, die noch nicht committet sind, in {listed}: zuerst committen "
            "(„konzeptdoc commit -m …“) oder verwerfen („git checkout -- DATEI“)",
            path=git.root,
        )


def write_worktree(git: Git, journal: Journal) -> None:
    """Write the journal's files into the working tree and the index."""
    for path, text in journal.files.items():
        target = git.root / path
        if text is None:
            target.unlink(missing_ok=True)
        else:
            write_atomically(target, text)
    git.run("update-index", "-q", "--add", "--remove", "--", *journal.files)


def advance(git: Git, git_dir: Path, journal: Journal) -> None:
    """Move the journal's branch to its new commit, then write its files; journalled.

    Call it holding the repository lock.

    Raises:
        ConflictError: The branch moved meanwhile; nothing was written.
        RefLockError: A lock file of git is in the way; nothing was written.
    """
    journal.write(git_dir)
    try:
        update_ref(git, journal.branch, journal.new, journal.old or None)
    except StoreError:  # the branch did not move: nothing to finish later
        Journal.clear(git_dir)
        raise
    write_worktree(git, journal)
    Journal.clear(git_dir)


def recover(git: Git, git_dir: Path) -> None:
    """Finish or forget a save that was killed (see `lock`); call it holding the lock."""
    journal = Journal.read(git_dir)
    if journal is None:
        return
    branch_head = git.run(
        "rev-parse", "--verify", "--quiet", f"refs/heads/{journal.branch}", check=False
    ).strip()
    if branch_head == journal.new:  # committed, killed before the working tree was written
        write_worktree(git, journal)
    for stray in (git.root / journal.folder).rglob(".*.tmp"):
        stray.unlink(missing_ok=True)
    for index in git_dir.glob("konzeptdoc-index-*"):
        if not _alive(index.name.rsplit("-", 1)[-1]):
            index.unlink(missing_ok=True)
    Journal.clear(git_dir)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
