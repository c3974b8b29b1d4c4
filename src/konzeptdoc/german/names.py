"""Entities named as a reader knows them: kind, number and title, never the id.

A field of action is numbered by its place in concept.yaml (1, 2, …); its goals, measures
and indicators by their place in the field's lists (3.1, 3.2, …), so "Leitziel 9.2" is the
second goal of the ninth field. Entities of the other files are numbered by their place in
their list ("Beitrag 4 vom 3. November 2016"); principles and target groups are named by title alone.

    names = entity_names(concept)
    names["m-mama-lernt-deutsch"]   # 'Maßnahme 3.2 „Mama lernt Deutsch“'
    by_number(concept, "Maßnahme 3.2")  # [("m-mama-lernt-deutsch", 'Maßnahme 3.2 „…“')]
    by_number(concept, "3.2")       # the Handlungsziel 3.2 too, if there is one
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from konzeptdoc.german.formatting import date
from konzeptdoc.german.glossary import goal_kind, named, term
from konzeptdoc.model import Concept
from konzeptdoc.model.kinds import containers


def entity_names(concept: Concept) -> dict[str, str]:
    """Id → German name of every entity of the concept that has an id."""
    names: dict[str, str] = {}
    for entity_id, kind, number, title in _entities(concept):
        if entity_id and entity_id not in names:  # a duplicate id keeps its first name
            names[entity_id] = named(kind, number, title)
    return names


def _entities(concept: Concept) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(id, kind, number as printed, title) of every entity, in document order."""
    yield concept.id, "concept", None, concept.title
    for principle in concept.principles:
        yield principle.id, "principle", None, principle.title
    for group in concept.target_groups:
        yield group.id, "target_group", None, group.name
    for field_number, field in enumerate(concept.fields, start=1):
        yield field.id, "field", str(field_number), field.title
        for number, goal in enumerate(field.goals, start=1):
            yield goal.id, goal_kind(goal.level), f"{field_number}.{number}", goal.title
        for number, measure in enumerate(field.measures, start=1):
            yield measure.id, "measure", f"{field_number}.{number}", measure.title
        for number, indicator in enumerate(field.indicators, start=1):
            yield indicator.id, "indicator", f"{field_number}.{number}", indicator.name
    participation = concept.participation
    if participation is not None:
        for number, event in enumerate(participation.events, start=1):
            yield event.id, "event", str(number), event.title
        for number, working_group in enumerate(participation.working_groups, start=1):
            yield working_group.id, "working_group", str(number), working_group.name
        for number, contribution in enumerate(participation.contributions, start=1):
            # Contributions have no title: the date tells "Beitrag 1" of one revision from
            # "Beitrag 1" of another (a Synopse lists one as new, the other as gone).
            yield (
                contribution.id,
                "contribution",
                f"{number} vom {date(contribution.received)}",
                None,
            )


# "1.2", "Maßnahme 1.2", "Handlungsfeld 3": an optional kind word, then a number.
_REFERENCE = re.compile(r"\s*(?:(?P<word>[^\W\d_]+)\s+)?(?P<number>[0-9]+(?:\.[0-9]+)?)\s*")
# Kinds a bare number may mean: those of the concept's own numbering (3, 3.2). Events,
# working groups and contributions are counted separately and need their word.
_BARE = frozenset(("field", "guiding_goal", "action_goal", "measure", "indicator"))
_NUMBERED = _BARE | {"event", "working_group", "contribution"}


def is_number_reference(text: str) -> bool:
    """Whether `text` names an entity by number ("1.2", "Maßnahme 1.2"), not by id."""
    match = _REFERENCE.fullmatch(text)
    return match is not None and (match["word"] is None or bool(_kinds_of(match["word"])))


def by_number(concept: Concept, text: str) -> list[tuple[str, str]]:
    """(id, name) of every entity that `text` ("1.2", "Leitziel 9.2", "Beitrag 4") may mean.

    Numbers as `entity_names` prints them; the kind word is matched case-insensitively
    ("ziel" means a Leitziel or a Handlungsziel, "Massnahme" a Maßnahme). Empty when
    nothing has that number, or `text` is no number reference (see `is_number_reference`).
    """
    match = _REFERENCE.fullmatch(text)
    if match is None:
        return []
    kinds = _BARE if match["word"] is None else _kinds_of(match["word"])
    wanted = ".".join(str(int(part)) for part in match["number"].split("."))  # "01.2" is 1.2
    found: dict[str, str] = {}
    for entity_id, kind, number, title in _entities(concept):
        plain = (number or "").split(" ", 1)[0]  # a contribution's "4 vom 3. November 2016"
        if kind in kinds and plain == wanted and entity_id not in found:
            found[entity_id] = named(kind, number, title)
    return list(found.items())


def _kinds_of(word: str) -> frozenset[str]:
    """The kinds a German word names: "Maßnahme" → measure, "Ziel" → both goal levels."""
    folded = word.casefold()  # casefold also makes "ß" "ss": "Massnahme" finds "Maßnahme"
    kinds = {kind for kind in _NUMBERED if term(kind).singular.casefold() == folded}
    return frozenset(kinds | ({"guiding_goal", "action_goal"} if folded == "ziel" else set()))


def field_numbers(concept: Concept) -> dict[str, str]:
    """Id → number ("3", "3.2") of every field, goal, measure and indicator."""
    numbers: dict[str, str] = {}
    for field_number, field in enumerate(concept.fields, start=1):
        numbers.setdefault(field.id, str(field_number))
        for key in containers("field"):
            for number, entity in enumerate(getattr(field, key), start=1):
                numbers.setdefault(entity.id, f"{field_number}.{number}")
    return numbers
