"""Shared building blocks of the model: the base class, ids, safe strings, years.

Every string the model holds is checked for characters XML 1.0 cannot carry (C0 control
characters such as the vertical tab that pasting from Word leaves, U+FFFE/U+FFFF): such
a character would otherwise reach a Word document and make it unreadable. The check is
a `pattern`, so pydantic-core runs it in Rust and the JSON Schema shows it to editors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Self, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError
from pydantic._internal._model_construction import ModelMetaclass

#: Newest `schema_version` this library reads and writes.
SCHEMA_VERSION = 1

ID_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
XML_SAFE_PATTERN = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(
        description="Kennung: Kleinbuchstaben (a–z), Ziffern und Bindestriche, beginnt mit "
        "einem Buchstaben, höchstens 64 Zeichen; eindeutig im Konzept."
    ),
]
#: Plain text on one line or several (titles, names): never interpreted as Markdown.
Str = Annotated[str, StringConstraints(pattern=XML_SAFE_PATTERN)]
#: A required title or name: never empty (a heading "Maßnahme 1.2" with nothing after it).
Label = Annotated[str, StringConstraints(pattern=XML_SAFE_PATTERN, min_length=1)]
#: Markdown subset (CommonMark: paragraphs, lists, **fett**, *kursiv*, Links).
Text = Annotated[str, StringConstraints(pattern=XML_SAFE_PATTERN)]
Year = Annotated[int, Field(ge=1900, le=2200, description="Jahr, z. B. 2021")]
#: Bounds of amounts (1 Billion €) and measured values: past them a value is a typo or
#: hostile, and 1e308 or a 40-digit number would overflow the documents' number formatting.
MAX_AMOUNT = 10**12
Amount = Annotated[int | float, Field(ge=0, le=MAX_AMOUNT, description="Betrag in Euro")]
#: A measured value (an indicator's series, a target): finite, at most ±1 Billion.
Measurement = Annotated[int | float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]

TEXT_HINT = " (Markdown: Absätze, Listen, **fett**, *kursiv*, Links)"


def described(text: str, **extra: Any) -> Any:
    """A pydantic `Field` carrying the German description editors show on hover."""
    return Field(description=text, **extra)


def hide_default(schema: dict[str, Any]) -> None:
    """Drop the empty default of an id from the JSON Schema.

    An empty id means "assign one from the title when saving"; editors need not show it.
    """
    schema.pop("default", None)


def text_field(text: str, **extra: Any) -> Any:
    """A `Field` for a Markdown text value; its description says so."""
    return Field(description=text + TEXT_HINT, **extra)


#: Turns pydantic's (English) error about a model class into konzeptdoc's German
#: `ValidationError`; registered by `konzeptdoc.files.diagnostics`, the layer that has the
#: German words (``import konzeptdoc`` and its model names load it). Until one is, pydantic's
#: own error passes.
translators: list[Callable[[PydanticValidationError, type[BaseModel]], Exception]] = []


def _translated(error: PydanticValidationError, model: type[BaseModel]) -> Exception:
    return translators[-1](error, model) if translators else error


class _Checked(ModelMetaclass):
    """Constructing a model directly (``Measure(status="fertig")``) raises konzeptdoc's error.

    On the metaclass, not in ``__init__``: a custom ``__init__`` would make pydantic call it
    for every nested model it validates, and an error of a nested one would escape whole
    instead of being placed among the others.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except PydanticValidationError as error:
            raise _translated(error, cast("type[BaseModel]", cls)) from None


class Model(BaseModel, metaclass=_Checked):
    """Base of every model: unknown keys are errors, assignments are validated.

    A library user who assigns a wrong value (``measure.status = "fertig"``), constructs a
    model or calls `model_validate` gets konzeptdoc's `ValidationError` (a KonzeptdocError)
    with German messages and the key path, not pydantic's English one.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except PydanticValidationError as error:
            raise _translated(error, type(self)) from None

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """pydantic's `model_validate`, raising konzeptdoc's German `ValidationError`."""
        try:
            return super().model_validate(obj, **options)
        except PydanticValidationError as error:
            raise _translated(error, cls) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """pydantic's `model_validate_json`, raising konzeptdoc's German `ValidationError`."""
        try:
            return super().model_validate_json(json_data, **options)
        except PydanticValidationError as error:
            raise _translated(error, cls) from None

    @classmethod
    def from_data(cls, obj: Any) -> Self:
        """`model_validate` raising pydantic's own error, for readers that place each of
        its errors in a file (`konzeptdoc.files.diagnostics.errors_of`)."""
        return super().model_validate(obj)


def schema_description(text: str) -> ConfigDict:
    """Model config whose JSON Schema description is the German `text`.

    The English class docstring documents the code; the schema shows German.
    """
    return ConfigDict(
        extra="forbid", validate_assignment=True, json_schema_extra={"description": text}
    )


class Entity(Model):
    """A model with an `id`; an empty id is assigned from the title when saved."""

    id: Id = Field(default="", json_schema_extra=hide_default)

    def label(self) -> str:
        """The human name of the entity (title or name)."""
        for name in ("title", "name", "text"):
            value = getattr(self, name, None)
            if isinstance(value, str) and value:
                return value
        return self.id


class YearRange(Model):
    """A span of years with start ≤ end."""

    model_config = schema_description("Zeitraum in Jahren (Beginn ≤ Ende)")

    start: Year = described("Erstes Jahr")
    end: Year = described("Letztes Jahr")
