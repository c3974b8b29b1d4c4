"""Turning pydantic's validation errors into problems a person can act on.

pydantic says *what* failed in its own terms; an administrator needs the key path as it
appears in the file, the values that would be allowed, and for a typo the key that was
meant. The model classes are walked along the error's location to find that context.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from konzeptdoc.model.base import ID_PATTERN, TIME_PATTERN, XML_SAFE_PATTERN

Location = tuple[str | int, ...]
_FORBIDDEN = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]")
_CONTROL_NAMES = {0x0B: "vertical tab", 0x0C: "form feed", 0x00: "NUL", 0x08: "backspace"}


def field_path(location: Location) -> str:
    """``('measures', 3, 'status')`` → ``measures[3].status``."""
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def errors_of(
    exc: PydanticValidationError, root: type[BaseModel]
) -> Iterator[tuple[Location, str]]:
    """(location, message) for each error, locations as in the file."""
    for error in exc.errors(include_url=False):
        location = tuple(step for step in error["loc"] if not _is_union_tag(step))
        yield location, _message(error, location, root)


def _is_union_tag(step: str | int) -> bool:
    # pydantic inserts the member type of a union into the location ("int", "float").
    return isinstance(step, str) and step in {"int", "float", "str", "bool", "none"}


def _message(error: Any, location: Location, root: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(location[-1]) if location else "?"
        keys = _keys_at(root, location[:-1])
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        listing = f"; known keys: {', '.join(keys)}" if keys and not close else ""
        return f"unknown key '{key}'{hint}{listing}"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        allowed = _literal_values(root, location)
        listed = ", ".join(allowed) if allowed else context.get("expected", "")
        return f"{value!r} is not one of {listed}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(context.get("pattern", "")), value)
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"expected text, got the number {value}: put the value in quotes"
        return f"expected text, got {_kind_of(value)}"
    if kind in {"list_type", "model_type", "dict_type", "model_attributes_type"}:
        wanted = "a list" if kind == "list_type" else "a mapping of keys"
        return f"expected {wanted}, got {_kind_of(value)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return f"{value!r} is not a date: write YYYY-MM-DD, e.g. 2016-07-14"
    if kind == "too_short" and isinstance(value, list):
        return "must list at least one entry"
    return f"{error['msg']} (got {value!r})" if value is not None else str(error["msg"])


def _pattern_message(pattern: str, value: Any) -> str:
    if pattern == XML_SAFE_PATTERN and isinstance(value, str):
        match = _FORBIDDEN.search(value)
        if match:
            code = ord(match.group())
            name = _CONTROL_NAMES.get(code) or unicodedata.name(match.group(), "control character")
            return (
                f"contains U+{code:04X} ({name}) at character {match.start() + 1}, which XML and "
                "Word documents cannot carry (often left by pasting from Word): remove it"
            )
    if pattern == ID_PATTERN:
        return (
            f"{value!r} is not a valid id: use lowercase letters a–z, digits and hyphens, "
            "starting with a letter, at most 64 characters"
        )
    if pattern == TIME_PATTERN:
        return f'{value!r} is not a time: write "HH:MM" in quotes, e.g. "10:30"'
    return f"{value!r} does not match {pattern}"


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _annotation_at(root: type[BaseModel], location: Location) -> Any:
    annotation: Any = root
    for step in location:
        annotation = _unwrap(annotation, want_model=isinstance(step, str))
        if isinstance(step, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(step)
            annotation = info.annotation if info is not None else None
        else:
            return None
    return annotation


def _unwrap(annotation: Any, *, want_model: bool) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if want_model and models else members[0]
        else:
            return annotation


def _keys_at(root: type[BaseModel], location: Location) -> list[str]:
    model = _unwrap(_annotation_at(root, location), want_model=True)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _literal_values(root: type[BaseModel], location: Location) -> list[str]:
    annotation = _unwrap(_annotation_at(root, location), want_model=False)
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return []
