"""The German summary of a diff: "1 Handlungsfeld umbenannt, 5 Leitziele neu, 12 Maßnahmen geändert"."""

from __future__ import annotations

from collections.abc import Mapping

NOUNS = {
    "concept": ("Konzeptangabe", "Konzeptangaben"), "principle": ("Leitlinie", "Leitlinien"),
    "target_group": ("Zielgruppe", "Zielgruppen"), "field": ("Handlungsfeld", "Handlungsfelder"),
    "goal_guiding": ("Leitziel", "Leitziele"), "goal_action": ("Handlungsziel", "Handlungsziele"),
    "measure": ("Maßnahme", "Maßnahmen"), "indicator": ("Indikator", "Indikatoren"),
    "participation": ("Beteiligungsangabe", "Beteiligungsangaben"), "event": ("Veranstaltung", "Veranstaltungen"),
    "working_group": ("Arbeitsgruppe", "Arbeitsgruppen"), "contribution": ("Beitrag", "Beiträge"),
    "submission": ("Beschlussvorlage", "Beschlussvorlagen"),
}  # fmt: skip
VERBS = {"added": "neu", "removed": "entfallen", "renamed": "umbenannt", "moved": "verschoben",
         "reordered": "umsortiert", "modified": "geändert"}  # fmt: skip


def noun(entity_type: str, count: int = 1) -> str:
    singular, plural = NOUNS.get(entity_type, (entity_type, entity_type))
    return singular if count == 1 else plural


def german_summary(counts: Mapping[tuple[str, str], int]) -> str:
    """The summary of changes counted by (entity type, change kind)."""
    if not any(counts.values()):
        return "keine Änderungen"
    parts = []
    for entity_type in NOUNS:
        for kind in VERBS:
            count = counts.get((entity_type, kind), 0)
            if count:
                parts.append(f"{count} {noun(entity_type, count)} {VERBS[kind]}")
    return ", ".join(parts)
