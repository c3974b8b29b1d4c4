"""The Sachstandsbericht as one self-contained HTML page, charts as accessible SVG.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (the trend in words, the same sentence as the Word chart's alternative text),
followed by the numbers as a real table: a screen reader gets the values, not a picture.
Every text goes through `html.escape`; the page loads nothing from elsewhere.
"""

from __future__ import annotations

import math
from html import escape

from konzeptdoc.documents.charts import Chart, axis_title, decimals_of, trend, value_text
from konzeptdoc.documents.report_doc import (
    STATUSES,
    StatusReport,
    basis_text,
    changes_sentence,
    measures_word,
    remarks,
    since_text,
    summary_sentence,
)
from konzeptdoc.german import formatting as german
from konzeptdoc.german import glossary

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45;overflow-wrap:anywhere;hyphens:auto}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #999;padding:.25rem .4rem;vertical-align:top;text-align:left}th{background:#e8eef5}
td.n{text-align:right;white-space:nowrap}thead th,td.s{overflow-wrap:normal;hyphens:manual}.meta{color:#444}.mark{font-weight:bold}figure{margin:1rem 0}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:12px;fill:#1a1a1a}
"""


def _number(value: float, decimals: int) -> str:
    return german.number(round(value, decimals)) if decimals else german.number(round(value))


def _ticks(low: float, high: float) -> list[float]:
    """About five round steps (1, 2 or 5 × 10^k) covering low…high."""
    if high == low:
        high, low = high + 1, low - 1
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    return [start + i * step for i in range(math.ceil((high - start) / step) + 1)]


def svg(chart: Chart, number: int) -> str:
    """A line (or bar) chart of the series with axes, gridlines and the target dashed."""
    width, height, left, right, top, bottom = 640, 300, 70, 20, 20, 50
    years = chart.years
    values = [v for _, v in chart.shown] + ([chart.target] if chart.target is not None else [])
    ticks = _ticks(min(0.0, *values) if chart.kind == "bar" else min(values), max(values))
    low, high = ticks[0], ticks[-1]
    decimals = decimals_of(chart)

    def x(year: int) -> float:
        slot = (width - left - right) / len(years)
        return left + slot * (years.index(year) + 0.5)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - low) / (high - low))

    title_id, desc_id = f"diagramm-{number}-titel", f"diagramm-{number}-beschreibung"
    out = [f'<svg role="img" aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{title_id}">{escape(chart.title)}</title>',
           f'<desc id="{desc_id}">{escape(trend(chart))}</desc>']  # fmt: skip
    for tick in ticks:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d9d9d9"/>'
                   f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_number(tick, decimals)}</text>')  # fmt: skip
    for year in years:
        out.append(
            f'<text x="{x(year):.1f}" y="{height - bottom + 18}" text-anchor="middle">{year}</text>'
        )
    unit = axis_title(chart.unit)
    out.append(f'<text x="{left + (width - left - right) / 2:.1f}" y="{height - 8}" text-anchor="middle">Jahr</text>'
               f'<text transform="translate(16 {top + (height - top - bottom) / 2:.1f}) rotate(-90)" '
               f'text-anchor="middle">{escape(unit)}</text>')  # fmt: skip
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#1a1a1a"/>'
               f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" stroke="#1a1a1a"/>')  # fmt: skip
    if chart.kind == "bar":
        slot = (width - left - right) / len(years)
        for year, value in chart.shown:
            out.append(f'<rect x="{x(year) - slot * 0.3:.1f}" y="{min(y(value), y(0)):.1f}" width="{slot * 0.6:.1f}" '
                       f'height="{abs(y(0) - y(value)):.1f}" fill="#1f4e79"/>')  # fmt: skip
    else:
        path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in chart.shown)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="2.5"/>')
        out += [f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="4" fill="#1f4e79"/>'
                for year, value in chart.shown]  # fmt: skip
    if chart.target is not None:
        at = y(chart.target)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{at:.1f}" y2="{at:.1f}" stroke="#c55a11" '
                   f'stroke-width="2" stroke-dasharray="8 5"/><text x="{width - right}" y="{at - 6:.1f}" '
                   f'text-anchor="end" fill="#c55a11">Zielwert {escape(value_text(chart.target, chart.unit))}</text>')  # fmt: skip
    out.append("</svg>")
    return "".join(out)


def _table(chart: Chart) -> str:
    unit = f" ({escape(chart.unit)})" if chart.unit else ""
    target = chart.target is not None
    extra = '<th scope="col">Zielwert</th>' if target else ""
    head = f'<tr><th scope="col">Jahr</th><th scope="col">Wert{unit}</th>{extra}</tr>'
    rows = "".join(
        f'<tr><th scope="row">{year}</th><td class="n">{escape(value_text(value))}</td>'
        + (
            f'<td class="n">{escape(value_text(chart.target))}</td>'
            if chart.target is not None
            else ""
        )
        + "</tr>"
        for year, value in chart.points  # the table keeps every value
    )
    return f"<table><caption>Messwerte: {escape(chart.title)}</caption><thead>{head}</thead><tbody>{rows}</tbody></table>"


def _status(value: str | None, missing: str) -> str:
    return escape(missing if value is None else german.label("status", value))


def to_html(report: StatusReport) -> str:
    """The whole report as one HTML page (German, self-contained)."""
    parts = _summary(report) + _fields(report) + _overdue(report) + _basis(report)
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _summary(report: StatusReport) -> list[str]:
    """Head, title and section 1: the measures by status then and now."""
    e = escape
    then, now = report.counts()
    parts = [f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Sachstandsbericht: {e(report.title)}</title>'
             f'<style>{_STYLE}</style></head><body><header><p class="meta">{e(report.municipality)}</p>'
             f"<h1>Sachstandsbericht: {e(report.title)}</h1>"
             f'<p class="meta">Berichtsstand: {e(german.date(report.as_of))} · Verglichen mit: {e(report.base)} · '
             f"Federführung: {e(report.lead)}</p></header><main>",
             f"<h2>1 Zusammenfassung</h2><p>{e(summary_sentence(report))}</p>",
             f'<table><caption>Maßnahmen nach Stand</caption><thead><tr><th scope="col">Stand</th>'
             f'<th scope="col">{e(report.then)}{" (" + e(german.short_date(report.base_date)) + ")" if report.base_is_release else ""}</th><th scope="col">heute ({e(german.short_date(report.as_of))})</th></tr></thead><tbody>']  # fmt: skip
    for status in STATUSES:
        if then[status] or now[status]:
            parts.append(f'<tr><th scope="row">{e(german.label("status", status))}</th>'
                         f'<td class="n">{then[status]}</td><td class="n">{now[status]}</td></tr>')  # fmt: skip
    parts.append(f'<tr><th scope="row">zusammen</th><td class="n">{sum(then.values())}</td>'
                 f'<td class="n">{sum(now.values())}</td></tr></tbody></table>')  # fmt: skip
    if changes_sentence(report):  # as in the Word report
        parts.append(f"<p>{e(changes_sentence(report))}</p>")
    return parts


def _fields(report: StatusReport) -> list[str]:
    """Section 2: per field its measures and its indicators as charts."""
    e = escape
    parts: list[str] = []
    parts.append("<h2>2 Umsetzung nach Handlungsfeldern</h2>")
    number = 0
    for index, field in enumerate(report.fields, start=1):
        parts.append(f"<section><h3>2.{index} {e(field.title)}</h3>")
        if field.measures:
            parts.append(f'<table><caption>Maßnahmen: {e(field.title)}</caption><thead><tr><th scope="col">Maßnahme</th>'
                         f'<th scope="col">Federführung</th><th scope="col">Stand {e(report.then)}</th>'
                         '<th scope="col">Stand heute</th><th scope="col">seit</th><th scope="col">Bemerkungen</th></tr></thead><tbody>')  # fmt: skip
            for m in field.measures:
                mark = (
                    ' class="mark"'
                    if m.status_then is None or m.status_now is None or m.overdue(report.as_of)
                    else ""
                )
                parts.append(f'<tr><th scope="row">{e(m.title)}</th><td>{e(m.lead or "–")}</td>'
                             f'<td class="s">{_status(m.status_then, "neu")}</td><td class="s">{_status(m.status_now, "nicht mehr im Konzept")}</td>'
                             f'<td class="n">{e(since_text(m))}</td><td{mark}>{e(remarks(m, report.as_of))}</td></tr>')  # fmt: skip
            parts.append("</tbody></table>")
        else:  # as the Word report says it
            parts.append("<p>Dieses Handlungsfeld hat keine Maßnahmen.</p>")
        for chart in field.charts:
            number += 1
            parts.append(
                f"<h4>Indikator {e(chart.title)}</h4><figure>{svg(chart, number)}"
                f"<figcaption>{e(trend(chart))}</figcaption></figure>{_table(chart)}"
            )
        parts.append("</section>")
    return parts


def _overdue(report: StatusReport) -> list[str]:
    """Section 3: the measures whose timeframe has passed."""
    e = escape
    parts: list[str] = []
    overdue = report.overdue()
    parts.append("<h2>3 Überfällige Maßnahmen</h2>")
    if overdue:
        parts.append(f"<p>{e(measures_word(len(overdue)))} mit abgelaufenem Zeitrahmen, nicht abgeschlossen:</p>"
                     '<table><caption>Überfällige Maßnahmen</caption><thead><tr><th scope="col">Maßnahme</th>'
                     '<th scope="col">Handlungsfeld</th><th scope="col">Zeitrahmen</th><th scope="col">Stand heute</th>'
                     '<th scope="col">Federführung</th></tr></thead><tbody>')  # fmt: skip
        for f, m in overdue:
            parts.append(f'<tr><th scope="row">{e(m.title)}</th><td>{e(f.title)}</td><td>{e(m.timeframe)}</td>'
                         f'<td>{_status(m.status_now, "–")}</td><td>{e(m.lead or "–")}</td></tr>')  # fmt: skip
        parts.append("</tbody></table>")
    else:
        parts.append("<p>Keine Maßnahme ist überfällig.</p>")
    return parts


def _basis(report: StatusReport) -> list[str]:
    """Section 4: what the report compares, and the revisions since."""
    e = escape
    parts: list[str] = []
    parts.append(f"<h2>4 Grundlage des Berichts</h2><p>{e(basis_text(report))}</p>")
    if report.revisions:
        parts.append(f"<table><caption>Fassungen seither ({e(glossary.count(len(report.revisions), 'release'))})"
                     '</caption><thead><tr><th scope="col">Datum</th><th scope="col">Verfasst von</th>'
                     '<th scope="col">Änderung</th></tr></thead><tbody>')  # fmt: skip
        for day, author, subject in report.revisions:
            parts.append(f'<tr><td class="n">{e(german.short_date(day))}</td><td>{e(author)}</td>'
                         f"<td>{e(subject)}</td></tr>")  # fmt: skip
        parts.append("</tbody></table>")
    return parts


__all__ = ["svg", "to_html"]
