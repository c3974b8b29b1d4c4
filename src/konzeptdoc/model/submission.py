"""submission.yaml: the Beschlussvorlage that submits a concept to the council."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from konzeptdoc.model.base import (
    SCHEMA_VERSION,
    Amount,
    Id,
    Label,
    Model,
    Str,
    Text,
    Year,
    described,
    schema_description,
    text_field,
)
from konzeptdoc.model.field import CostPer

Role = Literal["hearing", "preliminary", "recommendation", "decision", "notice"]
Assessment = Literal["positive", "negative", "none", "not_assessable"]


class Reference(Model):
    """An earlier decision the submission refers to."""

    model_config = schema_description("Bezug auf einen früheren Beschluss")

    number: Str | None = described("Nummer", default=None)
    date: dt.date | None = described("Datum", default=None)
    body: Str | None = described("Gremium", default=None)
    text: Text | None = text_field("Inhalt", default=None)


class Consultation(Model):
    """One step of the Beratungsfolge."""

    model_config = schema_description("Schritt der Beratungsfolge")

    body: Str = described("Gremium")
    date: dt.date | None = described("Sitzungsdatum", default=None)
    role: Role = described(
        "Zuständigkeit: hearing (Anhörung), preliminary (Vorberatung), recommendation "
        "(Empfehlung), decision (Entscheidung), notice (Kenntnisnahme)"
    )
    public: bool = described("Öffentliche Sitzung", default=True)
    item: Str | None = described("Tagesordnungspunkt (TOP), z. B. „Ö 7“", default=None)
    result: Str | None = described("Ergebnis (leer, bis beschlossen ist)", default=None)


class FinancialItem(Model):
    """One line of the financial impact."""

    model_config = schema_description("Position der finanziellen Auswirkungen")

    label: Str = described("Bezeichnung")
    amount_eur: Amount | None = described("Betrag in Euro", default=None)
    year: Year | None = described("Haushaltsjahr", default=None)
    per: CostPer | None = described(
        "once (einmalig) oder year (laufend, jährlich); ohne Angabe einmalig", default=None
    )


class FinancialImpact(Model):
    """Finanzielle Auswirkungen."""

    model_config = schema_description("Finanzielle Auswirkungen")

    has_impact: bool = described("Hat finanzielle Auswirkungen")
    not_quantifiable: bool = described("Nicht bezifferbar", default=False)
    text: Text | None = text_field("Erläuterung", default=None)
    items: list[FinancialItem] = described("Positionen", default_factory=list)
    budget_line: Str | None = described("Produkt / Haushaltsstelle", default=None)
    coverage: Text | None = text_field("Deckung: woraus die Mittel kommen", default=None)


class Impact(Model):
    """A further impact (climate, equality, …)."""

    model_config = schema_description("Weitere Auswirkung (Klima, Gleichstellung …)")

    topic: Str = described("Thema, z. B. „Klimaschutz“")
    assessment: Assessment = described(
        "Bewertung: positive, negative, none (keine), not_assessable (nicht abschätzbar)"
    )
    text: Text | None = text_field("Erläuterung", default=None)


class Attachment(Model):
    """An Anlage of the submission."""

    model_config = schema_description("Anlage")

    title: Label = described("Titel der Anlage")
    concept: Id | None = described("Kennung des beigefügten Konzepts", default=None)


class Submission(Model):
    """submission.yaml: the Beschlussvorlage."""

    model_config = schema_description("Beschlussvorlage (submission.yaml)")

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    number: Str | None = described("Vorlagennummer (in Anführungszeichen)", default=None)
    kind: Str = described("Art, z. B. „Beschlussvorlage“ oder „Magistratsvorlage“")
    subject: Str = described("Betreff")
    date: dt.date = described("Datum der Vorlage")
    public: bool = described("Öffentlich", default=True)
    introduced_by: Str | None = described("Eingebracht von", default=None)
    department: Str | None = described("Dezernat / Geschäftsbereich", default=None)
    file_number: Str | None = described("Aktenzeichen", default=None)
    lead: Str | None = described("Federführung", default=None)
    clerk: Str | None = described("Sachbearbeitung (Name, Stelle, Telefon)", default=None)
    co_signing: list[Str] = described("Mitzeichnende Stellen", default_factory=list)
    references: list[Reference] = described("Bezüge auf frühere Beschlüsse", default_factory=list)
    consultation: list[Consultation] = described("Beratungsfolge", default_factory=list)
    proposal: list[Text] = described(
        "Beschlussvorschlag (nummerierte Punkte)", default_factory=list
    )
    reasoning: Text | None = text_field("Begründung / Sachverhalt", default=None)
    financial_impact: FinancialImpact | None = described("Finanzielle Auswirkungen", default=None)
    impacts: list[Impact] = described("Weitere Auswirkungen", default_factory=list)
    attachments: list[Attachment] = described("Anlagen", default_factory=list)
    sign_offs: list[Str] = described(
        "Sichtvermerke: Stellen, die die Vorlage abzeichnen (ohne Angabe: Federführung und "
        "Dezernat)",
        default_factory=list,
    )
