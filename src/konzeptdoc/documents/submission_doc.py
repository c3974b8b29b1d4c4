"""The Beschlussvorlage, laid out as German councils' templates lay it out.

Head block (Vorlage-Nr., Datum, Aktenzeichen, Betreff, öffentlich/nichtöffentlich,
Eingebracht von, Dezernat, Federführung, Sachbearbeitung, Mitzeichnung), Bezüge,
Beratungsfolge (Gremium, Sitzung, TOP, Zuständigkeit, ö/nö, Beschluss – empty until the
body has decided), Beschlussvorschlag ("Der Rat … möge beschließen:"), Begründung,
Finanzielle Auswirkungen (einmalig / laufend with sums, Produkt/Haushaltsstelle, Deckung),
further impacts, Anlagen, and the Sichtvermerke to be signed.
"""

from __future__ import annotations

import re

from konzeptdoc.documents.concept_doc import markdown_cell, plain_or_dash
from konzeptdoc.documents.wordml import Body
from konzeptdoc.errors import MissingPartError
from konzeptdoc.german import formatting as german
from konzeptdoc.german.bodies import as_subject
from konzeptdoc.german.wording import say
from konzeptdoc.model import Concept
from konzeptdoc.model.submission import FinancialImpact, Submission
from konzeptdoc.model.text import Paragraph, Run, parse


def submission_body(concept: Concept, body: Body) -> None:
    submission = concept.submission
    if submission is None:
        raise MissingPartError(
            f"Das Konzept „{concept.title}“ hat keine submission.yaml; aus ihr entsteht die "
            "Beschlussvorlage"
        )
    styles = body.styles
    body.paragraph(concept.municipality, styles.subtitle)
    body.heading(1, f"{submission.kind}{' ' + submission.number if submission.number else ''}")
    body.table(["Angabe", "Inhalt"], _head(concept, submission), [28, 72])
    if submission.references:
        body.heading(2, "Bezüge")
        body.table(["Datum", "Gremium", "Nr.", "Inhalt"],
                   [[german.short_date(r.date), r.body or "–", r.number or "–", markdown_cell(body, r.text)]
                    for r in submission.references], [15, 30, 12, 43], unbroken=[0, 2])  # fmt: skip
    if submission.consultation:
        body.heading(2, "Beratungsfolge")
        # The decision column is the body's to fill: empty until a result is recorded.
        body.table(["Gremium", "Sitzung", "TOP", "Zuständigkeit", "Status", "Beschluss"],
                   [[c.body, german.short_date(c.date), c.item or "", german.label("role", c.role),
                     "öffentlich" if c.public else "nichtöffentlich", c.result or ""]
                    for c in submission.consultation], [28, 13, 8, 17, 16, 18], unbroken=[1, 2, 3, 4])  # fmt: skip
    if submission.proposal:
        body.heading(2, "Beschlussvorschlag")
        decider = next((c.body for c in submission.consultation if c.role == "decision"), None)
        body.paragraph(say("proposal_intro", as_subject(decider)), keep_next=True)
        number = body.lists.new_ordered(1)
        for point in submission.proposal:
            body.parts.extend(_point(body, point, number))
    if submission.reasoning:
        body.heading(2, "Begründung")
        body.markdown(submission.reasoning, anchor=(concept.id, "submission.reasoning"))
    if submission.financial_impact is not None:
        _financial(concept, body, submission.financial_impact)
    if submission.impacts:
        body.heading(2, "Weitere Auswirkungen")
        body.table(["Thema", "Bewertung", "Erläuterung"],
                   [[i.topic, german.label("assessment", i.assessment), markdown_cell(body, i.text)] for i in submission.impacts],
                   [25, 18, 57], unbroken=[1])  # fmt: skip
    body.heading(2, "Anlagen")
    titles = [a.title for a in submission.attachments] or [concept.title]
    body.paragraph(say("attachment_concept", titles[0]))
    for index, title in enumerate(titles[1:], start=2):
        body.paragraph(f"Anlage {index}: {title}")
    body.heading(2, "Sichtvermerke")
    offices = submission.sign_offs or [
        o for o in (submission.lead or concept.lead, submission.department) if o
    ]
    body.table(["Stelle", "Datum", "Zeichen"], [[office, "", ""] for office in offices],
               [50, 20, 30])  # fmt: skip


def _head(concept: Concept, submission: Submission) -> list[list[str]]:
    rows = [("Vorlage-Nr.", submission.number), ("Datum", german.date(submission.date)),
            ("Aktenzeichen", submission.file_number), ("Betreff", submission.subject),
            ("Status", "öffentlich" if submission.public else "nichtöffentlich"),
            ("Eingebracht von", submission.introduced_by),
            ("Dezernat / Geschäftsbereich", submission.department),
            ("Federführung", submission.lead or concept.lead),
            ("Sachbearbeitung", submission.clerk),
            ("Mitzeichnung", ", ".join(submission.co_signing))]  # fmt: skip
    # Vorlage-Nr., Aktenzeichen and Sachbearbeitung only where the data has them.
    optional = {"Vorlage-Nr.", "Aktenzeichen", "Sachbearbeitung"}
    return [[name, value or "–"] for name, value in rows if value or name not in optional]


def _point(body: Body, point: str, number: int) -> list[str]:
    """A point of the Beschlussvorschlag, numbered, with its formatting; its further
    paragraphs under it and its lists one level down ("a. …") – as plain text its bold
    and its sub-items' bullets were lost."""
    blocks = parse(point)
    if not blocks or not isinstance(blocks[0], Paragraph):
        return [
            body.paragraph_xml([Run(plain_or_dash(point))], body.styles.list_paragraph, num=number)
        ]
    parts = [body.paragraph_xml(blocks[0].runs, body.styles.list_paragraph, num=number)]
    for block in blocks[1:]:
        if isinstance(block, Paragraph):
            parts.append(body.paragraph_xml(block.runs, body.styles.list_paragraph, indent=0))
        else:
            parts.extend(re.sub(r'<w:ilvl w:val="(\d)"/>', lambda m: f'<w:ilvl w:val="{min(int(m[1]) + 1, 8)}"/>', xml)
                         for xml in body.blocks([block]))  # fmt: skip
    return parts


def _financial(concept: Concept, body: Body, impact: FinancialImpact) -> None:
    body.heading(2, "Finanzielle Auswirkungen")
    if not impact.has_impact:
        body.paragraph("Die Vorlage hat keine finanziellen Auswirkungen.")
    elif impact.not_quantifiable:
        body.paragraph("Die finanziellen Auswirkungen sind derzeit nicht bezifferbar.")
    body.markdown(impact.text, anchor=(concept.id, "submission.financial_impact.text"))
    if impact.items:
        once = [i.amount_eur for i in impact.items if i.per != "year" and i.amount_eur is not None]
        yearly = [
            i.amount_eur for i in impact.items if i.per == "year" and i.amount_eur is not None
        ]
        rows = [[i.label, str(i.year or "–"),
                 german.amount(i.amount_eur) if i.per != "year" else "–",
                 german.amount(i.amount_eur) if i.per == "year" else "–"] for i in impact.items]  # fmt: skip
        rows.append(["Summe", "", german.amount(sum(once)) if once else "–",
                     german.amount(sum(yearly)) if yearly else "–"])  # fmt: skip
        body.table(["Position", "Haushaltsjahr", "einmalig", "laufend (jährlich)"], rows,
                   [46, 16, 19, 19], unbroken=[1, 2, 3])  # fmt: skip
    if impact.budget_line:
        body.field_line("Produkt / Haushaltsstelle", impact.budget_line)
    if impact.coverage:
        body.field_line("Deckung", plain_or_dash(impact.coverage))
