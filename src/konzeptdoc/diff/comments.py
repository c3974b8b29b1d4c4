"""Reviewers' comments in the redline: Word comments at the texts they are about.

The comments kept in review.yaml (see `konzeptdoc.review.notes`) are placed at their
entity's text in the new version (`documents.comments`); a comment whose text this version
no longer has, or that was about generated text, is listed in a table at the end, as the
Synopse lists all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from konzeptdoc.documents.comments import Comment, place
from konzeptdoc.documents.wordml import Body

HEADING = "Kommentare aus der Überarbeitung"
_INTRO = (
    "Diese Kommentare beziehen sich auf keinen Text dieser Fassung; die übrigen stehen als "
    "Kommentare am Text."
)


def commented(xml: str, body: Body, comments: Sequence[Comment]) -> str:
    """The tracked body with the comments at their texts (the anchors taken out), the rest
    listed after it; `body` (the new version's) keeps the comments for the package."""
    xml, placed = place(xml, comments)
    body.comments = (comments, placed)
    shown = set(placed)
    rest = [c for i, c in enumerate(comments) if i not in shown]
    if not rest:
        return xml
    first = len(body.parts)
    body.heading(1, HEADING)  # listed in the table of contents, like every chapter
    body.paragraph(_INTRO)
    named = any(c.author for c in rest)
    rows = [
        [c.about, *([c.author or "–"] if named else []),
         c.text if c.reply_to is None else f"Antwort: {c.text}"]
        for c in rest
    ]  # fmt: skip
    header = ["Bezug", *(["Von"] if named else []), "Kommentar"]
    body.table(header, rows, [40, 18, 42] if named else [45, 55])
    section = "".join(body.parts[first:])
    del body.parts[first:]
    return xml + section


__all__ = ["HEADING", "commented"]
