"""What changed since the last save: the data of a file rebuilt from its changed entities.

A save must find the one measure that changed among a thousand. Models cannot tell (lists
change in place, `measure.partners.append(...)`, without pydantic seeing it), so each
entity's *signature* is kept with the data it dumped to: every object it holds, depth
first, with the length of each list. A later signature that holds the same objects (or
equal ones) in the same places dumps the same: the entity's data is the very object kept,
it is neither dumped nor validated again, and comparing it with the file's data is an
identity test. Only the entities whose signature changed are dumped (`fresh`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from konzeptdoc.files.splice import equal

_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def dump(
    model: BaseModel,
    exclude: Collection[str] = frozenset(),
    lists: Mapping[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """A model as plain data: keys that were written or differ from their default.

    Not pydantic's ``exclude_unset``: that misses lists changed in place
    (``measure.partners.append(...)``), which never mark the key as set. `lists` gives the
    data of some list fields ready made (their entities' kept data).
    """
    data: dict[str, Any] = {}
    written = model.model_fields_set
    values = model.__dict__  # the fields' values (getattr costs more, for thousands of entities)
    for name, default in _defaults(type(model)):
        value = values[name]
        if (name not in written and value == default) or name in exclude:
            continue
        if lists is not None and name in lists:
            data[name] = lists[name]
        else:
            data[name] = value if type(value) in _SCALARS else _plain(value)
    return data


_DEFAULTS: dict[type[BaseModel], list[tuple[str, Any]]] = {}


def _defaults(model_class: type[BaseModel]) -> list[tuple[str, Any]]:
    """Each field's default, made once per class (pydantic inspects the factory's signature
    on every call; a save dumps thousands of entities). Only compared with, never handed out."""
    if model_class not in _DEFAULTS:
        _DEFAULTS[model_class] = [
            (name, info.get_default(call_default_factory=True))
            for name, info in model_class.model_fields.items()
        ]
    return _DEFAULTS[model_class]


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, BaseModel):
        return dump(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def signature(model: BaseModel, leaves: Collection[str] = ()) -> list[Any]:
    """Every object a model holds, depth first, with the lists and models holding them.

    Two signatures hold the same objects in the same places (compared by identity first,
    so the signature keeps them alive and no id is reused) only if nothing was assigned or
    changed in place in between: the model dumps as it did then. `leaves` names list
    fields whose items (and fields whose model) are taken as they are, not descended into:
    entities and files with signatures of their own.
    """
    found: list[Any] = [model]
    _walk(model, found, leaves)
    return found


def _walk(model: BaseModel, found: list[Any], leaves: Collection[str] = ()) -> None:
    values = model.__dict__
    found.append(len(model.__pydantic_fields_set__))  # an assigned default is dumped
    found.extend(values.values())
    kind = type(model)
    for name in _NESTED[kind] if kind in _NESTED else _nested(kind):
        value = values[name]
        if type(value) is list:
            found.append(len(value))
            found.extend(value)  # a list of strings ends here; nothing below needs a look
            if name in leaves:
                continue
            for item in value:
                if type(item) not in _SCALARS:
                    _inner(item, found)
        elif type(value) in _SCALARS or name in leaves:
            continue
        elif _NESTED.get(type(value)) == ():  # a model of scalars (timeframe, cost): inline
            found.append(value)
            found.append(len(value.__pydantic_fields_set__))
            found.extend(value.__dict__.values())
        else:
            _inner(value, found)


def _inner(value: Any, found: list[Any]) -> None:
    if isinstance(value, BaseModel):
        found.append(value)
        _walk(value, found)
    elif type(value) is list:
        found.append(len(value))
        found.extend(value)
        for item in value:
            if type(item) not in _SCALARS:
                _inner(item, found)
    elif type(value) is dict:
        found.append(len(value))
        found.extend(value.keys())
        found.extend(value.values())
        for item in value.values():
            if type(item) not in _SCALARS:
                _inner(item, found)
    else:
        found.append(repr(value))  # anything else: compared by its text, never trusted


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested(model_class: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class whose type admits more than scalars (lists, models …)."""
    _NESTED[model_class] = tuple(
        name for name, info in model_class.model_fields.items() if not _scalar_type(info.annotation)
    )
    return _NESTED[model_class]


def _scalar_type(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return _scalar_type(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return all(_scalar_type(a) for a in typing.get_args(annotation))
    return annotation in _SCALARS or (
        isinstance(annotation, type) and issubclass(annotation, (str, int, float, enum.Enum))
    )


@dataclass(frozen=True)
class ListMemo:
    """One list of entities as the last save left it: the entities, their signatures one
    after the other (entity i's from `bounds[i]` to `bounds[i + 1]`) and their data."""

    entities: list[BaseModel]
    found: list[Any]
    bounds: list[int]
    data: list[dict[str, Any]]

    def kept(self, entity: BaseModel, found: list[Any], start: int, end: int) -> Any:
        """The data kept for `entity` if its signature `found[start:end]` is the one it had."""
        index = self.places.get(id(entity))
        if index is None or self.entities[index] is not entity:
            return None
        if self.found[self.bounds[index] : self.bounds[index + 1]] == found[start:end]:
            return self.data[index]
        return None

    @functools.cached_property
    def places(self) -> dict[int, int]:
        """Each entity's index by its id() (the entities are held, so no id is reused)."""
        return {id(entity): index for index, entity in enumerate(self.entities)}


@dataclass(frozen=True)
class FileMemo:
    """One file as the last save left it: its model's signature with the entity lists as
    leaves, anything else its data depends on, its entity lists, and its data."""

    head: list[Any]
    extra: Any
    lists: dict[str, ListMemo]
    data: dict[str, Any]

    def adopt(self, data: dict[str, Any]) -> FileMemo | None:
        """The same memo holding `data` (equal to its own: the file's parse) and its entity
        dicts: the next save finds them by identity. None if they do not line up."""
        lists = {}
        for key, memo in self.lists.items():
            items = data.get(key, [])
            if not isinstance(items, list) or len(items) != len(memo.entities):
                return None
            lists[key] = ListMemo(memo.entities, memo.found, memo.bounds, items)
        return FileMemo(self.head, self.extra, lists, data)


#: Where an entity of the file's data is: (list key, index).
Place = tuple[str, int]


@dataclass(frozen=True)
class Tracked:
    """A file's data as `model_data` made it."""

    data: dict[str, Any]
    memo: FileMemo
    #: The entities dumped afresh (the others' data was kept from the last save).
    fresh: list[Place]
    #: Whether nothing `watched` changed since the memo: the same entities in the same
    #: places, the same model around them, and the changed entities' `watched` keys alike.
    settled: bool


def model_data(
    model: BaseModel,
    containers: Collection[str],
    memo: FileMemo | None,
    finish: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    exclude: Collection[str] = frozenset(),
    extra: Any = None,
    watched: Collection[str] = (),
    base: Any = None,
) -> Tracked:
    """The data of the file `model` is written to, with its memo for the next call.

    `containers` are the model's entity lists (the others are dumped whole); `finish` turns
    the dump into the file's data (its id, its version first); `extra` is anything else
    the data depends on (concept.yaml's list of field ids). Without a memo, an entity that
    `matches` its place in `base` (the file's validated data) takes that data, undumped.
    """
    head = signature(model, {*containers, *exclude})  # the excluded are files of their own
    settled = memo is not None and memo.head == head and memo.extra == extra
    lists: dict[str, ListMemo] = {}
    fresh: list[Place] = []
    values = model.__dict__
    for key in containers:
        entities = list(values[key])
        found: list[Any] = []
        bounds = [0]
        for entity in entities:  # one list, not one per entity: a thousand calls less
            found.append(entity)
            _walk(entity, found)
            bounds.append(len(found))
        before = None if memo is None else memo.lists.get(key)
        if before is not None and before.found == found:  # the same entities, unchanged
            lists[key] = ListMemo(entities, found, bounds, before.data)
            continue
        placed = before is not None and _same_objects(before.entities, entities)
        made = []
        given = base.get(key) if memo is None and type(base) is dict else None
        given = given if type(given) is list and len(given) == len(entities) else None
        for index, entity in enumerate(entities):
            start, end = bounds[index], bounds[index + 1]
            data = None if before is None else before.kept(entity, found, start, end)
            if given is not None and matches(entity, given[index]):
                data = given[index]
            if data is None:
                data = dump(entity)
                fresh.append((key, index))
                if placed and before is not None:
                    old = before.data[index]
                    placed = all(old.get(name) == data.get(name) for name in watched)
            made.append(data)
        settled = settled and placed
        lists[key] = ListMemo(entities, found, bounds, made)
    if memo is not None and settled and all(lists[k].data is memo.lists[k].data for k in lists):
        return Tracked(memo.data, FileMemo(head, extra, lists, memo.data), fresh, settled)
    data = finish(dump(model, exclude, {key: memo.data for key, memo in lists.items()}))
    return Tracked(data, FileMemo(head, extra, lists, data), fresh, settled)


def matches(model: BaseModel, data: Any) -> bool:
    """Whether `dump(model)` equals `data` as `splice.equal` compares them, found without
    dumping (the first save after a load finds most entities as their file has them)."""
    if type(data) is not dict:
        return False
    written = model.__pydantic_fields_set__
    values = model.__dict__
    seen = 0
    for name, default in _defaults(type(model)):
        value = values[name]
        dumped = name in written or value != default
        if name not in data:
            if dumped:
                return False
            continue
        seen += 1
        if not dumped or not _value_matches(value, data[name]):
            return False
    return seen == len(data)


def _value_matches(value: Any, item: Any) -> bool:
    if type(value) in _SCALARS:
        return equal(item, value)
    if isinstance(value, BaseModel):
        return matches(value, item)
    if type(value) is list:
        return (
            type(item) is list and len(item) == len(value) and all(map(_value_matches, value, item))
        )
    return equal(item, _plain(value))


def _same_objects(old: list[Any], new: list[Any]) -> bool:
    return len(old) == len(new) and all(map(operator.is_, old, new))
