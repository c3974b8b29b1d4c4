"""How every rendering of a diff names what changed, as the documents do.

Entities by kind, number and title ("Maßnahme 3.2 „Mama lernt Deutsch“"), keys by their
German label ("Stand", not "status"), values formatted as in the documents, references to
other entities by their title. Ids, paths and English keys stay in the JSON only.
"""

from __future__ import annotations

from typing import Any

from konzeptdoc.diff.records import Change, ConceptDiff, Side, ValueChange
from konzeptdoc.diff.summary import VERBS, noun
from konzeptdoc.german.glossary import TERMS, key_label, named, quoted

#: A change's entity type → the glossary's kind of entity (for key labels and names).
_KIND = {"goal_guiding": "guiding_goal", "goal_action": "action_goal"}
#: Entity types whose keys read as the glossary's entity kind says ("goal": "Erläuterung").
_KEY_KIND = {"goal_guiding": "goal", "goal_action": "goal"}


def entity(diff: ConceptDiff, change: Change) -> str:
    """ "Maßnahme 3.2 „Mama lernt Deutsch“", "Beitrag 4", "Beteiligungsverfahren"."""
    known = diff.names.get(change.entity_id)
    if known and change.entity_type not in ("participation", "submission"):
        return known
    kind = _KIND.get(change.entity_type, change.entity_type)
    title = change.title_new or change.title_old
    if change.entity_type in ("participation", "submission") or kind not in TERMS:
        return noun(change.entity_type) + (f" {quoted(title)}" if title else "")
    return named(kind, None, title)


def place(diff: ConceptDiff, where: str | None) -> str:
    """Where an entity sits (a field or a parent goal), by its name."""
    if not where:
        return "—"
    return diff.names.get(where, where)


def headline(diff: ConceptDiff, change: Change) -> str:
    """ "Maßnahme 3.2 „…“: geändert", "Leitziel 1.1 „…“: umbenannt („alt“ → „neu“)"."""
    text = f"{entity(diff, change)}: {VERBS[change.kind]}"
    if change.kind == "renamed" and change.title_old != change.title_new:
        text += f" ({quoted(change.title_old or '')} → {quoted(change.title_new or '')})"
    if change.kind == "moved":
        text += f" ({place(diff, change.where_old)} → {place(diff, change.where_new)})"
    return text


def key(change: Change, value: ValueChange) -> str:
    """The German label of a changed key, in the words of the entity that holds it; a part
    of a nested value as "Verfahren – Titel"."""
    outer, _, inner = value.key.rpartition(".")
    if outer:
        return f"{key_label(outer)} – {key_label(inner, outer)}"
    return key_label(value.key, _KEY_KIND.get(change.entity_type, change.entity_type))


def value(diff: ConceptDiff, key_name: str, shown: Any) -> str:
    """A value as the documents show it; ids of other entities by their titles."""
    from konzeptdoc.german.values import shown as show

    return show(key_name.rpartition(".")[2], shown, diff.titles)


def side(revision: Side) -> str:
    """ "Integrationskonzept 2021–2025 · Beschluss Nr. 0522 · 09.07.2020" (no release tag:
    the tag is the repository's name for the decision, its number is the council's)."""
    parts = [revision.label]
    if revision.decision:
        parts.append(f"Beschluss Nr. {revision.decision}")
    elif revision.release:
        parts.append("beschlossene Fassung")
    if revision.date:
        parts.append(revision.date)
    return " · ".join(parts)
