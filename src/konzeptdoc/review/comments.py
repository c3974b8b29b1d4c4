"""A reviewed copy's comments: their text, author, date, replies and resolved marks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konzeptdoc.review.marks import (
    BR,
    CHARACTERS,
    CR,
    HYPHEN,
    TAB,
    TABS,
    W14,
    W15,
    P,
    T,
    W,
    author_of,
    date_of,
)
from konzeptdoc.review.parts import parse_xml


@dataclass(frozen=True)
class RawComment:
    id: str
    author: str
    date: str | None
    text: str
    quoted: str
    anchors: tuple[str, ...]
    parent: str | None
    done: bool = False  # marked as resolved ("erledigt") in Word


def quoted_text(pieces: list[tuple[str, bool]]) -> str:
    """The text a comment marks: as it is now, or – a comment on a deletion – as it was
    (`pieces`: each text with whether it is still there)."""
    now = "".join(text for text, kept in pieces if kept).strip()
    return now or "".join(text for text, kept in pieces if not kept).strip()


def comment_line(paragraph: Any) -> str:
    """One paragraph of a comment's text (a tab or line break keeps its words apart)."""
    return "".join(
        e.text or "" if e.tag == T else CHARACTERS.get(e.tag, "")
        for e in paragraph.iter(T, TAB, BR, CR, HYPHEN)
        if e.getparent().tag != TABS
    )


def read_comments(
    parts: dict[str, bytes], path: Path, ranges: dict[str, tuple[str, tuple[str, ...]]]
) -> list[RawComment]:
    """The comments, each with the text it marks and the anchors it touches (`ranges`)."""
    data = parts.get("word/comments.xml")
    if not data:
        return []
    root = parse_xml(data, path, "word/comments.xml")
    by_para: dict[str, str] = {}
    found: list[tuple[str, str, str | None, str]] = []
    for comment in root.iter(f"{W}comment"):
        cid = str(comment.get(f"{W}id"))
        paragraphs = list(comment.iter(P))
        text = "\n".join(comment_line(p) for p in paragraphs).strip()
        if paragraphs:
            para_id = paragraphs[-1].get(f"{W14}paraId")
            if para_id:
                by_para[para_id] = cid
        found.append((cid, author_of(comment), date_of(comment), text))
    parents: dict[str, str] = {}
    done: set[str] = set()
    extended = parts.get("word/commentsExtended.xml")
    if extended:
        for entry in parse_xml(extended, path, "word/commentsExtended.xml").iter(f"{W15}commentEx"):
            child = by_para.get(str(entry.get(f"{W15}paraId")))
            parent = by_para.get(str(entry.get(f"{W15}paraIdParent") or ""))
            if child is not None and parent is not None:
                parents[child] = parent
            if child is not None and entry.get(f"{W15}done") in ("1", "true", "on"):
                done.add(child)
    out = []
    for cid, author, date, text in found:
        quoted, names = ranges.get(cid, ("", ()))
        out.append(
            RawComment(cid, author, date, text, quoted, names, parents.get(cid), cid in done)
        )
    return out
