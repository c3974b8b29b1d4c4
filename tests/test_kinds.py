"""The entity kinds registry (model/kinds.py) is complete and consistent with the models."""

from __future__ import annotations

import typing
from pathlib import Path

from konzeptdoc import load_concept
from konzeptdoc.german.glossary import TERMS
from konzeptdoc.model import Concept, Entity, FieldOfAction, Participation
from konzeptdoc.model.ids import entities as ids_entities
from konzeptdoc.model.kinds import BY_CONTAINER, KINDS, containers, entities

SAMPLES = Path(__file__).resolve().parents[1] / "sample_concepts"

OWNERS = {"concept": Concept, "field": FieldOfAction, "participation": Participation}


def _entity_lists(model: type) -> set[str]:
    """The fields of `model` that hold a list of entities."""
    found = set()
    for name, info in model.model_fields.items():
        args = typing.get_args(info.annotation)
        if typing.get_origin(info.annotation) is list and args and issubclass(args[0], Entity):
            found.add(name)
    return found


def test_every_entity_list_of_the_models_is_a_registered_kind() -> None:
    for owner, model in OWNERS.items():
        assert _entity_lists(model) == set(containers(owner)), owner


def test_each_kind_names_its_model_and_has_a_german_term() -> None:
    for kind in KINDS:
        owner = OWNERS[kind.owner]
        assert typing.get_args(owner.model_fields[kind.container].annotation) == (kind.model,)
        assert kind.name in TERMS, kind.name
        assert BY_CONTAINER[kind.container] is kind
    assert len({kind.prefix for kind in KINDS}) == len(KINDS)


def test_entities_come_in_document_order_with_their_kind() -> None:
    concept = load_concept(
        SAMPLES / "wiesbaden" / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    found = list(entities(concept))
    assert all(isinstance(entity, kind.model) for kind, entity in found)
    first_field = concept.fields[0]
    position = [entity for _, entity in found].index(first_field)
    assert found[position + 1][1] is (first_field.goals or first_field.measures)[0]
    assert [e for e, _ in ids_entities(concept)] == [e for _, e in found]
    assert {kind.name for kind, _ in found} >= {"field", "goal", "measure"}
