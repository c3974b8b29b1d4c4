"""A new concept to fill in: every file of the format, each key explained in German.

`konzeptdoc new` writes concept.yaml, one field of action with a guiding goal, an action
goal and a measure, participation.yaml and submission.yaml. The values are neutral
placeholders that say what belongs there; optional keys appear as commented examples. The
result validates without errors or warnings, so a person starts from a working concept and
changes it step by step, validating as they go.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from konzeptdoc.errors import KonzeptdocError, ValidationError
from konzeptdoc.files.layout import concept_from_texts
from konzeptdoc.files.paths import CONCEPT_FILE, FIELDS_DIR, PARTICIPATION_FILE, SUBMISSION_FILE
from konzeptdoc.files.save import schema_prefix_for, write_atomically
from konzeptdoc.files.yamlio import dump_scalar

FIELD_ID = "handlungsfeld-1"

_HEAD = """\
# Zeilen mit „#“ sind Erläuterungen; konzeptdoc liest sie nicht. Die Platzhalter ersetzen,
# auskommentierte Beispiele bei Bedarf übernehmen („# “ am Zeilenanfang entfernen) und
# zwischendurch „konzeptdoc validate“ aufrufen: es nennt Datei, Zeile und was fehlt.
"""

_CONCEPT = """\
# Das Konzept als Ganzes: Titel, Laufzeit, Stand, Leitlinien, Zielgruppen, Handlungsfelder.
{head}
# Version des Dateiformats (nicht ändern)
schema_version: 1
# Kennung des Konzepts: der Name seines Ordners
id: {id}
# Titel, wie er auf dem Deckblatt steht
title: {title}
# Art des Konzepts, z. B. Integrationskonzept
kind: {kind}
# Kommune
municipality: {municipality}
# Federführung: die zuständige Stelle
lead: {lead}
# Laufzeit in Jahren: erstes und letztes Jahr
period: {{start: {start}, end: {end}}}
# Status: draft (Entwurf), consultation (in Beteiligung), adopted (beschlossen),
# superseded (abgelöst)
status: draft
# Stand: Datum dieser Fassung (JJJJ-MM-TT)
as_of: {as_of}
# Bei einer Fortschreibung: Nummer, Bezeichnung und Vorgänger (sein Titel: so steht er
# auf dem Deckblatt)
# revision: {{number: 1, label: 1. Fortschreibung, predecessor: Titel des Vorgängerkonzepts}}
# Integrationsverständnis: was die Kommune unter Integration versteht. Texte dürfen
# Absätze, Listen, **fett**, *kursiv* und Links enthalten (Markdown).
definition: |
  Hier beschreiben, was die Kommune unter Integration versteht.
# Leitlinien / Grundvoraussetzungen, jeweils mit Kennung, Titel und Erläuterung
principles:
  - id: leitlinie-1
    title: Titel der Leitlinie
    text: Erläuterung der Leitlinie.
# Zielgruppen; Maßnahmen nennen sie über ihre Kennung
target_groups:
  - id: zielgruppe-1
    name: Bezeichnung der Zielgruppe
# Handlungsfelder in der Reihenfolge des Dokuments; jedes hat eine Datei fields/<kennung>.yaml
fields:
  - {field}
# Beschlüsse zum Konzept, z. B.
#   - date: {as_of}      # Datum
#     body: {body}       # Gremium
#     kind: adopted      # commission (Auftrag), draft_adopted (Entwurf angenommen),
#                        # adopted (beschlossen), review_ordered (Überprüfung beauftragt),
#                        # other (sonstiger Beschluss)
#     number: "0001"     # Beschlussnummer, in Anführungszeichen
decisions: []
# Kosten und Finanzierung: nicht bezifferbar, oder Positionen mit Betrag in Euro
# (ohne Tausenderpunkt: 12000, nicht 12.000), z. B.
#   items:
#     - {{label: Personalkosten, amount_eur: 12000, year: {start}}}
costs:
  not_quantifiable: true
# Förderprogramme, z. B. - {{name: Name des Programms, level: federal}}
# (level: federal = Bund, state = Land, eu = EU, municipal = Kommune)
funding_programs: []
# Ansprechstellen mit Dienststelle, E-Mail und Telefon
contacts:
  - office: {lead}
"""

_FIELD = """\
# Ein Handlungsfeld: Ausgangssituation, Ziele, Maßnahmen und Indikatoren.
{head}
# Version des Dateiformats (nicht ändern)
schema_version: 1
# Kennung: der Dateiname ohne .yaml; in concept.yaml unter fields aufgeführt
id: {field}
# Titel des Handlungsfelds
title: Titel des Handlungsfelds
# Ausgangssituation / Bestandsaufnahme (Markdown)
situation: |
  Hier die Ausgangssituation in diesem Handlungsfeld beschreiben.
# Arbeitsgruppe, die das Handlungsfeld begleitet, z. B.
# working_group: {{name: Name der Arbeitsgruppe, lead: Leitung, members: [Stelle, Träger]}}
# Ziele: Leitziele (level: guiding) und Handlungsziele (level: action), die unter
# parent ihr Leitziel nennen
goals:
  - id: lz-1
    level: guiding
    title: Formulierung des Leitziels
  - id: hz-1
    level: action
    title: Formulierung des Handlungsziels
    parent: lz-1
    # Indikatoren, an denen das Ziel gemessen wird: indicators: [kennung-des-indikators]
# Maßnahmen, die den Zielen dienen
measures:
  - id: m-1
    title: Titel der Maßnahme
    description: Beschreibung der Maßnahme.
    # Ziele, denen die Maßnahme dient (Kennungen, mindestens eines)
    goals: [hz-1]
    # Federführung und Kooperationspartner
    lead: {lead}
    partners: []
    # Zielgruppen (Kennungen aus concept.yaml)
    target_groups: [zielgruppe-1]
    # Zeitrahmen in Jahren, oder {{ongoing: true}} für eine Daueraufgabe
    timeframe: {{start: {start}, end: {end}}}
    # Kosten: {{amount_eur: 12000, per: year}} (per: once = einmalig, year = jährlich;
    # ohne Tausenderpunkt), oder nicht bezifferbar
    cost: {{not_quantifiable: true}}
    # Stand: planned (geplant), in_progress (in Umsetzung), done (umgesetzt),
    # continued (fortgeführt), postponed (zurückgestellt), dropped (entfallen)
    status: planned
# Indikatoren des Integrationsmonitorings, z. B.
#   - id: indikator-1
#     name: Bezeichnung des Indikators
#     unit: "%"
#     series: [{{year: {start}, value: 12.5}}]
indicators: []
"""

_PARTICIPATION = """\
# Das Beteiligungsverfahren: Verfahren, Veranstaltungen, Arbeitsgruppen und Beiträge.
{head}
# Version des Dateiformats (nicht ändern)
schema_version: 1
# Das Verfahren: Titel, veranstaltende Stelle, Formate
process:
  title: Beteiligung zum Konzept
  organizer: {lead}
  formats: []
# Veranstaltungen, z. B.
#   - id: auftakt
#     title: Auftaktveranstaltung
#     date: {as_of}
#     start: "18:00"      # Uhrzeit in Anführungszeichen
#     kind: kickoff       # kickoff (Auftakt), workshop, final (Abschluss),
#                         # feedback (Rückkopplung), market (Markt), expert_circle
#                         # (Expertenkreis), other (sonstige Veranstaltung)
events: []
# Arbeitsgruppen mit dem Handlungsfeld, das sie begleiten, z. B.
#   - {{id: ag-1, name: Arbeitsgruppe 1, field: {field}}}
working_groups: []
# Beiträge mit Stellungnahme der Verwaltung, z. B.
#   - id: beitrag-1
#     received: {as_of}   # Eingangsdatum
#     channel: online     # online, email (E-Mail), event (Veranstaltung), letter (Brief)
#     field: {field}
#     text: Wortlaut des Beitrags.
#     response: {{by: {lead}, text: Stellungnahme der Verwaltung.}}
#     outcome: adopted    # adopted (übernommen), partially_adopted (teilweise übernommen),
#                         # not_adopted (nicht übernommen), noted (zur Kenntnis genommen)
contributions: []
"""

_SUBMISSION = """\
# Die Beschlussvorlage, mit der das Konzept dem Gremium vorgelegt wird.
{head}
# Version des Dateiformats (nicht ändern)
schema_version: 1
# Vorlagennummer, in Anführungszeichen, z. B. number: "0001"
# Art der Vorlage, z. B. Beschlussvorlage oder Magistratsvorlage
kind: Beschlussvorlage
# Betreff
subject: {title}
# Datum der Vorlage (JJJJ-MM-TT)
date: {as_of}
# Aktenzeichen, z. B. file_number: "50.3-IK/2026"
# Federführung
lead: {lead}
# Sachbearbeitung, z. B. clerk: "Frau Muster, Tel. 0611 31-0000"
# Beratungsfolge: Gremium, Sitzungsdatum, TOP und Zuständigkeit (hearing = Anhörung,
# preliminary = Vorberatung, recommendation = Empfehlung, decision = Entscheidung,
# notice = Kenntnisnahme); das Ergebnis (result) erst, wenn das Gremium beschlossen hat
consultation:
  - body: {body}
    role: decision
    # date: JJJJ-MM-TT
    # item: "Ö 7"
# Beschlussvorschlag: nummerierte Punkte
proposal:
  - {proposal}
# Begründung / Sachverhalt (Markdown)
reasoning: |
  Hier Anlass, Verfahren und wesentliche Inhalte des Konzepts darstellen.
# Finanzielle Auswirkungen: has_impact true oder false, mit Erläuterung; Positionen
# (items: label, amount_eur, year, per: once = einmalig, year = laufend),
# Produkt / Haushaltsstelle (budget_line) und Deckung (coverage)
financial_impact:
  has_impact: false
# Anlagen: das Konzept selbst
attachments:
  - title: {title}
    concept: {id}
# Sichtvermerke: Stellen, die die Vorlage abzeichnen (ohne Angabe: Federführung und Dezernat)
# sign_offs: [Amt für Integration, Kämmerei, Oberbürgermeister]
"""


def concept_texts(
    concept_id: str,
    *,
    title: str,
    kind: str,
    municipality: str,
    lead: str,
    period: tuple[int, int],
    as_of: dt.date,
    body: str = "Rat",
    schemas: str | None = None,
) -> dict[str, str]:
    """The files of a new concept (path relative to its folder → text).

    `schemas` is the relative path to the repository's JSON Schemas, for editor help.
    """
    values = {
        "id": concept_id,
        "title": dump_scalar(title),
        "kind": dump_scalar(kind),
        "municipality": dump_scalar(municipality),
        "lead": dump_scalar(lead),
        "start": period[0],
        "end": period[1],
        "as_of": as_of.isoformat(),
        "body": dump_scalar(body),
        "field": FIELD_ID,
        "head": _HEAD.rstrip("\n"),
        "proposal": dump_scalar(f"Das {kind} „{title}“ wird beschlossen."),
    }
    texts = {
        CONCEPT_FILE: ("concept", _CONCEPT),
        f"{FIELDS_DIR}/{FIELD_ID}.yaml": ("field", _FIELD),
        PARTICIPATION_FILE: ("participation", _PARTICIPATION),
        SUBMISSION_FILE: ("submission", _SUBMISSION),
    }
    out = {}
    for name, (schema, template) in texts.items():
        text = template.format(**values)
        if schemas is not None:
            depth = "../" * name.count("/")
            text = f"# yaml-language-server: $schema={depth}{schemas}/{schema}.schema.json\n" + text
        out[name] = text
    return out


def write_new_concept(
    folder: Path,
    concept_id: str,
    *,
    title: str,
    kind: str,
    municipality: str,
    lead: str,
    period: tuple[int, int],
    as_of: dt.date,
    body: str = "Rat",
) -> list[Path]:
    """Write a new concept (see `concept_texts`) into the empty or missing `folder`.

    Everything is checked before the first file is written, so bad input leaves nothing
    behind. Returns the files written.

    Raises:
        KonzeptdocError: `folder` holds files already, or is a symbolic link.
        ValidationError: The values make an invalid concept (e.g. a title with a control
            character); nothing was written.
    """
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise KonzeptdocError(
            "Der Ordner ist schon vorhanden und nicht leer: für ein neues Konzept eine andere "
            "Kennung wählen",
            path=folder,
        )
    texts = concept_texts(
        concept_id,
        title=title,
        kind=kind,
        municipality=municipality,
        lead=lead,
        period=period,
        as_of=as_of,
        body=body,
        schemas=schema_prefix_for(folder),
    )
    _, problems = concept_from_texts(folder, texts)
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems, path=folder)
    written = []
    for name, text in texts.items():
        write_atomically(folder / name, text)
        written.append(folder / name)
    return written
