"""Semantic merge of concept files: by entity and key, never by lines.

Two administrators who edit different measures of the same field file have not conflicted,
though git's line merge may say so. Here each file is merged as data: mappings key by key,
lists of entities by id (order: ours, with their new entities after their predecessor),
other values as a whole. Only the same key of the same entity changed differently on both
sides is a conflict; it is reported by file, entity and key and can be resolved per entity
with "ours" or "theirs". The result is written through the round-trip editor, so git's
conflict markers can never reach a YAML file.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from konzeptdoc.errors import MergeConflict
from konzeptdoc.files.yamlio import same
from konzeptdoc.german.glossary import key_label, term
from konzeptdoc.german.values import shown
from konzeptdoc.model.kinds import KINDS

# A person reads a conflict: kinds by their German term (the kind names are glossary keys).
_KINDS = {kind.container: term(kind.name).singular for kind in KINDS}
_MISSING: Any = object()


@dataclass
class Resolution:
    """Which side wins for which entities (by id)."""

    ours: Collection[str] = ()
    theirs: Collection[str] = ()


@dataclass
class _Merger:
    file: str
    resolution: Resolution
    conflicts: list[MergeConflict] = field(default_factory=list)

    def value(self, base: Any, ours: Any, theirs: Any, entity: str, key: str) -> Any:
        if same(ours, theirs) or _same_missing(ours, theirs):
            return ours
        if _same_missing(base, ours) or (
            base is not _MISSING and ours is not _MISSING and same(base, ours)
        ):
            return theirs
        if _same_missing(base, theirs) or (
            base is not _MISSING and theirs is not _MISSING and same(base, theirs)
        ):
            return ours
        if all(isinstance(v, Mapping) for v in (ours, theirs)) and (
            base is _MISSING or isinstance(base, Mapping)
        ):
            return self.mapping({} if base is _MISSING else base, ours, theirs, entity, key)
        if all(_entity_list(v) for v in (ours, theirs)) and (
            base is _MISSING or _entity_list(base)
        ):
            return self.entities([] if base is _MISSING else base, ours, theirs, key)
        entity_id = entity.rsplit(" ", 1)[-1]
        if entity_id in self.resolution.ours:
            return ours
        if entity_id in self.resolution.theirs:
            return theirs
        # German labels and values, not keys and enum values.
        label = "/".join(key_label(step) for step in key.split("."))
        last = key.rsplit(".", 1)[-1]
        self.conflicts.append(
            MergeConflict(self.file, entity, label, _shown(last, ours), _shown(last, theirs))
        )
        return ours

    def mapping(
        self,
        base: Mapping[str, Any],
        ours: Mapping[str, Any],
        theirs: Mapping[str, Any],
        entity: str,
        prefix: str = "",
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = list(ours) + [k for k in theirs if k not in ours]
        for key in keys:
            path = f"{prefix}.{key}" if prefix and not _is_entity(ours) else key
            merged = self.value(
                base.get(key, _MISSING),
                ours.get(key, _MISSING),
                theirs.get(key, _MISSING),
                entity,
                path,
            )
            if merged is not _MISSING:
                result[key] = merged
        return result

    def entities(self, base: list[Any], ours: list[Any], theirs: list[Any], key: str) -> list[Any]:
        kind = _KINDS.get(key.rsplit(".", 1)[-1], key)
        by_base = {item["id"]: item for item in base}
        by_ours = {item["id"]: item for item in ours}
        by_theirs = {item["id"]: item for item in theirs}
        order = [item["id"] for item in ours]
        # Their entities we lack (new there, or removed here and perhaps changed there), after
        # their predecessor; value() decides whether they stay.
        for position, item in enumerate(theirs):
            if item["id"] not in by_ours:
                before = theirs[position - 1]["id"] if position else None
                order.insert(order.index(before) + 1 if before in order else len(order), item["id"])
        result = []
        for entity_id in order:
            label = f"{kind} {entity_id}"
            merged = self.value(
                by_base.get(entity_id, _MISSING),
                by_ours.get(entity_id, _MISSING),
                by_theirs.get(entity_id, _MISSING),
                label,
                "(auf einer Seite gelöscht, auf der anderen geändert)",
            )
            if isinstance(merged, Mapping):
                result.append(merged)
        return result


def _same_missing(left: Any, right: Any) -> bool:
    return left is _MISSING and right is _MISSING


def _is_entity(value: Any) -> bool:
    return isinstance(value, Mapping) and "id" in value


def _entity_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_entity(item) for item in value)


def _shown(key: str, value: Any) -> str | None:
    return None if value is _MISSING else shown(key, value)


def file_entity(file: str) -> str:
    """How a conflict in a file's own keys names its entity (``file`` without .yaml)."""
    return f"Datei {file}"


def merge_file(
    file: str, base: Any, ours: Any, theirs: Any, resolution: Resolution
) -> tuple[Any, list[MergeConflict]]:
    """Three-way merge of one file's data; returns the result (None: the file is gone) and conflicts."""
    merger = _Merger(file, resolution)
    label = file_entity(file)
    values = [_MISSING if v is None else v for v in (base, ours, theirs)]
    if all(isinstance(v, Mapping) for v in values[1:]) and values[0] is not _MISSING:
        field = file.rsplit("/", 1)[-1]
        entity = f"{term('field').singular} {field}" if file.startswith("fields/") else label
        return merger.mapping(values[0], values[1], values[2], entity), merger.conflicts
    result = merger.value(values[0], values[1], values[2], label, "(ganze Datei)")
    return (None if result is _MISSING else result), merger.conflicts


def merge_files(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    resolution: Resolution,
) -> tuple[dict[str, Any], list[MergeConflict]]:
    """Merge the data of every file (relative path → data; absent: the file does not exist)."""
    merged: dict[str, Any] = {}
    conflicts: list[MergeConflict] = []
    for path in sorted({*base, *ours, *theirs}):
        result, found = merge_file(
            path.removesuffix(".yaml"), base.get(path), ours.get(path), theirs.get(path), resolution
        )
        conflicts += found
        if result is not None:
            merged[path] = result
    return merged, conflicts
