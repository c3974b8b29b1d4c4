"""History of one entity and blame of a whole concept.

One ``git log --raw`` over the concept folder lists, per commit, which files changed and
their new blob ids – about what git's plain log costs. Only blobs of the file that holds
the entity are read (and, when it vanishes from there, the other files of that commit);
the entity's list item is found by text and compared as text, and parsed only when it
differs (see `textscan`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from konzeptdoc.errors import UnknownEntityError
from konzeptdoc.files.paths import CONCEPTS_DIR, FIELDS_DIR, PARTICIPATION_FILE
from konzeptdoc.model import Concept, Goal, Measure
from konzeptdoc.model.kinds import containers
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.plumbing import LOG_FORMAT, revision_from_log
from konzeptdoc.store.records import BlameLine, HistoryEntry, KeyChange, Release, Revision
from konzeptdoc.store.releases import tags_by_commit
from konzeptdoc.store.textscan import all_items, find_item, item_data, own_keys_text, text_data

_CHILDREN = containers("field")


@dataclass
class _Commit:
    revision: Revision
    changes: dict[str, str | None] = field(default_factory=dict)  # path → new blob (None: deleted)


def raw_log(repository: Repository, rev: str, folder: str) -> Iterator[_Commit]:
    """First-parent commits that changed `folder`, oldest first, with the blobs they wrote."""
    tags = tags_by_commit(repository)
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
        f"--format={LOG_FORMAT}\x1f",
        rev,
        "--",
        folder,
    )
    for record in out.split("\x1e")[1:]:
        fields = record.split("\x1f", 5)
        raw = fields[5]
        commit = _Commit(revision_from_log(fields, tags))
        for line in raw.splitlines():
            if line.startswith(":"):
                meta, path = line.split("\t", 1)
                fields = meta.split()
                commit.changes[path] = None if fields[4] == "D" else fields[3]
        yield commit


@dataclass(frozen=True)
class BlobItems:
    """What history and blame need of one blob: a digest of each item's text, by item id."""

    sha: str
    digests: dict[str, str]


class ItemCache:
    """Per blob the digests of its items; per digest the item's text.

    In memory they serve every call of a Repository; on disk (``.git/konzeptdoc/items``) the
    next process, since every CLI call is a new one. A blob never changes, so nothing goes
    stale. Comparing digests tells whether an entity changed; its text is read only when it
    did. A disk entry is a cache, not data: one torn or unreadable is computed again.
    """

    def __init__(self, git: Git, git_dir: Path, size: int = 4096) -> None:
        self.git = git
        self.size = size
        self.entries: OrderedDict[str, BlobItems] = OrderedDict()
        self.texts: dict[str, str] = {}
        self.folder = git_dir / "konzeptdoc"

    def __call__(self, blob: str) -> BlobItems:
        entry = self.entries.get(blob)
        if entry is not None:
            self.entries.move_to_end(blob)
            return entry
        entry = self._read(blob)
        if entry is None:
            items = all_items(self.text(blob))
            digests = {}
            for entity_id, item in items.items():
                digest = hashlib.blake2b(item.encode("utf-8"), digest_size=10).hexdigest()
                digests[entity_id] = digest
                if digest not in self.texts:
                    self.texts[digest] = item
                    self._store(
                        self.folder / "texts" / digest[:2] / digest[2:], item.encode("utf-8")
                    )
            entry = BlobItems(blob, digests)
            self._store(self._index(blob), json.dumps(digests).encode("ascii"))
        self.entries[blob] = entry
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return entry

    def item(self, digest: str) -> str:
        """The text of the item with this digest."""
        text = self.texts.get(digest)
        if text is None:
            text = (self.folder / "texts" / digest[:2] / digest[2:]).read_bytes().decode("utf-8")
            self.texts[digest] = text
        return text

    def text(self, blob: str) -> str:
        return self.git.blob_bytes(blob).decode("utf-8-sig", "replace")

    def _index(self, blob: str) -> Path:
        return self.folder / "items" / blob[:2] / blob[2:]

    def _read(self, blob: str) -> BlobItems | None:
        try:
            digests = json.loads(self._index(blob).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(digests, dict):
            return None
        texts = self.folder / "texts"
        if not all((texts / d[:2] / d[2:]).is_file() for d in list(digests.values())[:1]):
            return None  # texts were removed: compute again
        return BlobItems(blob, digests)

    @staticmethod
    def _store(path: Path, data: bytes) -> None:
        try:
            if path.exists():
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)  # no fsync: a lost entry is computed again
        except OSError:
            pass  # a read-only repository still works, without the disk cache


class Repository(Protocol):
    """What history and blame need of a repository (`konzeptdoc.store.Repository` is one)."""

    @property
    def root(self) -> Path: ...

    @property
    def git(self) -> Git: ...

    @property
    def item_cache(self) -> ItemCache: ...

    def resolve(self, rev: str = "HEAD") -> str: ...

    def load(self, concept_id: str, rev: str = "HEAD") -> Concept: ...

    def releases(self) -> list[Release]: ...


def _field_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[-1].removesuffix(".yaml") if len(parts) >= 2 and parts[-2] == FIELDS_DIR else None


def _text_of(path: str, blob: str, read: ItemCache, entity_id: str) -> str | None:
    """A fingerprint of the entity in this blob: the item's digest (a field: its own keys' text)."""
    if _field_of(path) == entity_id:  # the entity is a field: its file's own keys
        return own_keys_text(read.text(blob), _CHILDREN)
    return read(blob).digests.get(entity_id)


def _parsed(path: str, fingerprint: str, entity_id: str, read: ItemCache) -> dict[str, Any] | None:
    if _field_of(path) == entity_id:
        return text_data(fingerprint)
    return item_data(read.item(fingerprint))


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[KeyChange, ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple(KeyChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def history(
    repository: Repository,
    concept_id: str,
    entity_id: str,
    rev: str = "HEAD",
    *,
    with_authors: bool = False,
) -> list[HistoryEntry]:
    """Every revision in which one field, goal, measure, indicator … of a concept changed.

    A contribution's author is personal data: changes to it are left out (and a revision
    that changed nothing else) unless `with_authors`.

    Raises:
        UnknownEntityError: No entity with that id ever existed in the concept.
    """
    read = repository.item_cache
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    where: str | None = None
    item: str | None = None
    data: dict[str, Any] = {}
    entries: list[HistoryEntry] = []

    def record(
        commit: _Commit,
        kind: str,
        path: str,
        changes: tuple[KeyChange, ...] = (),
        moved_from: str | None = None,
    ) -> None:
        entries.append(
            HistoryEntry(commit.revision, kind, path, changes, moved_from, commit.revision.releases)
        )

    for commit in raw_log(repository, repository.resolve(rev), folder):
        if where is not None and where not in commit.changes:
            continue  # the file holding the entity did not change
        found: tuple[str, str] | None = None
        candidates = ([where] if where is not None else []) + [
            p for p in commit.changes if p != where
        ]
        for path in candidates:
            blob = commit.changes.get(path)
            if blob is None or not path.endswith(".yaml"):
                continue
            text = _text_of(path, blob, read, entity_id)
            if text is not None:
                found = (path, text)
                break
        if found is None:
            if where is not None:
                record(commit, "removed", where)
            where, item, data = None, None, {}
            continue
        path, text = found
        if where is None:
            record(commit, "added", path)
            where, item, data = path, text, _parsed(path, text, entity_id, read) or {}
            continue
        if path == where and text == item:
            continue  # the file changed elsewhere
        fresh = _parsed(path, text, entity_id, read)
        if fresh is None:
            continue  # unreadable mid-edit text: judge at the next revision
        parsed = fresh
        changes = _changes(data, parsed)
        keys = {c.key for c in changes}
        if path != where:
            record(commit, "moved", path, changes, _field_of(where) or where)
        elif "parent" in keys:
            record(commit, "moved", path, changes, str(data.get("parent")))
        elif keys & {"title", "name"}:
            record(commit, "renamed", path, changes)
        elif changes:
            record(commit, "modified", path, changes)
        where, item, data = path, text, parsed
    if not entries and not _mentioned(repository, read, folder, entity_id, rev):
        raise UnknownEntityError(
            f"In der Geschichte des Konzepts „{concept_id}“ gibt es nichts mit der Kennung "
            f"„{entity_id}“ (die Kennung eines Handlungsfelds, Ziels, einer Maßnahme, eines "
            "Indikators, einer Leitlinie, Zielgruppe, Veranstaltung, Arbeitsgruppe oder eines "
            "Beitrags angeben)",
            path=repository.root,
        )
    if not entries:  # an item whose id is not its first key: follow it by full text
        entries = _history_by_text(repository, read, folder, entity_id, rev)
    return entries if with_authors else _without_authors(entries)


def _without_authors(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    kept = []
    for entry in entries:
        if entry.file.endswith(f"/{PARTICIPATION_FILE}"):
            changes = tuple(c for c in entry.changes if c.key != "author")
            if entry.kind == "modified" and entry.changes and not changes:
                continue
            entry = dataclasses.replace(entry, changes=changes)
        kept.append(entry)
    return kept


def _mentioned(
    repository: Repository, read: ItemCache, folder: str, entity_id: str, rev: str
) -> bool:
    listing = repository.git.ls_tree(repository.resolve(rev), folder)
    return any(entity_id in read.text(blob) for blob in listing.values())


def _history_by_text(
    repository: Repository, read: ItemCache, folder: str, entity_id: str, rev: str
) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous: tuple[str, dict[str, Any]] | None = None
    for commit in raw_log(repository, repository.resolve(rev), folder):
        found = None
        for path, blob in commit.changes.items():
            item = find_item(read.text(blob), entity_id) if blob else None
            if item is not None:
                found = (path, item_data(item) or {})
        if found is None and previous is not None and previous[0] in commit.changes:
            entries.append(HistoryEntry(commit.revision, "removed", previous[0]))
            previous = None
        elif found is not None and found != previous:
            kind = (
                "added"
                if previous is None
                else ("moved" if found[0] != previous[0] else "modified")
            )
            changes = () if previous is None else _changes(previous[1], found[1])
            entries.append(
                HistoryEntry(
                    commit.revision, kind, found[0], changes, None, commit.revision.releases
                )
            )
            previous = found
    return entries


def blame(repository: Repository, concept_id: str, rev: str = "HEAD") -> list[BlameLine]:
    """For every goal and measure at `rev`: the revision that last changed it, and its release."""
    concept = repository.load(concept_id, rev)
    sha = repository.resolve(rev)
    read = repository.item_cache
    items: dict[str, dict[str, str]] = {}
    state: dict[str, tuple[str, str]] = {}  # entity → (file, item text) when last changed
    last: dict[str, Revision] = {}
    order: dict[str, int] = {}
    for number, commit in enumerate(raw_log(repository, sha, f"{CONCEPTS_DIR}/{concept_id}/")):
        order[commit.revision.sha] = number
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
                    last[entity_id] = commit.revision
                state[entity_id] = (path, digest)
            items[path] = new_items
    releases = sorted(
        (r for r in repository.releases() if r.concept in (None, concept_id) and r.sha in order),
        key=lambda r: order[r.sha],
    )
    lines: list[BlameLine] = []
    for field_of in concept.fields:
        entities: list[tuple[str, Goal | Measure]] = [("goal", g) for g in field_of.goals]
        entities += [("measure", m) for m in field_of.measures]
        for kind, entity in entities:
            revision = last.get(entity.id)
            if revision is None:
                continue
            release = next((r for r in releases if order[r.sha] >= order[revision.sha]), None)
            lines.append(
                BlameLine(
                    entity.id,
                    kind,
                    entity.label(),
                    f"{FIELDS_DIR}/{field_of.id}.yaml",
                    revision,
                    release,
                )
            )
    return lines


__all__ = ["blame", "history", "raw_log"]
