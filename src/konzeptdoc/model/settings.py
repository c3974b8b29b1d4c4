"""konzeptdoc.yaml: the repository's settings (the municipality's profile)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator

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

    @field_validator("submission_number_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value
