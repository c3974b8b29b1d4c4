"""Turning pydantic's validation errors into problems a person can act on.

pydantic says *what* failed in its own English terms; an administrator needs a German
sentence, the key path as it appears in the file, the values that would be allowed, and for
a typo the key that was meant. The model classes are walked along the error's location to find that context.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from konzeptdoc.errors import Problem, ValidationError
from konzeptdoc.german.glossary import count, key_label, quoted, value_label
from konzeptdoc.model import base
from konzeptdoc.model.base import ID_PATTERN, TIME_PATTERN, XML_SAFE_PATTERN

Location = tuple[str | int, ...]
_FORBIDDEN = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]")
_CONTROL_NAMES = {
    0x0B: "vertikaler Tabulator",
    0x0C: "Seitenvorschub",
    0x00: "Nullzeichen",
    0x08: "Rückschritt",
}


def field_path(location: Location) -> str:
    """``('measures', 3, 'status')`` → ``measures[3].status``."""
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def errors_of(
    exc: PydanticValidationError, root: type[BaseModel]
) -> Iterator[tuple[Location, str]]:
    """(location, German message) for each error, locations as in the file.

    pydantic's own (English) message text is never passed on: each error type users meet
    has a German sentence, every other type a general one naming the value.
    """
    said: set[tuple[Location, str]] = set()
    errors = exc.errors(include_url=False)
    # int | float fails once per member ("eine ganze Zahl", "eine Zahl"): one problem, told
    # once, by its last and most general member
    last = {_plain(e["loc"]): n for n, e in enumerate(errors) if _plain(e["loc"]) != e["loc"]}
    for n, error in enumerate(errors):
        location = _plain(error["loc"])
        if last.get(location, n) != n:
            continue
        message = _message(error, location, root)
        if (location, message) not in said:  # int | float fail twice with the same words
            said.add((location, message))
            yield location, message


def as_konzeptdoc_error(exc: PydanticValidationError, root: type[BaseModel]) -> ValidationError:
    """konzeptdoc's `ValidationError` for pydantic's about `root` (an assignment, a model
    constructed or validated in Python): German messages with key paths; `field_path` is
    the first error's."""
    problems = [
        Problem("error", None, None, field_path(location), message)
        for location, message in errors_of(exc, root)
    ]
    error = ValidationError(problems)
    error.field_path = problems[0].field_path if problems else ""
    return error


base.translators.append(as_konzeptdoc_error)


def _plain(location: Location) -> Location:
    """The location without the member types pydantic inserts for a union."""
    return tuple(step for step in location if not _is_union_tag(step))


def _is_union_tag(step: str | int) -> bool:
    # pydantic inserts the member type of a union into the location ("int", "float"; for a
    # constrained member "constrained-str", "function-after[…]"). The model's keys have
    # neither hyphens nor brackets, and it has no mapping with keys from the data.
    return isinstance(step, str) and (
        step in {"int", "float", "str", "bool", "none"} or "-" in step or "[" in step
    )


_TYPE_WANTED = {
    "string_type": "Text",
    "int_type": "eine ganze Zahl",
    "int_parsing": "eine ganze Zahl",
    "int_from_float": "eine ganze Zahl",
    "float_type": "eine Zahl",
    "float_parsing": "eine Zahl",
    "bool_type": "true oder false",
    "bool_parsing": "true oder false",
    "list_type": "eine Liste",
    "tuple_type": "eine Liste",
    "set_type": "eine Liste",
    "dict_type": "Angaben mit Schlüsseln",
    "model_type": "Angaben mit Schlüsseln",
    "model_attributes_type": "Angaben mit Schlüsseln",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "mindestens"),
    "greater_than": ("gt", "größer als"),
    "less_than_equal": ("le", "höchstens"),
    "less_than": ("lt", "kleiner als"),
}
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+,\d+$")


def _message(error: Any, location: Location, root: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    key = str(location[-1]) if location and isinstance(location[-1], str) else ""
    if kind == "extra_forbidden":
        return _unknown_key(root, location)
    if kind == "missing":
        label = key_label(key) if key else "Angabe"
        return f"Pflichtangabe {quoted(label)} fehlt: „{key}:“ ergänzen"
    if kind in {"literal_error", "enum"}:
        allowed = _literal_values(root, location)
        # People write the German word they read in the documents: "geplant" for planned.
        by_label = {value_label(key, v, allowed).lower(): v for v in allowed}
        typed = value if isinstance(value, str) else ""  # an empty value is no typo of "done"
        close = [by_label[typed.lower()]] if typed.lower() in by_label else []
        close = close or difflib.get_close_matches(typed, allowed, n=1, cutoff=0.6)
        label = value_label(key, close[0], allowed) if close else ""
        hint = f" – gemeint ist wohl {quoted(close[0])} ({label})" if close else ""
        listed = ", ".join(_with_label(key, v, allowed) for v in allowed)
        listed = listed or str(context.get("expected"))
        return f"{_shown(value)} ist kein zulässiger Wert{hint}; zulässig: {listed}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(context.get("pattern", "")), value)
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"Text erwartet, aber die Zahl {value} gefunden: den Wert in Anführungszeichen setzen"
        )
    german_number = isinstance(value, str) and _GERMAN_NUMBER.match(value.strip())
    if kind in {"float_parsing", "int_parsing"} and isinstance(value, str) and german_number:
        meant = value.strip().replace(".", "").replace(",", ".")
        return (
            f"{_shown(value)} ist in deutscher Schreibweise: Zahlen ohne Tausenderpunkt und "
            f"mit Dezimalpunkt schreiben, hier {meant}"
        )
    if kind in _TYPE_WANTED:
        return f"{_TYPE_WANTED[kind]} erwartet, aber {_kind_of(value)} gefunden"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "json_invalid":  # model_validate_json: pydantic's ctx is English; only where
        at = re.search(r"line (\d+) column (\d+)", str(context.get("error", "")))
        where = f" (Zeile {at[1]}, Spalte {at[2]})" if at else ""
        return f"der Text ist kein gültiges JSON{where}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return _date_message(value)
    if kind in {"too_short", "string_too_short"}:
        least = context.get("min_length", 1)
        if isinstance(value, list):
            return f"mindestens {count(int(least), 'entry')} angeben"
        if int(least) == 1:
            return "darf nicht leer sein: einen Text angeben"
        return f"zu kurz: mindestens {count(int(least), 'character')}"
    if kind in {"too_long", "string_too_long"}:
        most = context.get("max_length", 0)
        if isinstance(value, list):
            return f"zu viele Einträge: höchstens {count(int(most), 'entry')}"
        return f"zu lang: höchstens {count(int(most), 'character')}"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        bound = context.get(name)
        if isinstance(bound, int) and abs(bound) >= 10_000:  # 1.000.000.000.000, not 10**12
            bound = f"{bound:,}".replace(",", ".")
        return f"muss {words} {bound} sein, gefunden: {_shown(value)}"
    return f"ungültiger Wert: {_shown(value)}" if value is not None else "ungültiger Wert"


def _unknown_key(root: type[BaseModel], location: Location) -> str:
    key = str(location[-1]) if location else "?"
    keys = _keys_at(root, location[:-1])
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    if close:
        return (
            f"unbekannter Schlüssel {quoted(key)} – gemeint ist wohl {quoted(close[0])} "
            f"({key_label(close[0])})"
        )
    listing = f"; bekannte Schlüssel: {', '.join(keys)}" if keys else ""
    return f"unbekannter Schlüssel {quoted(key)}{listing}"


def _with_label(key: str, value: str, allowed: list[str]) -> str:
    label = value_label(key, value, allowed)
    return value if label == value else f"{value} ({label})"


def _date_message(value: Any) -> str:
    match = _GERMAN_DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match:
        day, month, year = match.groups()
        return (
            f"{_shown(value)} ist kein Datum in der Schreibweise der Dateien: "
            f"{year}-{int(month):02d}-{int(day):02d} schreiben (JJJJ-MM-TT)"
        )
    if isinstance(value, str) and _ISO_SHAPE.match(value.strip()):
        # The right shape, but no day of the calendar ("2026-13-01", "2026-02-30").
        return f"{_shown(value)} ist kein gültiges Datum: diesen Tag gibt es im Kalender nicht"
    return f"{_shown(value)} ist kein Datum: JJJJ-MM-TT schreiben, z. B. 2016-07-14"


_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value: Any) -> str:
    """A value the user wrote, as they wrote it (not as a Python repr)."""
    if value is None:
        return "ein leerer Wert"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, dict):
        return "Angaben mit Schlüsseln"
    if isinstance(value, list):
        return "eine Liste"
    return str(value)


def _pattern_message(pattern: str, value: Any) -> str:
    if pattern == XML_SAFE_PATTERN and isinstance(value, str):
        match = _FORBIDDEN.search(value)
        if match:
            code = ord(match.group())
            name = _CONTROL_NAMES.get(code, "Steuerzeichen")
            return (
                f"enthält an Zeichen {match.start() + 1} das Zeichen U+{code:04X} ({name}), das "
                "XML- und Word-Dokumente nicht aufnehmen können (oft beim Einfügen aus Word "
                "entstanden): bitte entfernen"
            )
    if pattern == ID_PATTERN:
        return (
            f"{_shown(value)} ist keine gültige Kennung: Kleinbuchstaben a–z, Ziffern und "
            "Bindestriche, beginnend mit einem Buchstaben, höchstens 64 Zeichen"
        )
    if pattern == TIME_PATTERN:
        return f'{_shown(value)} ist keine Uhrzeit: „HH:MM“ in Anführungszeichen schreiben, z. B. "10:30"'
    return f"{_shown(value)} hat nicht die verlangte Form"


def _kind_of(value: Any) -> str:
    if value is None:
        return "ein leerer Wert"
    if isinstance(value, bool):
        return f"der Wahrheitswert {_shown(value)}"
    if isinstance(value, dict):
        return "Angaben mit Schlüsseln"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, int | float):
        return f"die Zahl {value}"
    if isinstance(value, dt.date):
        return f"das Datum {value.isoformat()}"
    return f"der Text {_shown(value)}"


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
