"""The German summary of a diff: "1 Handlungsfeld umbenannt, 5 Leitziele neu, 12 Maßnahmen geändert"."""

from __future__ import annotations

from collections.abc import Mapping

from konzeptdoc.german.glossary import count as counted
from konzeptdoc.german.glossary import plural

# The diff's entity types in summary order, with the glossary term each is counted as.
NOUNS = {
    "concept": "concept_entry",
    "principle": "principle",
    "target_group": "target_group",
    "field": "field",
    "goal_guiding": "guiding_goal",
    "goal_action": "action_goal",
    "measure": "measure",
    "indicator": "indicator",
    "participation": "participation_entry",
    "event": "event",
    "working_group": "working_group",
    "contribution": "contribution",
    "submission": "submission",
}
VERBS = {
    "added": "neu",
    "removed": "entfallen",
    "renamed": "umbenannt",
    "moved": "verschoben",
    "reordered": "umsortiert",
    "modified": "geändert",
}


def noun(entity_type: str, count: int = 1) -> str:
    """The German noun for an entity type, agreeing with `count` (from the glossary)."""
    return plural(count, NOUNS[entity_type])


def german_summary(counts: Mapping[tuple[str, str], int]) -> str:
    """The summary of changes counted by (entity type, change kind)."""
    if not any(counts.values()):
        return "keine Änderungen"
    parts = []
    for entity_type, term in NOUNS.items():
        for kind in VERBS:
            number = counts.get((entity_type, kind), 0)
            if number:
                parts.append(f"{counted(number, term)} {VERBS[kind]}")
    return ", ".join(parts)
