"""Comparing two concepts: entities aligned by id, then values, then words.

An entity whose id stays while its title changes was renamed; one whose id appears under
another field (or a goal under another guiding goal) was moved – never shown as removed
and added. Text values carry a word diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from konzeptdoc.diff.records import Change, ChangeKind, ConceptDiff, Side, ValueChange
from konzeptdoc.diff.words import text_diff
from konzeptdoc.model import Concept
from konzeptdoc.model.base import TEXT_HINT
from konzeptdoc.model.kinds import BY_CONTAINER, KINDS, containers, owned_by

_CHILDREN = {*(kind.container for kind in KINDS), "participation", "submission"}


def compare(
    old: Concept,
    new: Concept,
    *,
    old_side: Side | None = None,
    new_side: Side | None = None,
    with_authors: bool = False,
) -> ConceptDiff:
    """All changes from `old` to `new`, as frozen records in document order.

    Contribution authors are personal data: they are compared (and so appear in every
    rendering of the diff) only with `with_authors`.
    """
    if not with_authors:
        old, new = without_authors(old), without_authors(new)
    changes: list[Change] = []
    changes += _entity("concept", new.id, "concept", old, new, exclude=_CHILDREN)
    for kind in owned_by("concept"):
        if kind.name != "field":  # fields are compared with their lists, below
            changes += _list(
                kind.name,
                kind.container,
                getattr(old, kind.container),
                getattr(new, kind.container),
                "concept",
            )
    changes += _fields(old, new)
    changes += _participation(old, new)
    if old.submission is not None or new.submission is not None:
        changes += _entity("submission", "submission", "submission", old.submission, new.submission)
    from konzeptdoc.german.names import entity_names

    return ConceptDiff(
        new.id or old.id,
        old_side or Side(old.title),
        new_side or Side(new.title),
        tuple(changes),
        names={**entity_names(old), **entity_names(new)},
        titles={**_titles(old), **_titles(new)},
    )


def _titles(concept: Concept) -> dict[str, str]:
    """id → title of what values refer to: target groups, fields, goals, measures."""
    titles = {g.id: g.name for g in concept.target_groups}
    for field in concept.fields:
        titles[field.id] = field.title
        titles.update((goal.id, goal.title) for goal in field.goals)
        titles.update((measure.id, measure.title) for measure in field.measures)
    return titles


def without_authors(concept: Concept) -> Concept:
    """The concept with no contribution author (a shallow copy; the concept is unchanged)."""
    participation = concept.participation
    if participation is None or not any(c.author for c in participation.contributions):
        return concept
    contributions = [c.model_copy(update={"author": None}) for c in participation.contributions]
    return concept.model_copy(
        update={"participation": participation.model_copy(update={"contributions": contributions})}
    )


def _label(entity: Any) -> str | None:
    for key in ("title", "name"):
        value = getattr(entity, key, None)
        if isinstance(value, str):
            return value
    return None


#: Parts made of several values of their own: compared value by value (key "process.title"),
#: not as one block of text.
_NESTED = frozenset({"process", "online_commenting", "costs", "financial_impact", "working_group"})


_EMPTY: tuple[object, ...] = (None, "", [], {}, False)


def _values(
    old: BaseModel | None, new: BaseModel | None, exclude: set[str] | frozenset[str] = frozenset()
) -> tuple[ValueChange, ...]:
    present = new if new is not None else old
    assert present is not None  # callers pass at least one side
    result = []
    for key, info in type(present).model_fields.items():
        if key in exclude or key in ("id", "schema_version"):
            continue
        if key in _NESTED:  # both sides present: each changed part on its own ("Verfahren – Titel")
            inner_old, inner_new = getattr(old, key, None), getattr(new, key, None)
            if isinstance(inner_old, BaseModel) and isinstance(inner_new, BaseModel):
                result += [
                    ValueChange(f"{key}.{v.key}", v.old, v.new, v.text)
                    for v in _values(inner_old, inner_new)
                ]
                continue
        before = _plain(getattr(old, key, None)) if old is not None else None
        after = _plain(getattr(new, key, None)) if new is not None else None
        if before == after:
            continue
        is_text = isinstance(before, str | None) and isinstance(after, str | None)
        words = (
            text_diff(before, after)
            if (is_text and (info.description or "").endswith(TEXT_HINT))
            or (is_text and key in ("title", "name"))
            else None
        )
        result.append(ValueChange(key, before, after, words))
    return tuple(result)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _entity(
    entity_type: str,
    entity_id: str,
    path: str,
    old: BaseModel | None,
    new: BaseModel | None,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> Iterator[Change]:
    if old is None and new is None:
        return
    if old is None or new is None:
        kind: ChangeKind = "added" if old is None else "removed"
        # What a new entry says (or a gone one said) is part of the change: a Synopse shows
        # a new measure's description, lead and costs, not its name alone. The name is in
        # the change's title; empty keys are left out.
        content = tuple(
            v
            for v in _values(old, new, exclude | {"title", "name"})
            if (v.new if old is None else v.old) not in _EMPTY
        )
        yield Change(kind, entity_type, entity_id, path, _label(old), _label(new), values=content)
        return
    values = _values(old, new, exclude)
    if values:
        renamed = any(v.key in ("title", "name") for v in values)
        yield Change(
            "renamed" if renamed else "modified",
            entity_type,
            entity_id,
            path,
            _label(old),
            _label(new),
            values=values,
        )


def _reordered(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids in both lists whose relative order changed (not on the longest common run)."""
    common = set(old_ids) & set(new_ids)
    a = [i for i in old_ids if i in common]
    b = [i for i in new_ids if i in common]
    kept = set()
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        kept.update(a[block.a : block.a + block.size])
    return common - kept


def _list(
    entity_type: str, key: str, old: list[Any], new: list[Any], where: str, path: str | None = None
) -> Iterator[Change]:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    moved_order = _reordered(list(before), list(after))
    for entity_id in [*after, *(i for i in before if i not in after)]:
        changes = list(
            _entity(
                entity_type,
                entity_id,
                f"{path or key}/{entity_id}",
                before.get(entity_id),
                after.get(entity_id),
            )
        )
        if not changes and entity_id in moved_order:
            changes = [
                Change(
                    "reordered",
                    entity_type,
                    entity_id,
                    f"{path or key}/{entity_id}",
                    _label(before[entity_id]),
                    _label(after[entity_id]),
                    where,
                    where,
                )
            ]
        yield from changes


def _fields(old: Concept, new: Concept) -> Iterator[Change]:
    before = {f.id: f for f in old.fields}
    after = {f.id: f for f in new.fields}
    reordered = _reordered(list(before), list(after))
    owners_old = _owners(old)
    owners_new = _owners(new)
    seen: set[str] = set()
    for field_id in [*after, *(i for i in before if i not in after)]:
        changes = list(
            _entity(
                "field",
                field_id,
                f"fields/{field_id}",
                before.get(field_id),
                after.get(field_id),
                exclude=_CHILDREN,
            )
        )
        if not changes and field_id in reordered:
            changes = [
                Change(
                    "reordered",
                    "field",
                    field_id,
                    f"fields/{field_id}",
                    before[field_id].title,
                    after[field_id].title,
                )
            ]
        yield from changes
        for key in containers("field"):
            old_items = getattr(before[field_id], key) if field_id in before else []
            new_items = getattr(after[field_id], key) if field_id in after else []
            order = _reordered([e.id for e in old_items], [e.id for e in new_items])
            # A removed item is told where it stood: after the item it followed in the old
            # version (moved ones come with their new field).
            here, anchor = {e.id for e in new_items}, None
            removed: dict[str | None, list[str]] = {}
            for item in old_items:
                if item.id in here:
                    anchor = item.id
                elif item.id not in owners_new.get(key, {}):
                    removed.setdefault(anchor, []).append(item.id)
            for gone in removed.get(None, []):
                yield from _item(key, gone, field_id, owners_old, owners_new, order)
            for item in new_items:
                seen.add(item.id)
                yield from _item(key, item.id, field_id, owners_old, owners_new, order)
                for gone in removed.get(item.id, []):
                    yield from _item(key, gone, field_id, owners_old, owners_new, order)


def _owners(concept: Concept) -> dict[str, dict[str, tuple[str, Any]]]:
    """kind → id → (field id, entity): where every goal, measure, indicator lives."""
    result: dict[str, dict[str, tuple[str, Any]]] = {key: {} for key in containers("field")}
    for field in concept.fields:
        for key in result:
            for item in getattr(field, key):
                result[key][item.id] = (field.id, item)
    return result


def _item(
    key: str,
    item_id: str,
    field_id: str,
    owners_old: dict[str, dict[str, tuple[str, Any]]],
    owners_new: dict[str, dict[str, tuple[str, Any]]],
    reordered: set[str],
) -> Iterator[Change]:
    before = owners_old[key].get(item_id)
    after = owners_new[key].get(item_id)
    located = after or before
    assert located is not None  # the id came from one of the two sides
    entity = located[1]
    entity_type = BY_CONTAINER[key].name
    if entity_type == "goal":  # a guiding or an action goal: two words in German
        entity_type = f"goal_{getattr(entity, 'level', 'action')}"
    path = f"fields/{located[0]}/{key}/{item_id}"
    if before is None or after is None:
        yield from _entity(entity_type, item_id, path, before and before[1], after and after[1])
        return
    values = _values(before[1], after[1])
    where_old, where_new = before[0], after[0]
    parent_moved = any(v.key == "parent" for v in values)
    if parent_moved:
        where_old, where_new = str(before[1].parent), str(after[1].parent)
    if before[0] != after[0] or parent_moved:
        kind: ChangeKind | None = "moved"
    elif values:
        kind = "renamed" if any(v.key in ("title", "name") for v in values) else "modified"
    else:
        kind = "reordered" if item_id in reordered else None
    if kind is not None:
        labels = (_label(before[1]), _label(after[1]))
        wheres = (where_old, where_new)
        yield Change(kind, entity_type, item_id, path, *labels, *wheres, values)


def _participation(old: Concept, new: Concept) -> Iterator[Change]:
    a, b = old.participation, new.participation
    if a is None and b is None:
        return
    yield from _entity(
        "participation",
        "participation",
        "participation",
        a,
        b,
        exclude=set(containers("participation")),
    )
    if a is None or b is None:
        return
    for kind in owned_by("participation"):
        key = kind.container
        old_items, new_items = getattr(a, key), getattr(b, key)
        yield from _list(
            kind.name, key, old_items, new_items, "participation", f"participation/{key}"
        )
