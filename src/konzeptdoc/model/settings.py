"""konzeptdoc.yaml: the repository's settings (the municipality's profile)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import field_validator
from pydantic_core import SchemaError, SchemaValidator, core_schema
from pydantic_core import ValidationError as PydanticCoreValidationError

from konzeptdoc.model.base import SCHEMA_VERSION, Model, Str, described, schema_description

InclusiveLanguage = Literal["pair_forms", "gender_star", "colon", "none"]


class Settings(Model):
    """konzeptdoc.yaml."""

    model_config = schema_description(
        "Einstellungen des Konzept-Repositorys (konzeptdoc.yaml): Profil der Kommune"
    )

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    municipality: Str = described("Kommune, z. B. „Landeshauptstadt Wiesbaden“")
    state: Str | None = described("Bundesland", default=None)
    bodies: list[Str] = described(
        "Gremien, z. B. „Stadtverordnetenversammlung“", default_factory=list
    )
    submission_number_pattern: str | None = described(
        "Regulärer Ausdruck für Vorlagennummern", default=None
    )
    inclusive_language: InclusiveLanguage = described(
        "Geschlechtergerechte Sprache: pair_forms (Paarformen), gender_star (Sternchen), "
        "colon (Doppelpunkt), none",
        default="pair_forms",
    )
    template: Str | None = described(
        "Pfad zu einer .docx-Vorlage (Formatvorlagen, Kopf- und Fußzeile)", default=None
    )

    @field_validator("template")
    @classmethod
    def _inside_repository(cls, value: str | None) -> str | None:
        # A shared repository must not make a build read a file elsewhere on the machine.
        if value is not None:
            parts = value.replace("\\", "/").split("/")
            if value.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", value):
                raise ValueError(
                    "die Vorlage muss im Repository liegen: einen Pfad relativ zum Repository "
                    "angeben (z. B. vorlagen/stadt.dotx), keinen absoluten"
                )
            if ".." in parts:
                raise ValueError(
                    "die Vorlage muss im Repository liegen: „..“ führt hinaus; die Datei ins "
                    "Repository legen oder beim Erzeugen --template angeben"
                )
        return value

    @field_validator("submission_number_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                where = f" (Fehler an Zeichen {exc.pos + 1})" if exc.pos is not None else ""
                raise ValueError(f"kein gültiger regulärer Ausdruck{where}") from None
            try:
                number_matcher(value)
            except SchemaError:
                raise ValueError(
                    "dieser reguläre Ausdruck lässt sich nicht sicher prüfen: Rückverweise "
                    "(\\1) und Vorausschau ((?=…), (?!…)) sind nicht möglich, und sehr lange "
                    "Wiederholungen sind begrenzt"
                ) from None
        return value

    def number_matches(self, number: str) -> bool:
        """Whether a submission number fits `submission_number_pattern` (whole, as
        `re.fullmatch`; True without a pattern)."""
        if self.submission_number_pattern is None:
            return True
        try:
            number_matcher(self.submission_number_pattern).validate_python(number)
        except PydanticCoreValidationError:
            return False
        return True


@lru_cache(maxsize=16)
def number_matcher(pattern: str) -> SchemaValidator:
    """The pattern compiled by pydantic-core's Rust regex engine, which matches in time
    linear in the text: a repository's konzeptdoc.yaml is untrusted, and Python's `re`
    takes for ever on "(a+)+$" against "aaa…ab" (catastrophic backtracking).

    Raises:
        SchemaError: The engine does not support the pattern (backreferences, lookaround).
    """
    return SchemaValidator(
        core_schema.str_schema(pattern=f"^(?:{pattern})$", regex_engine="rust-regex")
    )
