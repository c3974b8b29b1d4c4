"""Anchors → entity and key; several reviewers merged; three-way against the repository.

The base of every reviewed copy is the concept at the revision it was built from: its
anchors' hashes name entities there, and its texts are what the reviewer saw before any
tracked change. A copy whose text differs from the base without a tracked change was
edited untracked: listed, never applied. Applying is a three-way merge per key: base →
reviewer against base → working tree; a key changed on both sides (differently) is a
conflict, so a later commit is never reverted by a reviewer's old text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from konzeptdoc.documents.anchors import PLACEHOLDER, entity_hash, parse_name
from konzeptdoc.german.glossary import key_label
from konzeptdoc.model import Concept
from konzeptdoc.model.text import plain_text
from konzeptdoc.review.marks import FORMATTING, SYMBOL
from konzeptdoc.review.missing import GONE_UNTRACKED, Sent, missing
from konzeptdoc.review.reading import ReadDocument
from konzeptdoc.review.records import (
    Edit,
    Proposal,
    ReviewChange,
    ReviewComment,
    ReviewConflict,
    Unmapped,
)
from konzeptdoc.review.text import norm, shape, transfer

#: Keys whose values are Markdown (the others are plain text on one line).
MARKDOWN_KEYS = frozenset(
    {
        "description",
        "text",
        "situation",
        "definition",
        "guidelines",
        "response.text",
        "costs.summary",
        "participation.process.guidelines",
        "submission.reasoning",
        "submission.financial_impact.text",
    }
)
UNTRACKED = "ohne Änderungsverfolgung geändert – nicht übernommen (bitte nachverfolgt ändern)"
GONE = "gehört zu einem Eintrag, den es in dieser Fassung nicht gibt – nicht übernommen"
UNSAFE = "konnte nicht sicher in den formatierten Text übertragen werden – bitte von Hand ändern"
#: A symbol font's characters: Word's w:sym (SYMBOL), or the private-use code LibreOffice
#: writes for it as text – shown in no other font, so never written into the data.
_SYMBOLS = re.compile(f"[\ue000-\uf8ff{SYMBOL}]")
SYMBOLIC = (
    "enthält ein Zeichen einer Symbolschrift (Einfügen → Symbol, hier □), das sich nicht als "
    "Text übernehmen lässt – nicht übernommen; bitte das Zeichen als Text eingeben oder die "
    "Änderung von Hand in die Dateien übernehmen"
)
DIFFERENT = "von mehreren Prüfenden unterschiedlich geändert"
MOVED_ON = "seit der Erstellung des Dokuments auch im Repository geändert"
REPOSITORY = "Repository (aktueller Stand)"
EMPTY = (
    "ganz gelöscht – eine Pflichtangabe, nicht übernommen; soll der ganze Eintrag entfallen "
    "(etwa eine gestrichene Tabellenzeile), ihn bitte in den Dateien löschen, sonst einen "
    "neuen Text eintragen"
)
#: Keys a concept cannot be without (a deleted optional text removes the key instead).
REQUIRED = frozenset({"title", "name", "participation.process.title", "submission.subject"})


def entities(concept: Concept) -> Iterator[tuple[str, Any]]:
    """(id, entity) of everything a document anchors; the concept itself under its id."""
    yield concept.id, concept
    for group in (concept.principles, concept.target_groups):
        yield from ((e.id, e) for e in group)
    for field in concept.fields:
        yield field.id, field
        for part in (field.goals, field.measures, field.indicators):
            yield from ((e.id, e) for e in part)
    if concept.participation is not None:
        yield from ((c.id, c) for c in concept.participation.contributions)


def value_of(entity: Any, key: str) -> str | None:
    for step in key.split("."):
        entity = getattr(entity, step, None)
        if entity is None:
            return None
    return entity if isinstance(entity, str) else None


def set_value(entity: Any, key: str, value: str) -> bool:
    *path, last = key.split(".")
    for step in path:
        entity = getattr(entity, step, None)
        if entity is None:
            return False
    setattr(entity, last, value or None)  # an emptied optional text is no text
    if not value:
        entity.__pydantic_fields_set__.discard(last)  # …and its key leaves the file
    return True


def is_markdown(entity: Any, key: str) -> bool:
    # A target group's description, in a table cell, is Markdown as every other text
    # (documents.concept_doc.markdown_cell); shown as written, its asterisks read back.
    return key in MARKDOWN_KEYS


def shown(entity: Any, key: str) -> str:
    """The key's text as the document shows it (paragraphs apart by a blank line)."""
    value = value_of(entity, key) or ""
    return plain_text(value) if is_markdown(entity, key) else value


def label(key: str, entity: Any = None) -> str:
    """The German label of a key of `entity` ("text" of a goal: "Erläuterung"; "response.text"
    of a contribution: "Stellungnahme")."""
    from konzeptdoc.model.kinds import KINDS

    steps = key.split(".")
    kind = next((k.name for k in KINDS if isinstance(entity, k.model)), None)
    owners = [kind, *steps[:-1]]
    parts = [key_label(step, owner) for step, owner in zip(steps, owners, strict=True)]
    if len(parts) > 1 and parts[-1] == "Text":  # the text of a part is the part's own name
        parts.pop()
    return " – ".join(dict.fromkeys([parts[0], parts[-1]]))


@dataclass
class Mapped:
    """One copy's records, before several copies are merged."""

    changes: list[tuple[ReviewChange, str]]  # with the shaped new text
    comments: list[ReviewComment]
    unmapped: list[Unmapped]


def map_document(document: ReadDocument, base: Concept, sent: Sent | None = None) -> Mapped:
    """The copy's anchors, comments and loose changes as records of the base's entities;
    `sent` the anchors the copy was built with (those it lost are listed as deleted)."""
    file = document.path.name
    by_hash = {entity_hash(entity_id): (entity_id, entity) for entity_id, entity in entities(base)}
    out = Mapped([], [], [])
    names: dict[str, str] = {}

    def about(key: str, digest: str) -> str:
        """ "Maßnahme 1.1 „…“, Titel: " (the names are made once, when first needed)."""
        if not names:
            from konzeptdoc.german.names import entity_names

            names.update(entity_names(base))
        found = by_hash.get(digest)
        if found is None or found[0] not in names:
            return ""
        return f"{names[found[0]]}, {label(key, found[1])}: "

    for name, stretch in document.anchors.items():
        parsed = parse_name(name)
        assert parsed is not None  # the reader keeps anchor names only
        key, digest = parsed
        found = by_hash.get(digest)
        old_text, new_text = "".join(stretch.old), "".join(stretch.new)
        old, new = norm(old_text), norm(new_text)
        author = ", ".join(dict.fromkeys(stretch.authors)) or "unbekannt"
        if found is None:
            if old != new:
                out.unmapped.append(Unmapped(new, author, GONE, file))
            continue
        entity_id, entity = found
        if old == PLACEHOLDER and not shown(entity, key):  # an empty text's dash in a table
            old_text, new_text = "", _without_placeholder(new_text)
            old, new = "", norm(new_text)
        same = old_text == new_text  # no tracked change at all: the usual case
        if old != norm(shown(entity, key)):
            out.unmapped.append(Unmapped(new, author, about(key, digest) + UNTRACKED, file))
            continue
        if _SYMBOLS.search(new) and not _SYMBOLS.search(old):
            shown_new = _SYMBOLS.sub("□", new)
            out.unmapped.append(Unmapped(shown_new, author, about(key, digest) + SYMBOLIC, file))
            continue
        for who in dict.fromkeys(document.formatting.get(name, [])):
            out.unmapped.append(Unmapped(new[:200], who, about(key, digest) + FORMATTING, file))
        if same or (old == new and not _split(entity, key, old_text, new_text)):
            continue
        date = max(stretch.dates) if stretch.dates else None
        change = ReviewChange(entity_id, key, old, new, author, date, file)
        out.changes.append((change, shape(new_text)))
    index: dict[str, int] = {}
    for raw in document.comments:
        target: tuple[str | None, str | None] = (None, None)
        for name in raw.anchors:
            parsed = parse_name(name)
            hit = by_hash.get(parsed[1]) if parsed else None
            if parsed and hit:
                target = (hit[0], parsed[0])
                break
        parent = index.get(raw.parent) if raw.parent else None
        if parent is not None and target[0] is None:  # a reply is about what its comment is
            target = (out.comments[parent].entity, out.comments[parent].field)
        index[raw.id] = len(out.comments)
        out.comments.append(
            ReviewComment(
                *target, raw.author, raw.text, raw.quoted, file, raw.date, parent, raw.done
            )
        )
    kept = {parsed for parsed in map(parse_name, document.anchors) if parsed is not None}
    lost = [
        (key, digest)
        for key, digest in missing(sent or (), kept)
        if digest in by_hash and shown(by_hash[digest][1], key)
    ]
    for u in document.unmapped:
        parsed = parse_name(u.after) if u.after else None
        where = about(*parsed) if parsed else ""  # where new text was typed
        reason = f"nach {where}{u.reason}" if where else u.reason
        near = parse_name(u.at) if u.at else None  # where a footnote was added
        reason = f"bei {about(*near)}{reason}" if near and about(*near) else reason
        out.unmapped.append(Unmapped(norm(u.text), u.author, reason, file))
    for key, digest in lost:  # the base's text: what the reviewer removed
        text = norm(shown(by_hash[digest][1], key))
        out.unmapped.append(Unmapped(text, "unbekannt", about(key, digest) + GONE_UNTRACKED, file))
    return out


def _split(entity: Any, key: str, old_text: str, new_text: str) -> bool:
    """Whether a Markdown text with the same words was split into paragraphs or joined."""
    return is_markdown(entity, key) and shape(old_text) != shape(new_text)


def _without_placeholder(text: str) -> str:
    """A filled-in empty text without the table's dash, where the reviewer typed beside it."""
    stripped = text.strip()
    if stripped.startswith(PLACEHOLDER) or stripped.endswith(PLACEHOLDER):
        return stripped.removeprefix(PLACEHOLDER).removesuffix(PLACEHOLDER).strip()
    return text


def merge(
    mapped: list[tuple[Mapped, Concept]], current: Concept | None
) -> tuple[list[ReviewChange], list[ReviewConflict], list[Edit]]:
    """Several copies' changes: agreed ones become edits, differing ones conflicts.

    `current` is the working tree's concept: a key it changed since the base is a conflict
    unless it already reads as the reviewer's text.
    """
    groups: dict[tuple[str, str], list[tuple[ReviewChange, str, Concept]]] = {}
    for one, base in mapped:
        for change, new in one.changes:
            groups.setdefault((change.entity, change.field), []).append((change, new, base))
    now = dict(entities(current)) if current is not None else {}
    changes: list[ReviewChange] = []
    conflicts: list[ReviewConflict] = []
    edits: list[Edit] = []
    for (entity_id, key), items in groups.items():
        first, new, base = items[0]
        proposals = tuple(Proposal(c.author, c.new, c.file, c.date) for c, _, _ in items)
        if len({change.new for change, _, _ in items}) > 1:
            conflicts.append(ReviewConflict(entity_id, key, first.old, proposals, DIFFERENT))
            continue
        entity = now.get(entity_id)
        if entity is None:
            conflicts.append(ReviewConflict(entity_id, key, first.old, proposals, GONE))
            continue
        present = shown(entity, key)
        if norm(present) == first.new and (not is_markdown(entity, key) or shape(present) == new):
            changes += [c for c, _, _ in items]  # already in the data: nothing to write
            continue
        if norm(present) != first.old:
            repository = Proposal(REPOSITORY, norm(present), None)
            conflicts.append(
                ReviewConflict(entity_id, key, first.old, (*proposals, repository), MOVED_ON)
            )
            continue
        if not first.new:
            if key in REQUIRED:
                conflicts.append(ReviewConflict(entity_id, key, first.old, proposals, EMPTY))
                continue
            changes += [c for c, _, _ in items]
            edits.append(Edit(entity_id, key, ""))  # the key is removed
            continue
        value = transfer(value_of(entity, key), new, markdown=is_markdown(entity, key))
        if value is None:
            conflicts.append(ReviewConflict(entity_id, key, first.old, proposals, UNSAFE))
            continue
        changes += [c for c, _, _ in items]
        edits.append(Edit(entity_id, key, value))
    return changes, conflicts, edits
