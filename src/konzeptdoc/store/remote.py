"""Sharing through an ordinary git remote: clone, push, pull (with the semantic merge), sync."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from konzeptdoc.errors import (
    KonzeptdocError,
    MergeConflict,
    MergeConflictError,
    RemoteError,
    StoreError,
)
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import CONCEPTS_DIR, KINDS, concept_from_texts
from konzeptdoc.store.lock import Journal, repository_lock
from konzeptdoc.store.merge import Resolution, merge_files
from konzeptdoc.store.records import Revision

if TYPE_CHECKING:
    from konzeptdoc.store.repository import Repository


def clone(url: str, path: str | os.PathLike[str]) -> Repository:
    """Clone a concept repository from `url` (a path, https or ssh address) into `path`.

    Raises:
        RemoteError: The clone failed.
        NotARepositoryError: What was cloned is not a concept repository.
    """
    from konzeptdoc.store.gitcmd import Git
    from konzeptdoc.store.repository import Repository

    target = Path(path)
    if url.startswith("-"):
        raise RemoteError(f"{url!r} is not a repository address")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        Git(target.parent).run("clone", "-q", "--", url, str(target.resolve()))
    except StoreError as exc:
        raise RemoteError(f"could not clone {url}: {exc.message}") from exc
    return Repository.open(target)


def _check_remote(remote: str) -> None:
    if not remote or remote.startswith("-"):
        raise RemoteError(f"{remote!r} is not a remote name")


def push(repository: Repository, remote: str = "origin") -> str:
    """Push the current branch and its release tags; return git's summary.

    Raises:
        RemoteError: The remote refused (e.g. it has revisions we lack: pull first).
    """
    _check_remote(remote)
    branch = repository.branch
    try:
        return repository.git.run(
            "push", "--porcelain", "--follow-tags", remote, f"{branch}:{branch}"
        )
    except StoreError as exc:
        hint = (
            " – run 'konzeptdoc pull' first"
            if "rejected" in exc.message or "fetch first" in exc.message
            else ""
        )
        raise RemoteError(f"push to '{remote}' failed{hint}: {exc.message}") from exc


def _ancestor_status(repository: Repository, older: str, newer: str) -> bool:
    import subprocess

    return (
        subprocess.run(
            [repository.git.executable, "merge-base", "--is-ancestor", older, newer],
            cwd=repository.root,
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )


def pull(
    repository: Repository,
    remote: str = "origin",
    *,
    resolution: Resolution | None = None,
    author: str | None = None,
) -> str:
    """Fetch and bring the remote's revisions in: fast-forward, or a semantic merge commit.

    Returns what happened ("up to date", "fast-forward to …", "merged …").

    Raises:
        RemoteError: Fetching failed.
        MergeConflictError: The same key of the same entity changed on both sides; nothing
            was changed. Resolve per entity with `resolution` (ours/theirs).
        DirtyWorkingTreeError: Uncommitted changes would be overwritten.
    """
    _check_remote(remote)
    branch = repository.branch
    try:
        repository.git.run("fetch", "-q", "--tags", remote, branch)
    except StoreError as exc:
        raise RemoteError(f"fetch from '{remote}' failed: {exc.message}") from exc
    theirs = repository.git.rev_parse("FETCH_HEAD")
    with repository_lock(repository.git_dir):
        repository._recover()
        ours = repository.head()
        if ours is None:
            raise StoreError("the local branch has no commits: clone the remote instead")
        if ours == theirs or _ancestor_status(repository, theirs, ours):
            return "up to date"
        repository._check_clean(".")
        if _ancestor_status(repository, ours, theirs):
            changes = _worktree_changes(repository, ours, theirs)
            _finish(repository, branch, ours, theirs, changes)
            return f"fast-forward to {theirs[:7]}"
        base = repository.git.run("merge-base", ours, theirs).strip()
        merged = _merge(repository, base, ours, theirs, resolution or Resolution(), branch, author)
        return f"merged {remote}/{branch} ({theirs[:7]}) into {ours[:7]}: {merged.short}"


def _changed_paths(repository: Repository, old: str, new: str) -> dict[str, str | None]:
    """path → new blob (None: deleted) for every file that differs between two commits."""
    out = repository.git.run("-c", "core.quotePath=false", "diff-tree", "-r", "--no-renames", "--raw",
                             "--no-abbrev", old, new)  # fmt: skip
    changes: dict[str, str | None] = {}
    for line in out.splitlines():
        if line.startswith(":"):
            meta, path = line.split("\t", 1)
            fields = meta.split()
            changes[path] = None if fields[4] == "D" else fields[3]
    return changes


def _worktree_changes(repository: Repository, old: str, new: str) -> dict[str, str | None]:
    return {path: None if blob is None else repository.git.blob_bytes(blob).decode("utf-8")
            for path, blob in _changed_paths(repository, old, new).items()}  # fmt: skip


def _finish(
    repository: Repository, branch: str, old: str, new: str, files: dict[str, str | None]
) -> None:
    journal = Journal(branch, old, new, CONCEPTS_DIR, files)
    journal.write(repository.git_dir)
    repository._update_ref(branch, new, old)
    repository._write_worktree(journal)
    Journal.clear(repository.git_dir)


def _kind_of(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != CONCEPTS_DIR or not path.endswith(".yaml"):
        return "settings" if path == "konzeptdoc.yaml" else None
    rest = "/".join(parts[2:])
    if rest.startswith("fields/"):
        return "field"
    return {"concept.yaml": "concept", "participation.yaml": "participation",
            "submission.yaml": "submission"}.get(rest)  # fmt: skip


def _merge(
    repository: Repository,
    base: str,
    ours: str,
    theirs: str,
    resolution: Resolution,
    branch: str,
    author: str | None,
) -> Revision:
    our_changes = _changed_paths(repository, base, ours)
    their_changes = _changed_paths(repository, base, theirs)
    base_blobs = repository.git.ls_tree(base, ".")
    result: dict[str, str | None] = {}
    conflicts: list[MergeConflict] = []
    for path, their_blob in their_changes.items():
        if path not in our_changes:  # only they changed it: take theirs
            result[path] = None if their_blob is None else _text(repository, their_blob)
            continue
        our_blob = our_changes[path]
        if our_blob == their_blob:  # both made the same change
            continue
        if _kind_of(path) is None:
            conflicts.append(MergeConflict(path, "file", "(whole file)", "changed", "changed"))
            continue
        data = [_data(repository, blob) for blob in (base_blobs.get(path), our_blob, their_blob)]
        relative = path.split("/", 2)[2] if path.startswith(CONCEPTS_DIR + "/") else path
        merged, found = merge_files({relative: data[0]} if data[0] is not None else {},
                                    {relative: data[1]} if data[1] is not None else {},
                                    {relative: data[2]} if data[2] is not None else {}, resolution)  # fmt: skip
        conflicts += [_in_concept(c, path) for c in found]
        if relative not in merged:
            result[path] = None
            continue
        result[path] = _written(repository, path, our_blob, their_blob, merged[relative])
    if conflicts:
        raise MergeConflictError(conflicts)
    _validate_merge(repository, ours, result)
    new = repository._commit_files(result, ours, message=f"Merge {theirs[:7]} (konzeptdoc, semantic)",
                                   author=author, date=None)  # fmt: skip
    merge_commit = repository._commit_tree(repository.git.run("rev-parse", f"{new}^{{tree}}").strip(),
                                           ours, message=f"Merge {theirs[:7]} into {branch} (konzeptdoc)",
                                           author=author, date=None, extra_parents=[theirs])  # fmt: skip
    _finish(repository, branch, ours, merge_commit, result)
    return repository.revision(merge_commit)


def _in_concept(conflict: MergeConflict, path: str) -> MergeConflict:
    parts = path.split("/")
    prefix = f"{parts[1]}/" if len(parts) > 2 else ""
    return MergeConflict(prefix + conflict.file if not conflict.file.startswith(prefix) else conflict.file,
                         conflict.entity, conflict.key, conflict.ours, conflict.theirs)  # fmt: skip


def _text(repository: Repository, blob: str) -> str:
    return repository.git.blob_bytes(blob).decode("utf-8-sig")


def _data(repository: Repository, blob: str | None) -> Any:
    if blob is None:
        return None
    try:
        return yamlio.load(_text(repository, blob))
    except KonzeptdocError:
        return None


def _written(
    repository: Repository, path: str, our_blob: str | None, their_blob: str | None, data: Any
) -> str:
    """The merged data as text, edited into our file so its comments and layout stay."""
    source = our_blob or their_blob
    assert source is not None
    text = _text(repository, source)
    tree = yamlio.load_roundtrip(text)
    kind = _kind_of(path) or "concept"
    order = list(KINDS[kind][0].model_fields)
    tree, _ = yamlio.merge(tree, data, order)
    return yamlio.dump_roundtrip(tree, yamlio.guess_indent(text), nulls=yamlio.null_word(text))


def _validate_merge(repository: Repository, ours: str, result: dict[str, str | None]) -> None:
    """The merged concepts must validate: a measure may point at a goal the other side removed."""
    concepts = {p.split("/")[1] for p in result if p.startswith(CONCEPTS_DIR + "/")}
    problems = []
    for concept_id in sorted(concepts):
        folder = f"{CONCEPTS_DIR}/{concept_id}"
        texts = {
            rel: _text(repository, blob)
            for rel, blob in repository.git.ls_tree(ours, folder).items()
        }
        for path, text in result.items():
            if path.startswith(folder + "/"):
                relative = path[len(folder) + 1 :]
                if text is None:
                    texts.pop(relative, None)
                else:
                    texts[relative] = text
        if "concept.yaml" not in texts:
            continue
        _, found = concept_from_texts(Path(folder), texts)
        problems += [p for p in found if p.severity == "error"]
    if problems:
        raise MergeConflictError([MergeConflict(str(p.file), p.field_path or "file", "validation",
                                                p.message, "") for p in problems])  # fmt: skip
