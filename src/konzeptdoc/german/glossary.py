"""The one glossary every German word konzeptdoc says comes from.

Messages, validation findings, diffs and documents name things with these terms, so an
administrator reads "Handlungsziel" everywhere and never "action goal", an id or a key.

Terms (entity kinds and other counted things), with gender and explicit plural::

    from konzeptdoc.german.glossary import count, term, named, key_label, value_label

    term("measure").singular        # "Maßnahme"   (kind key or German word both work)
    term("Beitrag").plural          # "Beiträge"
    term("field").the               # "das"  (also .a "ein", .no "kein", .gender "n")
    count(1, "Leitziel")            # "1 Leitziel"
    count(2, "contribution")        # "2 Beiträge"
    count(12000, "Maßnahme")        # "12.000 Maßnahmen"
    agree(n, "ging", "gingen")      # the word that agrees with n: "Es ging 1 Beitrag ein"
    named("measure", "3.2", "Mama lernt Deutsch")   # "Maßnahme 3.2 „Mama lernt Deutsch“"
    quoted("Bildung")               # "„Bildung“"

Data keys and enum values, as a reader sees them::

    key_label("amount_eur")         # "Betrag"
    key_label("lead", "working_group")  # "Leitung" (a key whose word depends on the entity)
    value_label("status", "in_progress")  # "in Umsetzung"   (unknown values come back as-is)
    ENUM_LABELS["priority"]["high"]  # "hoch"   (one table per enum of the format)

Operating-system errors: ``os_reason(exc)`` → "keine Berechtigung" (never the English strerror).

Every key of every model has a label (a test walks the models): a new key needs a line
in `KEY_LABELS`, a new enum value a line in `ENUM_LABELS`, a new counted thing a `Term`.
"""

from __future__ import annotations

import errno
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

Gender = Literal["m", "f", "n"]


@dataclass(frozen=True, slots=True)
class Term:
    """A German noun with its grammatical gender and plural (nominative)."""

    singular: str
    plural: str
    gender: Gender

    @property
    def the(self) -> str:
        """Definite article, nominative singular: der, die, das."""
        return {"m": "der", "f": "die", "n": "das"}[self.gender]

    @property
    def a(self) -> str:
        """Indefinite article, nominative: ein, eine, ein."""
        return {"m": "ein", "f": "eine", "n": "ein"}[self.gender]

    @property
    def no(self) -> str:
        """Negation, nominative singular: kein, keine, kein."""
        return {"m": "kein", "f": "keine", "n": "kein"}[self.gender]


TERMS: dict[str, Term] = {
    # The parts of a concept.
    "concept": Term("Konzept", "Konzepte", "n"),
    "field": Term("Handlungsfeld", "Handlungsfelder", "n"),
    "goal": Term("Ziel", "Ziele", "n"),
    "guiding_goal": Term("Leitziel", "Leitziele", "n"),
    "action_goal": Term("Handlungsziel", "Handlungsziele", "n"),
    "measure": Term("Maßnahme", "Maßnahmen", "f"),
    "indicator": Term("Indikator", "Indikatoren", "m"),
    "principle": Term("Leitlinie", "Leitlinien", "f"),
    "target_group": Term("Zielgruppe", "Zielgruppen", "f"),
    "decision": Term("Beschluss", "Beschlüsse", "m"),
    "cost_item": Term("Kostenposition", "Kostenpositionen", "f"),
    "funding_program": Term("Förderprogramm", "Förderprogramme", "n"),
    "contact": Term("Ansprechstelle", "Ansprechstellen", "f"),
    "series_point": Term("Messwert", "Messwerte", "m"),
    "concept_entry": Term("Konzeptangabe", "Konzeptangaben", "f"),
    "participation_entry": Term("Beteiligungsangabe", "Beteiligungsangaben", "f"),
    # participation.yaml
    "participation": Term("Beteiligungsverfahren", "Beteiligungsverfahren", "n"),
    "event": Term("Veranstaltung", "Veranstaltungen", "f"),
    "working_group": Term("Arbeitsgruppe", "Arbeitsgruppen", "f"),
    "contribution": Term("Beitrag", "Beiträge", "m"),
    "response": Term("Stellungnahme", "Stellungnahmen", "f"),
    # submission.yaml
    "submission": Term("Beschlussvorlage", "Beschlussvorlagen", "f"),
    "consultation": Term("Beratungsschritt", "Beratungsschritte", "m"),
    "reference": Term("Bezug", "Bezüge", "m"),
    "financial_item": Term("Position", "Positionen", "f"),
    "impact": Term("Auswirkung", "Auswirkungen", "f"),
    "attachment": Term("Anlage", "Anlagen", "f"),
    "proposal_item": Term("Beschlusspunkt", "Beschlusspunkte", "m"),
    # Documents, repositories and what the tool reports.
    "document": Term("Dokument", "Dokumente", "n"),
    "measures_plan": Term("Maßnahmenplan", "Maßnahmenpläne", "m"),
    "participation_report": Term("Beteiligungsbericht", "Beteiligungsberichte", "m"),
    "synopsis": Term("Synopse", "Synopsen", "f"),
    "revision": Term("Fortschreibung", "Fortschreibungen", "f"),
    "release": Term("Fassung", "Fassungen", "f"),
    "version": Term("Version", "Versionen", "f"),
    "commit": Term("Revision", "Revisionen", "f"),  # a commit, as log, show and help say
    "repository": Term("Repository", "Repositorys", "n"),
    "file": Term("Datei", "Dateien", "f"),
    "folder": Term("Ordner", "Ordner", "m"),
    "line": Term("Zeile", "Zeilen", "f"),
    "column": Term("Spalte", "Spalten", "f"),
    "key": Term("Schlüssel", "Schlüssel", "m"),
    "entry": Term("Eintrag", "Einträge", "m"),
    "character": Term("Zeichen", "Zeichen", "n"),
    "error": Term("Fehler", "Fehler", "m"),
    "warning": Term("Warnung", "Warnungen", "f"),
    "problem": Term("Problem", "Probleme", "n"),
    "change": Term("Änderung", "Änderungen", "f"),
    "addition": Term("Neuaufnahme", "Neuaufnahmen", "f"),
    "removal": Term("Streichung", "Streichungen", "f"),
    "conflict": Term("Konflikt", "Konflikte", "m"),
    "comment": Term("Kommentar", "Kommentare", "m"),
    "word": Term("Wort", "Wörter", "n"),
    "paragraph": Term("Absatz", "Absätze", "m"),
    "unchanged_paragraph": Term("unveränderter Absatz", "unveränderte Absätze", "m"),
    "page": Term("Seite", "Seiten", "f"),
    "year": Term("Jahr", "Jahre", "n"),
    "second": Term("Sekunde", "Sekunden", "f"),
}

# The German singular finds a term as well as its key: count(2, "Maßnahme").
_BY_WORD: dict[str, Term] = {t.singular: t for t in TERMS.values()}


def term(kind: str) -> Term:
    """The term for a kind key ("measure") or its German singular ("Maßnahme").

    Raises:
        KeyError: for a word the glossary does not know (add it to `TERMS`).
    """
    found = TERMS.get(kind) or _BY_WORD.get(kind)
    if found is None:
        raise KeyError(f"not in the glossary: {kind!r}")
    return found


def goal_kind(level: str) -> str:
    """The kind key of a goal of this level: "guiding_goal" or "action_goal"."""
    return "guiding_goal" if level == "guiding" else "action_goal"


def number_text(n: int) -> str:
    """An integer as Germans write it: 12.000."""
    return f"{n:,}".replace(",", ".")


def count(n: int, kind: str) -> str:
    """ "1 Leitziel", "2 Leitziele", "keine Maßnahmen" (plural from the glossary).

    None is said in words, as German text says it ("1 Fehler, keine Warnungen", not
    "0 Warnungen"); with the plural, so a verb agreeing by `agree` stays right ("Es gingen
    keine Beiträge ein").
    """
    word = term(kind)
    if n == 0:
        return f"keine {word.plural}"
    return f"{number_text(n)} {word.singular if n == 1 else word.plural}"


def plural(n: int, kind: str) -> str:
    """The noun alone, agreeing with n: "Beitrag" for 1, "Beiträge" otherwise."""
    word = term(kind)
    return word.singular if n == 1 else word.plural


def agree(n: int, one: str, many: str) -> str:
    """Whichever of two words agrees with n (verbs: "ging"/"gingen", "ist"/"sind")."""
    return one if n == 1 else many


def quoted(text: str) -> str:
    """Text in German quotation marks: „Bildung“; quotation marks inside become half ones,
    as German typography nests them: „Orientierungskurse ‚Frauen in Arbeit‘“."""
    return f"„{text.translate(_NESTED)}“"


_NESTED = str.maketrans("„“", "‚‘")


def named(kind: str, number: str | int | None, title: str | None) -> str:
    """An entity as a reader knows it: 'Maßnahme 3.2 „Mama lernt Deutsch“'.

    Number and title are each left out when empty ("Leitziel „Teilhabe“", "Maßnahme 3.2").
    """
    parts = [term(kind).singular]
    if number not in (None, ""):
        parts.append(str(number))
    if title:
        parts.append(quoted(title))
    return " ".join(parts)


def listing(items: list[str], conjunction: str = "und") -> str:
    """ "A", "A und B", "A, B und C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# German labels of the data keys of every file of the format (konzeptdoc.yaml, concept.yaml,
# fields/*.yaml, participation.yaml, submission.yaml). Keys whose word depends on the
# entity that holds them are refined in _KEY_LABELS_OF.
KEY_LABELS: dict[str, str] = {
    "schema_version": "Version des Dateiformats", "id": "Kennung", "title": "Titel",
    "kind": "Art", "municipality": "Kommune", "lead": "Federführung", "period": "Laufzeit",
    "revision": "Fortschreibung", "status": "Status", "as_of": "Stand",
    "definition": "Definition", "principles": "Leitlinien", "target_groups": "Zielgruppen",
    "decisions": "Beschlüsse", "costs": "Kosten und Finanzierung",
    "funding_programs": "Förderprogramme", "contacts": "Ansprechstellen",
    "fields": "Handlungsfelder", "number": "Nummer", "label": "Bezeichnung",
    "predecessor": "Vorgänger", "text": "Text", "name": "Name", "description": "Beschreibung",
    "date": "Datum", "body": "Gremium", "amount_eur": "Betrag", "year": "Jahr",
    "funding": "Finanzierung", "summary": "Zusammenfassung",
    "not_quantifiable": "nicht bezifferbar", "items": "Positionen", "level": "Ebene",
    "note": "Anmerkung", "office": "Dienststelle", "email": "E-Mail", "phone": "Telefon",
    "start": "Beginn", "end": "Ende", "members": "Mitglieder", "parent": "Übergeordnetes Ziel",
    "indicators": "Indikatoren", "ongoing": "laufend", "per": "Turnus", "goals": "Ziele",
    "partners": "Kooperationspartner", "timeframe": "Zeitrahmen", "cost": "Kosten",
    "priority": "Priorität", "origin": "Herkunft", "status_note": "Anmerkung zum Stand",
    "status_date": "Stand vom", "value": "Wert", "code": "Kürzel",
    "source": "Datenquelle", "unit": "Einheit", "target": "Zielwert", "series": "Zeitreihe",
    "situation": "Ausgangssituation", "working_group": "Arbeitsgruppe", "measures": "Maßnahmen",
    "process": "Verfahren", "events": "Veranstaltungen", "working_groups": "Arbeitsgruppen",
    "online_commenting": "Online-Kommentierung", "contributions": "Beiträge",
    "organizer": "Veranstalter", "guidelines": "Leitlinien der Bürgerbeteiligung",
    "support_program": "Unterstützendes Programm", "formats": "Beteiligungsformate",
    "location": "Ort", "topics": "Themen", "participants": "Teilnehmende",
    "field": "Handlungsfeld", "open_from": "Beginn der Kommentierung",
    "open_until": "Ende der Kommentierung", "scope": "Gegenstand", "by": "Stelle",
    "received": "Eingangsdatum", "author": "Verfasserin/Verfasser", "channel": "Eingangsweg",
    "response": "Stellungnahme", "outcome": "Ergebnis", "subject": "Betreff",
    "public": "öffentlich", "introduced_by": "Eingebracht von",
    "department": "Dezernat/Geschäftsbereich", "co_signing": "Mitzeichnung",
    "references": "Bezüge", "consultation": "Beratungsfolge",
    "proposal": "Beschlussvorschlag", "reasoning": "Begründung",
    "financial_impact": "Finanzielle Auswirkungen", "impacts": "Weitere Auswirkungen",
    "attachments": "Anlagen", "role": "Zuständigkeit", "result": "Ergebnis",
    "has_impact": "Finanzielle Auswirkungen", "topic": "Thema", "assessment": "Bewertung",
    "concept": "Konzept", "state": "Bundesland", "bodies": "Gremien",
    "submission_number_pattern": "Muster der Vorlagennummern",
    "inclusive_language": "Geschlechtergerechte Sprache", "template": "Vorlage",
    "participation": "Beteiligungsverfahren", "submission": "Beschlussvorlage",
    "file_number": "Aktenzeichen", "clerk": "Sachbearbeitung", "item": "TOP",
    "budget_line": "Produkt / Haushaltsstelle", "coverage": "Deckung",
    "sign_offs": "Sichtvermerke",
}  # fmt: skip

# Keys that read differently in one kind of entity (the kind keys of TERMS).
_KEY_LABELS_OF: dict[str, dict[str, str]] = {
    "working_group": {"lead": "Leitung"},
    "process": {"period": "Zeitraum"},
    "goal": {"text": "Erläuterung"},
    "principle": {"text": "Erläuterung"},
    "contribution": {"text": "Beitrag"},
    "response": {"text": "Stellungnahme"},
    "decision": {"text": "Inhalt"},
    "measure": {"status": "Stand"},
    "consultation": {"date": "Sitzungsdatum"},
    "cost_item": {"year": "Haushaltsjahr"},
    "financial_item": {"year": "Haushaltsjahr"},
}


def key_label(key: str, kind: str | None = None) -> str:
    """The German label of a data key ("amount_eur" → "Betrag").

    `kind` (a kind key of `TERMS`, e.g. "working_group") picks the entity's own word where
    it differs. An unknown key comes back as-is: it is the user's own word (a typo).
    """
    if kind is not None:
        special = _KEY_LABELS_OF.get(kind, {}).get(key)
        if special is not None:
            return special
    return KEY_LABELS.get(key, key)


# German labels of every enum value of the format, one table per enum.
ENUM_LABELS: dict[str, dict[str, str]] = {
    "status": {"planned": "geplant", "in_progress": "in Umsetzung", "done": "umgesetzt",
               "continued": "fortgeführt", "postponed": "zurückgestellt", "dropped": "entfallen"},
    "concept_status": {"draft": "Entwurf", "consultation": "in Beteiligung", "adopted": "beschlossen",
                       "superseded": "abgelöst"},
    "priority": {"high": "hoch", "medium": "mittel", "low": "niedrig"},
    "level": {"guiding": "Leitziel", "action": "Handlungsziel"},
    "decision": {"commission": "Auftrag", "draft_adopted": "Entwurf angenommen", "adopted": "Beschluss",
                 "review_ordered": "Überprüfung beauftragt", "other": "Beschluss"},
    "event": {"kickoff": "Auftakt", "workshop": "Workshop", "final": "Abschluss", "feedback": "Rückkopplung",
              "market": "Markt", "expert_circle": "Expertenkreis", "other": "Veranstaltung"},
    "channel": {"online": "online", "email": "E-Mail", "event": "Veranstaltung", "letter": "Brief"},
    "outcome": {"adopted": "übernommen", "partially_adopted": "teilweise übernommen",
                "not_adopted": "nicht übernommen", "noted": "zur Kenntnis genommen"},
    "role": {"hearing": "Anhörung", "preliminary": "Vorberatung", "recommendation": "Empfehlung",
             "decision": "Entscheidung", "notice": "Kenntnisnahme"},
    "assessment": {"positive": "positiv", "negative": "negativ", "none": "keine",
                   "not_assessable": "nicht abschätzbar"},
    "level_funding": {"federal": "Bund", "state": "Land", "eu": "EU", "municipal": "Kommune"},
    "per": {"once": "einmalig", "year": "jährlich"},
    "inclusive_language": {"pair_forms": "Paarformen", "gender_star": "Gendersternchen",
                           "colon": "Doppelpunkt", "none": "keine"},
}  # fmt: skip

# Which enum tables a data key's values may come from (a "kind" is a decision's or an
# event's; a "level" a goal's or a funding programme's).
ENUMS_OF_KEY: dict[str, tuple[str, ...]] = {
    "status": ("status", "concept_status"), "priority": ("priority",),
    "level": ("level", "level_funding"), "kind": ("decision", "event"),
    "outcome": ("outcome",), "channel": ("channel",), "role": ("role",),
    "assessment": ("assessment",), "per": ("per",), "inclusive_language": ("inclusive_language",),
}  # fmt: skip


def value_label(key: str, value: str, among: Collection[str] = ()) -> str:
    """The German label of an enum value under its data key; other values as they are.

    A key may take its values from two enums ("kind" of a decision or of an event); where
    they label a value differently, `among` (all values allowed there) picks the enum, and
    without it the neutral "sonstige" stands in.
    """
    tables = [ENUM_LABELS[t] for t in ENUMS_OF_KEY.get(key, ()) if value in ENUM_LABELS[t]]
    if among:
        tables = [t for t in tables if set(among) <= set(t)] or tables
    labels = {table[value] for table in tables}
    if not labels:
        return value
    return labels.pop() if len(labels) == 1 else "sonstige"


def _weak(singular: str) -> str:
    """The singular after a definite article: an adjective takes the weak ending ("der
    unveränderte Absatz"; `count` says "1 unveränderter Absatz", without an article)."""
    words = singular.split(" ")
    if len(words) > 1 and words[0].islower() and words[0].endswith(("er", "es")):
        words[0] = words[0][:-1]
    return " ".join(words)


def markdown_table() -> str:
    """The terms as the README's Markdown table (a test keeps the README in step)."""
    genus = {"m": "der", "f": "die", "n": "das"}
    rows = [
        f"| `{key}` | {genus[t.gender]} {_weak(t.singular)} | {t.plural} |"
        for key, t in TERMS.items()
    ]
    return "\n".join(["| kind key | German (singular) | plural |", "|---|---|---|", *rows])


_OS_REASONS = {
    errno.ENOENT: "nicht vorhanden", errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung", errno.EISDIR: "ist ein Ordner, keine Datei",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner", errno.ENOSPC: "kein Speicherplatz frei",
    errno.EEXIST: "ist schon vorhanden", errno.EROFS: "schreibgeschütztes Dateisystem",
    errno.ENAMETOOLONG: "Name zu lang", errno.ELOOP: "zu viele symbolische Verknüpfungen",
    errno.ENOTEMPTY: "Ordner ist nicht leer", errno.EBUSY: "wird gerade benutzt",
}  # fmt: skip


def os_reason(exc: BaseException) -> str:
    """Why the operating system refused, in German ("keine Berechtigung").

    The system's own text (`strerror`) is English on most machines, so it is never shown.
    """
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in _OS_REASONS:
        return _OS_REASONS[code]
    if isinstance(exc, UnicodeError):
        return "keine gültige UTF-8-Kodierung"
    return f"Systemfehler {code}" if isinstance(code, int) else "Systemfehler"


__all__ = [
    "ENUMS_OF_KEY",
    "ENUM_LABELS",
    "KEY_LABELS",
    "TERMS",
    "Term",
    "agree",
    "count",
    "goal_kind",
    "key_label",
    "listing",
    "markdown_table",
    "named",
    "number_text",
    "os_reason",
    "plural",
    "quoted",
    "term",
    "value_label",
]
