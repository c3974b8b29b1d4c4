"""A concept full of the edge cases council data has, written as real files.

An empty optional section, a field without measures, costs of 0 € and 1.234.567.890,12 €,
a 300-character title without a space, a long web address, Markdown, German quotes and
dashes, § € ² ½, combining accents, Arabic and Turkish names, one contribution (singular),
dates at the turn of the year, Markdown in table cells (a decision's numbered points, a
target group's bold and link). No emoji: LibreOffice draws them only with an emoji font
installed (none on a plain server), so a PDF check of them would test the machine.
"""

from __future__ import annotations

from pathlib import Path

LONG = "Donaudampfschifffahrtsgesellschaftskapitän" * 7 + "Ende"
URL = "https://www.example.org/" + "verwaltung/integration/" * 11 + "seite.html"
HUGE = "1.234.567.890,12\u00a0€"
# A decision in numbered points, as councils write them (a table cell: the numbers must stay).
DECISION = "1. Der Rat beschließt das Konzept.\\n2. Die Verwaltung berichtet **jährlich**."

_CONCEPT = f"""schema_version: 1
id: rand
title: "Integrationskonzept „Vielfalt“ – ‚Zusammen‘ — § 5 ² ½ Café Çağrı كونسبت"
kind: Integrationskonzept
municipality: Stadt Musterstadt
lead: "Amt für Integration – Çiğdem Yılmaz / محمد الأحمد"
period: {{start: 2027, end: 2031}}
status: adopted
as_of: 2026-12-31
definition: |
  Integration ist **gemeinsame** Aufgabe, siehe [Leitbild](https://www.example.org/leitbild)
  und *kursive* Hinweise.[^1]

  - erster Punkt mit „Anführungszeichen“
  - zweiter Punkt – Gedankenstrich — Geviertstrich

  [^1]: Quelle § 45 SGB VIII, 2 m², ½ Stelle, Zoë, e\u0301 (kombiniert).

  Mehr unter {URL} im Netz.

  {LONG}
principles: []
target_groups:
  - id: zg-1
    name: "Geflüchtete aus Syrien (سوريا) und der Türkei (Türkiye)"
    description: "Menschen mit **Fluchterfahrung**, siehe [Leitbild](https://www.example.org/l)"
fields: [leer, voll]
decisions:
  - {{date: 2026-12-31, body: Rat der Stadt Musterstadt, kind: adopted, number: "0001",
     text: "{DECISION}"}}
  - {{date: 2027-01-01, body: Ausschuss für Integration, kind: other, number: "0002"}}
costs:
  items:
    - {{label: Nullposition, amount_eur: 0, year: 2027}}
    - {{label: Große Position, amount_eur: 1234567890.12, year: 2028}}
funding_programs: []
contacts:
  - office: Amt für Integration
"""

_EMPTY_FIELD = """schema_version: 1
id: leer
title: Handlungsfeld ohne Maßnahmen
situation: Noch keine Maßnahmen.
goals: []
measures: []
indicators: []
"""

_FIELD = f"""schema_version: 1
id: voll
title: "{LONG}"
situation: |
  **Fett** und *kursiv*, ein Link <https://www.example.org/a> und [benannt](https://example.org).

  Arabisch: مرحبا بكم في المدينة. Türkisch: Şehrimize hoş geldiniz, Ümran Öztürk.
goals:
  - {{id: lz-1, level: guiding, title: "{LONG}"}}
  - {{id: hz-1, level: action, title: Handlungsziel mit Indikator, parent: lz-1}}
measures:
  - id: m-null
    title: Maßnahme ohne Kosten
    description: Kostet nichts.
    goals: [hz-1]
    lead: Amt
    target_groups: [zg-1]
    timeframe: {{start: 2027, end: 2027}}
    cost: {{amount_eur: 0, per: once}}
    status: planned
  - id: m-gross
    title: "{URL}"
    description: "{LONG}"
    goals: [hz-1]
    lead: "{LONG}"
    partners: ["{URL}", "محمد الأحمد", "Çağrı Ünal"]
    target_groups: [zg-1]
    timeframe: {{ongoing: true}}
    cost: {{amount_eur: 1234567890.12, per: year, funding: "EU-Mittel – 50 %"}}
    status: in_progress
indicators: []
"""

_PARTICIPATION = """schema_version: 1
process: {title: Beteiligung, organizer: Amt für Integration,
          period: {start: 2026-12-31, end: 2027-01-01}, formats: [Workshop]}
events:
  - {id: e1, title: Silvester-Workshop, date: 2026-12-31, start: '22:00', end: '23:59',
     location: Rathaus, kind: workshop}
working_groups: []
contributions:
  - {id: b1, received: 2026-12-31, author: "محمد الأحمد", channel: event, field: voll,
     text: "Ein Beitrag mit **fett**.", outcome: noted}
"""

_SUBMISSION = """schema_version: 1
number: V 2026/0001
kind: Beschlussvorlage
subject: "Integrationskonzept „Vielfalt“ – Beschluss"
date: 2026-12-31
lead: Amt für Integration
consultation:
  - {body: Ausschuss für Integration, date: 2026-12-31, item: Ö 1, role: recommendation}
  - {body: Rat der Stadt Musterstadt, date: 2027-01-01, item: Ö 2, role: decision}
proposal: [Das Konzept wird beschlossen.]
reasoning: Begründung mit **fett**.
financial_impact:
  has_impact: true
  items:
    - {label: Große Position, amount_eur: 1234567890.12, year: 2027, per: year}
    - {label: Nullposten, amount_eur: 0, year: 2027, per: once}
attachments:
  - {title: Konzept, concept: rand}
"""


def write_edge_concept(folder: Path) -> Path:
    """The concept `rand` in `folder` (created); returns `folder`."""
    (folder / "fields").mkdir(parents=True)
    for name, text in (("concept.yaml", _CONCEPT), ("fields/leer.yaml", _EMPTY_FIELD),
                       ("fields/voll.yaml", _FIELD), ("participation.yaml", _PARTICIPATION),
                       ("submission.yaml", _SUBMISSION)):  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
    return folder
