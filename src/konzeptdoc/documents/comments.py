"""Word comments in a built document: reviewers' notes at the texts they are about.

A redline lists the comments kept in review.yaml where a reviewer expects them in a
document with tracked changes: as Word comments (Überprüfen → Kommentare) on the text of
the entity and key they are about. The body is rendered with its anchors (see `anchors`);
each comment's range is put inside its anchor's bookmark, then the anchors are taken out
again (a redline is not read back). A reply is a comment on the same text whose
``commentsExtended.xml`` entry names its parent, as Word writes it.

The parts: ``word/comments.xml`` (the comments, each paragraph with a ``w14:paraId`` that
``mc:Ignorable`` lets strict readers skip), ``word/commentsExtended.xml`` (replies, done
flags), both related from the document part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from konzeptdoc.documents.anchors import PREFIX
from konzeptdoc.documents.xmltext import W_NS, attr, text_element

#: Who a comment is from when the document names no persons (without --with-authors).
ANONYMOUS = "Überarbeitung"

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?\Z")
_ANCHOR_START = re.compile(rf'<w:bookmarkStart w:id="(\d+)" w:name="({PREFIX}[^"]*)"/>')


@dataclass(frozen=True)
class Comment:
    """One reviewer's comment to show in a document."""

    anchor: str | None  # the bookmark name of the text it is about (None: no text)
    author: str  # "" when persons are not named
    date: str | None  # ISO 8601
    text: str
    reply_to: int | None = None  # index of the comment it answers, in the same list
    about: str = ""  # what it is about, in German, for a list of comments without a place


def place(xml: str, comments: Sequence[Comment]) -> tuple[str, list[int]]:
    """The body with each comment's range around its anchor's text, and the anchors taken
    out; the indices of the comments placed (a reply only where its comment is).

    One pass over the anchors: each bookmark is replaced by the ranges it holds, in one
    join, whatever the number of comments.
    """
    by_anchor: dict[str, list[int]] = {}
    placed: list[int] = []
    done: set[int] = set()
    starts: dict[str, tuple[re.Match[str], int, str]] = {}  # name → start, end, end's mark
    for match in _ANCHOR_START.finditer(xml):
        mark = f'<w:bookmarkEnd w:id="{match.group(1)}"/>'
        starts[match.group(2)] = (match, xml.find(mark, match.end()), mark)
    for index, comment in enumerate(comments):
        parent = comment.reply_to
        if parent is not None and parent not in done:
            continue
        anchor = comments[parent].anchor if parent is not None else comment.anchor
        if anchor is None or anchor not in starts or starts[anchor][1] < 0:
            continue
        by_anchor.setdefault(anchor, []).append(index)
        placed.append(index)
        done.add(index)
    number = {index: n for n, index in enumerate(placed)}  # comment ids 0, 1, … in order
    edits: list[tuple[int, int, str]] = []  # (from, to, text): each bookmark replaced
    for name, (match, end, mark) in starts.items():
        ids = [number[i] for i in by_anchor.get(name, [])]
        edits.append((match.start(), match.end(),
                      "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in ids)))  # fmt: skip
        if end >= 0:
            edits.append((end, end + len(mark), "".join(_range_end(i) for i in ids)))
    pieces: list[str] = []
    at = 0
    for begin, stop, text in sorted(edits):
        pieces += (xml[at:begin], text)
        at = stop
    pieces.append(xml[at:])
    return "".join(pieces), placed


def _range_end(number: int) -> str:
    return f'<w:commentRangeEnd w:id="{number}"/><w:r><w:commentReference w:id="{number}"/></w:r>'


def strip_anchors(xml: str) -> str:
    """The body without its anchors' bookmarks."""
    return place(xml, ())[0]


def _para_id(number: int) -> str:
    return f"{0x10000000 + number:08X}"  # below 0x80000000, as the schema wants


def comments_xml(comments: Sequence[Comment], placed: Sequence[int]) -> bytes:
    """word/comments.xml of the placed comments (ids in their order)."""
    out = []
    for number, index in enumerate(placed):
        comment = comments[index]
        lines = [line.strip() for line in comment.text.splitlines() if line.strip()] or [""]
        paragraphs = []
        for line_number, line in enumerate(lines):
            mark = "<w:r><w:annotationRef/></w:r>" if line_number == 0 else ""
            para = _para_id(number) if line_number == len(lines) - 1 else None
            pid = f' w14:paraId="{para}"' if para else ""
            text = f"<w:r>{text_element(line)}</w:r>" if line else ""
            paragraphs.append(f"<w:p{pid}>{mark}{text}</w:p>")
        # w:date is an xsd:dateTime; review.yaml may hold any text there (written by hand).
        date = f' w:date="{comment.date}"' if comment.date and _DATE.match(comment.date) else ""
        author = comment.author or ANONYMOUS
        out.append(
            f'<w:comment w:id="{number}" w:author="{attr(author)}"{date}'
            f' w:initials="{attr(_initials(author))}">{"".join(paragraphs)}</w:comment>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{_W14}" xmlns:mc="{_MC}" mc:Ignorable="w14">'
        f"{''.join(out)}</w:comments>"
    ).encode()


def extended_xml(comments: Sequence[Comment], placed: Sequence[int]) -> bytes:
    """word/commentsExtended.xml: which comment each reply answers."""
    number = {index: n for n, index in enumerate(placed)}
    out = []
    for n, index in enumerate(placed):
        parent = comments[index].reply_to
        link = f' w15:paraIdParent="{_para_id(number[parent])}"' if parent is not None else ""
        out.append(f'<w15:commentEx w15:paraId="{_para_id(n)}"{link} w15:done="0"/>')
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w15:commentsEx xmlns:w15="{_W15}" xmlns:mc="{_MC}" mc:Ignorable="w15">'
        f"{''.join(out)}</w15:commentsEx>"
    ).encode()


def _initials(author: str) -> str:
    words = [w for w in re.split(r"[\s,.-]+", author) if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words[:3]) or "Ü"


def add_comments(document: Any, comments: Sequence[Comment], placed: Sequence[int]) -> None:
    """The comments' parts, related from the document part (a template's own are replaced)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    main = document.part
    wanted = {
        COMMENTS_REL: ("/word/comments.xml", COMMENTS_TYPE, comments_xml(comments, placed)),
        EXTENDED_REL: ("/word/commentsExtended.xml", EXTENDED_TYPE, extended_xml(comments, placed)),
    }
    for rel in main.rels.values():
        if rel.reltype in wanted and not rel.is_external:
            rel.target_part._blob = wanted.pop(rel.reltype)[2]
    for reltype, (name, kind, blob) in wanted.items():
        main.relate_to(Part(PackURI(name), kind, blob, main.package), reltype)


__all__ = ["ANONYMOUS", "Comment", "add_comments", "place", "strip_anchors"]
