"""Reading a reviewed copy: per anchor the text before and after the tracked changes.

A reviewer's .docx is untrusted: the zip's parts are bounded in size and ratio, XML is
parsed without DTDs, entity expansion or network, and only the parts we need are read.
One pass over the body in document order collects, for every anchor (see
`documents.anchors`), the text as it was (deletions kept, insertions left out) and as it
is now, and who changed it; tracked changes outside any anchor and formatting-only
changes are listed with a reason, comments with the anchors their range touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from konzeptdoc.documents.anchors import parse_name
from konzeptdoc.documents.xmltext import W_NS
from konzeptdoc.review import footnotes
from konzeptdoc.review.parts import custom_properties, parse_xml, read_parts

_W = f"{{{W_NS}}}"
P, T, DEL_TEXT, TAB, BR = (f"{_W}{n}" for n in ("p", "t", "delText", "tab", "br"))
CR, HYPHEN, SYM = f"{_W}cr", f"{_W}noBreakHyphen", f"{_W}sym"
#: What the elements that stand for a character read as (a tab or break is whitespace).
_CHARACTERS = {TAB: " ", BR: "\n", CR: "\n", HYPHEN: "-"}
_TEXTS = (T, DEL_TEXT, TAB, BR, CR, HYPHEN, SYM)
#: A character of a symbol font (Word's Einfügen → Symbol writes w:sym): its code is the
#: font's own (Symbol, Wingdings: U+F020–U+F0FF), not a Unicode character – no text to keep.
SYMBOL = "\ufffc"
INS, DEL, MOVE_FROM, MOVE_TO = (f"{_W}{n}" for n in ("ins", "del", "moveFrom", "moveTo"))
BM_START, BM_END = f"{_W}bookmarkStart", f"{_W}bookmarkEnd"
C_START, C_END, C_REF = f"{_W}commentRangeStart", f"{_W}commentRangeEnd", f"{_W}commentReference"
RPR_CHANGE, PPR_CHANGE = f"{_W}rPrChange", f"{_W}pPrChange"
TBL, RPR, PPR, TABS = f"{_W}tbl", f"{_W}rPr", f"{_W}pPr", f"{_W}tabs"
_STYLE = f"{_W}pPr/{_W}pStyle"
_REVISIONS = {INS, DEL, MOVE_FROM, MOVE_TO}
_NOT_OLD, _NOT_NEW = {INS, MOVE_TO}, {DEL, MOVE_FROM}
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"

FORMATTING = "nur die Formatierung geändert – wird nicht übernommen"
REASONS = {
    "toc": "Inhaltsverzeichnis – wird beim Erstellen erzeugt, nicht übernommen",
    "heading": "Überschrift oder Nummer – wird aus den Daten erzeugt, nicht übernommen",
    "table": "Tabelle – wird aus den Daten erzeugt; Werte bitte in den Dateien ändern",
    "header": "Kopf- oder Fußzeile – wird beim Erstellen erzeugt, nicht übernommen",
    "other": "erzeugter Text (keine Angabe der Daten) – nicht übernommen",
}
#: New text between the data's texts: an empty optional text has no place in a document.
INSERTED = (
    "neuer Text, der zu keiner Angabe gehört – nicht übernommen; eine leere Angabe (etwa eine "
    "fehlende Beschreibung) hat im Dokument keine Stelle: bitte in den Dateien eintragen"
)


@dataclass
class Stretch:
    """What one anchor holds in one document."""

    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class RawUnmapped:
    text: str
    author: str
    date: str | None
    reason: str
    after: str | None = None  # new text: the anchor whose text ends before it
    at: str | None = None  # a footnote: the anchor its reference is in (or last ended before)


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
    comments = _comments(parts, path, walker)
    return ReadDocument(
        path, properties, walker.anchors, comments, walker.unmapped, walker.formatting
    )


class _Walker:
    """One pass over a body in document order."""

    def __init__(self) -> None:
        self.anchors: dict[str, Stretch] = {}
        self.unmapped: list[RawUnmapped] = []
        self.formatting: dict[str, list[str]] = {}
        self.open: dict[str, Stretch] = {}  # anchor name → its stretch, while open
        self.ids: dict[str, str] = {}  # bookmark id → anchor name
        self.comment_open: dict[str, tuple[list[str], dict[str, None]]] = {}  # in order
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
        tags = (*_TEXTS, BM_START, BM_END, C_START, C_END, C_REF, RPR_CHANGE, PPR_CHANGE)
        for element in root.iter(*tags, *footnotes.REFERENCES):
            tag = element.tag
            if tag in footnotes.REFERENCES:
                at = next(iter(self.open), self.last)
                self.note_at[(tag, str(element.get(f"{_W}id")))] = at
            elif tag in _TEXTS:
                self._text(element, tag)
            elif tag == BM_START:
                self._bookmark_start(element)
            elif tag == BM_END:
                name = self.ids.get(str(element.get(f"{_W}id")))
                closed = self.open.pop(name, None) if name is not None else None
                if closed is not None:
                    self.pending = []
                    self.closed = closed  # takes what is typed right after its text
                    self.last = name
            elif tag == C_START:
                self.comment_open[str(element.get(f"{_W}id"))] = ([], dict.fromkeys(self.open))
            elif tag in (C_END, C_REF):
                self._comment_end(str(element.get(f"{_W}id")))
            else:  # rPrChange, pPrChange: the run's or the paragraph's formatting
                self._formatting(element, element.getparent().getparent())
        self._flush_pending()
        self.comment_ranges.update(
            {
                cid: ("".join(text).strip(), tuple(names))
                for cid, (text, names) in self.comment_open.items()
            }
        )

    def loose(self, root: Any, reason: str) -> None:
        """Tracked changes in a part that holds no data (headers, footers)."""
        for element in root.iter(INS, DEL, MOVE_FROM, MOVE_TO):
            text = "".join(element.itertext()).strip()
            if text:
                self.unmapped.append(RawUnmapped(text, _author(element), _date(element), reason))

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
        pstyle = element.find(_STYLE)
        style = (pstyle.get(f"{_W}val") or "").lower() if pstyle is not None else ""
        if style.startswith(("toc", "verzeichnis", "inhaltsverzeichnis")):
            return REASONS["toc"]
        if style.startswith(("heading", "berschrift", "überschrift", "title", "titel")):
            return REASONS["heading"]
        if next(element.iterancestors(TBL), None) is not None:
            return REASONS["table"]
        return REASONS["other"]

    def _note_author(self, change: Any) -> None:
        for stretch in self.open.values():
            stretch.authors.append(_author(change))
            date = _date(change)
            if date:
                stretch.dates.append(date)

    def _text(self, element: Any, tag: str) -> None:
        if tag in (T, DEL_TEXT):
            text = element.text or ""
        elif element.getparent().tag == TABS:  # a tab stop of the paragraph, not a tab
            return
        else:
            text = _symbol(element) if tag == SYM else _CHARACTERS[tag]
        if not text:
            return
        revisions: list[Any] = []
        parent = element.getparent()
        while parent is not None and parent.tag != P:
            if parent.tag in _REVISIONS:
                revisions.append(parent)
            parent = parent.getparent()
        if parent is not None:
            self._enter(parent)
        if not revisions:
            self.kept = True
        kinds = {r.tag for r in revisions}
        in_old = not kinds & _NOT_OLD
        in_new = tag != DEL_TEXT and not kinds & _NOT_NEW
        for quoted, names in self.comment_open.values():
            names.update(dict.fromkeys(self.open))
            if in_new:
                quoted.append(text)
        if not self.open:
            if revisions and self.closed is not None and in_new and not in_old:
                self.closed.new.append(text)  # typed at the end of an anchor's text
                for change in revisions:
                    self.closed.authors.append(_author(change))
                    if _date(change):
                        self.closed.dates.append(str(_date(change)))
                return
            self.closed = None
            if revisions:
                change = revisions[0]
                if in_new and not in_old:
                    self.pending.append((text, _author(change), _date(change)))
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

    def _loose(self, change: Any, text: str) -> None:
        """Text of a tracked change outside any anchor, one entry per change."""
        index = self.loose_index.get(change)
        if index is None:
            self.loose_index[change] = len(self.unmapped)
            self.unmapped.append(RawUnmapped(text, _author(change), _date(change), self.reason))
            return
        old = self.unmapped[index]
        self.unmapped[index] = RawUnmapped(old.text + text, old.author, old.date, old.reason)

    def _flush_pending(self) -> None:
        """Inserted text outside any anchor: generated text changed, or a new paragraph."""
        reason = self.reason
        after = None
        if reason == REASONS["other"] and not self.kept:  # a paragraph of its own
            reason, after = INSERTED, self.last
        for text, author, date in self.pending:
            if text.strip():
                self.unmapped.append(RawUnmapped(text, author, date, reason, after))
        self.pending = []

    def _bookmark_start(self, element: Any) -> None:
        name = str(element.get(f"{_W}name") or "")
        if parse_name(name) is None:
            return
        if element.getparent().tag == P:
            self._enter(element.getparent())
        self.ids[str(element.get(f"{_W}id"))] = name
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
        self.comment_ranges[cid] = ("".join(quoted).strip(), tuple(names))

    def _formatting(self, change: Any, owner: Any) -> None:
        author = _author(change)
        if self.open:
            for name in self.open:
                self.formatting.setdefault(name, []).append(author)
            return
        text = "".join(owner.itertext()).strip() if owner is not None else ""
        self.unmapped.append(RawUnmapped(text, author, _date(change), FORMATTING))


def _symbol(element: Any) -> str:
    """A w:sym's character: a Unicode one as itself, a symbol font's own code as SYMBOL."""
    try:
        code = int(str(element.get(f"{_W}char") or ""), 16)
    except ValueError:
        return SYMBOL
    if code < 0x20 or 0xD800 <= code < 0xF900 or code > 0x10FFFF:  # control, surrogate, private
        return SYMBOL
    return chr(code)


def _author(element: Any) -> str:
    return str(element.get(f"{_W}author") or "").strip() or "unbekannt"


def _date(element: Any) -> str | None:
    value = str(element.get(f"{_W}date") or "").strip()
    return value or None


def _comment_line(paragraph: Any) -> str:
    """One paragraph of a comment's text (a tab or line break keeps its words apart)."""
    return "".join(
        e.text or "" if e.tag == T else _CHARACTERS.get(e.tag, "")
        for e in paragraph.iter(T, TAB, BR, CR, HYPHEN)
        if e.getparent().tag != TABS
    )


def _comments(parts: dict[str, bytes], path: Path, walker: _Walker) -> list[RawComment]:
    data = parts.get("word/comments.xml")
    if not data:
        return []
    root = parse_xml(data, path, "word/comments.xml")
    by_para: dict[str, str] = {}
    found: list[tuple[str, str, str | None, str]] = []
    for comment in root.iter(f"{_W}comment"):
        cid = str(comment.get(f"{_W}id"))
        paragraphs = list(comment.iter(P))
        text = "\n".join(_comment_line(p) for p in paragraphs).strip()
        if paragraphs:
            para_id = paragraphs[-1].get(f"{_W14}paraId")
            if para_id:
                by_para[para_id] = cid
        found.append((cid, _author(comment), _date(comment), text))
    parents: dict[str, str] = {}
    done: set[str] = set()
    extended = parts.get("word/commentsExtended.xml")
    if extended:
        for entry in parse_xml(extended, path, "word/commentsExtended.xml").iter(
            f"{_W15}commentEx"
        ):
            child = by_para.get(str(entry.get(f"{_W15}paraId")))
            parent = by_para.get(str(entry.get(f"{_W15}paraIdParent") or ""))
            if child is not None and parent is not None:
                parents[child] = parent
            if child is not None and entry.get(f"{_W15}done") in ("1", "true", "on"):
                done.add(child)
    out = []
    for cid, author, date, text in found:
        quoted, names = walker.comment_ranges.get(cid, ("", ()))
        out.append(
            RawComment(cid, author, date, text, quoted, names, parents.get(cid), cid in done)
        )
    return out
