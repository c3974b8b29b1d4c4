"""Footnotes and endnotes a reviewer added: the data has none, so each is listed.

A built document has no footnotes or endnotes; any note in a reviewed copy is a reviewer's
(with tracking on or off), and its text would otherwise be lost: the body holds only its
reference mark. Each note is returned with its text, who wrote it (its tracked insertion's
author, if any) and its id, which the body's reference ties to the text it was added at.
"""

from __future__ import annotations

from pathlib import Path

from konzeptdoc.documents.xmltext import W_NS
from konzeptdoc.review.parts import parse_xml

_W = f"{{{W_NS}}}"
#: part → (its note element, the body's reference to a note, what the note is called)
PARTS = {
    "word/footnotes.xml": (f"{_W}footnote", f"{_W}footnoteReference", "Fußnote"),
    "word/endnotes.xml": (f"{_W}endnote", f"{_W}endnoteReference", "Endnote"),
}
REFERENCES = tuple(reference for _, reference, _ in PARTS.values())


def reason(kind: str) -> str:
    return (
        f"{kind} – nicht übernommen (die Daten kennen keine Fuß- oder Endnoten); bitte ihren "
        "Text in die Angabe selbst schreiben"
    )


def added_notes(
    parts: dict[str, bytes], path: Path
) -> list[tuple[str, str, str | None, str, tuple[str, str]]]:
    """(text, author, date, what it is called, (reference tag, id)) of every footnote and
    endnote in the copy."""
    out = []
    for name, (tag, reference, kind) in PARTS.items():
        data = parts.get(name)
        if not data:
            continue
        for note in parse_xml(data, path, name).iter(tag):
            if note.get(f"{_W}type") not in (None, "normal"):  # separators, not notes
                continue
            text = "".join(t.text or "" for t in note.iter(f"{_W}t")).strip()
            change = next(note.iter(f"{_W}ins"), None)
            author = str(change.get(f"{_W}author") or "").strip() if change is not None else ""
            date = str(change.get(f"{_W}date") or "") or None if change is not None else None
            if text:
                key = (reference, str(note.get(f"{_W}id")))
                out.append((text, author or "unbekannt", date, kind, key))
    return out
