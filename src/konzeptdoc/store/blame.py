"""Blame of a concept: for every goal and measure, the revision that last changed it.

One ``git log --raw`` over the concept folder gives, per commit, the blob ids of the files
it wrote and the tags on it; the blobs and the tags are read in one ``cat-file`` batch (or
taken from the item cache) and compared item by item as text, parsing an item only when its
text differs. The goals and measures to list come from the final concept.yaml and field
files (`outline`: read from the text where it is plain, else parsed): no model is built. What a blame derives is kept in one cache
file per concept (`ItemCache.save_bundle`): by blob the items and the outline of a file, by
the log's newest commit the revision that last changed each entity (the first-parent log of
a folder up to that commit is fixed). A second blame costs a `git log`: the tags on it are
kept by the object their ref names (read from the ref files), so only a new or moved tag is
read again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Protocol

from konzeptdoc.errors import StoreError
from konzeptdoc.files.paths import CONCEPT_FILE, CONCEPTS_DIR, FIELDS_DIR
from konzeptdoc.german.glossary import named
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.items import ItemCache
from konzeptdoc.store.outline import entity_outline, field_ids
from konzeptdoc.store.plumbing import RECORD, UNIT, Commit, raw_changes, revision_from_log
from konzeptdoc.store.records import BlameLine, Release, Revision
from konzeptdoc.store.releases import parse_release
from konzeptdoc.store.textscan import item_data


class Repository(Protocol):
    """What blame needs of a repository (`Repository` and `revisions.Revisions` are ones)."""

    @property
    def root(self) -> Path: ...

    @property
    def git(self) -> Git: ...

    @property
    def git_dir(self) -> Path: ...

    @property
    def item_cache(self) -> ItemCache: ...

    def resolve(self, rev: str = "HEAD") -> str: ...

    def load(self, concept_id: str, rev: str = "HEAD") -> Any: ...


def blame(repository: Repository, concept_id: str, rev: str = "HEAD") -> list[BlameLine]:
    """For every goal and measure at `rev`: the revision that last changed it, and its release.

    Raises:
        UnknownRevisionError: `rev` does not resolve.
        UnknownConceptError: The concept does not exist at `rev`.
    """
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    commits, tag_names = _log(repository, rev, folder)
    final: dict[str, str] = {}
    for commit in commits:
        for path, blob in commit.changes.items():
            if blob is None:
                final.pop(path, None)
            else:
                final[path] = blob
    header_blob = final.get(folder + CONCEPT_FILE)
    if header_blob is None:
        repository.load(concept_id, rev)  # raises the error that names the concepts there
        return []
    read = repository.item_cache
    bundle = f"blame-{concept_id}"
    read.load_bundle(bundle)
    tip = f"last {commits[-1].revision.sha}"
    by_sha = {commit.revision.sha: commit for commit in commits}
    walked = read.memo.get(tip)
    if walked is not None and not all(sha in by_sha for sha in walked.values()):
        walked = None  # a torn cache: walk again
    blobs = [] if walked is not None else _field_blobs(commits)
    listed = [header_blob] + [final[p] for p in final if _field_of(p) is not None]
    kept, pointing = read.memo.get("tags", {}), _tag_refs(repository.git_dir, tag_names)
    unread = [t for t, _ in tag_names if not _kept(kept.get(t, ""), pointing[t])]
    texts, objects = read.prefetch(
        blobs,
        [b for b in listed if b not in read.outlines],
        also=[pointing[t] or f"refs/tags/{t}" for t in unread],  # the object the ref names
    )
    tags = _kept_tags(read, tag_names, pointing, dict(zip(unread, objects, strict=False)))
    for blob, text in texts.items():  # what blame lists of the files at `rev`, kept by blob
        read.outlines[blob] = field_ids(text) if blob == header_blob else entity_outline(text)
    releases = _releases(tag_names, tags)
    commits = _with_releases(commits, releases)
    if walked is None:
        walked = _last_changes(commits, read)
        # Older walks of this or other concepts: not kept.
        read.memo = {tip: walked, "tags": read.memo.get("tags", {})}
        read.memo_changed = True
    read.save_bundle(bundle, [*blobs, *listed])
    order = {commit.revision.sha: number for number, commit in enumerate(commits)}
    deciding = sorted(
        (r for r in releases if r.concept in (None, concept_id)), key=lambda r: order[r.sha]
    )
    lines: list[BlameLine] = []
    fields = [f for f in read.outlines[header_blob] if f"{folder}{FIELDS_DIR}/{f}.yaml" in final]
    for field_number, field_id in enumerate(fields, start=1):
        file = f"{FIELDS_DIR}/{field_id}.yaml"
        for kind, entity_id, label, name_kind, number, title in read.outlines[final[folder + file]]:
            sha = walked.get(entity_id)
            if sha is None:
                continue
            revision = commits[order[sha]].revision
            name = named(name_kind, f"{field_number}.{number}", title)
            release = _release(deciding, order, revision)
            lines.append(BlameLine(entity_id, kind, label, file, revision, release, name))
    return lines


def _log(
    repository: Repository, rev: str, folder: str
) -> tuple[list[Commit], list[tuple[str, str]]]:
    """The first-parent commits that changed `folder` up to `rev`, oldest first, with the
    blobs they wrote; and (tag, commit) of the tags on them (releases are among these).

    Raises:
        UnknownRevisionError: `rev` does not resolve.
    """
    if not rev or rev.startswith("-"):
        repository.resolve(rev)  # git would read it as an option: refused there
    try:
        out = repository.git.run(
            "-c",
            "core.quotePath=false",
            "log",
            "--no-show-signature",
            "--no-ext-diff",
            "--no-textconv",
            "--first-parent",
            "-m",
            "--reverse",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--decorate-refs=refs/tags/",
            f"--format={RECORD}%H{UNIT}%an{UNIT}%ae{UNIT}%aI{UNIT}%D{UNIT}%B{UNIT}",
            rev,
            "--",
            folder,
        )
    except StoreError:
        repository.resolve(rev)  # names the unknown revision in German
        raise
    commits: list[Commit] = []
    tags: list[tuple[str, str]] = []
    for record in out.split(RECORD)[1:]:
        sha, name, email, date, decorations, message, raw = record.split(UNIT, 6)
        commit = Commit(revision_from_log([sha, name, email, date, message], {}))
        commit.changes.update(raw_changes(raw))
        tags += [(d[5:], sha) for d in decorations.split(", ") if d.startswith("tag: ")]
        commits.append(commit)
    return commits, tags


def _tag_refs(git_dir: Path, tag_names: list[tuple[str, str]]) -> dict[str, str]:
    """Tag → the object its ref names, read from the ref files (no process); "" where they
    do not tell plainly (a linked work tree, reftable, a symbolic ref): git reads those."""
    found = dict.fromkeys((t for t, _ in tag_names), "")
    if not found or (git_dir / "commondir").exists() or (git_dir / "reftable").exists():
        return found
    packed: dict[str, str] | None = None
    for tag in found:
        if ".." in tag or tag.startswith("/") or "\\" in tag:
            continue
        path = git_dir / "refs" / "tags" / tag
        try:
            if path.is_symlink():
                continue
            value = path.read_text("ascii").strip() if path.is_file() else None
            if value is None:
                if packed is None:
                    packed = _packed_tags(git_dir)
                value = packed.get(tag, "")
        except (OSError, UnicodeDecodeError):
            continue
        if len(value) in (40, 64) and all(c in "0123456789abcdef" for c in value):
            found[tag] = value
    return found


def _kept(value: str, pointing: str) -> bool:
    return bool(pointing) and value.startswith(f"{pointing}\n") and value.count("\n") >= 2


def _packed_tags(git_dir: Path) -> dict[str, str]:
    tags = {}
    path = git_dir / "packed-refs"
    if path.is_file() and not path.is_symlink():
        for line in path.read_text("utf-8").splitlines():
            sha, _, ref = line.partition(" ")
            if ref.startswith("refs/tags/"):
                tags[ref[10:]] = sha
    return tags


def _kept_tags(
    read: ItemCache,
    tag_names: list[tuple[str, str]],
    pointing: dict[str, str],
    fresh: dict[str, tuple[str, bytes] | None],
) -> list[tuple[str, bytes] | None]:
    """The objects of the tags, in order: read now (`fresh`, then kept by the object their
    ref names, which never changes) or kept before under the same object."""
    kept = read.memo.setdefault("tags", {})
    objects: list[tuple[str, bytes] | None] = []
    for tag, _ in tag_names:
        if tag in fresh:
            found = fresh[tag]
            if found is not None and pointing[tag]:
                kept[tag] = f"{pointing[tag]}\n{found[0]}\n" + found[1].decode("utf-8", "replace")
                read.memo_changed = True
            objects.append(found)
        else:
            _, kind, text = kept[tag].split("\n", 2)
            objects.append((kind, text.encode("utf-8")))
    return objects


def _releases(
    tag_names: list[tuple[str, str]], objects: list[tuple[str, bytes] | None]
) -> list[Release]:
    """The releases among the tags on the log's commits, oldest decision first."""
    releases = []
    for (tag, sha), found in zip(tag_names, objects, strict=False):
        if found is None or found[0] != "tag":
            continue  # a lightweight tag is no release
        header, _, message = found[1].decode("utf-8", "replace").partition("\n\n")
        if f"\nobject {sha}\n" not in f"\n{header}\n":
            continue  # a tag of a tag: not a release as `list_releases` reads them
        release = parse_release(tag, sha, message)
        if release is not None:
            releases.append(release)
    return sorted(releases, key=lambda r: (r.date, r.tag))


def _with_releases(commits: list[Commit], releases: list[Release]) -> list[Commit]:
    tags: dict[str, list[str]] = {}
    for release in releases:
        tags.setdefault(release.sha, []).append(release.tag)
    for commit in commits:
        if commit.revision.sha in tags:
            commit.revision = dataclasses.replace(
                commit.revision, releases=tuple(tags[commit.revision.sha])
            )
    return commits


def _field_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[-1].removesuffix(".yaml") if len(parts) >= 2 and parts[-2] == FIELDS_DIR else None


def _field_blobs(commits: list[Commit]) -> list[str]:
    return [b for c in commits for p, b in c.changes.items() if b and _field_of(p) is not None]


def _last_changes(commits: list[Commit], read: ItemCache) -> dict[str, str]:
    """Entity id → sha of the revision that last changed its item (a changed comment is no
    change)."""
    items: dict[str, dict[str, str]] = {}
    state: dict[str, tuple[str, str]] = {}  # entity → (file, item digest) when last changed
    last: dict[str, str] = {}
    for commit in commits:
        for path, blob in commit.changes.items():
            if blob is None or _field_of(path) is None:
                items.pop(path, None)
                continue
            new_items = read(blob).digests
            old_items = items.get(path, {})
            for entity_id, digest in new_items.items():
                if old_items.get(entity_id) == digest:
                    continue
                before = state.get(entity_id)
                # Parse only when the text differs: a changed comment is not a change.
                if (
                    before is None
                    or before[0] != path
                    or (item_data(read.item(before[1])) != item_data(read.item(digest)))
                ):
                    last[entity_id] = commit.revision.sha
                state[entity_id] = (path, digest)
            items[path] = new_items
    return last


def _release(deciding: list[Release], order: dict[str, int], revision: Revision) -> Release | None:
    """The first release at or after `revision` in the log."""
    return next((r for r in deciding if order[r.sha] >= order[revision.sha]), None)


__all__ = ["blame"]
