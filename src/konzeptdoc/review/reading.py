"""Reading a reviewed copy: per anchor the text before and after the tracked changes.

A reviewer's .docx is untrusted: the zip's parts are bounded in size and ratio, XML is
parsed without DTDs, entity expansion or network, and only the parts we need are read.
One pass over the body in document order collects, for every anchor (see
`documents.anchors`), the text as it was (deletions kept, insertions left out) and as it
is now, and who changed it; tracked changes outside any anchor and formatting-only
changes are listed with a reason, comments with the anchors their range touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from konzeptdoc.documents.anchors import parse_name
from konzeptdoc.review import footnotes
from konzeptdoc.review.comments import RawComment, quoted_text, read_comments
from konzeptdoc.review.marks import (
    BM_END,
    BM_START,
    C_END,
    C_REF,
    C_START,
    CHARACTERS,
    DEL,
    DEL_TEXT,
    FALLBACK,
    FORMATTING,
    INS,
    INSERTED,
    MOVE_FROM,
    MOVE_TO,
    NOT_NEW,
    NOT_OLD,
    PPR,
    PPR_CHANGE,
    REASONS,
    REVISIONS,
    RPR,
    RPR_CHANGE,
    STYLE,
    SYM,
    TABS,
    TEXT_BOX,
    TEXTS,
    TR,
    TRPR,
    TXBX,
    P,
    T,
    W,
    author_of,
    date_of,
    symbol_of,
)
from konzeptdoc.review.parts import custom_properties, parse_xml, read_parts


@dataclass
class Stretch:
    """What one anchor holds in one document."""

    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RawUnmapped:
    text: str
    author: str
    date: str | None
    reason: str
    after: str | None = None  # new text: the anchor whose text ends before it
    at: str | None = None  # a footnote: the anchor its reference is in (or last ended before)
    #: entries of one place (paragraph, tracked table row, the contents) and author are one
    group: Any = field(default=None, compare=False, repr=False)
    place: Any = field(default=None, compare=False, repr=False)  # the paragraph


@dataclass
class ReadDocument:
    path: Path
    properties: dict[str, str]
    anchors: dict[str, Stretch]
    comments: list[RawComment]
    unmapped: list[RawUnmapped]
    #: anchor name → authors who changed only its formatting
    formatting: dict[str, list[str]] = field(default_factory=dict)


def read_document(path: Path) -> ReadDocument:
    """Everything a reviewed copy holds that a review reports (properties unchecked)."""
    parts = read_parts(path)
    properties = custom_properties(parts.get("docProps/custom.xml"), path)
    walker = _Walker()
    walker.walk(parse_xml(parts["word/document.xml"], path, "word/document.xml"))
    for name, data in sorted(parts.items()):
        if name.startswith(("word/header", "word/footer")) and name.endswith(".xml"):
            walker.loose(parse_xml(data, path, name), REASONS["header"])
    for text, author, date, kind, key in footnotes.added_notes(parts, path):
        reason, at = footnotes.reason(kind), walker.note_at.get(key)
        walker.unmapped.append(RawUnmapped(text, author, date, reason, None, at))
    comments = read_comments(parts, path, walker.comment_ranges)
    unmapped = _merged(walker.unmapped)
    return ReadDocument(path, properties, walker.anchors, comments, unmapped, walker.formatting)


def _merged(entries: list[RawUnmapped]) -> list[RawUnmapped]:
    """Entries of one place and author as one: Word splits a typed text into runs at every
    editing session (rsid), and updating the contents changes every entry."""
    out: list[RawUnmapped] = []
    for entry in entries:
        last = out[-1] if out else None
        if last is None or entry.group is None or entry.group != last.group:
            out.append(entry)
            continue
        text = last.text + ("" if entry.place is last.place else " | ") + entry.text
        text = text if len(text) <= 500 else text[:499] + "…"
        out[-1] = replace(last, text=text, place=entry.place)
    return out


class _Walker:
    """One pass over a body in document order."""

    def __init__(self) -> None:
        self.anchors: dict[str, Stretch] = {}
        self.unmapped: list[RawUnmapped] = []
        self.formatting: dict[str, list[str]] = {}
        self.open: dict[str, Stretch] = {}  # anchor name → its stretch, while open
        self.ids: dict[str, str] = {}  # bookmark id → anchor name
        #: comment id → (its text pieces, each with whether it is still there; the anchors)
        self.comment_open: dict[str, tuple[list[tuple[str, bool]], dict[str, None]]] = {}
        self.comment_ranges: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.mark: str | None = None  # the previous paragraph mark's revision: ins, del
        self.current: Any = None  # the paragraph being read
        self.marks: dict[Any, Any] = {}  # paragraph → the revision of its mark
        self.loose_index: dict[Any, int] = {}  # revision element → its unmapped entry
        self.pending: list[tuple[str, str, str | None]] = []  # insertions before an anchor
        self.closed: Stretch | None = None  # the anchor that just ended in this paragraph
        self.last: str | None = None  # the anchor that ended last, anywhere before
        self.kept = False  # the current paragraph has text that is not inserted
        self.note_at: dict[tuple[str, str], str | None] = {}  # note reference → anchor

    def walk(self, root: Any) -> None:
        # Paragraphs are entered from their first text or bookmark, not visited one by
        # one: a large concept's tables hold tens of thousands of paragraphs.
        for change in root.iter(INS, DEL):
            owner = change.getparent()
            if owner.tag == RPR and owner.getparent().tag == PPR:  # a paragraph mark's change
                self.marks[owner.getparent().getparent()] = change
        tags = (*TEXTS, BM_START, BM_END, C_START, C_END, C_REF, RPR_CHANGE, PPR_CHANGE)
        for element in root.iter(*tags, *footnotes.REFERENCES):
            tag = element.tag
            if tag in footnotes.REFERENCES:
                at = next(iter(self.open), self.last)
                self.note_at[(tag, str(element.get(f"{W}id")))] = at
            elif tag in TEXTS:
                self._text(element, tag)
            elif tag == BM_START:
                self._bookmark_start(element)
            elif tag == BM_END:
                name = self.ids.get(str(element.get(f"{W}id")))
                closed = self.open.pop(name, None) if name is not None else None
                if closed is not None:
                    self.pending = []
                    self.closed = closed  # takes what is typed right after its text
                    self.last = name
            elif tag == C_START:
                self.comment_open[str(element.get(f"{W}id"))] = ([], dict.fromkeys(self.open))
            elif tag in (C_END, C_REF):
                self._comment_end(str(element.get(f"{W}id")))
            else:  # rPrChange, pPrChange: the run's or the paragraph's formatting
                self._formatting(element, element.getparent().getparent())
        self._flush_pending()
        self.comment_ranges.update(
            {
                cid: (quoted_text(pieces), tuple(names))
                for cid, (pieces, names) in self.comment_open.items()
            }
        )

    def loose(self, root: Any, reason: str) -> None:
        """Tracked changes in a part that holds no data (headers, footers)."""
        for element in root.iter(INS, DEL, MOVE_FROM, MOVE_TO):
            text = "".join(element.itertext()).strip()
            if text:
                self.unmapped.append(
                    RawUnmapped(text, author_of(element), date_of(element), reason)
                )

    def _enter(self, element: Any) -> None:
        """The paragraph `element` begins (the one before it ended)."""
        if element is self.current:
            return
        if self.pending:
            self._flush_pending()
        for stretch in self.open.values():
            if stretch.old or stretch.new:
                if self.mark != INS:
                    stretch.old.append("\n\n")
                if self.mark != DEL:
                    stretch.new.append("\n\n")
        self.current = element
        self.closed = None
        self.kept = False
        change = self.marks.get(element)  # the paragraph mark's own revision, if any
        self.mark = None if change is None else change.tag
        if change is not None:
            self._note_author(change)

    @property
    def reason(self) -> str:
        """Why a change in the current paragraph is not data (asked only for such changes)."""
        element = self.current
        if element is None:
            return REASONS["other"]
        pstyle = element.find(STYLE)
        style = (pstyle.get(f"{W}val") or "").lower() if pstyle is not None else ""
        if style.startswith(("toc", "verzeichnis", "inhaltsverzeichnis")):
            return REASONS["toc"]
        if style.startswith(("heading", "berschrift", "überschrift", "title", "titel")):
            return REASONS["heading"]
        row = next(element.iterancestors(TR), None)
        if row is not None:
            tracked = row.find(TRPR)
            kinds = {c.tag for c in tracked} if tracked is not None else set()
            return REASONS[
                "row added" if INS in kinds else "row deleted" if DEL in kinds else "table"
            ]
        return REASONS["other"]

    def group(self, author: str) -> tuple[Any, str]:
        """Where a loose change is, for `_merged`: its tracked row, the contents, or the
        paragraph."""
        element = self.current
        reason = self.reason
        if reason == REASONS["toc"]:
            return "toc", author
        if reason in (REASONS["row added"], REASONS["row deleted"]):
            return next(element.iterancestors(TR)), author
        return element, author

    def _note_author(self, change: Any) -> None:
        for stretch in self.open.values():
            stretch.authors.append(author_of(change))
            date = date_of(change)
            if date:
                stretch.dates.append(date)

    def _text(self, element: Any, tag: str) -> None:
        if tag in (T, DEL_TEXT):
            text = element.text or ""
        elif element.getparent().tag == TABS:  # a tab stop of the paragraph, not a tab
            return
        else:
            text = symbol_of(element) if tag == SYM else CHARACTERS[tag]
        if not text:
            return
        revisions: list[Any] = []
        parent = element.getparent()
        while parent is not None and parent.tag != P:
            if parent.tag in REVISIONS:
                revisions.append(parent)
            parent = parent.getparent()
        if parent is not None and parent.getparent().tag == TXBX:
            self._boxed(parent, text)
            return
        if parent is not None:
            self._enter(parent)
        if not revisions:
            self.kept = True
        kinds = {r.tag for r in revisions}
        in_old = not kinds & NOT_OLD
        in_new = tag != DEL_TEXT and not kinds & NOT_NEW
        for quoted, names in self.comment_open.values():
            names.update(dict.fromkeys(self.open))
            quoted.append((text, in_new))
        if not self.open:
            if revisions and self.closed is not None and in_new and not in_old:
                self.closed.new.append(text)  # typed at the end of an anchor's text
                for change in revisions:
                    self.closed.authors.append(author_of(change))
                    if date_of(change):
                        self.closed.dates.append(str(date_of(change)))
                return
            self.closed = None
            if revisions:
                change = revisions[0]
                if in_new and not in_old:
                    self.pending.append((text, author_of(change), date_of(change)))
                else:
                    self._loose(change, text)
            elif self.pending and text.strip():
                self._flush_pending()
            return
        for stretch in self.open.values():
            if in_old:
                stretch.old.append(text)
            if in_new:
                stretch.new.append(text)
        if revisions:
            for change in revisions:
                self._note_author(change)

    def _boxed(self, paragraph: Any, text: str) -> None:
        """Text in a text box: the data has none (a built document holds no shapes)."""
        box = paragraph.getparent()
        if self.loose_index.get(paragraph) is None and paragraph.getprevious() is not None:
            text = " " + text  # the box's next paragraph
        self.loose_index[paragraph] = 0
        index = self.loose_index.get(box)
        if index is None:
            if next(box.iterancestors(FALLBACK), None) is not None:
                self.loose_index[box] = -1  # the same box again, for older readers
                return
            change = next(box.iterancestors(*REVISIONS), None)
            who = author_of(change) if change is not None else "unbekannt"
            at = next(iter(self.open), self.last)
            self.loose_index[box] = len(self.unmapped)
            when = date_of(change) if change is not None else None
            self.unmapped.append(RawUnmapped("", who, when, TEXT_BOX, None, at))
            index = len(self.unmapped) - 1
        if index >= 0:
            old = self.unmapped[index]
            self.unmapped[index] = replace(old, text=old.text + text)

    def _loose(self, change: Any, text: str) -> None:
        """Text of a tracked change outside any anchor, one entry per change."""
        index = self.loose_index.get(change)
        if index is None:
            self.loose_index[change] = len(self.unmapped)
            who = author_of(change)
            group = self.group(who)
            self.unmapped.append(
                RawUnmapped(
                    text, who, date_of(change), self.reason, group=group, place=self.current
                )
            )
            return
        old = self.unmapped[index]
        self.unmapped[index] = replace(old, text=old.text + text)

    def _flush_pending(self) -> None:
        """Inserted text outside any anchor: generated text changed, or a new paragraph."""
        reason = self.reason
        after = None
        if reason == REASONS["other"] and not self.kept:  # a paragraph of its own
            reason, after = INSERTED, self.last
        for text, author, date in self.pending:
            if text.strip():
                self.unmapped.append(RawUnmapped(text, author, date, reason, after,
                                                 group=self.group(author), place=self.current))  # fmt: skip
        self.pending = []

    def _bookmark_start(self, element: Any) -> None:
        name = str(element.get(f"{W}name") or "")
        if parse_name(name) is None:
            return
        if element.getparent().tag == P:
            self._enter(element.getparent())
        self.ids[str(element.get(f"{W}id"))] = name
        if name in self.open:
            return  # LibreOffice repeats a bookmark that spans paragraphs: one range
        stretch = self.anchors.setdefault(name, Stretch())
        self.open[name] = stretch
        for text, author, date in self.pending:  # typed just before the anchor's text
            stretch.new.append(text)
            stretch.authors.append(author)
            if date:
                stretch.dates.append(date)
        self.pending = []

    def _comment_end(self, cid: str) -> None:
        if cid in self.comment_ranges:
            return
        quoted, names = self.comment_open.pop(cid, ([], dict.fromkeys(self.open)))
        self.comment_ranges[cid] = (quoted_text(quoted), tuple(names))

    def _formatting(self, change: Any, owner: Any) -> None:
        author = author_of(change)
        names = list(self.open)
        if not names and owner is not None:  # a paragraph's properties precede its anchor
            paragraph = owner if owner.tag == P else owner.getparent()
            starts = paragraph.iterchildren(BM_START) if paragraph is not None else ()
            names = [n for n in (str(b.get(f"{W}name") or "") for b in starts) if parse_name(n)]
        for name in names:
            self.formatting.setdefault(name, []).append(author)
        if names:
            return
        text = "".join(owner.itertext()).strip() if owner is not None else ""
        self.unmapped.append(RawUnmapped(text, author, date_of(change), FORMATTING))
