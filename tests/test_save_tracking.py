"""Saves after the first dump only the entities changed since, validate only those, and
check references by set operations: whatever the change, the files must come out as a
whole save would write them, and an error must be found and placed as before."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Measure
from konzeptdoc.files.validate import check, surely_clean
from konzeptdoc.samples.demo import samples_dir
from tests.conftest import snapshot

WIESBADEN = samples_dir() / "wiesbaden/05-ik-fortschreibung-2025/concepts/integrationskonzept"
# with a participation and a submission file
WOLFSBURG = samples_dir() / "wolfsburg/03-review-beschluss-2020/concepts/vielfalt-leben"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copytree(WIESBADEN, tmp_path / WIESBADEN.name))


def test_every_kind_of_change_after_a_save_is_saved(tmp_path: Path) -> None:
    sample = Path(shutil.copytree(WOLFSBURG, tmp_path / WOLFSBURG.name))
    concept = konzeptdoc.load_concept(sample)
    first, second = concept.fields[0], concept.fields[1]
    assert concept.participation is not None and concept.submission is not None
    participation, submission = concept.participation, concept.submission
    steps: list[Callable[[], object]] = [
        lambda: setattr(second.measures[1], "status", "done"),
        lambda: setattr(first.measures[0], "title", "Neuer Titel"),  # another field
        lambda: second.measures[1].partners.append("Jobcenter"),  # the same entity again
        lambda: second.measures.insert(0, second.measures.pop()),  # moved inside its list
        lambda: first.measures.append(second.measures.pop(0)),  # moved to another file
        lambda: second.measures.insert(
            1, Measure(title="Ganz neu", goals=[second.goals[-1].id], status="planned")
        ),
        lambda: first.goals.reverse(),
        lambda: setattr(concept.target_groups[0], "name", "Neu zugewandert"),
        lambda: setattr(participation.events[0], "title", "Auftakt, verschoben"),
        lambda: participation.events.reverse(),
        lambda: setattr(submission, "subject", "Neuer Betreff"),
        lambda: setattr(concept, "title", "Neuer Titel des Konzepts"),
    ]
    assert konzeptdoc.save_concept(concept) == []
    first.measures[-1].title = str(first.measures[-1].title)  # the same value: nothing to write
    assert konzeptdoc.save_concept(concept) == []
    for number, step in enumerate(steps):
        step()
        assert konzeptdoc.save_concept(concept), number
        again = konzeptdoc.load_concept(sample)
        assert again.model_dump() == concept.model_dump(), number
        assert konzeptdoc.save_concept(concept) == [], number
        # What this save left on disk is what a fresh save of the same data writes.
        assert konzeptdoc.save_concept(again) == [], number


def test_an_invalid_change_in_place_is_refused_with_its_place(sample: Path) -> None:
    concept = konzeptdoc.load_concept(sample)
    field = concept.fields[1]
    field.measures[1].status = "done"
    konzeptdoc.save_concept(concept)
    before = snapshot(sample)
    field.measures[2].partners.append("Amt\x0b33")  # in place: pydantic does not see it
    with pytest.raises(konzeptdoc.ValidationError) as raised:
        konzeptdoc.save_concept(concept)
    (problem,) = raised.value.problems
    assert problem.file == sample / "fields" / f"{field.id}.yaml"
    assert problem.field_path == f"measures[2].partners[{len(field.measures[2].partners) - 1}]"
    assert snapshot(sample) == before
    field.measures[2].partners.pop()
    field.measures[0].goals.append("gibt-es-nicht")  # a reference into nothing
    with pytest.raises(konzeptdoc.ValidationError) as raised:
        konzeptdoc.save_concept(concept)
    (problem,) = raised.value.problems
    assert problem.field_path == f"measures[0].goals[{len(field.measures[0].goals) - 1}]"
    assert problem.line is not None
    assert snapshot(sample) == before


def _mutations(concept: konzeptdoc.Concept, rng: random.Random) -> None:
    """One random change of an id, a reference or a goal's level, valid on its own."""
    goals = [g for f in concept.fields for g in f.goals]
    measures = [m for f in concept.fields for m in f.measures]
    ids = [g.id for g in goals] + [m.id for m in measures] + [f.id for f in concept.fields]
    ids += [t.id for t in concept.target_groups] + ["gibt-es-nicht"]
    indicators = [i for f in concept.fields for i in f.indicators]
    ids += [i.id for i in indicators]
    choice = rng.randrange(8)
    if choice == 0:
        rng.choice(goals).parent = rng.choice(ids)
    elif choice == 1:
        goal = rng.choice(goals)
        goal.level = "guiding" if goal.level == "action" else "action"
    elif choice == 2:
        rng.choice(measures).goals = [rng.choice(ids)]
    elif choice == 3:
        rng.choice(measures).target_groups = [rng.choice(ids)]
    elif choice == 4:
        rng.choice(measures + goals).id = rng.choice(ids)  # perhaps a duplicate
    elif choice == 5:
        rng.choice(goals).indicators = [rng.choice(ids)]
    elif choice == 6 and concept.participation and concept.participation.working_groups:
        rng.choice(concept.participation.working_groups).field = rng.choice(ids)
    elif choice == 7 and concept.target_groups:
        rng.choice(concept.target_groups).id = rng.choice(ids)


@pytest.mark.parametrize("seed", range(3))
def test_the_quick_check_never_passes_what_the_checks_refuse(seed: int) -> None:
    rng = random.Random(seed)
    folders = sorted(p for p in samples_dir().glob("*/*/concepts/*") if p.is_dir())
    refused = passed = 0
    for folder in folders:
        concept = konzeptdoc.load_concept(folder)
        assert surely_clean(concept), folder  # valid samples pass the quick way
        for _ in range(40):
            _mutations(concept, rng)
            errors = check(concept, warnings=False)
            if surely_clean(concept):
                assert errors == [], folder
                passed += 1
            else:
                refused += 1
    assert refused and passed  # both ways were taken


def _child(concept: konzeptdoc.Concept) -> konzeptdoc.Goal:
    return next(goal for goal in concept.fields[1].goals if goal.parent is not None)


BREAKS: dict[str, Callable[[konzeptdoc.Concept], object]] = {
    "guiding goal with a parent": lambda c: setattr(_child(c), "level", "guiding"),
    "an id twice": lambda c: setattr(c.fields[1].goals[0], "id", c.fields[0].goals[0].id),
    "goal unknown": lambda c: setattr(c.fields[1].measures[0], "goals", ["nirgends"]),
    "target group unknown": lambda c: c.fields[1].measures[0].target_groups.append("niemand"),
    "action goal as parent": lambda c: setattr(_child(c), "parent", _child(c).id),
}


@pytest.mark.parametrize("change", list(BREAKS))
def test_after_a_save_a_changed_id_or_reference_is_checked_across_files(
    sample: Path, change: str
) -> None:
    # A save that finds nothing the checks read changed (ids, levels, parents, references)
    # skips them; any such change, in place or assigned, brings them back.
    concept = konzeptdoc.load_concept(sample)
    concept.fields[0].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    before = snapshot(sample)
    BREAKS[change](concept)
    with pytest.raises(konzeptdoc.ValidationError):
        konzeptdoc.save_concept(concept)
    assert snapshot(sample) == before


def _variants(data: dict[str, object]) -> list[object]:
    """The data of an entity, and changes a file might hold instead."""
    out: list[object] = [data, {**data, "extra": 1}, [data], None]
    for key, value in data.items():
        out.append({k: v for k, v in data.items() if k != key})
        swapped: object = True if value == 1 else (1 if value is True else f"{value}!")
        out.append({**data, key: swapped})
        if isinstance(value, list) and value:
            out.append({**data, key: value[:-1]})
    return out


def test_matching_an_entity_with_its_file_is_comparing_its_dump() -> None:
    # The first save after a load takes an entity's parsed data where the entity would dump
    # to it: `matches` must say exactly what dumping and comparing says.
    from konzeptdoc.files.layout import ConceptSource
    from konzeptdoc.files.splice import equal
    from konzeptdoc.files.tracking import dump, matches
    from konzeptdoc.model.kinds import entities

    checked = 0
    for folder in (WIESBADEN, WOLFSBURG):
        concept = konzeptdoc.load_concept(folder)
        source = concept.origin
        assert isinstance(source, ConceptSource)
        for field in concept.fields:
            data = source.data[f"fields/{field.id}.yaml"]
            for key in ("goals", "measures", "indicators"):
                for entity, item in zip(getattr(field, key), data.get(key, []), strict=True):
                    for variant in _variants(item):
                        assert matches(entity, variant) == equal(variant, dump(entity))
                        checked += 1
        for _, entity in entities(concept):  # a model changed in place, against its old data
            before = dump(entity)
            for value in entity.__dict__.values():
                if isinstance(value, list):
                    value.append(value[0] if value else "neu")
                    assert not equal(before, dump(entity))
                    assert not matches(entity, before)
                    value.pop()
            assert matches(entity, before)
    assert checked > 1000
