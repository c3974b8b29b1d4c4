"""History of one entity and blame of a whole concept, from the concept's patch log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UnknownEntityError
from ..files import CONCEPTS_DIR, FIELDS_DIR
from ..model import Goal, Measure
from .patches import apply, file_data, item_data, locate, log_patches, shifted, touches
from .records import BlameLine, HistoryEntry, KeyChange, Release, Revision

if TYPE_CHECKING:
    from .repository import Repository

_CHILD_LISTS = ("goals", "measures", "indicators")


@dataclass
class _Place:
    """Where an entity is in the current file versions, and what it says."""

    file: str
    start: int
    end: int
    data: dict[str, Any]


def _field_id(file: str) -> str | None:
    parts = file.split("/")
    return parts[-1].removesuffix(".yaml") if len(parts) >= 2 and parts[-2] == FIELDS_DIR else None


def _own_data(file: str, lines: list[str]) -> dict[str, Any] | None:
    # A field's own keys: the file without its goals, measures and indicators.
    data = file_data(lines)
    return None if data is None else {k: v for k, v in data.items() if k not in _CHILD_LISTS}


def _find(files: dict[str, list[str]], entity_id: str, candidates: list[str]) -> _Place | None:
    for file in candidates:
        lines = files.get(file)
        if lines is None:
            continue
        if _field_id(file) == entity_id:  # the entity is a field: its file is its text
            data = _own_data(file, lines)
            if data is not None:
                return _Place(file, 1, len(lines), data)
            continue
        span = locate(lines, entity_id)
        if span is not None:
            data = item_data(lines, *span)
            if data is not None:
                return _Place(file, span[0], span[1], data)
    return None


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[KeyChange, ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple(KeyChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def _kind(before: _Place, after: _Place, changes: tuple[KeyChange, ...]) -> tuple[str, str | None]:
    if before.file != after.file:
        return "moved", _field_id(before.file) or before.file
    keys = {c.key for c in changes}
    if "parent" in keys:
        return "moved", str(before.data.get("parent"))
    if keys & {"title", "name"}:
        return "renamed", None
    return "modified", None


def history(
    repository: Repository, concept_id: str, entity_id: str, rev: str = "HEAD"
) -> list[HistoryEntry]:
    """Every revision in which one field, goal, measure, indicator … of a concept changed.

    Raises:
        UnknownEntityError: No entity with that id ever existed in the concept.
    """
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    sha = repository.resolve(rev)
    files: dict[str, list[str]] = {}
    place: _Place | None = None
    entries: list[tuple[str, str, str, tuple[KeyChange, ...], str | None]] = []
    for commit in log_patches(repository.git, sha, folder):
        patched = [p.path for p in commit.patches]
        suspect = (
            place is None
            and any(entity_id in line for p in commit.patches for h in p.hunks for line in h.added)
        ) or (place is not None and _field_id(place.file) == entity_id and place.file in patched)
        for patch in commit.patches:
            old = files.get(patch.path, [])
            if place is not None and patch.path == place.file:
                if patch.deleted or touches(patch.hunks, place.start, place.end):
                    suspect = True
                else:
                    place.start, place.end = shifted(patch.hunks, place.start, place.end)
            if patch.deleted:
                files.pop(patch.path, None)
            else:
                files[patch.path] = apply(old, patch.hunks)
        if not suspect:
            continue
        order = ([place.file] if place is not None else []) + patched
        found = _find(files, entity_id, order)
        if place is None and found is not None:
            entries.append((commit.sha, "added", found.file, (), None))
        elif place is not None and found is None:
            entries.append((commit.sha, "removed", place.file, (), None))
        elif place is not None and found is not None:
            changes = _changes(place.data, found.data)
            if changes or found.file != place.file:
                kind, moved_from = _kind(place, found, changes)
                entries.append((commit.sha, kind, found.file, changes, moved_from))
        place = found
    if not entries:
        raise UnknownEntityError(
            f"no entity '{entity_id}' in the history of concept '{concept_id}' "
            "(give the id of a field, goal, measure, indicator, principle, target group, "
            "event, working group or contribution)",
            path=repository.root,
        )
    revisions = _revisions(repository, {e[0] for e in entries})
    return [
        HistoryEntry(revisions[c], kind, file, changes, moved_from, revisions[c].releases)
        for c, kind, file, changes, moved_from in entries
    ]


def _revisions(repository: Repository, shas: set[str]) -> dict[str, Revision]:
    result: dict[str, Revision] = {}
    for revision in repository.log():
        if revision.sha in shas:
            result[revision.sha] = revision
    return result


def blame(repository: Repository, concept_id: str, rev: str = "HEAD") -> list[BlameLine]:
    """For every goal and measure at `rev`: the revision that last changed it, and its release."""
    concept = repository.load(concept_id, rev)
    sha = repository.resolve(rev)
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    wanted = {
        e.id: (kind, e.label())
        for f in concept.fields
        for kind, items in (("goal", f.goals), ("measure", f.measures))
        for e in items
    }
    last: dict[str, str] = {}
    data: dict[str, dict[str, Any]] = {}
    files: dict[str, list[str]] = {}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    for commit in log_patches(repository.git, sha, folder):
        for patch in commit.patches:
            old_spans = spans.get(patch.path, {})
            touched = [e for e, (s, t) in old_spans.items() if touches(patch.hunks, s, t)]
            if patch.deleted:
                files.pop(patch.path, None)
                spans.pop(patch.path, None)
                continue
            files[patch.path] = lines = apply(files.get(patch.path, []), patch.hunks)
            spans[patch.path] = new_spans = _spans(lines, wanted)
            for entity_id in set(touched) | (set(new_spans) - set(old_spans)):
                if entity_id not in new_spans:
                    continue
                item = item_data(lines, *new_spans[entity_id])
                if item is not None and item != data.get(entity_id):
                    data[entity_id] = item
                    last[entity_id] = commit.sha
    revisions = _revisions(repository, set(last.values()))
    order = {r.sha: n for n, r in enumerate(reversed(repository.log(rev=sha)))}
    releases = sorted(
        (r for r in repository.releases() if r.concept in (None, concept_id) and r.sha in order),
        key=lambda r: order[r.sha],
    )
    lines_out = []
    for field in concept.fields:
        entities: list[tuple[str, Goal | Measure]] = [("goal", g) for g in field.goals]
        entities += [("measure", m) for m in field.measures]
        for kind, entity in entities:
            commit_sha = last.get(entity.id)
            if commit_sha is None:
                continue
            release = _first_release_from(releases, order, order[commit_sha])
            lines_out.append(
                BlameLine(
                    entity.id,
                    kind,
                    entity.label(),
                    f"{FIELDS_DIR}/{field.id}.yaml",
                    revisions[commit_sha],
                    release,
                )
            )
    return lines_out


def _spans(lines: list[str], wanted: dict[str, tuple[str, str]]) -> dict[str, tuple[int, int]]:
    text = "\n".join(lines)
    result = {}
    for entity in wanted:
        if entity in text:
            span = locate(lines, entity)
            if span is not None:
                result[entity] = span
    return result


def _first_release_from(
    releases: list[Release], order: dict[str, int], position: int
) -> Release | None:
    for release in releases:
        if order[release.sha] >= position:
            return release
    return None
