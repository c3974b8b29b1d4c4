"""Anchors a reviewed copy no longer has: texts deleted without change tracking.

A bookmark goes with its text when a reviewer deletes the whole text (or its paragraph, or
a table row) with tracking off, or accepts a tracked deletion: nothing of it is left to
read, so the reader alone cannot tell. The copy's anchors are compared with those of a
document of the same kind built from the same revision (rendered again without writing its
XML: ~0.25 s CPU for the large concept's document, most of it importing the writers), and
each text that is gone is listed, never dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from konzeptdoc.documents.anchors import (
    PROPERTY_FIELDS,
    PROPERTY_KIND,
    PROPERTY_STATUSES,
    parse_name,
)
from konzeptdoc.errors import KonzeptdocError

if TYPE_CHECKING:
    from konzeptdoc.model import Concept

#: Why a text is listed that the copy no longer has.
GONE_UNTRACKED = (
    "fehlt im Dokument (ohne Änderungsverfolgung gelöscht oder eine Löschung angenommen) – "
    "nicht übernommen; bitte nachverfolgt löschen oder in den Dateien ändern"
)

Sent = tuple[tuple[str, str], ...]  # (data key, entity hash) of each anchor, in order


def sent_anchors(properties: dict[str, str], base: Concept) -> Sent | None:
    """The anchors the copy had when it was built from `base` (None: kind unknown)."""
    from konzeptdoc.documents import KINDS, render

    kind = next((k for k in KINDS if k == properties.get(PROPERTY_KIND)), None)
    if kind is None:
        return None

    def listed(name: str) -> tuple[str, ...]:
        return tuple(v for v in properties.get(name, "").split(",") if v)

    fields, statuses = listed(PROPERTY_FIELDS), listed(PROPERTY_STATUSES)
    try:
        _, body = render(  # its anchors only: the body's XML is not needed
            base, kind=kind, fields=fields, statuses=statuses, anchors=True, body_xml=_no_xml
        )
    except KonzeptdocError:  # a filter the base does not know: nothing to compare with
        return None
    return tuple(p for p in map(parse_name, body.anchors.names) if p is not None)


def _no_xml(body: object) -> str:
    return "<w:body/>"


def missing(sent: Sent, found: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """(data key, entity hash) of every anchor sent out that the copy does not have."""
    return [anchor for anchor in sent if anchor not in found]
