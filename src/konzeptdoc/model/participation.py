"""participation.yaml: the Beteiligungsverfahren and its contributions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from konzeptdoc.model.base import (
    SCHEMA_VERSION,
    Entity,
    Id,
    Label,
    Model,
    Str,
    Text,
    Time,
    described,
    schema_description,
    text_field,
)

EventKind = Literal["kickoff", "workshop", "final", "feedback", "market", "expert_circle", "other"]
Channel = Literal["online", "email", "event", "letter"]
Outcome = Literal["adopted", "partially_adopted", "not_adopted", "noted"]


class DatePeriod(Model):
    """A span of days with start ≤ end."""

    model_config = schema_description("Zeitraum (Beginn ≤ Ende)")

    start: dt.date = described("Beginn")
    end: dt.date = described("Ende")

    @model_validator(mode="after")
    def _start_before_end(self) -> DatePeriod:
        if self.start > self.end:
            raise ValueError(
                f"Der Beginn ({self.start:%d.%m.%Y}) liegt nach dem Ende ({self.end:%d.%m.%Y})"
            )
        return self


class Process(Model):
    """How the participation was organised."""

    model_config = schema_description("Verfahren der Beteiligung")

    title: Label = described("Titel des Beteiligungsverfahrens")
    period: DatePeriod | None = described("Zeitraum", default=None)
    organizer: Str | None = described("Veranstalter / verantwortliche Stelle", default=None)
    guidelines: Text | None = text_field("Leitlinien der Bürgerbeteiligung", default=None)
    support_program: Str | None = described("Unterstützendes Programm", default=None)
    formats: list[Str] = described("Beteiligungsformate", default_factory=list)


class Event(Entity):
    """A Veranstaltung of the participation process."""

    model_config = schema_description("Veranstaltung")

    title: Label = described("Titel")
    date: dt.date = described("Datum")
    start: Time | None = described("Beginn „HH:MM“ (in Anführungszeichen)", default=None)
    end: Time | None = described("Ende „HH:MM“ (in Anführungszeichen)", default=None)
    location: Str | None = described("Ort", default=None)
    kind: EventKind = described(
        "Art: kickoff (Auftakt), workshop, final (Abschluss), feedback (Rückkopplung), market "
        "(Markt), expert_circle (Expertenkreis), other",
        default="other",
    )
    topics: list[Str] = described("Themen", default_factory=list)
    participants: int | None = described("Zahl der Teilnehmenden", default=None, ge=0, le=10**9)

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        # "HH:MM" strings compare correctly as text.
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"Das Ende ({self.end} Uhr) liegt vor dem Beginn ({self.start} Uhr)")
        return self


class WorkingGroup(Entity):
    """An Arbeitsgruppe of the participation process, tied to a field."""

    model_config = schema_description("Arbeitsgruppe")

    name: Label = described("Name, z. B. „AG 1: Erstorientierung“")
    field: Id | None = described("Handlungsfeld der Arbeitsgruppe", default=None)


class OnlineCommenting(Model):
    """The online commenting phase."""

    model_config = schema_description("Online-Kommentierung")

    open_from: dt.date | None = described("Beginn", default=None)
    open_until: dt.date = described("Ende (letzter Tag)")
    scope: Text | None = text_field("Gegenstand der Kommentierung", default=None)

    @model_validator(mode="after")
    def _start_before_end(self) -> OnlineCommenting:
        if self.open_from is not None and self.open_from > self.open_until:
            raise ValueError(
                f"Der Beginn der Kommentierung ({self.open_from:%d.%m.%Y}) liegt nach ihrem "
                f"Ende ({self.open_until:%d.%m.%Y})"
            )
        return self


class Response(Model):
    """The administration's Stellungnahme to a contribution."""

    model_config = schema_description("Stellungnahme der Verwaltung")

    by: Str = described("Stellungnehmende Stelle")
    date: dt.date | None = described("Datum", default=None)
    text: Text = text_field("Stellungnahme")


class Contribution(Entity):
    """A Beteiligungsbeitrag. `author` is personal data: left out of documents by default."""

    model_config = schema_description("Beteiligungsbeitrag (Verfasser sind personenbezogene Daten)")

    received: dt.date = described("Eingangsdatum")
    author: Str | None = described("Verfasserin / Verfasser (personenbezogen)", default=None)
    channel: Channel = described("Weg: online, email, event (Veranstaltung), letter (Brief)")
    field: Id | None = described("Betroffenes Handlungsfeld", default=None)
    text: Text = text_field("Beitrag")
    response: Response | None = described("Stellungnahme der Verwaltung", default=None)
    outcome: Outcome | None = described(
        "Ergebnis: adopted (übernommen), partially_adopted (teilweise), not_adopted "
        "(nicht übernommen), noted (zur Kenntnis)",
        default=None,
    )


class Participation(Model):
    """participation.yaml."""

    model_config = schema_description(
        "Beteiligungsverfahren (participation.yaml): Veranstaltungen, Arbeitsgruppen, Beiträge"
    )

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    process: Process | None = described("Verfahren", default=None)
    events: list[Event] = described("Veranstaltungen", default_factory=list)
    working_groups: list[WorkingGroup] = described("Arbeitsgruppen", default_factory=list)
    online_commenting: OnlineCommenting | None = described("Online-Kommentierung", default=None)
    contributions: list[Contribution] = described(
        "Beiträge mit Stellungnahmen", default_factory=list
    )
