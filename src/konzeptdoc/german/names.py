"""Entities named as a reader knows them: kind, number and title, never the id.

A field of action is numbered by its place in concept.yaml (1, 2, …); its goals, measures
and indicators by their place in the field's lists (3.1, 3.2, …), so "Leitziel 9.2" is the
second goal of the ninth field. Entities of the other files are numbered by their place in
their list ("Beitrag 4 vom 3. November 2016"); principles and target groups are named by title alone.

    names = entity_names(concept)
    names["m-mama-lernt-deutsch"]   # 'Maßnahme 3.2 „Mama lernt Deutsch“'
"""

from __future__ import annotations

from konzeptdoc.german.formatting import date
from konzeptdoc.german.glossary import goal_kind, named
from konzeptdoc.model import Concept
from konzeptdoc.model.kinds import containers


def entity_names(concept: Concept) -> dict[str, str]:
    """Id → German name of every entity of the concept that has an id."""
    names: dict[str, str] = {}

    def add(entity_id: str, kind: str, number: str | None, title: str | None) -> None:
        if entity_id and entity_id not in names:  # a duplicate id keeps its first name
            names[entity_id] = named(kind, number, title)

    add(concept.id, "concept", None, concept.title)
    for principle in concept.principles:
        add(principle.id, "principle", None, principle.title)
    for group in concept.target_groups:
        add(group.id, "target_group", None, group.name)
    for field_number, field in enumerate(concept.fields, start=1):
        add(field.id, "field", str(field_number), field.title)
        for number, goal in enumerate(field.goals, start=1):
            add(goal.id, goal_kind(goal.level), f"{field_number}.{number}", goal.title)
        for number, measure in enumerate(field.measures, start=1):
            add(measure.id, "measure", f"{field_number}.{number}", measure.title)
        for number, indicator in enumerate(field.indicators, start=1):
            add(indicator.id, "indicator", f"{field_number}.{number}", indicator.name)
    participation = concept.participation
    if participation is not None:
        for number, event in enumerate(participation.events, start=1):
            add(event.id, "event", str(number), event.title)
        for number, working_group in enumerate(participation.working_groups, start=1):
            add(working_group.id, "working_group", str(number), working_group.name)
        for number, contribution in enumerate(participation.contributions, start=1):
            # Contributions have no title: the date tells "Beitrag 1" of one revision from
            # "Beitrag 1" of another (a Synopse lists one as new, the other as gone).
            add(
                contribution.id, "contribution", f"{number} vom {date(contribution.received)}", None
            )
    return names


def field_numbers(concept: Concept) -> dict[str, str]:
    """Id → number ("3", "3.2") of every field, goal, measure and indicator."""
    numbers: dict[str, str] = {}
    for field_number, field in enumerate(concept.fields, start=1):
        numbers.setdefault(field.id, str(field_number))
        for key in containers("field"):
            for number, entity in enumerate(getattr(field, key), start=1):
                numbers.setdefault(entity.id, f"{field_number}.{number}")
    return numbers
