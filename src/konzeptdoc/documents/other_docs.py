"""The Beteiligungsbericht (Beschlussvorlage: `submission_doc`; Maßnahmenplan: `measures_doc`)."""

from __future__ import annotations

import typing
from collections import Counter

from konzeptdoc.documents.wordml import Body, space_before
from konzeptdoc.errors import MissingPartError
from konzeptdoc.german import formatting as german
from konzeptdoc.german.wording import say
from konzeptdoc.model import Concept, Contribution, Event, Process
from konzeptdoc.model.participation import Outcome
from konzeptdoc.model.text import Run


def participation_body(concept: Concept, body: Body, *, with_authors: bool = False) -> None:
    participation = concept.participation
    if participation is None:
        raise MissingPartError(
            f"Das Konzept „{concept.title}“ hat keine participation.yaml; aus ihr entsteht der "
            "Beteiligungsbericht"
        )
    fields = {f.id: f.title for f in concept.fields}
    body.paragraph(concept.municipality, body.styles.subtitle)
    body.heading(1, f"Beteiligungsbericht – {concept.title}")
    sections = _Sections(body)
    process = participation.process
    if process is not None:
        sections.next("Verfahren")
        _process(concept, process, body)
    if participation.events:
        sections.next("Veranstaltungen")
        _events(participation.events, body)
    if participation.working_groups:
        sections.next("Arbeitsgruppen")
        body.table(["Arbeitsgruppe", "Handlungsfeld"],
                   [[g.name, fields.get(g.field, g.field) if g.field else "–"] for g in participation.working_groups],
                   [50, 50])  # fmt: skip
    commenting = participation.online_commenting
    if commenting is not None:
        sections.next("Online-Kommentierung")
        start = f"vom {german.date(commenting.open_from)} " if commenting.open_from else ""
        body.paragraph(f"Kommentierung {start}bis zum {german.date(commenting.open_until)}.")
        body.markdown(commenting.scope)
    if participation.contributions:
        sections.next("Beiträge und Stellungnahmen")
        _contributions(participation.contributions, body, fields, with_authors)
        sections.next("Auswertung")
        _evaluation(participation.contributions, body, fields)
    if not sections.number:  # a report of a title alone reads as broken
        body.paragraph("Zum Beteiligungsverfahren sind noch keine Angaben erfasst.")


class _Sections:
    """Numbered sections under the report's heading."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.number = 0

    def next(self, title: str) -> None:
        self.number += 1
        self.body.heading(2, f"{self.number} {title}")


def _process(concept: Concept, process: Process, body: Body) -> None:
    body.paragraph([Run(process.title, bold=True)],
                   anchor=(concept.id, "participation.process.title"))  # fmt: skip
    if process.period is not None:
        body.field_line(
            "Zeitraum",
            f"{german.date(process.period.start)} bis {german.date(process.period.end)}",
        )
    if process.organizer:
        body.field_line("Verantwortlich", process.organizer)
    if process.support_program:
        body.field_line("Unterstützt durch", process.support_program)
    if process.formats:
        body.field_line("Formate", ", ".join(process.formats))
    body.markdown(process.guidelines, anchor=(concept.id, "participation.process.guidelines"))


def _events(events: list[Event], body: Body) -> None:
    # Date and time share a column (time on a line of its own): a portrait page has
    # no room for both beside place, kind, title, topics and participants.
    columns = [
        ("Termin", [german.short_date(e.date) + (f"\n{e.start}–{e.end} Uhr" if e.start and e.end
                    else f"\n{e.start} Uhr" if e.start else "") for e in events], 14, True),
        ("Ort", [e.location or "–" for e in events], 16, False),
        ("Art", [german.label("event", e.kind) for e in events], 12, True),
        ("Veranstaltung", [e.title for e in events], 24, False),
        ("Themen", ["; ".join(e.topics) or "–" for e in events], 20, False),
        ("Teilnehmende", [german.number(e.participants) if e.participants is not None else "–"
                          for e in events], 10, True),
    ]  # fmt: skip
    # A column no event fills (no places, no topics, no counts) would only take the room
    # the titles and topics need: it is left out.
    shown = [c for c in columns if c[0] in ("Termin", "Art", "Veranstaltung")
             or any(v != "–" for v in c[1])]  # fmt: skip
    body.table([c[0] for c in shown], [list(row) for row in zip(*(c[1] for c in shown), strict=True)],
               [c[2] for c in shown], unbroken=[n for n, c in enumerate(shown) if c[3]])  # fmt: skip


def _contributions(
    contributions: list[Contribution], body: Body, fields: dict[str, str], with_authors: bool
) -> None:
    answered = sum(1 for c in contributions if c.response is not None)
    decided = sum(1 for c in contributions if c.outcome is not None)
    body.paragraph(say("participation_counts", len(contributions), answered, decided))
    if not with_authors:
        body.paragraph(say("authors_hidden"), body.styles.meta)
    for number, contribution in enumerate(contributions, start=1):
        title = f"Beitrag {number} ({german.date(contribution.received)}, {german.label('channel', contribution.channel)}"
        if contribution.field:
            title += f", {fields.get(contribution.field, contribution.field)}"
        if with_authors and contribution.author:
            title += f", {contribution.author}"
        body.paragraph([Run(title + ")", bold=True)], keep_next=True)
        if number > 1:  # a line's space from the one before: contributions don't run together
            body.parts[-1] = space_before(body.parts[-1])
        body.markdown(contribution.text, anchor=(contribution.id, "text"))
        if contribution.response is not None:
            response = contribution.response
            when = f", {german.date(response.date)}" if response.date else ""
            body.paragraph(
                [Run(f"Stellungnahme ({response.by}{when}): ", italic=True)], keep_next=True
            )
            body.markdown(response.text, anchor=(contribution.id, "response.text"))
        body.field_line("Ergebnis", german.label("outcome", contribution.outcome))


def _evaluation(contributions: list[Contribution], body: Body, fields: dict[str, str]) -> None:
    outcomes = Counter(c.outcome for c in contributions)
    # In the order of the outcomes (übernommen … zur Kenntnis genommen), not of their keys;
    # contributions without one are named so, not "–".
    order = [*typing.get_args(Outcome), None]
    body.table(["Ergebnis", "Anzahl"], [[german.label("outcome", k) if k else "noch ohne Ergebnis",
                                         str(outcomes[k])] for k in order if outcomes[k]],
               [70, 30], caption="Beiträge nach Ergebnis", unbroken=[1])  # fmt: skip
    per_field = Counter(c.field for c in contributions)
    # In the concept's order of its fields, the contributions to none ("übergreifend") last.
    keys = [*fields, *sorted({k for k in per_field if k and k not in fields}), None]
    body.table(["Handlungsfeld", "Anzahl"], [[fields.get(k, k) if k else "übergreifend", str(per_field[k])]
               for k in keys if per_field[k]], [70, 30],
               caption="Beiträge nach Handlungsfeld", unbroken=[1])  # fmt: skip
