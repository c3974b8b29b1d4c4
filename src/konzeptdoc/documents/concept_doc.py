"""The concept as the council's Anlage: title page, contents, then every part of the data."""

from __future__ import annotations

from konzeptdoc.documents.wordml import Body
from konzeptdoc.german import formatting as german
from konzeptdoc.german.wording import say
from konzeptdoc.model import Concept, FieldOfAction, Measure, Participation
from konzeptdoc.model.text import Run

#: Marks the entity of a title-page line: "<concept id>#period".
TITLE_PAGE = "#"


def concept_body(concept: Concept, body: Body) -> None:
    """The concept document: title page, contents, then one chapter per part it has."""
    _title_page(concept, body)
    body.toc("Inhalt")
    chapters = _Chapters(body)
    if concept.definition or concept.principles or concept.target_groups:
        _basics(concept, body, chapters.next("Grundlagen"))
    if concept.fields:
        number = chapters.next("Handlungsfelder")
        body.paragraph(say("field_intro", len(concept.fields)))
        groups = {g.id: g.name for g in concept.target_groups}
        for index, field in enumerate(concept.fields, start=1):
            _field(body, field, f"{number}.{index}", groups, index)
    participation = concept.participation
    if participation is not None:
        chapters.next("Beteiligung")
        _participation(concept, participation, body)
    if concept.decisions:
        chapters.next("Beschlüsse")
        rows = [
            [german.short_date(d.date), d.body, german.label("decision", d.kind),
             d.number or "–", markdown_cell(body, d.text)]
            for d in concept.decisions
        ]  # fmt: skip
        header = ["Datum", "Gremium", "Art", "Nr.", "Inhalt"]
        body.table(header, rows, [13, 25, 15, 9, 38], unbroken=[0, 2, 3])
    if concept.costs is not None or concept.funding_programs:
        chapters.next("Kosten und Finanzierung")
        _costs(concept, body)
    if concept.contacts:
        chapters.next("Ansprechstellen")
        body.table(
            ["Stelle", "E-Mail", "Telefon"],
            [[c.office, c.email or "–", c.phone or "–"] for c in concept.contacts],
            [45, 35, 20],
            unbroken=[1, 2],
        )


class _Chapters:
    """Numbered chapters: the first starts a new page (after the contents)."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.number = 0

    def next(self, title: str) -> int:
        self.number += 1
        self.body.heading(1, f"{self.number} {title}", page_break=self.number == 1)
        return self.number


def _title_page(concept: Concept, body: Body) -> None:
    styles = body.styles

    def line(key: str) -> None:
        # Each line of the title page says one thing: a redline pairs the lines of two
        # versions by it ("Laufzeit" with "Laufzeit"), not by their position.
        body.begin(f"{concept.id}{TITLE_PAGE}{key}")

    line("municipality")
    body.paragraph(concept.municipality, styles.subtitle)
    line("title")
    body.paragraph(concept.title, styles.title, anchor=(concept.id, "title"))
    revision = concept.revision
    # The number alone ("revision: {number: 2}") says "2. Fortschreibung"; without a label
    # the line, predecessor and all, was left out.
    label = (
        ""
        if revision is None
        else revision.label or (f"{revision.number}. Fortschreibung" if revision.number else "")
    )
    if revision is not None and (label or revision.predecessor):
        line("revision")
        body.paragraph(say("revision_line", label, revision.predecessor), styles.subtitle)
    line("period")
    body.paragraph(say("period_line", concept.period.start, concept.period.end), styles.meta)
    line("status")
    body.paragraph(say("title_status", german.label("concept_status", concept.status),
                       german.date(concept.as_of)), styles.meta)  # fmt: skip
    line("lead")
    body.paragraph(say("lead_line", concept.lead), styles.meta)
    body.begin(None)


def _basics(concept: Concept, body: Body, number: int) -> None:
    """Integrationsverständnis, Leitlinien, Zielgruppen."""
    section = 0
    if concept.definition:
        section += 1
        body.heading(2, f"{number}.{section} Integrationsverständnis")
        body.markdown(concept.definition, anchor=(concept.id, "definition"))
    if concept.principles:
        section += 1
        body.heading(2, f"{number}.{section} Leitlinien")
        for index, principle in enumerate(concept.principles, start=1):
            body.heading(3, principle.title, prefix=f"{number}.{section}.{index} ",
                         anchor=(principle.id, "title"))  # fmt: skip
            body.markdown(principle.text, anchor=(principle.id, "text"))
    if concept.target_groups:
        section += 1
        body.heading(2, f"{number}.{section} Zielgruppen")
        body.table(
            ["Zielgruppe", "Beschreibung"],
            [
                [
                    body.cell(g.name, g.id, "name"),
                    markdown_cell(body, g.description, (g.id, "description")),
                ]
                for g in concept.target_groups
            ],
            [35, 65],
        )


def _participation(concept: Concept, participation: Participation, body: Body) -> None:
    if participation.process is not None:
        body.paragraph(participation.process.title, keep_next=True,
                       anchor=(concept.id, "participation.process.title"))  # fmt: skip
        body.markdown(participation.process.guidelines,
                      anchor=(concept.id, "participation.process.guidelines"))  # fmt: skip
    if participation.events:
        body.table(["Datum", "Veranstaltung", "Ort"],
                   [[german.short_date(e.date), e.title, e.location or "–"] for e in participation.events],
                   [18, 57, 25], caption=f"Veranstaltungen ({len(participation.events)})", unbroken=[0])  # fmt: skip
    if participation.contributions:
        # Counted only: the Beteiligungsbericht lists them.
        body.paragraph(say("participation_counts", len(participation.contributions), listed=False))
    if not (participation.process or participation.events or participation.contributions):
        # no lone heading: what there is (working groups, online commenting) is in the report
        more = participation.working_groups or participation.online_commenting
        body.paragraph("Einzelheiten enthält der Beteiligungsbericht." if more
                       else "Zum Beteiligungsverfahren sind noch keine Angaben erfasst.")  # fmt: skip


def _costs(concept: Concept, body: Body) -> None:
    if concept.costs is not None:
        body.markdown(concept.costs.summary, anchor=(concept.id, "costs.summary"))
        if concept.costs.not_quantifiable:
            body.paragraph(say("no_costs"))
        items = concept.costs.items
        if items:
            # Its own table with its caption and total: the funding programmes follow as
            # a table of their own (two tables side by side would read as one).
            amounts = [i.amount_eur for i in items if i.amount_eur is not None]
            rows = [[i.label, str(i.year or "–"), german.amount(i.amount_eur), i.funding or "–"]
                    for i in items]  # fmt: skip
            rows.append(["Summe", "", german.amount(sum(amounts)) if amounts else "–", ""])
            body.table(["Position", "Jahr", "Betrag", "Finanzierung"], rows, [40, 10, 18, 32],
                       caption=f"Kostenpositionen ({len(items)})", unbroken=[1, 2])  # fmt: skip
    if concept.funding_programs:
        programs = concept.funding_programs
        body.table(["Förderprogramm", "Ebene", "Anmerkung"],
                   [[p.name, german.label("level_funding", p.level), markdown_cell(body, p.note)]
                    for p in programs], [30, 12, 58], caption=f"Förderprogramme ({len(programs)})",
                   unbroken=[1])  # fmt: skip


def _field(
    body: Body, field: FieldOfAction, number: str, groups: dict[str, str], position: int
) -> None:
    """A field of action as section `number`; its measures are numbered `position`.1, … as
    in every other document ("Maßnahme 3.2")."""
    body.begin(field.id)
    body.heading(2, field.title, prefix=f"{number} ", anchor=(field.id, "title"))
    if not (field.situation or field.working_group or field.goals or field.measures
            or field.indicators):  # fmt: skip
        body.paragraph("Zu diesem Handlungsfeld liegen noch keine Angaben vor.")  # no lone heading
        return
    section = 0
    if field.situation:
        section += 1
        body.heading(3, f"{number}.{section} Ausgangssituation")
        body.markdown(field.situation, anchor=(field.id, "situation"))
    if field.working_group is not None:
        group = field.working_group
        members = ", ".join(group.members)
        body.field_line(
            "Arbeitsgruppe", group.name + (f" (Leitung: {group.lead})" if group.lead else "")
        )
        if members:
            body.field_line("Mitglieder", members)
    if field.goals:
        section += 1
        body.heading(3, f"{number}.{section} Ziele")
        for goal in field.goals:
            body.begin(goal.id)
            prefix = german.label("level", goal.level)
            body.paragraph([Run(f"{prefix}: ", bold=True), Run(goal.title, bold=goal.level == "guiding")],
                           body.styles.list_paragraph if goal.level == "action" else None,
                           anchor=(goal.id, "title"))  # fmt: skip
            body.markdown(goal.text, anchor=(goal.id, "text"))
    if field.measures:
        section += 1
        body.heading(3, f"{number}.{section} Maßnahmen")
        for measure_number, measure in enumerate(field.measures, start=1):
            body.begin(measure.id)
            _measure(body, measure, groups, f"{position}.{measure_number}")
        body.begin(field.id)
    if field.indicators:
        section += 1
        body.heading(3, f"{number}.{section} Indikatoren")
        for indicator in field.indicators:
            body.begin(indicator.id)
            code = [Run(f"{indicator.code} – ", bold=True)] if indicator.code else []
            body.paragraph([*code, Run(indicator.name, bold=True)], keep_next=True,
                           anchor=(indicator.id, "name"))  # fmt: skip
            body.markdown(indicator.definition, anchor=(indicator.id, "definition"),
                          keep_next=bool(indicator.series))  # fmt: skip
            details = [f"Quelle: {indicator.source}" if indicator.source else "",
                       f"Zielwert: {_target(indicator.target)}" if indicator.target is not None else ""]  # fmt: skip
            body.paragraph("; ".join(d for d in details if d), body.styles.meta,
                           keep_next=bool(indicator.series))  # fmt: skip
            if indicator.series:
                unit = f" ({indicator.unit})" if indicator.unit else ""
                body.table(
                    ["Jahr", f"Wert{unit}"],
                    [[str(p.year), german.number(p.value)] for p in indicator.series],
                    [30, 70],
                )


def _measure(body: Body, measure: Measure, groups: dict[str, str], number: str) -> None:
    body.paragraph([Run(measure.title, bold=True)], keep_next=True, anchor=(measure.id, "title"))
    body.markdown(measure.description, anchor=(measure.id, "description"), keep_next=True)
    rows = [["Federführung", body.cell(measure.lead, measure.id, "lead")],
            ["Kooperationspartner", ", ".join(measure.partners) or "–"],
            ["Zielgruppen", ", ".join([groups.get(g, g) for g in measure.target_groups]) or "–"],
            ["Zeitrahmen", timeframe(measure)], ["Kosten", cost(measure)],
            ["Stand", german.label("status", measure.status)]]  # fmt: skip
    if measure.priority:
        rows.append(["Priorität", german.label("priority", measure.priority)])
    body.table(["Angabe", f"Maßnahme {number}"], rows, [30, 70])


def _target(value: str | float) -> str:
    """A target as written ("sinkend"), a number in German notation ("1.000", "12,5")."""
    return value if isinstance(value, str) else german.number(value)


def timeframe(measure: Measure) -> str:
    frame = measure.timeframe
    if frame is None:
        return "–"
    if frame.ongoing:
        return f"laufend seit {frame.start}" if frame.start else "laufend"
    if frame.start is not None and frame.end is not None:
        return str(frame.start) if frame.start == frame.end else f"{frame.start}–{frame.end}"
    # A start alone: the measure begins then, it does not end the same year.
    return f"ab {frame.start}" if frame.start is not None else f"bis {frame.end}"


def cost(measure: Measure) -> str:
    value = measure.cost
    if value is None:
        return "–"
    if value.not_quantifiable and value.amount_eur is None:
        return "nicht bezifferbar"
    text = german.amount(value.amount_eur)
    if value.per:
        text += f" {german.label('per', value.per)}"
    if value.funding:
        text += f" ({value.funding})"
    return text


def plain_or_dash(text: str | None) -> str:
    """The text without markup for a table cell; a dash when there is none."""
    from konzeptdoc.model.text import plain_text

    return plain_text(text) if text else "–"


def markdown_cell(body: Body, source: str | None, anchor: tuple[str, str] | None = None) -> str:
    """A text value in a table cell as in running text: paragraphs, lists, bold, italic,
    links. As plain text a decision's numbered points lost their numbers, and a target
    group's description showed its asterisks (and read back as missing in a review). A
    text of one unformatted paragraph, the common case, is a plain cell as before."""
    from konzeptdoc.documents.wordml import anchored
    from konzeptdoc.documents.xmltext import Xml
    from konzeptdoc.model.text import Paragraph, parse

    blocks = parse(source) if source else ()
    first = blocks[0] if len(blocks) == 1 else None
    if not blocks or (isinstance(first, Paragraph) and not any(
        r.bold or r.italic or r.link or r.text == "\n" for r in first.runs
    )):  # fmt: skip
        text = first.plain if isinstance(first, Paragraph) else None
        return body.cell(text, *anchor) if anchor else text or "–"
    parts = body.blocks(blocks, body.styles.table_text)
    if not parts:
        return body.cell(None, *anchor) if anchor else "–"
    if anchor:
        anchored(parts, *body.anchors.pair(*anchor))
    # List items in the table's text style (their indents come from the numbering).
    listed = f'<w:pStyle w:val="{body.styles.list_paragraph}"/>'
    return Xml("".join(parts).replace(listed, f'<w:pStyle w:val="{body.styles.table_text}"/>'))
