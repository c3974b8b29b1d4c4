"""The Sachstandsbericht (status report) as a Word document: data in, .docx out.

What it shows is gathered from a concept's history by `konzeptdoc.reporting` (this layer
never reads git): per measure its status at the council's decision and now, since when,
and the remarks; per indicator a native chart with the same numbers as a table.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konzeptdoc.documents.charts import (
    CHART_CONTENT_TYPE,
    CHART_RELATIONSHIP,
    Chart,
    chart_part,
    declare_charts,
    drawing,
    trend,
    value_text,
)
from konzeptdoc.documents.package import Properties, compose
from konzeptdoc.documents.wordml import Body
from konzeptdoc.german import formatting as german
from konzeptdoc.german import glossary
from konzeptdoc.model.text import plain_text

#: Statuses in the order a report lists them.
STATUSES = ("planned", "in_progress", "done", "continued", "postponed", "dropped")
#: Revisions listed at most under "Grundlage des Berichts" (the newest).
MAX_REVISIONS = 100
#: Statuses a measure whose timeframe ended may have without being overdue.
FINISHED = frozenset({"done", "continued", "dropped"})


@dataclass(frozen=True)
class ReportMeasure:
    """One measure's line: status at the decision and now (None: not in the concept then/now)."""

    id: str
    title: str
    lead: str | None
    status_then: str | None
    status_now: str | None
    since: dt.date | None  # when the current status was set (None: unchanged since the decision)
    note: str | None
    timeframe: str
    end: int | None  # last year of the timeframe (None: ongoing or open)

    def overdue(self, as_of: dt.date) -> bool:
        """The timeframe ended before the report's year and the measure is not finished."""
        return (
            self.status_now is not None
            and self.end is not None
            and self.end < as_of.year
            and self.status_now not in FINISHED
        )


@dataclass(frozen=True)
class ReportField:
    """A field of action: its measures and its indicators' charts."""

    id: str
    title: str
    measures: tuple[ReportMeasure, ...]
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class StatusReport:
    """Everything a Sachstandsbericht says, gathered from the history."""

    concept_id: str
    title: str
    kind: str
    municipality: str
    lead: str
    as_of: dt.date  # the report's date: overdue is judged against it
    revision_date: dt.datetime  # the revision the report reads ("now")
    base: str  # what "at the decision" means, in words
    base_date: dt.date
    base_is_release: bool  # compared with a council decision (else with a revision)
    fields: tuple[ReportField, ...]
    revisions: tuple[tuple[dt.date, str, str], ...] = ()  # (date, author, subject) since the base

    @property
    def then(self) -> str:
        """The column head of the status compared with: "beim Beschluss" or "am 14.09.2023"."""
        return (
            "beim Beschluss" if self.base_is_release else f"am {german.short_date(self.base_date)}"
        )

    @property
    def measures(self) -> list[ReportMeasure]:
        return [m for f in self.fields for m in f.measures]

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """Measures per status at the decision and now."""
        then = Counter(m.status_then for m in self.measures if m.status_then is not None)
        now = Counter(m.status_now for m in self.measures if m.status_now is not None)
        return then, now

    def overdue(self) -> list[tuple[ReportField, ReportMeasure]]:
        return [(f, m) for f in self.fields for m in f.measures if m.overdue(self.as_of)]


def measures_word(n: int) -> str:
    """ "1 Maßnahme", "2 Maßnahmen"."""
    return glossary.count(n, "measure")


def changes_sentence(report: StatusReport) -> str:
    """ "Seither neu aufgenommen: 1 Maßnahme; nicht mehr im Konzept: 1 Maßnahme." – each
    part only where there is one, nothing when the measures are the same."""
    added = sum(1 for m in report.measures if m.status_then is None)
    removed = sum(1 for m in report.measures if m.status_now is None)
    parts = [f"neu aufgenommen: {measures_word(added)}" if added else "",
             f"nicht mehr im Konzept: {measures_word(removed)}" if removed else ""]  # fmt: skip
    said = "; ".join(p for p in parts if p)  # never "0 Maßnahmen"
    return f"Seither {said}." if said else ""


def summary_sentence(report: StatusReport) -> str:
    """ "12 Maßnahmen: 1 geplant, 3 in Umsetzung … und 1 zurückgestellt. 1 Maßnahme ist überfällig." """
    _, now = report.counts()
    parts = [f"{now[s]} {german.label('status', s)}" for s in STATUSES if now[s]]
    if not parts:  # not "0 Maßnahmen: keine."
        return "Das Konzept enthält keine Maßnahmen."
    text = f"{measures_word(sum(now.values()))}: {glossary.listing(parts)}."
    overdue = len(report.overdue())
    if overdue:
        text += f" {measures_word(overdue)} {glossary.agree(overdue, 'ist', 'sind')} überfällig."
    return text


def basis_text(report: StatusReport) -> str:
    """How the report was made, in a paragraph."""
    return (
        f"Dieser Bericht ist aus der Versionsgeschichte des Konzepts erstellt: „Stand heute“ ist "
        f"die Fassung vom {german.date(report.revision_date.date())}, „Stand {report.then}“ die "
        f"Fassung, mit der verglichen wird ({report.base}). „seit“ nennt das Datum, an dem der "
        "heutige Stand eingetragen oder laut Eintrag erreicht wurde."
    )


def remarks(measure: ReportMeasure, as_of: dt.date) -> str:
    """The remarks column: new or removed since the decision, overdue, the status note."""
    marks = []
    if measure.status_then is None:
        marks.append("neu aufgenommen")
    if measure.status_now is None:
        marks.append("nicht mehr im Konzept")
    if measure.overdue(as_of):
        marks.append(f"überfällig (Zeitrahmen {measure.timeframe})")
    if measure.note:
        # The note is Markdown: the reader sees its text, not its asterisks.
        marks.append(" ".join(plain_text(measure.note).split("\n\n")).strip())
    return "; ".join(marks) or "–"


def _status(value: str | None, missing: str) -> str:
    return missing if value is None else german.label("status", value)


def since_text(measure: ReportMeasure) -> str:
    if measure.status_now is None:
        return "–"
    return german.short_date(measure.since) if measure.since else "unverändert"


def report_body(report: StatusReport, body: Body, embed: Callable[[Chart], str]) -> None:
    styles = body.styles
    body.paragraph(report.municipality, styles.subtitle)
    body.paragraph(f"Sachstandsbericht: {report.title}", styles.title)
    body.field_line("Berichtsstand", german.date(report.as_of))
    body.field_line("Verglichen mit", report.base)
    body.field_line("Federführung", report.lead)
    body.heading(1, "1 Zusammenfassung", page_break=True)
    body.paragraph(summary_sentence(report))
    then, now = report.counts()
    rows = [
        [german.label("status", s), str(then[s]), str(now[s])]
        for s in STATUSES
        if then[s] or now[s]
    ]
    rows.append(["zusammen", str(sum(then.values())), str(sum(now.values()))])
    body.table(["Stand", f"{report.then} ({german.short_date(report.base_date)})" if report.base_is_release else report.then,
                f"heute ({german.short_date(report.as_of)})"], rows, [40, 30, 30],
               caption="Maßnahmen nach Stand", unbroken=[1, 2])  # fmt: skip
    body.paragraph(changes_sentence(report))
    body.heading(1, "2 Umsetzung nach Handlungsfeldern")
    for number, field in enumerate(report.fields, start=1):
        body.heading(2, f"2.{number} {field.title}")
        if field.measures:
            body.table(["Maßnahme", "Federführung", f"Stand {report.then}", "Stand heute", "seit", "Bemerkungen"],
                       [[m.title, m.lead or "–", _status(m.status_then, "neu"),
                         _status(m.status_now, "nicht mehr im Konzept"), since_text(m),
                         remarks(m, report.as_of)] for m in field.measures],
                       [24, 16, 13, 13, 10, 24], unbroken=[2, 3, 4])  # fmt: skip
        else:
            body.paragraph("Dieses Handlungsfeld hat keine Maßnahmen.")
        for chart in field.charts:
            _indicator(body, chart, embed)
    body.heading(1, "3 Überfällige Maßnahmen")
    overdue = report.overdue()
    if overdue:
        body.paragraph(
            "Der Zeitrahmen dieser Maßnahme ist abgelaufen, sie ist nicht abgeschlossen:"
            if len(overdue) == 1
            else "Der Zeitrahmen dieser Maßnahmen ist abgelaufen, sie sind nicht abgeschlossen:"
        )
        body.table(["Maßnahme", "Handlungsfeld", "Zeitrahmen", "Stand heute", "Federführung"],
                   [[m.title, f.title, m.timeframe, _status(m.status_now, "–"), m.lead or "–"]
                    for f, m in overdue], [32, 20, 14, 14, 20], unbroken=[2, 3])  # fmt: skip
    else:
        body.paragraph("Keine Maßnahme ist überfällig.")
    body.heading(1, "4 Grundlage des Berichts")
    body.paragraph(basis_text(report))
    shown = report.revisions[-MAX_REVISIONS:]
    if shown:
        left = len(report.revisions) - len(shown)
        body.table(["Datum", "Verfasst von", "Änderung"],
                   [[german.short_date(d), author, subject] for d, author, subject in shown],
                   [16, 30, 54], caption=f"Fassungen seither ({glossary.count(len(report.revisions), 'release')}"
                   + (f", die letzten {len(shown)}" if left else "") + ")", unbroken=[0])  # fmt: skip


def _indicator(body: Body, chart: Chart, embed: Callable[[Chart], str]) -> None:
    body.paragraph(chart.title, body.styles.caption, keep_next=True)
    body.parts.append(f"<w:p><w:pPr><w:keepNext/></w:pPr>{embed(chart)}</w:p>")
    body.paragraph(trend(chart))
    header = ["Jahr", f"Wert ({chart.unit})" if chart.unit else "Wert"]
    rows = [[str(year), value_text(value)] for year, value in chart.points]
    if chart.target is not None:
        header.append("Zielwert")
        rows = [[*row, value_text(chart.target)] for row in rows]
    body.table(header, rows, [30, 35, 35][: len(header)] if len(header) == 3 else [40, 60],
               caption=f"Messwerte: {chart.title}", unbroken=list(range(len(header))))  # fmt: skip


def _embedder(document: Any, body: Body) -> Callable[[Chart], str]:
    """Adds one chart part per call, related from the document; returns the drawing run."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    width = body.text_width * 635  # twips → EMU
    count = 0

    def embed(chart: Chart) -> str:
        nonlocal count
        count += 1
        number = count
        while f"/word/charts/chart{number}.xml" in taken:
            number += 1
        name = PackURI(f"/word/charts/chart{number}.xml")
        taken.add(str(name))
        if count == 1:
            declare_charts(document)
        part = Part(name, CHART_CONTENT_TYPE, chart_part(chart), package)
        rid = document.part.relate_to(part, CHART_RELATIONSHIP)
        return drawing(rid, 9000 + count, chart, width * 3 // 4, width * 3 // 10)

    return embed


def render_report(
    report: StatusReport, *, template: str | os.PathLike[str] | None = None
) -> tuple[bytes, Body]:
    """The Sachstandsbericht as .docx bytes, and its body."""
    holder: dict[str, Callable[[Chart], str]] = {}

    def prepare(document: Any, body: Body) -> None:
        holder["embed"] = _embedder(document, body)

    properties = Properties(
        title=f"Sachstandsbericht: {report.title}",
        subject=f"{report.kind}, {report.municipality}",
        author=report.lead,
        date=dt.datetime.combine(report.as_of, dt.time(12, 0)),
        keywords="; ".join([report.kind, report.municipality, "Sachstandsbericht"]),
    )
    return compose(
        Path(template) if template is not None else None,
        lambda body: report_body(report, body, holder["embed"]),
        wide=True,  # six columns per measure: landscape, as the measures plan
        header=report.municipality,
        footer=f"Sachstandsbericht {report.title}",
        properties=properties,
        prepare=prepare,
    )


def build_report(
    report: StatusReport,
    *,
    output: str | os.PathLike[str] | None = None,
    template: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
) -> Path | bytes:
    """Write the Sachstandsbericht to `output` (and a PDF through LibreOffice), or return it.

    Raises:
        TemplateError: The template cannot be used.
        OfficeError: `pdf` was asked for and LibreOffice is missing or failed.
    """
    from konzeptdoc.files.save import write_atomically_bytes

    data, _ = render_report(report, template=template)
    if pdf is not None:
        from konzeptdoc.documents.office import to_pdf

        pdf_bytes = to_pdf(data)  # before anything is written: nothing half-done on failure
        if output is not None:
            write_atomically_bytes(Path(output), data)
        write_atomically_bytes(Path(pdf), pdf_bytes)
    if output is None:
        return data
    target = Path(output)
    if pdf is None:
        write_atomically_bytes(target, data)
    return target


__all__ = ["ReportField", "ReportMeasure", "StatusReport", "build_report", "render_report"]
