"""fields/<id>.yaml: a field of action (Handlungsfeld) with goals, measures, indicators."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from konzeptdoc.model.base import (
    SCHEMA_VERSION,
    Amount,
    Entity,
    Id,
    Label,
    Measurement,
    Model,
    Str,
    Text,
    Year,
    described,
    schema_description,
    text_field,
)

GoalLevel = Literal["guiding", "action"]
MeasureStatus = Literal["planned", "in_progress", "done", "continued", "postponed", "dropped"]
Priority = Literal["high", "medium", "low"]
CostPer = Literal["once", "year"]


class WorkingGroupInfo(Model):
    """The Arbeitsgruppe that looks after a field."""

    model_config = schema_description("Arbeitsgruppe des Handlungsfelds")

    name: Label = described("Name der Arbeitsgruppe")
    lead: Str | None = described("Leitung", default=None)
    members: list[Str] = described("Mitglieder (Stellen, Träger)", default_factory=list)


class Goal(Entity):
    """A Leitziel (level guiding) or Handlungsziel (level action)."""

    model_config = schema_description("Ziel: Leitziel (guiding) oder Handlungsziel (action)")

    level: GoalLevel = described("Ebene: guiding (Leitziel) oder action (Handlungsziel)")
    title: Label = described("Titel des Ziels")
    text: Text | None = text_field("Erläuterung", default=None)
    parent: Id | None = described("Übergeordnetes Leitziel (bei Handlungszielen)", default=None)
    indicators: list[Id] = described(
        "Indikatoren, an denen das Ziel gemessen wird", default_factory=list
    )


class Timeframe(Model):
    """When a measure runs: years, or ongoing (optionally since a year)."""

    model_config = schema_description("Zeitrahmen: {start, end} in Jahren oder {ongoing: true}")

    start: Year | None = described("Beginn (Jahr)", default=None)
    end: Year | None = described("Ende (Jahr)", default=None)
    ongoing: bool = described("Daueraufgabe / laufend", default=False)

    @model_validator(mode="after")
    def _consistent(self) -> Timeframe:
        if not self.ongoing and self.start is None and self.end is None:
            raise ValueError(
                "Beginn und Ende (start, end) als Jahre angeben oder ongoing: true (laufend)"
            )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"Der Beginn ({self.start}) liegt nach dem Ende ({self.end})")
        return self


class MeasureCost(Model):
    """What a measure costs, or that it cannot be quantified yet."""

    model_config = schema_description(
        "Kosten: {amount_eur, per, funding} oder {not_quantifiable: true}"
    )

    amount_eur: Amount | None = described("Betrag in Euro", default=None)
    per: CostPer | None = described("once (einmalig) oder year (jährlich)", default=None)
    funding: Str | None = described("Finanzierung / Förderung", default=None)
    not_quantifiable: bool = described("Kosten nicht bezifferbar", default=False)

    @model_validator(mode="after")
    def _amount_or_not_quantifiable(self) -> MeasureCost:
        if self.amount_eur is None and not self.not_quantifiable:
            raise ValueError(
                "Betrag (amount_eur) angeben oder not_quantifiable: true (nicht bezifferbar)"
            )
        return self


class Measure(Entity):
    """A Maßnahme serving one or more goals."""

    model_config = schema_description("Maßnahme")

    title: Label = described("Titel der Maßnahme")
    description: Text | None = text_field("Beschreibung", default=None)
    goals: list[Id] = described("Ziele, denen die Maßnahme dient (mindestens eines)", min_length=1)
    lead: Str | None = described("Federführung", default=None)
    partners: list[Str] = described("Kooperationspartner", default_factory=list)
    target_groups: list[Id] = described(
        "Zielgruppen (Kennungen aus concept.yaml)", default_factory=list
    )
    timeframe: Timeframe | None = described("Zeitrahmen", default=None)
    cost: MeasureCost | None = described("Kosten", default=None)
    status: MeasureStatus = described(
        "Stand: planned (geplant), in_progress (in Umsetzung), done (umgesetzt), continued "
        "(fortgeführt), postponed (zurückgestellt), dropped (entfallen)",
        default="planned",
    )
    # Optional and additive (schema_version stays 1): a status update is an ordinary edit
    # of the measure, and the Sachstandsbericht reads when and why from these two keys.
    status_note: Text | None = text_field(
        "Erläuterung zum Stand, z. B. für den Sachstandsbericht", default=None
    )
    status_date: dt.date | None = described(
        "Datum, seit dem der Stand gilt (sonst: Datum der Revision, die ihn setzte)", default=None
    )
    priority: Priority | None = described("Priorität: high, medium, low", default=None)
    origin: Str | None = described(
        "Herkunft, z. B. Beteiligungsbeitrag oder Arbeitsgruppe", default=None
    )


class SeriesPoint(Model):
    """One value of an indicator's time series."""

    model_config = schema_description("Messwert eines Jahres")

    year: Year = described("Jahr")
    value: Measurement = described("Wert")


class Indicator(Entity):
    """An Indikator of the Integrationsmonitoring."""

    model_config = schema_description("Indikator (Integrationsmonitoring)")

    code: Str | None = described("Kürzel, z. B. „B1“", default=None)
    name: Label = described("Bezeichnung")
    definition: Text | None = text_field("Definition", default=None)
    source: Str | None = described("Datenquelle", default=None)
    unit: Str | None = described("Einheit, z. B. „%“", default=None)
    target: Str | Measurement | None = described("Zielwert", default=None)
    series: list[SeriesPoint] = described("Zeitreihe", default_factory=list)


class FieldOfAction(Entity):
    """A Handlungsfeld: situation, goals, measures and indicators (one file each)."""

    model_config = schema_description(
        "Handlungsfeld (fields/<id>.yaml): Ausgangssituation, Ziele, Maßnahmen, Indikatoren"
    )

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    title: Label = described("Titel des Handlungsfelds, z. B. „Bildung & Sprache“")
    situation: Text | None = text_field("Ausgangssituation / Bestandsaufnahme", default=None)
    working_group: WorkingGroupInfo | None = described("Arbeitsgruppe", default=None)
    goals: list[Goal] = described("Leit- und Handlungsziele", default_factory=list)
    measures: list[Measure] = described("Maßnahmen", default_factory=list)
    indicators: list[Indicator] = described("Indikatoren", default_factory=list)

    def goal(self, goal_id: str) -> Goal | None:
        """The goal with this id in this field, or None."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def measure(self, measure_id: str) -> Measure | None:
        """The measure with this id in this field, or None."""
        return next((m for m in self.measures if m.id == measure_id), None)
