"""The Maßnahmenplan: the measures grouped by field of action, with their costs summed.

Each field of action has a section with a table of its measures (the header row repeats on
every page) and the sum of their costs; a closing table sums the costs per field and
overall. Costs are summed per turn (jährlich, einmalig), never one into the other; a measure
whose cost is not quantifiable is counted, not guessed.
"""

from __future__ import annotations

import typing
from collections.abc import Collection
from dataclasses import dataclass, field

from konzeptdoc.documents.concept_doc import cost, timeframe
from konzeptdoc.documents.wordml import Body
from konzeptdoc.errors import DocumentError
from konzeptdoc.german import formatting as german
from konzeptdoc.german.glossary import count, named
from konzeptdoc.german.wording import say
from konzeptdoc.model import Concept, Measure

_HEADER = ["Nr.", "Maßnahme", "Ziele", "Federführung", "Partner", "Zeitrahmen", "Kosten",
           "Stand", "Priorität"]  # fmt: skip
_WIDTHS = [5, 19, 16, 12, 12, 9, 11, 8, 8]
_UNBROKEN = [0, 5, 7, 8]  # number, years, state and priority never break


@dataclass
class Sums:
    """The costs of some measures: per turn, and how many are not quantified."""

    yearly: float = 0.0
    once: float = 0.0
    open: int = 0
    measures: int = 0
    turns: set[str] = field(default_factory=set)

    def add(self, measure: Measure) -> None:
        self.measures += 1
        value = measure.cost
        if value is None or value.amount_eur is None:
            if value is not None:  # "nicht bezifferbar"; no cost given at all counts nowhere
                self.open += 1
            return
        if value.per == "year":
            self.yearly += value.amount_eur
            self.turns.add("year")
        else:  # "once", or no turn given: an amount paid once
            self.once += value.amount_eur
            self.turns.add("once")

    def total(self, other: Sums) -> None:
        self.yearly += other.yearly
        self.once += other.once
        self.open += other.open
        self.measures += other.measures
        self.turns |= other.turns

    def cells(self) -> list[str]:
        """jährlich, einmalig, not quantified (a dash where there is nothing)."""
        return [german.amount(self.yearly) if "year" in self.turns else "–",
                german.amount(self.once) if "once" in self.turns else "–",
                str(self.open) if self.open else "–"]  # fmt: skip

    def text(self) -> str:
        """ "48.000 € jährlich und 15.000 € einmalig; 1 Maßnahme nicht beziffert"."""
        parts = []
        if "year" in self.turns:
            parts.append(f"{german.amount(self.yearly)} jährlich")
        if "once" in self.turns:
            parts.append(f"{german.amount(self.once)} einmalig")
        text = " und ".join(parts) or "keine bezifferten Kosten"
        if self.open:
            text += f"; {count(self.open, 'measure')} nicht beziffert"
        return text


def measures_body(
    concept: Concept, body: Body, *, fields: Collection[str] = (), statuses: Collection[str] = ()
) -> None:
    known = {f.id for f in concept.fields}
    unknown = [f for f in fields if f not in known]
    if unknown:
        raise DocumentError(
            f"Das Konzept „{concept.title}“ hat kein Handlungsfeld mit der Kennung "
            f"„{unknown[0]}“; vorhanden: {', '.join(sorted(known))}"
        )
    states = typing.get_args(Measure.model_fields["status"].annotation)
    wrong = [s for s in statuses if s not in states]
    if wrong:  # a filter that matches nothing would give an empty plan without a word
        allowed = ", ".join(f"{s} ({german.label('status', s)})" for s in states)
        raise DocumentError(f"„{wrong[0]}“ ist kein Stand einer Maßnahme; möglich: {allowed}")
    goals = {g.id: g.title for f in concept.fields for g in f.goals}
    chosen = [(number, f) for number, f in enumerate(concept.fields, start=1)
              if not fields or f.id in fields]  # fmt: skip
    selected = {
        f.id: [(n, m) for n, m in enumerate(f.measures, start=1)
               if not statuses or m.status in statuses]
        for _, f in chosen
    }  # fmt: skip
    body.paragraph(concept.municipality, body.styles.subtitle)
    body.heading(1, concept.title, prefix="Maßnahmenplan – ", anchor=(concept.id, "title"))
    filters = ", ".join([*(named("field", n, f.title) for n, f in chosen if fields),
                         *(german.label("status", s) for s in statuses)])  # fmt: skip
    body.paragraph(say("measures_intro", sum(map(len, selected.values())), filters))
    overall = Sums()
    per_field: list[tuple[str, Sums]] = []
    for number, field_ in chosen:
        measures = selected[field_.id]
        if not measures:
            continue
        sums = Sums()
        rows = []
        # The texts a reviewer may edit are anchored (see `anchors`): title and lead.
        ids = [m.id for _, m in measures]
        titles = body.anchors.cells([m.title for _, m in measures], ids, "title")
        leads = body.anchors.cells([m.lead for _, m in measures], ids, "lead")
        for (position, measure), title, lead in zip(measures, titles, leads, strict=True):
            sums.add(measure)
            priority = measure.priority
            rows.append([f"{number}.{position}", title,
                         "; ".join(goals.get(g, g) for g in measure.goals) or "–",
                         lead, ", ".join(measure.partners) or "–", timeframe(measure),
                         cost(measure), german.label("status", measure.status),
                         "–" if priority is None else german.label("priority", priority)])  # fmt: skip
        body.begin(field_.id)
        body.heading(2, field_.title, prefix=f"{number} ", anchor=(field_.id, "title"))
        body.table(_HEADER, rows, _WIDTHS, unbroken=_UNBROKEN)
        body.paragraph(f"Summe Handlungsfeld {number}: {sums.text()}", body.styles.meta)
        overall.total(sums)
        per_field.append((f"{number} {field_.title}", sums))
    body.begin(None)
    if per_field:
        body.heading(2, "Kosten im Überblick")
        rows = [[name, str(sums.measures), *sums.cells()] for name, sums in per_field]
        rows.append(["Gesamt", str(overall.measures), *overall.cells()])
        body.table(["Handlungsfeld", "Maßnahmen", "jährlich", "einmalig", "nicht beziffert"],
                   rows, [40, 12, 16, 16, 16], caption="Kosten nach Handlungsfeld",
                   unbroken=[1, 2, 3, 4])  # fmt: skip
