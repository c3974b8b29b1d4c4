"""The entity kinds of a concept, declared once.

Everything that goes over all entities – id assignment, duplicate-id checks, the diff,
names and numbers, history, merge – iterates `KINDS` instead of listing the kinds again.
The kind's `name` is also its key in the German glossary (`konzeptdoc.german.glossary`),
which gives its German word ("measure" → "Maßnahme", "Maßnahmen").

A new entity kind: its model class in model/, one `EntityKind` line here (in document
order), its term in the glossary; see ARCHITECTURE.md for the rest of the checklist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from konzeptdoc.model.base import Entity
from konzeptdoc.model.concept import Concept, Principle, TargetGroup
from konzeptdoc.model.field import FieldOfAction, Goal, Indicator, Measure
from konzeptdoc.model.participation import Contribution, Event, WorkingGroup

#: Where an entity list lives: concept.yaml, a field's file, participation.yaml.
Owner = Literal["concept", "field", "participation"]


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: what it is called, its model, and where its list lives."""

    #: The kind's key: in the glossary, in diff records ("entity_type"), in merge conflicts.
    name: str
    #: The pydantic model of one entity.
    model: type[Entity]
    #: Starts a derived id when the title does not begin with a letter ("massnahme-2").
    prefix: str
    #: The key of the entity list in its owner ("measures").
    container: str
    #: The model that holds the list.
    owner: Owner


KINDS: tuple[EntityKind, ...] = (
    EntityKind("principle", Principle, "leitlinie", "principles", "concept"),
    EntityKind("target_group", TargetGroup, "zielgruppe", "target_groups", "concept"),
    EntityKind("field", FieldOfAction, "feld", "fields", "concept"),
    EntityKind("goal", Goal, "ziel", "goals", "field"),
    EntityKind("measure", Measure, "massnahme", "measures", "field"),
    EntityKind("indicator", Indicator, "indikator", "indicators", "field"),
    EntityKind("event", Event, "veranstaltung", "events", "participation"),
    EntityKind("working_group", WorkingGroup, "ag", "working_groups", "participation"),
    EntityKind("contribution", Contribution, "beitrag", "contributions", "participation"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
BY_CONTAINER = {kind.container: kind for kind in KINDS}


def owned_by(owner: Owner) -> tuple[EntityKind, ...]:
    """The kinds whose lists live in `owner`, in document order."""
    return tuple(kind for kind in KINDS if kind.owner == owner)


def containers(owner: Owner) -> tuple[str, ...]:
    """The keys of the entity lists in `owner` ("goals", "measures", "indicators")."""
    return tuple(kind.container for kind in owned_by(owner))


def entities(concept: Concept) -> Iterator[tuple[EntityKind, Entity]]:
    """Every entity of the concept with its kind, in document order (a field, then its lists)."""
    for kind in owned_by("concept"):
        for entity in getattr(concept, kind.container):
            yield kind, entity
            if kind.name == "field":
                for child in owned_by("field"):
                    yield from ((child, item) for item in getattr(entity, child.container))
    if concept.participation is not None:
        for kind in owned_by("participation"):
            yield from ((kind, item) for item in getattr(concept.participation, kind.container))
