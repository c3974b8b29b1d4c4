"""History of one entity and blame of a whole concept.

One ``git log --raw`` over the concept folder lists, per commit, which files changed and
their new blob ids – about what git's plain log costs. Only blobs of the file that holds
the entity are read (and, when it vanishes from there, the other files of that commit);
the entity's list item is found by text and compared as text, and parsed only when it
differs (see `textscan`).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UnknownEntityError
from ..files import CONCEPTS_DIR, FIELDS_DIR
from ..model import Goal, Measure
from .records import BlameLine, HistoryEntry, KeyChange, Release, Revision
from .textscan import all_items, find_item, item_data, own_keys_text, text_data

if TYPE_CHECKING:
    from .repository import Repository

_CHILDREN = ("goals", "measures", "indicators")


@dataclass
class _Commit:
    revision: Revision
    changes: dict[str, str | None] = field(default_factory=dict)  # path → new blob (None: deleted)


def raw_log(repository: Repository, rev: str, folder: str) -> Iterator[_Commit]:
    """First-parent commits that changed `folder`, oldest first, with the blobs they wrote."""
    from .releases import tags_by_commit

    tags = tags_by_commit(repository)
    out = repository.git.run(
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "-m",
        "--reverse",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f",
        rev,
        "--",
        folder,
    )
    for record in out.split("\x1e")[1:]:
        sha, name, email, date, message, raw = record.split("\x1f", 5)
        revision = Revision(
            sha,
            dt.datetime.fromisoformat(date),
            name,
            email,
            message.strip(),
            tuple(tags.get(sha, ())),
        )
        commit = _Commit(revision)
        for line in raw.splitlines():
            if line.startswith(":"):
                meta, path = line.split("\t", 1)
                fields = meta.split()
                commit.changes[path] = None if fields[4] == "D" else fields[3]
        yield commit


@dataclass(frozen=True)
class BlobItems:
    """What history and blame need of one blob: its items by id."""

    sha: str
    items: dict[str, str]


class ItemCache:
    """`BlobItems` by blob sha, least recently used out first.

    A blob never changes, so its items never go stale: a repository keeps one cache for all
    history and blame calls, and a second call reads no blob at all.
    """

    def __init__(self, repository: Repository, size: int = 4096) -> None:
        self.git = repository.git
        self.size = size
        self.entries: OrderedDict[str, BlobItems] = OrderedDict()

    def __call__(self, blob: str) -> BlobItems:
        entry = self.entries.get(blob)
        if entry is None:
            text = self.git.blob_bytes(blob).decode("utf-8-sig", "replace")
            entry = BlobItems(blob, all_items(text))
            self.entries[blob] = entry
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        else:
            self.entries.move_to_end(blob)
        return entry

    def text(self, blob: str) -> str:
        return self.git.blob_bytes(blob).decode("utf-8-sig", "replace")


def _field_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[-1].removesuffix(".yaml") if len(parts) >= 2 and parts[-2] == FIELDS_DIR else None


def _text_of(path: str, blob: str, read: ItemCache, entity_id: str) -> str | None:
    if _field_of(path) == entity_id:  # the entity is a field: its file's own keys
        return own_keys_text(read.text(blob), _CHILDREN)
    return read(blob).items.get(entity_id)


def _data_of(path: str, item: str, entity_id: str) -> dict[str, Any] | None:
    return text_data(item) if _field_of(path) == entity_id else item_data(item)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[KeyChange, ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple(KeyChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def history(
    repository: Repository, concept_id: str, entity_id: str, rev: str = "HEAD"
) -> list[HistoryEntry]:
    """Every revision in which one field, goal, measure, indicator … of a concept changed.

    Raises:
        UnknownEntityError: No entity with that id ever existed in the concept.
    """
    read = repository._items
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
            where, item, data = path, text, _data_of(path, text, entity_id) or {}
            continue
        if path == where and text == item:
            continue  # the file changed elsewhere
        fresh = _data_of(path, text, entity_id)
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
            f"no entity '{entity_id}' in the history of concept '{concept_id}' "
            "(give the id of a field, goal, measure, indicator, principle, target group, "
            "event, working group or contribution)",
            path=repository.root,
        )
    if not entries:  # an item whose id is not its first key: follow it by full text
        return _history_by_text(repository, read, folder, entity_id, rev)
    return entries


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
    read = repository._items
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
            new_items = read(blob).items
            old_items = items.get(path, {})
            for entity_id, text in new_items.items():
                if old_items.get(entity_id) == text:
                    continue
                before = state.get(entity_id)
                # Parse only when the text differs: a changed comment is not a change.
                if before is None or before[0] != path or item_data(before[1]) != item_data(text):
                    last[entity_id] = commit.revision
                state[entity_id] = (path, text)
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


__all__ = ["Release", "blame", "history", "raw_log"]
