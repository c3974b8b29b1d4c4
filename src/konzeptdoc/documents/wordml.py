"""WordprocessingML for a document body, written in bulk as one string.

Every text goes through `esc` (xmltext) – escaping is done by construction, never by
convention – and the whole body is spliced into the template as text (ARCHITECTURE decision
4): one python-docx call per paragraph would be about a hundred times slower at concept
scale. Tables are written by `tables`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import TYPE_CHECKING

from konzeptdoc.documents.anchors import Anchors
from konzeptdoc.documents.tables import CellStarts, table_xml
from konzeptdoc.documents.xmltext import R_NS, W_NS, Xml, attr, esc, run
from konzeptdoc.model.text import Block, ListBlock, Paragraph, Run, parse

if TYPE_CHECKING:
    from konzeptdoc.documents.comments import Comment

__all__ = [
    "R_NS",
    "TOC_MARK",
    "W_NS",
    "Body",
    "Lists",
    "Styles",
    "Xml",
    "attr",
    "esc",
    "run",
]

TOC_MARK = "<!--konzeptdoc:toc-->"


@dataclass(frozen=True)
class Styles:
    """The style ids of the template, looked up by style name when the template loads."""

    title: str
    subtitle: str
    heading: tuple[str, str, str]
    normal: str
    list_paragraph: str
    table: str
    table_text: str
    toc_heading: str
    toc: tuple[str, str, str]
    hyperlink: str | None
    meta: str
    caption: str
    table_font_pt: float = 10.0  # the table text's size, for column widths


@dataclass
class Lists:
    """List instances the body uses; `package` writes them into numbering.xml."""

    bullet_num: int = 1
    next_num: int = 2
    ordered: list[tuple[int, int]] = field(default_factory=list)  # (numId, start)

    def new_ordered(self, start: int) -> int:
        number = self.next_num
        self.next_num += 1
        self.ordered.append((number, start))
        return number


class Body:
    """Collects the body of a document as WordprocessingML."""

    def __init__(
        self,
        styles: Styles,
        link: Callable[[str], str | None],
        text_width: int = 9070,
        first_list: int = 1,
        anchors: bool = True,
    ) -> None:
        self.styles = styles
        self.link = link
        self.text_width = text_width  # twips between the margins: tables fill it
        self.parts: list[str] = []
        self.lists = Lists(bullet_num=first_list, next_num=first_list + 1)  # above the template's
        self.toc_entries: list[tuple[int, str, str]] = []
        self._bookmark = 0
        #: Per table layout the openings of its cells (see `tables`), built once per body.
        self.cell_starts: CellStarts = {}
        #: (index of the first part, entity id): which entity each part of the body shows.
        self.entity_marks: list[tuple[int, str | None]] = [(0, None)]
        self._mark_starts: list[int] = []  # their starts, listed anew only when marks are added
        #: Bookmarks tying texts to entity and key (see `anchors`); off for redlines.
        self.anchors = Anchors(anchors)
        #: Word comments the document carries, and which of them the body places (a
        #: redline's reviewers' notes; see `comments`).
        self.comments: tuple[Sequence[Comment], list[int]] | None = None

    def cell(self, text: str | None, entity_id: str, key: str) -> str:
        """A table cell's plain text, anchored as the entity's data (a dash for none)."""
        return self.anchors.cell(text, entity_id, key)

    def begin(self, entity_id: str | None) -> None:
        """The parts that follow show this entity (for tracked changes by its author)."""
        self.entity_marks.append((len(self.parts), entity_id))

    def entity_of(self, part: int) -> str | None:
        """The entity the part with this index shows."""
        import bisect

        if len(self._mark_starts) != len(self.entity_marks):
            self._mark_starts = [m[0] for m in self.entity_marks]
        index = bisect.bisect_right(self._mark_starts, part) - 1
        return self.entity_marks[index][1]

    # -- paragraphs -----------------------------------------------------------------------

    def heading(
        self,
        level: int,
        text: str,
        *,
        page_break: bool = False,
        prefix: str = "",
        anchor: tuple[str, str] | None = None,
    ) -> None:
        """A heading (level 1–3) with a bookmark, listed in the table of contents.

        `prefix` (a chapter number) goes before `text`; `anchor` (entity id, key) marks
        `text` alone as that entity's data.
        """
        start, end = self.anchors.pair(*anchor) if anchor else ("", "")
        content = f"{run(prefix) if prefix else ''}{start}{run(text, urls=True)}{end}"
        text = prefix + text
        self._bookmark += 1
        toc = f"_Toc{self._bookmark:06d}"
        self.toc_entries.append((level, text, toc))
        ppr = f'<w:pStyle w:val="{self.styles.heading[level - 1]}"/>'
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        self.parts.append(
            f'<w:p><w:pPr>{ppr}</w:pPr><w:bookmarkStart w:id="{self._bookmark}" w:name="{toc}"/>'
            f'{content}<w:bookmarkEnd w:id="{self._bookmark}"/></w:p>'
        )

    def paragraph(
        self,
        content: str | Sequence[Run],
        style: str | None = None,
        *,
        keep_next: bool = False,
        page_break: bool = False,
        anchor: tuple[str, str] | None = None,
    ) -> None:
        """One paragraph of plain text (or runs); empty text writes nothing.

        `anchor` (entity id, key) marks the last run as that entity's data.
        """
        runs = [Run(content)] if isinstance(content, str) else content
        if not any([r.text.strip() for r in runs]):
            return
        xml = self.paragraph_xml(runs[:-1] if anchor else runs, style, keep_next=keep_next,
                              page_break=page_break)  # fmt: skip
        if anchor:
            start, end = self.anchors.pair(*anchor)
            xml = f"{xml[:-6]}{start}{self._runs(runs[-1:])}{end}</w:p>"  # before "</w:p>"
        self.parts.append(xml)

    def field_line(self, name: str, value: str, style: str | None = None) -> None:
        """ "Name: value" with the name in bold (for metadata lines)."""
        self.paragraph([Run(f"{name}: ", bold=True), Run(value)], style or self.styles.meta)

    def markdown(
        self,
        source: str | None,
        style: str | None = None,
        anchor: tuple[str, str] | None = None,
        *,
        keep_next: bool = False,
    ) -> None:
        """A text value: paragraphs, lists, bold, italic, links; `anchor` (entity id, key)
        marks all of it as that entity's data. `keep_next` keeps its last paragraph on the
        page of what follows (a measure's description with the measure's table)."""
        if not source:
            return
        blocks = parse(source)
        if len(blocks) == 1 and type(blocks[0]) is Paragraph:
            # Most texts are one paragraph: written with its marks at once, not patched after.
            runs = blocks[0].runs
            if any(r.text.strip() for r in runs):
                marks = self.anchors.pair(*anchor) if anchor else ("", "")
                self.parts.append(self.paragraph_xml(runs, style, keep_next=keep_next, marks=marks))
            return
        if blocks:
            parts = self.blocks(blocks, style)
            if keep_next and parts:
                parts[-1] = kept_with_next(parts[-1])
            if anchor and parts:
                anchored(parts, *self.anchors.pair(*anchor))
            self.parts.extend(parts)

    def blocks(self, blocks: Iterable[Block], style: str | None = None) -> list[str]:
        out: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                if any(r.text.strip() for r in block.runs):
                    out.append(self.paragraph_xml(block.runs, style))
            else:
                out.extend(self._list(block, style, 0))
        return out

    def _list(self, block: ListBlock, style: str | None, level: int) -> list[str]:
        num = self.lists.new_ordered(block.start) if block.ordered else self.lists.bullet_num
        out: list[str] = []
        for item in block.items:
            first = True
            for inner in item.blocks:
                if isinstance(inner, Paragraph):
                    if any(r.text.strip() for r in inner.runs):
                        out.append(self.paragraph_xml(inner.runs, self.styles.list_paragraph,
                                                   num=num if first else None, level=level,
                                                   indent=None if first else level))  # fmt: skip
                        first = False
                else:
                    out.extend(self._list(inner, style, min(level + 1, 8)))
        return out

    def paragraph_xml(
        self,
        runs: Sequence[Run],
        style: str | None,
        *,
        num: int | None = None,
        level: int = 0,
        keep_next: bool = False,
        page_break: bool = False,
        indent: int | None = None,
        marks: tuple[str, str] = ("", ""),
    ) -> str:
        """A paragraph of `runs`; `marks` (a bookmark's start and end) go around them."""
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if num is not None:
            ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
        elif indent is not None:
            ppr += f'<w:ind w:left="{720 + 360 * indent}"/>'
        start, end = marks
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{start}{self._runs(runs)}{end}</w:p>"

    def _runs(self, runs: Sequence[Run]) -> str:
        out = []
        for item in runs:
            if item.link:
                xml = run(item.text, bold=item.bold, italic=item.italic,
                          style=self.styles.hyperlink, urls=True)  # fmt: skip
                target = self.link(item.link)
                out.append(
                    f'<w:hyperlink r:id="{target}" w:history="1">{xml}</w:hyperlink>'
                    if target
                    else xml
                )
            else:
                out.append(run(item.text, bold=item.bold, italic=item.italic, urls=True))
        return "".join(out)

    # -- tables and the table of contents -------------------------------------------------

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str | Sequence[Run]]],
        widths: Sequence[int],
        *,
        caption: str | None = None,
        unbroken: Collection[int] = (),
    ) -> None:
        """A table whose first row repeats on every page as the header row.

        `widths` are the columns' shares; see `tables.table_xml` for how they are fitted,
        and `unbroken` for columns whose words must not break (dates, times, states).
        """
        if caption:
            self.paragraph(caption, self.styles.caption, keep_next=True)
        self.parts.append(table_xml(self, header, rows, widths, unbroken))

    def toc(self, title: str) -> None:
        """Where the table of contents goes (on a page of its own, after the title page)."""
        self.paragraph(title, self.styles.toc_heading, page_break=True)
        self.parts.append(TOC_MARK)

    def toc_xml(self, pages: dict[str, int] | None = None, field: bool = True) -> str:
        """A TOC field whose entries are already there: headings as links, page numbers from
        `pages` (anchor → page) where a finalize step measured them. Without `field` the
        entries stand alone (LibreOffice then computes their PAGEREF fields itself)."""
        entries = [(level, text, anchor) for level, text, anchor in self.toc_entries if level <= 3]
        if not entries:
            return ""
        out = []
        for number, (level, text, anchor) in enumerate(entries):
            start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                     ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     if number == 0 and field else "")  # fmt: skip
            page = str(pages[anchor]) if pages and anchor in pages else ""
            pageref = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                       f' PAGEREF {anchor} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                       f'{run(page) if page else ""}<w:r><w:fldChar w:fldCharType="end"/></w:r>')  # fmt: skip
            last = number == len(entries) - 1 and field
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if last else ""
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.styles.toc[level - 1]}"/></w:pPr>{start}'
                       f'<w:hyperlink w:anchor="{anchor}" w:history="1">{run(text)}<w:r><w:tab/></w:r>'
                       f"{pageref}</w:hyperlink>{end}</w:p>")  # fmt: skip
        return "".join(out)

    def xml(self, pages: dict[str, int] | None = None, toc_field: bool = True) -> str:
        return "".join(self._final(pages, toc_field))

    def xml_bytes(self, pages: dict[str, int] | None = None, toc_field: bool = True) -> bytes:
        """`xml` in UTF-8, encoded part by part: most parts are Latin-1 text, whose encoding
        is fast, where the joined body would be one string of two-byte characters (a dash
        or a quotation mark in any part makes it one) encoded at a third of that speed."""
        return b"".join([part.encode("utf-8") for part in self._final(pages, toc_field)])

    def _final(self, pages: dict[str, int] | None, toc_field: bool) -> list[str]:
        # The mark is one of the parts: replacing it there spares copying megabytes twice.
        parts = self.parts
        if TOC_MARK in parts:
            at = parts.index(TOC_MARK)
            parts = [*parts[:at], self.toc_xml(pages, toc_field), *parts[at + 1 :]]
        return self.spaced_after_tables(parts)

    def spaced_after_tables(self, parts: list[str]) -> list[str]:
        """Text right after a table starts a line lower (a heading has its own space):
        Word puts no space below a table, and text would stick to its last row."""
        headings = tuple(f'<w:p><w:pPr><w:pStyle w:val="{h}"/>' for h in self.styles.heading)
        out = parts
        # The tables found in C: a loop over a concept's 15,000 parts cost a millisecond.
        tables = compress(range(len(parts) - 1), map(str.startswith, parts, repeat("<w:tbl>")))
        for number in tables:
            following = parts[number + 1]
            if following.startswith("<w:p>"):
                if following.startswith(headings):
                    continue
                if out is parts:
                    out = list(parts)  # copied once, only where a table is followed by text
                out[number + 1] = space_before(following)
        return out


_SPACE = '<w:spacing w:before="160"/>'


def space_before(paragraph: str) -> str:
    """The paragraph with space before it, in pPr's schema order (after numPr, before ind)."""
    if not paragraph.startswith("<w:p><w:pPr>"):
        return f"<w:p><w:pPr>{_SPACE}</w:pPr>{paragraph[5:]}"
    end = paragraph.index("</w:pPr>")
    if paragraph.find("<w:spacing", 0, end) >= 0:
        return paragraph
    later = _AFTER_SPACING.search(paragraph, 0, end)  # e.g. a tracked paragraph mark's rPr
    at = later.start() if later else end
    return paragraph[:at] + _SPACE + paragraph[at:]


#: The pPr children that come after w:spacing in the schema's order.
_AFTER_SPACING = re.compile(
    r"<w:(?:ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|textAlignment"
    r"|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)[ />]"
)


def anchored(parts: list[str], start: str, end: str) -> None:
    """Put a bookmark's start into the first paragraph of `parts` and its end into the last."""
    if not start:
        return
    first = parts[0]
    at = first.index("</w:pPr>") + len("</w:pPr>") if first.startswith("<w:p><w:pPr>") else 5
    parts[0] = first[:at] + start + first[at:]
    parts[-1] = parts[-1][: -len("</w:p>")] + end + "</w:p>"


def kept_with_next(paragraph: str) -> str:
    """The paragraph with keep-with-next (after its style, where the schema wants it)."""
    if not paragraph.startswith("<w:p>") or "<w:keepNext/>" in paragraph:
        return paragraph
    if not paragraph.startswith("<w:p><w:pPr>"):
        return f"<w:p><w:pPr><w:keepNext/></w:pPr>{paragraph[len('<w:p>') :]}"
    at = len("<w:p><w:pPr>")
    if paragraph.startswith("<w:pStyle ", at):
        at = paragraph.index("/>", at) + 2
    return f"{paragraph[:at]}<w:keepNext/>{paragraph[at:]}"
