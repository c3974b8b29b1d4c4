"""Checks beyond the schema: unique ids, references that resolve, goals that have measures.

These checks see the whole concept at once (a measure in one file serves a goal in
another), so they run on the assembled model. Each finding names the part of the concept
(which file) and the location inside it; the files layer turns that into file and line.
Warnings are reported, never raised.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

from konzeptdoc.errors import Severity
from konzeptdoc.files.closest import Closest
from konzeptdoc.german.glossary import quoted, term
from konzeptdoc.german.names import entity_names
from konzeptdoc.model import Concept, FieldOfAction, Goal, Participation, Settings
from konzeptdoc.model.kinds import containers

Location = tuple[str | int, ...]
#: Which file of a concept: ("concept",), ("field", field_id), ("participation",), ("submission",)
Part = tuple[str, ...]
CONCEPT: Part = ("concept",)
PARTICIPATION: Part = ("participation",)
SUBMISSION: Part = ("submission",)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found by a semantic check, before it is tied to a file and line."""

    severity: Severity
    part: Part
    location: Location
    message: str


def check(
    concept: Concept,
    *,
    settings: Settings | None = None,
    complete: bool = True,
    field_ids: Collection[str] | None = None,
    warnings: bool = True,
) -> list[Finding]:
    """Run every semantic check on an assembled concept.

    Args:
        concept: The concept to check.
        settings: The repository's settings, for checks that depend on them.
        complete: False when some field files could not be read; goals and indicators may
            live in them, so references to goals and indicators are not judged then.
        field_ids: Ids of every field listed in concept.yaml, read or not (default: the
            fields of `concept`).
        warnings: False leaves out the checks that can only warn (loading for a document
            or a diff reports none, so it need not find them, nor their lines).
    """
    names = _Names(concept)
    findings = list(_duplicate_ids(concept, names))
    findings += _references(concept, complete, field_ids, names)
    if warnings:
        findings += _coverage(concept, names)
    if settings is not None and settings.submission_number_pattern and concept.submission:
        number = concept.submission.number
        if number is not None and not settings.number_matches(number):
            findings.append(
                Finding(
                    "error",
                    SUBMISSION,
                    ("number",),
                    f"Die Vorlagennummer {quoted(number)} passt nicht zum Muster der "
                    f"Vorlagennummern in konzeptdoc.yaml "
                    f"({quoted(settings.submission_number_pattern)})",
                )
            )
    return findings


#: Every key of an entity that the checks below read (a save whose changed entities keep
#: these as they were need not check again: `save.render_files`).
CHECKED_KEYS = ("id", "level", "parent", "indicators", "goals", "target_groups", "field")


def surely_clean(concept: Concept) -> bool:
    """Whether `check(concept, warnings=False)` surely finds nothing (no settings given).

    The same rules as `_duplicate_ids` and `_references`, as set operations over the whole
    concept (a save runs this at every change; the checks, which say where and what, only
    when it is False). False may also mean "look closer".
    """
    get_id = attrgetter("id")
    fields = concept.fields
    inside = {key: list(chain.from_iterable(map(attrgetter(key), fields))) for key in containers("field")}  # fmt: skip
    goals, measures, indicators = inside["goals"], inside["measures"], inside["indicators"]
    lists: list[list[Any]] = [fields, *inside.values()]
    lists += [getattr(concept, key) for key in containers("concept") if key != "fields"]
    participation = concept.participation
    if participation is not None:
        lists += [getattr(participation, key) for key in containers("participation")]
    ids = list(filter(None, chain([concept.id], *(map(get_id, items) for items in lists))))
    if len(set(ids)) != len(ids):
        return False
    guiding = {goal.id for goal in goals if goal.level == "guiding"}
    known = set(map(get_id, goals))
    for goal in goals:
        if goal.parent is not None and (goal.level == "guiding" or goal.parent not in guiding):
            return False
    indicator_ids = set(map(get_id, indicators))
    groups = set(map(get_id, concept.target_groups))
    field_ids = set(map(get_id, fields))
    pointers: set[Any] = set()
    if participation is not None:
        pointers = {g.field for g in participation.working_groups}
        pointers |= {c.field for c in participation.contributions}
        pointers.discard(None)
    return (
        indicator_ids.issuperset(chain.from_iterable(map(attrgetter("indicators"), goals)))
        and known.issuperset(chain.from_iterable(map(attrgetter("goals"), measures)))
        and groups.issuperset(chain.from_iterable(map(attrgetter("target_groups"), measures)))
        and field_ids.issuperset(pointers)
    )


class _Names:
    """Entity names by id, made on the first lookup: a valid concept never needs them; and
    the id a broken reference most likely meant, per kind of entity (`closest`)."""

    def __init__(self, concept: Concept) -> None:
        self._concept = concept
        self._names: dict[str, str] | None = None
        self._closest: dict[str, Closest] = {}

    def closest(self, kind: str, ref: str, known: Collection[str]) -> str | None:
        """The id of `known` that `ref` most likely meant (each kind has one list of ids)."""
        if kind not in self._closest:
            self._closest[kind] = Closest(known)
        return self._closest[kind](ref)

    def get(self, key: str, default: str = "") -> str:
        if self._names is None:
            self._names = entity_names(self._concept)
        return self._names.get(key, default)

    def __getitem__(self, key: str) -> str:
        return self.get(key, key)


def _identified(concept: Concept) -> Iterator[tuple[str, Part, Location]]:
    yield concept.id, CONCEPT, ("id",)
    for key in containers("concept"):
        if key != "fields":  # each field is a file of its own
            for index, entity in enumerate(getattr(concept, key)):
                yield entity.id, CONCEPT, (key, index, "id")
    for field in concept.fields:
        part = ("field", field.id)
        yield field.id, part, ("id",)
        for key in containers("field"):
            for index, entity in enumerate(getattr(field, key)):
                yield entity.id, part, (key, index, "id")
    if concept.participation is not None:
        for key in containers("participation"):
            for index, entity in enumerate(getattr(concept.participation, key)):
                yield entity.id, PARTICIPATION, (key, index, "id")


def _duplicate_ids(concept: Concept, names: _Names) -> Iterator[Finding]:
    first: dict[str, tuple[Part, Location]] = {}
    for entity_id, part, location in _identified(concept):
        if not entity_id:
            continue  # assigned on save
        if entity_id in first:
            where_part, where = first[entity_id]
            yield Finding(
                "error",
                part,
                location,
                f"Die Kennung {quoted(entity_id)} ist doppelt vergeben: {names[entity_id]} "
                f"({_describe(where_part, where)}) trägt sie schon; Kennungen müssen im Konzept "
                "eindeutig sein",
            )
        else:
            first[entity_id] = (part, location)


def _describe(part: Part, location: Location) -> str:
    name = (
        "concept.yaml"
        if part == CONCEPT
        else (f"fields/{part[1]}.yaml" if part[0] == "field" else f"{part[0]}.yaml")
    )
    steps = [f"[{s}]" if isinstance(s, int) else f".{s}" for s in location[:-1]]
    return name + ("" if not steps else " " + "".join(steps).lstrip("."))


def _references(
    concept: Concept, complete: bool, field_ids: Collection[str] | None, names: _Names
) -> Iterator[Finding]:
    goals: dict[str, Goal] = {}
    for goal in (goal for field in concept.fields for goal in field.goals):
        # The first holder of an id, as the duplicate's message and every name say: a parent
        # resolved to the last was checked as one goal and named as the other.
        goals.setdefault(goal.id, goal)
    indicators = {i.id for field in concept.fields for i in field.indicators}
    target_groups = {group.id for group in concept.target_groups}
    fields = set(field_ids) if field_ids is not None else {field.id for field in concept.fields}
    for field in concept.fields:
        part = ("field", field.id)
        if complete:
            yield from _goal_references(part, field, goals, indicators, names)
        for index, measure in enumerate(field.measures):
            for number, ref in enumerate(measure.goals):
                if complete and ref not in goals:
                    yield _unknown(
                        part, ("measures", index, "goals", number), "goal", ref, goals, names
                    )
            for number, ref in enumerate(measure.target_groups):
                if ref not in target_groups:
                    where = ("measures", index, "target_groups", number)
                    yield _unknown(part, where, "target_group", ref, target_groups, names)
    if concept.participation is not None:
        yield from _field_references(concept.participation, fields, names)


def _goal_references(
    part: Part,
    field: FieldOfAction,
    goals: Mapping[str, Goal],
    indicators: Collection[str],
    names: _Names,
) -> Iterator[Finding]:
    """A goal's parent is a guiding goal (and it is an action goal); its indicators exist."""
    for index, goal in enumerate(field.goals):
        if goal.parent is not None:
            parent = goals.get(goal.parent)
            if parent is None:
                yield _unknown(part, ("goals", index, "parent"), "goal", goal.parent, goals, names)
            elif parent.level != "guiding":
                yield Finding(
                    "error",
                    part,
                    ("goals", index, "parent"),
                    f"{names[goal.parent]} ist ein Handlungsziel; übergeordnet kann "
                    "nur ein Leitziel sein",
                )
            elif goal.level == "guiding":
                yield Finding(
                    "error",
                    part,
                    ("goals", index, "level"),
                    f"{names.get(goal.id, 'Ein Leitziel')} hat ein übergeordnetes Ziel, "
                    "das nur Handlungsziele haben: level: action schreiben oder parent "
                    "entfernen",
                )
        for number, ref in enumerate(goal.indicators):
            if ref not in indicators:
                where = ("goals", index, "indicators", number)
                yield _unknown(part, where, "indicator", ref, indicators, names)


def _field_references(
    participation: Participation, fields: Collection[str], names: _Names
) -> Iterator[Finding]:
    """The fields that working groups and contributions name exist."""
    pointers = [("working_groups", i, g.field) for i, g in enumerate(participation.working_groups)]
    pointers += [("contributions", i, c.field) for i, c in enumerate(participation.contributions)]
    for key, index, field in pointers:
        if field is not None and field not in fields:
            yield _unknown(PARTICIPATION, (key, index, "field"), "field", field, fields, names)


def _unknown(
    part: Part,
    location: Location,
    kind: str,
    ref: str,
    known: Collection[str],
    names: _Names,
) -> Finding:
    close = names.closest(kind, ref, known)
    meant = names.get(close, "") if close else ""
    hint = f" – gemeint ist wohl {quoted(close)}" + (f": {meant}" if meant else "") if close else ""
    word = term(kind)
    message = f"Es gibt {word.no} {word.singular} mit der Kennung {quoted(ref)}{hint}"
    return Finding("error", part, location, message)


def _coverage(concept: Concept, names: _Names) -> Iterator[Finding]:
    served = {ref for field in concept.fields for m in field.measures for ref in m.goals}
    children: dict[str, list[str]] = {}
    for field in concept.fields:
        for goal in field.goals:
            if goal.parent is not None:
                children.setdefault(goal.parent, []).append(goal.id)
    seen: set[str] = set()
    for field in concept.fields:
        part = ("field", field.id)
        for index, goal in enumerate(field.goals):
            if not goal.id or goal.id in seen:  # a duplicate: its error says it, by the first
                continue
            seen.add(goal.id)
            kids = children.get(goal.id, [])
            if goal.level == "guiding" and not kids:
                yield Finding(
                    "warning",
                    part,
                    ("goals", index),
                    f"{names[goal.id]} hat keine Handlungsziele",
                )
            if goal.id not in served and not any(kid in served for kid in kids):
                yield Finding(
                    "warning", part, ("goals", index), f"{names[goal.id]} hat keine Maßnahme"
                )
