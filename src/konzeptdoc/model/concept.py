"""concept.yaml: the concept itself, and the aggregate `Concept` with all its files."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from konzeptdoc.model.base import (
    SCHEMA_VERSION,
    Amount,
    Entity,
    Id,
    Label,
    Model,
    Str,
    Text,
    Year,
    YearRange,
    described,
    hide_default,
    schema_description,
    text_field,
)
from konzeptdoc.model.field import FieldOfAction
from konzeptdoc.model.participation import Participation
from konzeptdoc.model.submission import Submission

ConceptStatus = Literal["draft", "consultation", "adopted", "superseded"]
DecisionKind = Literal["commission", "draft_adopted", "adopted", "review_ordered", "other"]
FundingLevel = Literal["federal", "state", "eu", "municipal"]


class Period(YearRange):
    """Laufzeit of the concept."""

    model_config = schema_description("Laufzeit des Konzepts (Beginn ≤ Ende)")

    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        if self.start > self.end:
            raise ValueError(
                f"Der Beginn der Laufzeit ({self.start}) liegt nach ihrem Ende ({self.end})"
            )
        return self


class RevisionInfo(Model):
    """Which Fortschreibung this is."""

    model_config = schema_description("Fortschreibung: Nummer, Bezeichnung, Vorgänger")

    number: int = described("Nummer der Fortschreibung (1, 2, …)", ge=0, le=1000)
    label: Str | None = described("Bezeichnung, z. B. „3. Fortschreibung“", default=None)
    predecessor: Str | None = described("Vorgängerkonzept (Kennung oder Titel)", default=None)


class Principle(Entity):
    """A Leitlinie / Grundvoraussetzung."""

    model_config = schema_description("Leitlinie / Grundvoraussetzung")

    title: Label = described("Titel der Leitlinie")
    text: Text | None = text_field("Erläuterung", default=None)


class TargetGroup(Entity):
    """A Zielgruppe."""

    model_config = schema_description("Zielgruppe")

    name: Label = described("Bezeichnung der Zielgruppe")
    description: Text | None = text_field("Beschreibung", default=None)


class Decision(Model):
    """A Beschluss of a council body."""

    model_config = schema_description("Beschluss eines Gremiums")

    date: dt.date = described("Datum des Beschlusses")
    body: Str = described("Gremium, z. B. „Stadtverordnetenversammlung“")
    kind: DecisionKind = described(
        "Art: commission (Auftrag), draft_adopted (Entwurf angenommen), adopted "
        "(beschlossen), review_ordered (Überprüfung beauftragt), other (sonstiges)"
    )
    number: Str | None = described(
        "Beschlussnummer, z. B. „0522“ (in Anführungszeichen)", default=None
    )
    text: Text | None = text_field("Inhalt des Beschlusses", default=None)


class CostItem(Model):
    """One line of the cost overview."""

    model_config = schema_description("Kostenposition")

    label: Str = described("Bezeichnung")
    amount_eur: Amount | None = described("Betrag in Euro", default=None)
    year: Year | None = described("Haushaltsjahr", default=None)
    funding: Str | None = described("Finanzierung / Förderung", default=None)


class Costs(Model):
    """Kosten und Finanzierung of the whole concept."""

    model_config = schema_description("Kosten und Finanzierung")

    summary: Text | None = text_field("Zusammenfassung", default=None)
    not_quantifiable: bool = described("Kosten derzeit nicht bezifferbar", default=False)
    items: list[CostItem] = described("Kostenpositionen", default_factory=list)


class FundingProgram(Model):
    """A Förderprogramm supporting the concept."""

    model_config = schema_description("Förderprogramm")

    name: Label = described("Name, z. B. „Willkommen bei Freunden“")
    level: FundingLevel = described("Ebene: federal (Bund), state (Land), eu, municipal (Kommune)")
    note: Text | None = text_field("Anmerkung", default=None)


class Contact(Model):
    """An Ansprechstelle."""

    model_config = schema_description("Ansprechstelle")

    office: Str = described("Dienststelle")
    email: Str | None = described("E-Mail-Adresse", default=None)
    phone: Str | None = described("Telefon", default=None)


class ConceptHeader(Model):
    """The keys of concept.yaml other than the list of fields (shared by both views)."""

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    id: Id = Field(default="", json_schema_extra=hide_default)
    title: Label = described("Titel, z. B. „Integrationskonzept 2021–2025“")
    kind: Str = described("Art des Konzepts, z. B. „Integrationskonzept“")
    municipality: Str = described("Kommune, z. B. „Landeshauptstadt Wiesbaden“")
    lead: Str = described("Federführung (federführende Stelle)")
    period: Period = described("Laufzeit")
    revision: RevisionInfo | None = described("Fortschreibung", default=None)
    status: ConceptStatus = described(
        "Status: draft (Entwurf), consultation (Beteiligung), adopted (beschlossen), "
        "superseded (abgelöst)"
    )
    as_of: dt.date = described("Stand (Datum)")
    definition: Text | None = text_field("Integrationsverständnis / Definition", default=None)
    principles: list[Principle] = described(
        "Leitlinien / Grundvoraussetzungen", default_factory=list
    )
    target_groups: list[TargetGroup] = described("Zielgruppen", default_factory=list)
    decisions: list[Decision] = described("Beschlüsse (Chronologie)", default_factory=list)
    costs: Costs | None = described("Kosten und Finanzierung", default=None)
    funding_programs: list[FundingProgram] = described("Förderprogramme", default_factory=list)
    contacts: list[Contact] = described("Ansprechstellen", default_factory=list)


class ConceptFile(ConceptHeader):
    """concept.yaml exactly as it is on disk: `fields` lists the field ids in order."""

    model_config = schema_description(
        "Konzept (concept.yaml): Integrationskonzept mit Handlungsfeldern, Leitlinien, "
        "Zielgruppen und Beschlüssen"
    )

    fields: list[Id] = described(
        "Handlungsfelder in der Reihenfolge der Dokumente; jedes hat eine Datei in fields/",
        default_factory=list,
    )


class Concept(ConceptHeader):
    """A whole concept: concept.yaml plus its field, participation and submission files.

    `fields` holds the fields of action themselves, in document order; on disk, concept.yaml
    lists their ids and each field lives in ``fields/<id>.yaml``.
    """

    model_config = schema_description("Konzept mit allen Dateien")

    fields: list[FieldOfAction] = described("Handlungsfelder", default_factory=list)
    participation: Participation | None = described("Beteiligungsverfahren", default=None)
    submission: Submission | None = described("Beschlussvorlage", default=None)

    # Where the concept was read from; lets validation point at lines in the files.
    _source: object = PrivateAttr(default=None)

    @property
    def origin(self) -> object:
        """Where the concept was read from (set by `files` and `store`; None when built in
        code): its folder, the texts of its files and the revision, for line numbers in
        problems and for saving against the right base."""
        return self._source

    @origin.setter
    def origin(self, value: object) -> None:
        self._source = value

    def field(self, field_id: str) -> FieldOfAction | None:
        """The field of action with this id, or None."""
        return next((f for f in self.fields if f.id == field_id), None)


__all__ = [
    "Concept",
    "ConceptFile",
    "ConceptHeader",
    "ConceptStatus",
    "Contact",
    "CostItem",
    "Costs",
    "Decision",
    "FundingProgram",
    "Period",
    "Principle",
    "RevisionInfo",
    "TargetGroup",
    "Year",
]
