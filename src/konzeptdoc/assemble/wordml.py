"""WordprocessingML for a document body, written in bulk as one string.

Every text goes through `esc` – escaping is done by construction, never by convention – and
the whole body is parsed once and inserted into the template (ARCHITECTURE decision 4): one
python-docx call per paragraph would be about a hundred times slower at concept scale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ..text import Block, ListBlock, Paragraph, Run, parse
from .columns import auto, fit, might_break, widest_word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TOC_MARK = "<!--konzeptdoc:toc-->"


# A cell value that needs no escaping, no xml:space and no line or tab handling.
_PLAIN_CELL = re.compile(r"(?:[^\s&<>]+(?: [^\s&<>]+)*)?")
_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"


def _t(text: str) -> str:
    """A w:t element; xml:space="preserve" only where edge spaces would otherwise be lost."""
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:t>{esc(text)}</w:t>"


def esc(text: str) -> str:
    """Text for an element's content (most text needs no escaping: checked first, cheaply).

    Written out rather than taken from xml.sax.saxutils, whose import pulls in urllib and
    costs a first build 9 ms.
    """
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """Text for an attribute value in double quotes."""
    return esc(text).replace('"', "&quot;")


class Xml(str):
    """A table cell's content given as finished paragraph XML (already escaped)."""

    __slots__ = ()


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
    ) -> None:
        self.styles = styles
        self.link = link
        self.text_width = text_width  # twips between the margins: tables fill it
        self.parts: list[str] = []
        self.lists = Lists(bullet_num=first_list, next_num=first_list + 1)  # above the template's
        self.toc_entries: list[tuple[int, str, str]] = []
        self._bookmark = 0
        self._starts: dict[tuple[tuple[int, ...], bool], list[tuple[str, str]]] = {}
        #: (index of the first part, entity id): which entity each part of the body shows.
        self.entity_marks: list[tuple[int, str | None]] = [(0, None)]

    def begin(self, entity_id: str | None) -> None:
        """The parts that follow show this entity (for tracked changes by its author)."""
        self.entity_marks.append((len(self.parts), entity_id))

    def entity_of(self, part: int) -> str | None:
        """The entity the part with this index shows."""
        import bisect

        index = bisect.bisect_right([m[0] for m in self.entity_marks], part) - 1
        return self.entity_marks[index][1]

    # -- paragraphs -----------------------------------------------------------------------

    def heading(self, level: int, text: str, *, page_break: bool = False) -> None:
        """A heading (level 1–3) with a bookmark, listed in the table of contents."""
        self._bookmark += 1
        anchor = f"_Toc{self._bookmark:06d}"
        self.toc_entries.append((level, text, anchor))
        ppr = f'<w:pStyle w:val="{self.styles.heading[level - 1]}"/>'
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        self.parts.append(
            f'<w:p><w:pPr>{ppr}</w:pPr><w:bookmarkStart w:id="{self._bookmark}" w:name="{anchor}"/>'
            f'{run(text)}<w:bookmarkEnd w:id="{self._bookmark}"/></w:p>'
        )

    def paragraph(
        self,
        content: str | Sequence[Run],
        style: str | None = None,
        *,
        keep_next: bool = False,
        page_break: bool = False,
    ) -> None:
        """One paragraph of plain text (or runs); empty text writes nothing."""
        runs = [Run(content)] if isinstance(content, str) else list(content)
        if not any(r.text.strip() for r in runs):
            return
        self.parts.append(self._paragraph(runs, style, keep_next=keep_next, page_break=page_break))

    def field_line(self, name: str, value: str, style: str | None = None) -> None:
        """ "Name: value" with the name in bold (for metadata lines)."""
        self.paragraph([Run(f"{name}: ", bold=True), Run(value)], style or self.styles.meta)

    def markdown(self, source: str | None, style: str | None = None) -> None:
        """A text value: paragraphs, lists, bold, italic, links."""
        if source:
            self.parts.extend(self.blocks(parse(source), style))

    def blocks(self, blocks: Iterable[Block], style: str | None = None) -> list[str]:
        out: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                if any(r.text.strip() for r in block.runs):
                    out.append(self._paragraph(block.runs, style))
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
                        out.append(self._paragraph(inner.runs, self.styles.list_paragraph,
                                                   num=num if first else None, level=level,
                                                   indent=None if first else level))  # fmt: skip
                        first = False
                else:
                    out.extend(self._list(inner, style, min(level + 1, 8)))
        return out

    def _paragraph(
        self,
        runs: Sequence[Run],
        style: str | None,
        *,
        num: int | None = None,
        level: int = 0,
        keep_next: bool = False,
        page_break: bool = False,
        indent: int | None = None,
    ) -> str:
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if num is not None:
            ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
        elif indent is not None:
            ppr += f'<w:ind w:left="{720 + 360 * indent}"/>'
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(self._runs(runs))}</w:p>"

    def _runs(self, runs: Sequence[Run]) -> Iterable[str]:
        for item in runs:
            xml = run(item.text, bold=item.bold, italic=item.italic,
                      style=self.styles.hyperlink if item.link else None)  # fmt: skip
            target = self.link(item.link) if item.link else None
            yield (
                f'<w:hyperlink r:id="{target}" w:history="1">{xml}</w:hyperlink>' if target else xml
            )

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

        `widths` are the columns' shares. Columns are widened where a header word would
        break, or a word of a column listed in `unbroken` (dates, times, amounts, states):
        see `columns.fit`.
        """
        if caption:
            self.paragraph(caption, self.styles.caption, keep_next=True)
        size = self.styles.table_font_pt
        rows = rows if isinstance(rows, list) else list(rows)
        whole, total = sum(widths), self.text_width
        if len(widths) > 3:  # a wide table is laid out by its content, like a browser's
            texts = [{v for r in rows if type(v := r[c]) is str} for c in range(len(widths))]
            formatted = [any(type(r[c]) is not str for r in rows) for c in range(len(widths))]
            longest = tuple(  # a column with formatted runs is not measured: it may take room
                10**4 if rich else max(map(len, plain), default=0)
                for plain, rich in zip(texts, formatted, strict=True)
            )
            words = tuple(widest_word(plain, size) for plain in texts)
            twips = auto(tuple(widths), tuple(header), words, longest, total, size)
        else:
            keep = tuple(
                widest_word({v for r in rows if isinstance(v := r[c], str)}, size)
                if c in unbroken else "" for c in range(len(widths))
            )  # fmt: skip
            # Headers that cannot break are left out of fit's cache key ("Maßnahme m-…").
            risky = tuple(
                h if might_break(h, total * share // whole, size) else ""
                for h, share in zip(header, widths, strict=True)
            )
            twips = fit(tuple(widths), risky, keep, total, size)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles.table}"/><w:tblW w:w="5000" w:type="pct"/>'
               '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"]  # fmt: skip
        out.append(self._row(header, self._cell_starts(twips, True), _HEADER_ROW, bold=True))
        starts = self._cell_starts(twips, False)
        row = self._row
        out.extend([row(cells, starts, _ROW) for cells in rows])
        out.append("</w:tbl>")
        self.parts.append("".join(out))

    def _row(
        self,
        cells: Sequence[str | Sequence[Run]],
        starts: list[tuple[str, str]],
        opening: str,
        bold: bool = False,
    ) -> str:
        out = [opening]
        for cell, (xml_start, run_start) in zip(cells, starts, strict=True):
            if type(cell) is str and _PLAIN_CELL.fullmatch(cell):
                # The common case, written directly: one value that needs no escaping,
                # no xml:space and no line or tab handling.
                out.append(f"{run_start}<w:t>{cell}</w:t></w:r></w:p></w:tc>" if cell
                           else f"{run_start}</w:r></w:p></w:tc>")  # fmt: skip
            elif isinstance(cell, Xml):
                out.append(f"{xml_start}{cell}</w:tc>")
            elif isinstance(cell, str) and "\n" not in cell and "\t" not in cell:
                out.append(f"{run_start}{_t(cell)}</w:r></w:p></w:tc>")
            else:
                runs = [Run(cell, bold=bold)] if isinstance(cell, str) else list(cell)
                out.append(f"{xml_start}{self._paragraph(runs, self.styles.table_text)}</w:tc>")
        out.append("</w:tr>")
        return "".join(out)

    def _cell_starts(self, widths: tuple[int, ...], header: bool) -> list[tuple[str, str]]:
        """Per column: the cell's opening XML, and that plus the opening of a one-run paragraph.

        Computed once per table layout; a 1,200-row table would otherwise build them 12,000 times.
        """
        key = (widths, header)
        cached = self._starts.get(key)
        if cached is None:
            # The header row's cells carry their widths: LibreOffice sizes the columns by the
            # first row's cells, not by the grid alone. Later rows leave them out, a fifth of
            # a plan's XML: LibreOffice renders the same pages (compared pixel by pixel over
            # the samples), and Word lays out a fixed table by its grid.
            shading = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
            bold = "<w:rPr><w:b/></w:rPr>" if header else ""
            paragraph = (
                f'<w:p><w:pPr><w:pStyle w:val="{self.styles.table_text}"/></w:pPr><w:r>{bold}'
            )
            total = sum(widths)
            shares = [w * 5000 // total for w in widths]  # fiftieths of a percent
            shares[-1] += 5000 - sum(shares)
            opening = [f'<w:tc><w:tcPr><w:tcW w:w="{share}" w:type="pct"/>{shading}</w:tcPr>'
                       if header else "<w:tc>" for share in shares]  # fmt: skip
            cached = [(start, start + paragraph) for start in opening]
            self._starts[key] = cached
        return cached

    def toc(self, title: str) -> None:
        """Where the table of contents goes (on a page of its own, after the title page)."""
        self.paragraph(title, self.styles.toc_heading, page_break=True)
        self.parts.append(TOC_MARK)

    def toc_xml(self, pages: dict[str, int] | None = None) -> str:
        """A TOC field whose entries are already there: headings as links, page numbers from
        `pages` (anchor → page) where a finalize step measured them."""
        entries = [(level, text, anchor) for level, text, anchor in self.toc_entries if level <= 3]
        if not entries:
            return ""
        out = []
        for number, (level, text, anchor) in enumerate(entries):
            start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                     ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     if number == 0 else "")  # fmt: skip
            page = str(pages[anchor]) if pages and anchor in pages else ""
            pageref = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                       f' PAGEREF {anchor} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                       f'{run(page) if page else ""}<w:r><w:fldChar w:fldCharType="end"/></w:r>')  # fmt: skip
            end = (
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if number == len(entries) - 1 else ""
            )
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.styles.toc[level - 1]}"/></w:pPr>{start}'
                       f'<w:hyperlink w:anchor="{anchor}" w:history="1">{run(text)}<w:r><w:tab/></w:r>'
                       f"{pageref}</w:hyperlink>{end}</w:p>")  # fmt: skip
        return "".join(out)

    def xml(self, pages: dict[str, int] | None = None) -> str:
        # The mark is one of the parts: replacing it there spares copying megabytes twice.
        parts = self.parts
        if TOC_MARK in parts:
            at = parts.index(TOC_MARK)
            parts = [*parts[:at], self.toc_xml(pages), *parts[at + 1 :]]
        return "".join(parts)


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    strike: bool = False,
    underline: bool = False,
    deleted: bool = False,
) -> str:
    """One run; tabs and line breaks become w:tab and w:br (w:delText inside deletions)."""
    rpr = (
        (f'<w:rStyle w:val="{style}"/>' if style else "")
        + ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + ("<w:strike/>" if strike else "")
        + ('<w:u w:val="single"/>' if underline else "")
    )
    content = []
    for number, line in enumerate(text.split("\n")):
        if number:
            content.append("<w:br/>")
        for part_number, part in enumerate(line.split("\t")):
            if part_number:
                content.append("<w:tab/>")
            if part:
                tag = "w:delText" if deleted else "w:t"
                content.append(f'<{tag} xml:space="preserve">{esc(part)}</{tag}>')
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{''.join(content)}</w:r>"
