"""Deterministic generator of large, valid concepts and of edited revisions of them.

For benchmarks and property tests: the default size is the scale konzeptdoc is designed
for (12 fields, 120 goals, 1,200 measures, ~60,000 words of German-like prose with
umlauts, ``&`` and quotes). `revise` makes a second revision and records every edit it
made, so a diff can be checked against the true edit count.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from konzeptdoc.model import (
    Concept,
    Contribution,
    Event,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    MeasureCost,
    Participation,
    Period,
    Principle,
    Response,
    SeriesPoint,
    Submission,
    TargetGroup,
    Timeframe,
    WorkingGroup,
)
from konzeptdoc.model.field import WorkingGroupInfo
from konzeptdoc.model.submission import Consultation, FinancialImpact
from konzeptdoc.testing.prose import WORDS, Prose


@dataclass
class EditLog:
    """The true edits `revise` made, by kind."""

    word_edits: int = 0
    edited_texts: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every change a reviewer should see: word edits plus entity changes."""
        entity_changes = len(self.added) + len(self.removed) + len(self.moved) + len(self.renamed)
        return self.word_edits + entity_changes


def generate(
    *,
    seed: int = 1,
    fields: int = 12,
    goals: int = 120,
    measures: int = 1200,
    words: int = 60_000,
) -> Concept:
    """A large valid concept; the same arguments always give the same concept."""
    rng = random.Random(seed)
    prose = Prose(rng)
    goals_per_field, measures_per_field = goals // fields, measures // fields
    # Prose budget: a quarter in situations, the rest in measure descriptions.
    situation_words = max(words // 4 // fields, 20)
    description_words = max((words - situation_words * fields) // max(measures, 1), 5)
    groups = [TargetGroup(id=f"zg-{n}", name=prose.title(2)) for n in range(1, 9)]
    concept = Concept(
        id="gross",
        title="Integrationskonzept „Großstadt“ 2026–2030 & Fortschreibung",
        kind="Integrationskonzept",
        municipality="Landeshauptstadt Musterstadt",
        lead="Amt für Zuwanderung und Integration",
        period=Period(start=2026, end=2030),
        status="draft",
        as_of=dt.date(2025, 11, 12),
        definition=prose.text(120),
        principles=[
            Principle(id=f"ll-{n}", title=prose.title(3), text=prose.text(40)) for n in range(1, 7)
        ],
        target_groups=groups,
    )
    for number in range(1, fields + 1):
        sizes = (goals_per_field, measures_per_field, situation_words, description_words)
        concept.fields.append(_field(rng, prose, number, sizes, groups))
    concept.participation = _participation(rng, prose, concept)
    concept.submission = Submission(
        number="25-V-33-0001",
        kind="Beschlussvorlage",
        subject=concept.title,
        date=dt.date(2025, 12, 1),
        consultation=[Consultation(body="Stadtverordnetenversammlung", role="decision")],
        proposal=["Das Integrationskonzept wird beschlossen.", prose.sentence(12)],
        reasoning=prose.text(200),
        financial_impact=FinancialImpact(has_impact=True, not_quantifiable=True),
    )
    return concept


def _field(
    rng: random.Random,
    prose: Prose,
    number: int,
    sizes: tuple[int, int, int, int],
    groups: list[TargetGroup],
) -> FieldOfAction:
    """Field `number`: guiding and action goals, measures, one indicator with a series."""
    goals_per_field, measures_per_field, situation_words, description_words = sizes
    field_id = f"feld-{number:02d}"
    guiding = max(goals_per_field // 4, 1)
    field_goals = [
        Goal(id=f"{field_id}-lz-{g}", level="guiding", title=prose.title())
        for g in range(1, guiding + 1)
    ]
    field_goals += [
        Goal(
            id=f"{field_id}-hz-{g}",
            level="action",
            title=prose.title(),
            parent=f"{field_id}-lz-{(g - 1) % guiding + 1}",
            indicators=[f"{field_id}-ind-1"] if g == 1 else [],
        )
        for g in range(1, goals_per_field - guiding + 1)
    ]
    action_ids = [g.id for g in field_goals if g.level == "action"] or [field_goals[0].id]
    field_measures = [
        _measure(rng, prose, f"{field_id}-m-{m:03d}", action_ids, m, description_words, groups)
        for m in range(1, measures_per_field + 1)
    ]
    return FieldOfAction(
        id=field_id,
        title=prose.title(3),
        situation=prose.text(situation_words),
        working_group=WorkingGroupInfo(name=f"AG {number}", lead="Amt 33", members=["VHS"]),
        goals=field_goals,
        measures=field_measures,
        indicators=[
            Indicator(
                id=f"{field_id}-ind-1",
                code=f"I{number}",
                name=prose.title(3),
                unit="%",
                series=[
                    SeriesPoint(year=2020 + y, value=round(rng.uniform(10, 60), 1))
                    for y in range(5)
                ],
            )
        ],
    )


def _measure(
    rng: random.Random,
    prose: Prose,
    measure_id: str,
    goal_ids: list[str],
    number: int,
    words: int,
    groups: list[TargetGroup],
) -> Measure:
    start = rng.randint(2026, 2029)
    return Measure(
        id=measure_id,
        title=prose.title(),
        description=prose.text(words),
        goals=[goal_ids[number % len(goal_ids)]],
        lead=rng.choice(["Amt 33", "Schulamt", "Jobcenter", "Gesundheitsamt", "Sportamt"]),
        partners=rng.sample(["VHS", "Caritas", "Diakonie", "IHK", "HWK", "AWO", "Kitas"], 2),
        target_groups=[rng.choice(groups).id],
        timeframe=Timeframe(ongoing=True)
        if number % 7 == 0
        else Timeframe(start=start, end=start + 1),
        cost=MeasureCost(amount_eur=rng.randint(1, 200) * 500, per="year")
        if number % 3
        else MeasureCost(not_quantifiable=True),
        status=rng.choice(["planned", "in_progress", "continued"]),
        priority=rng.choice(["high", "medium", "low"]),
    )


def _participation(rng: random.Random, prose: Prose, concept: Concept) -> Participation:
    return Participation(
        events=[
            Event(
                id=f"veranstaltung-{n}",
                title=prose.title(3),
                date=dt.date(2025, 9, 1) + dt.timedelta(days=7 * n),
                start="10:00",
                end="15:00",
                location="Zukunftswerk",
                kind="workshop",
                participants=rng.randint(20, 120),
            )
            for n in range(1, 11)
        ],
        working_groups=[
            WorkingGroup(id=f"ag-{n}", name=f"AG {n}", field=field.id)
            for n, field in enumerate(concept.fields[:6], start=1)
        ],
        contributions=[
            Contribution(
                id=f"beitrag-{n}",
                received=dt.date(2025, 10, 1) + dt.timedelta(days=n % 40),
                author=f"Person {n}",
                channel=rng.choice(["online", "email", "event", "letter"]),
                field=rng.choice(concept.fields).id,
                text=prose.text(40),
                response=Response(by="Amt 33", text=prose.text(30)),
                outcome=rng.choice(["adopted", "partially_adopted", "not_adopted", "noted"]),
            )
            for n in range(1, 61)
        ],
    )


def revise(
    concept: Concept,
    *,
    seed: int = 2,
    share: float = 0.05,
    added: int = 10,
    removed: int = 10,
    moved: int = 3,
    renamed: int = 3,
) -> tuple[Concept, EditLog]:
    """A second revision of `concept` with known edits; `concept` itself is not changed.

    `share` is the fraction of prose texts (situations, descriptions) that get one word
    replaced. Measures are added, removed, moved to another field and renamed.
    """
    rng = random.Random(seed)
    prose = Prose(rng)
    new = concept.model_copy(deep=True)
    log = EditLog()
    all_measures = [(f, m) for f in new.fields for m in f.measures]
    chosen = rng.sample(all_measures, removed + moved + renamed)
    for field_of, measure in chosen[:removed]:
        field_of.measures.remove(measure)
        log.removed.append(measure.id)
    for field_of, measure in chosen[removed : removed + moved]:
        target = rng.choice([f for f in new.fields if f is not field_of])
        field_of.measures.remove(measure)
        target.measures.append(measure)
        log.moved.append(measure.id)
    for _, measure in chosen[removed + moved :]:
        measure.title = prose.title()
        log.renamed.append(measure.id)
    # Word edits after the structural ones, on what remains: every logged edit is visible.
    texts = [(f, "situation") for f in new.fields] + [
        (m, "description") for f in new.fields for m in f.measures
    ]
    for owner, key in rng.sample(texts, int(len(texts) * share)):
        words = getattr(owner, key).split(" ")
        index = rng.randrange(len(words))
        replacement = rng.choice(WORDS)
        while replacement == words[index].strip('.„“"&'):
            replacement = rng.choice(WORDS)
        trailing = "." if words[index].endswith(".") else ""
        words[index] = replacement + trailing
        setattr(owner, key, " ".join(words))
        log.word_edits += 1
        log.edited_texts += 1
    for number in range(1, added + 1):
        target = rng.choice(new.fields)
        goal_ids = [g.id for g in target.goals if g.level == "action"]
        measure = _measure(
            rng, prose, f"neu-m-{number:03d}", goal_ids, number, 30, new.target_groups
        )
        target.measures.append(measure)
        log.added.append(measure.id)
    new.status = "consultation"
    return new, log
