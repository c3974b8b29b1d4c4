"""History of one entity (blame of a whole concept: `blame`).

One ``git log --raw`` over the concept folder lists, per commit, which files changed and
their new blob ids – about what git's plain log costs. Only blobs of the file that holds
the entity are read (and, when it vanishes from there, the other files of that commit);
the entity's list item is found by text and compared as text, and parsed only when it
differs (see `textscan`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from konzeptdoc.errors import UnknownConceptError, UnknownEntityError
from konzeptdoc.files.paths import CONCEPTS_DIR, FIELDS_DIR, PARTICIPATION_FILE
from konzeptdoc.german.names import by_number, is_number_reference
from konzeptdoc.model import Concept
from konzeptdoc.model.kinds import containers
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.items import ItemCache
from konzeptdoc.store.plumbing import LOG_FORMAT, Commit, raw_changes, revision_from_log
from konzeptdoc.store.records import HistoryEntry, KeyChange, Release
from konzeptdoc.store.releases import tags_by_commit
from konzeptdoc.store.textscan import find_item, item_data, own_keys_text, text_data

_CHILDREN = containers("field")


def raw_log(repository: Repository, rev: str, folder: str) -> Iterator[Commit]:
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
        commit = Commit(revision_from_log(fields, tags))
        commit.changes.update(raw_changes(raw))
        yield commit


class Repository(Protocol):
    """What history needs of a repository (`konzeptdoc.store.Repository` is one)."""

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


@dataclass
class _Trail:
    """One entity followed through the log: the file it is in, its text there, its data."""

    entity_id: str
    read: ItemCache
    where: str | None = None
    item: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    entries: list[HistoryEntry] = field(default_factory=list)

    def follow(self, commit: Commit) -> None:
        """Record what this commit did to the entity, if anything."""
        if self.where is not None and self.where not in commit.changes:
            return  # the file holding the entity did not change
        found = self._find(commit)
        if found is None:
            if self.where is not None:
                self._record(commit, "removed", self.where)
            self.where, self.item, self.data = None, None, {}
            return
        path, text = found
        if self.where is None:
            self._record(commit, "added", path)
            parsed = _parsed(path, text, self.entity_id, self.read) or {}
            self.where, self.item, self.data = path, text, parsed
            return
        if path == self.where and text == self.item:
            return  # the file changed elsewhere
        fresh = _parsed(path, text, self.entity_id, self.read)
        if fresh is None:
            return  # unreadable mid-edit text: judge at the next revision
        self._record_change(commit, path, self.where, fresh)
        self.where, self.item, self.data = path, text, fresh

    def _find(self, commit: Commit) -> tuple[str, str] | None:
        """(file, fingerprint) of the entity among the files the commit wrote, its own first."""
        first = [self.where] if self.where is not None else []
        for path in first + [p for p in commit.changes if p != self.where]:
            blob = commit.changes.get(path)
            if blob is None or not path.endswith(".yaml"):
                continue
            text = _text_of(path, blob, self.read, self.entity_id)
            if text is not None:
                return path, text
        return None

    def _record_change(self, commit: Commit, path: str, before: str, new: dict[str, Any]) -> None:
        changes = _changes(self.data, new)
        keys = {c.key for c in changes}
        if path != before:
            self._record(commit, "moved", path, changes, _field_of(before) or before)
        elif "parent" in keys:
            self._record(commit, "moved", path, changes, str(self.data.get("parent")))
        elif keys & {"title", "name"}:
            self._record(commit, "renamed", path, changes)
        elif changes:
            self._record(commit, "modified", path, changes)

    def _record(
        self,
        commit: Commit,
        kind: str,
        path: str,
        changes: tuple[KeyChange, ...] = (),
        moved_from: str | None = None,
    ) -> None:
        revision = commit.revision
        self.entries.append(
            HistoryEntry(revision, kind, path, changes, moved_from, revision.releases)
        )


def entity_reference(repository: Repository, concept_id: str, reference: str, rev: str) -> str:
    """The id of the entity `reference` names: an id as it is, a number as documents print it.

    "1.2", "Maßnahme 1.2", "Leitziel 9.2", "Handlungsfeld 3" are looked up in the concept at
    `rev` (see `german.names.by_number`), so the number means what that revision's
    documents say; anything else is taken as an id (ids start with a letter, have no space).

    Raises:
        UnknownEntityError: No entity has that number, or more than one (the choices named).
        UnknownConceptError: The concept does not exist at `rev`.
    """
    if not is_number_reference(reference):
        return reference
    found = by_number(repository.load(concept_id, rev), reference)
    if len(found) == 1:
        return found[0][0]
    at = "" if rev == "HEAD" else f" in der Revision „{rev}“"
    if not found:
        raise UnknownEntityError(
            f"Im Konzept „{concept_id}“ gibt es „{reference.strip()}“{at} nicht (Nummern wie in "
            f"den Dokumenten: „1.2“, „Maßnahme 1.2“, „Handlungsfeld 3“; „konzeptdoc blame "
            f"{concept_id}“ nennt alle Ziele und Maßnahmen)",
            path=repository.root,
        )
    names = [name for _, name in found]
    choices = f"{', '.join(names[:-1])} oder {names[-1]}"
    example = " ".join(names[-1].split(" ")[:2])  # "Maßnahme 1.2"
    raise UnknownEntityError(
        f"„{reference.strip()}“ ist im Konzept „{concept_id}“{at} mehrdeutig: {choices} "
        f"(die Art davor angeben, z. B. „{example}“)",
        path=repository.root,
    )


def history(
    repository: Repository,
    concept_id: str,
    entity_id: str,
    rev: str = "HEAD",
    *,
    with_authors: bool = False,
) -> list[HistoryEntry]:
    """Every revision in which one field, goal, measure, indicator … of a concept changed.

    `entity_id` is an id or a number as the documents print it ("Maßnahme 1.2", see
    `entity_reference`), read in the concept at `rev`.
    A contribution's author is personal data: changes to it are left out (and a revision
    that changed nothing else) unless `with_authors`.

    Raises:
        UnknownConceptError: No revision has the concept.
        UnknownEntityError: No entity with that id ever existed in the concept, or no
            single one has that number at `rev`.
    """
    entity_id = entity_reference(repository, concept_id, entity_id, rev)
    read = repository.item_cache
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    trail = _Trail(entity_id, read)
    commits = 0
    for commit in raw_log(repository, repository.resolve(rev), folder):
        trail.follow(commit)
        commits += 1
    if not commits:  # a mistyped concept, not an entity missing from it
        raise UnknownConceptError(
            f"Ein Konzept „{concept_id}“ gibt es in keiner Revision (ein neues hat erst nach "
            "„konzeptdoc commit“ eine Geschichte)"
            if rev == "HEAD"
            else f"Das Konzept „{concept_id}“ gibt es bis zur Revision „{rev}“ noch nicht",
            path=repository.root,
        )
    entries = trail.entries
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


__all__ = ["entity_reference", "history", "raw_log"]
