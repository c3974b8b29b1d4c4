"""Tables, written in bulk: one string per table, the cells' openings built once per layout.

Column widths come from `columns`: a narrow table keeps its shares (widened where a header
word or an `unbroken` column's word would break); a wide one is laid out by its content.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Literal, Protocol, cast

from konzeptdoc.documents.columns import auto, breaking_length, fit, widest_word
from konzeptdoc.documents.xmltext import Anchored, Xml, text_element
from konzeptdoc.model.text import Run

#: Per table layout (column widths, row role, columns not hyphenated) its cells' openings.
CellStarts = dict[tuple[tuple[int, ...], str, frozenset[int]], list[tuple[str, str]]]


class TableStyles(Protocol):
    """The styles a table uses (`wordml.Styles` has them)."""

    @property
    def table(self) -> str: ...

    @property
    def table_text(self) -> str: ...

    @property
    def table_font_pt(self) -> float: ...


class Body(Protocol):
    """What a table needs of the body it is written into (`wordml.Body` is one)."""

    @property
    def styles(self) -> TableStyles: ...

    @property
    def text_width(self) -> int: ...

    @property
    def cell_starts(self) -> CellStarts: ...

    def paragraph_xml(self, runs: Sequence[Run], style: str | None) -> str: ...


# A cell value that needs no escaping, no xml:space and no line or tab handling.
_TEXTS = {str, Anchored}  # cells written from their text alone
_PLAIN_CELL = re.compile(r"(?:[^\s&<>]+(?: [^\s&<>]+)*)?")
_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
# A table of at most this many rows is kept on one page (each row keeps with the next).
_KEEP_ROWS = 8


def table_xml(
    body: Body,
    header: Sequence[str],
    rows: Iterable[Sequence[str | Sequence[Run]]],
    widths: Sequence[int],
    unbroken: Collection[int] = (),
) -> str:
    """A whole table: header row repeated on every page, columns fitted to the text width."""
    size = body.styles.table_font_pt
    rows = rows if isinstance(rows, list) else list(rows)
    total = body.text_width
    types = set(map(type, chain.from_iterable(rows)))
    all_plain = types <= _TEXTS  # no runs, no finished XML (anchored text is text)
    if len(widths) > 3 or unbroken or len(rows) >= 16:
        columns = list(zip(*rows, strict=True)) or [() for _ in widths]
        kinds = [set(map(type, column)) for column in columns]
        plain = [k <= _TEXTS for k in kinds]
        anchored = [c for c, k in enumerate(kinds) if Anchored in k]  # their cells take bookmarks
    # else a narrow table of a few rows (a measure's): it needs no columns
    if len(widths) > 3:  # a wide table is laid out by its content, like a browser's
        # Each distinct value once (a plan repeats states and offices).
        texts = [set(column) if only_str else {v for v in column if type(v) in _TEXTS}
                 for column, only_str in zip(columns, plain, strict=True)]  # fmt: skip
        longest = tuple(  # a column with formatted runs is not measured: it may take room
            max(map(len, values), default=0) if only_str else 10**4
            for values, only_str in zip(texts, plain, strict=True)
        )
        # Words of `unbroken` columns are kept whole even at hyphens (ids such as "m-a-b").
        words = tuple(
            widest_word(values, size, hyphens=c not in unbroken) for c, values in enumerate(texts)
        )
        twips = auto(tuple(widths), tuple(header), words, longest, total, size)
    else:
        keep = ("",) * len(widths)
        if unbroken:
            keep = tuple(
                widest_word({v for v in columns[c] if isinstance(v, str)}, size, hyphens=False)
                if c in unbroken else "" for c in range(len(widths))
            )  # fmt: skip
        # Headers that cannot break are left out of fit's cache key ("Maßnahme m-…").
        shares = tuple(widths)
        risky = tuple([h if len(h) >= least else ""
                       for h, least in zip(header, _breaking(shares, total, size), strict=True)])  # fmt: skip
        twips = fit(shares, risky, keep, total, size)
    out = [_opening(body.styles.table, twips)]
    # The header row keeps with the first row: LibreOffice otherwise lets a repeated header
    # row end a page and drops the rows that follow it from the layout (lost in the PDF).
    heads = _cell_starts(body, twips, "header")
    # The words of `unbroken` columns fit their column whole; hyphenation would still split
    # one where a line has room for part of it (a state "in Umset-zung" after "in").
    whole = frozenset(unbroken)
    starts = _cell_starts(body, twips, "body", whole)
    bulk = _plain_rows(rows, columns, starts, anchored) if len(rows) >= 16 and all_plain else None
    # `_rows_as_is` opens every cell alike: not so where some columns are not hyphenated.
    as_is = bulk is None and all_plain and set(map(type, header)) <= _STR and not whole
    as_is = as_is and _as_is([header, *rows], len(starts))
    marked = Anchored in types  # some cells take bookmarks
    if as_is:
        cells = [f"{run_start}<w:t>{cell}{_CELL_END}" for cell, (_, run_start) in zip(header, heads, strict=True)]  # fmt: skip
        out.append(f"{_HEADER_ROW}{''.join(cells)}</w:tr>")
    else:
        out.append(_row(body, header, heads, _HEADER_ROW, bold=True))
    if bulk is not None:
        out.append(bulk)
    elif len(rows) <= _KEEP_ROWS:  # a short table (a measure's details) stays on one page
        kept = _cell_starts(body, twips, "keep", whole)
        if as_is:
            out.append(_rows_as_is(rows, kept, starts, marked))
        else:
            out.extend([_row(body, cells, kept if number < len(rows) - 1 else starts, _ROW)
                        for number, cells in enumerate(rows)])  # fmt: skip
    elif as_is:
        out.append(_rows_as_is(rows, starts, starts, marked))
    else:
        out.extend([_row(body, cells, starts, _ROW) for cells in rows])
    out.append("</w:tbl>")
    return "".join(out)


_CELL_END = "</w:t></w:r></w:p></w:tc>"
_STR = {str}


@lru_cache(maxsize=256)
def _breaking(shares: tuple[int, ...], total: int, size: float) -> tuple[int, ...]:
    """Per column, the fewest characters of a header that might break in its share."""
    whole = sum(shares)
    return tuple(breaking_length(total * share // whole, size) for share in shares)


@lru_cache(maxsize=256)
def _opening(style: str, twips: tuple[int, ...]) -> str:
    """A table's properties and grid, once per table style and column widths."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>")  # fmt: skip


def _plain_rows(
    rows: list[Sequence[str | Sequence[Run]]],
    columns: list[tuple[str | Sequence[Run], ...]],
    starts: list[tuple[str, str]],
    anchored: Sequence[int] = (),
) -> str | None:
    """All rows at once, given cells of plain str only, if none needs escaping, xml:space,
    line and tab handling or a web address's run (a measures plan's do not); else None.

    The check runs over the whole table as one string, and the rows are interleaved with
    the cells' openings by slice assignment: no Python step per cell but for the cells of
    the `anchored` columns, whose openings and ends take their bookmarks.
    """
    text = "\n".join(cast("Iterable[str]", chain.from_iterable(rows)))
    if (
        text.count("\n") != len(rows) * len(starts) - 1  # a value with a line break
        or any(mark in text for mark in ("&", "<", ">", "\t", "\r", "  ", " \n", "\n "))
        or "://" in text or "www." in text  # a web address needs its run (`_row`)
        or text[:1] == " " or text[-1:] == " "
    ):  # fmt: skip
        return None
    width = 3 * len(starts) + 2
    flat: list[str] = [_ROW] * (len(rows) * width)
    for column, ((_, run_start), values) in enumerate(zip(starts, columns, strict=True)):
        flat[1 + 3 * column :: width] = [run_start + "<w:t>"] * len(rows)
        flat[2 + 3 * column :: width] = cast("tuple[str, ...]", values)
        flat[3 + 3 * column :: width] = [_CELL_END] * len(rows)
    flat[width - 1 :: width] = ["</w:tr>"] * len(rows)
    for column in anchored:
        values = cast("tuple[str, ...]", columns[column])
        opening = starts[column][1] + "<w:t>"
        paragraph = starts[column][1][: -len("<w:r>")]  # body cells: the run has no properties
        flat[1 + 3 * column :: width] = [
            f"{paragraph}{v.start}<w:r><w:t>" if type(v) is Anchored else opening for v in values
        ]
        flat[3 + 3 * column :: width] = [
            f"</w:t></w:r>{v.end}</w:p></w:tc>" if type(v) is Anchored else _CELL_END
            for v in values
        ]
    return "".join(flat)


def _as_is(rows: list[Sequence[str | Sequence[Run]]], width: int) -> bool:
    """Whether every cell (all plain str) is written by `_row` as its text, unchanged: no
    line break, tab or markup character in it, no whitespace at its edges (xml:space), no
    web address.

    Checked over the whole table in C (str.strip is exactly the edges text_element checks).
    """
    cells = cast("list[str]", list(chain.from_iterable(rows)))
    text = "\n".join(cells)
    return (
        text.count("\n") == len(rows) * width - 1
        and not ("&" in text or "<" in text or ">" in text or "\t" in text)
        and not ("://" in text or "www." in text)  # a web address needs its run (`_row`)
        and "\n".join(map(str.strip, cells)) == text
    )


def _rows_as_is(
    rows: list[Sequence[str | Sequence[Run]]],
    starts: list[tuple[str, str]],
    last: list[tuple[str, str]],
    marked: bool = False,
) -> str:
    """The rows `_row` writes for cells written as they are (see `_as_is`), one join per
    row; the last row's cells open with `last` (it does not keep with the next). Given
    `marked`, a row with an anchored cell is written cell by cell.

    Rows after the header open every cell alike (`_cell_starts`: no width of their own).
    """
    if not rows:
        return ""
    if marked:  # row by row: a row with an anchored cell is written cell by cell
        lastrow = len(rows) - 1
        return "".join([
            _row_as_is(cast("Sequence[str]", cells), (starts if number < lastrow else last)[0][1])
            for number, cells in enumerate(rows)
        ])  # fmt: skip
    start, end = f"{starts[0][1]}<w:t>", f"{last[0][1]}<w:t>"
    final = (
        f"{_ROW}{end}{f'{_CELL_END}{end}'.join(cast('Sequence[str]', rows[-1]))}{_CELL_END}</w:tr>"
    )
    if len(rows) == 1:
        return final
    cell, row = f"{_CELL_END}{start}", f"{_CELL_END}</w:tr>{_ROW}{start}"
    joined = row.join([cell.join(cells) for cells in cast("list[Sequence[str]]", rows[:-1])])
    return f"{_ROW}{start}{joined}{_CELL_END}</w:tr>{final}"


def _row_as_is(cells: Sequence[str], run_start: str) -> str:
    """One row of cells written as they are; an anchored cell's run in its bookmark."""
    if Anchored not in map(type, cells):
        return f"{_ROW}{run_start}<w:t>{f'{_CELL_END}{run_start}<w:t>'.join(cells)}{_CELL_END}</w:tr>"  # fmt: skip
    at = run_start.rindex("<w:r>")
    paragraph, opening = run_start[:at], run_start[at:]
    out = [_ROW]
    for cell in cells:
        if type(cell) is Anchored:
            out.append(f"{paragraph}{cell.start}{opening}<w:t>{cell}</w:t></w:r>{cell.end}</w:p></w:tc>")  # fmt: skip
        else:
            out.append(f"{run_start}<w:t>{cell}{_CELL_END}")
    out.append("</w:tr>")
    return "".join(out)


def _row(
    body: Body,
    cells: Sequence[str | Sequence[Run]],
    starts: list[tuple[str, str]],
    opening: str,
    bold: bool = False,
) -> str:
    out = [opening]
    for cell, (xml_start, run_start) in zip(cells, starts, strict=True):
        # A web address goes the long way: its run must not be hyphenated (wordml.run).
        if (
            isinstance(cell, str)
            and ("://" in cell or "www." in cell)
            and not isinstance(cell, Xml)
        ):
            xml = body.paragraph_xml([Run(cell, bold=bold)], body.styles.table_text)
            # An anchored one keeps its bookmark (a measure's title that is an address was
            # not found again when a reviewer's copy was read back).
            out.append(f"{xml_start}{cell.wrap(xml) if isinstance(cell, Anchored) else xml}</w:tc>")
        elif type(cell) is str and _PLAIN_CELL.fullmatch(cell):
            # The common case, written directly: one value that needs no escaping,
            # no xml:space and no line or tab handling.
            out.append(f"{run_start}<w:t>{cell}{_CELL_END}")
        elif isinstance(cell, Xml):
            out.append(f"{xml_start}{cell}</w:tc>")
        elif isinstance(cell, Anchored) and "\n" not in cell and "\t" not in cell:
            at = run_start.rindex("<w:r>")  # the bookmark around the run
            out.append(f"{run_start[:at]}{cell.start}{run_start[at:]}{text_element(cell)}"
                       f"</w:r>{cell.end}</w:p></w:tc>")  # fmt: skip
        elif isinstance(cell, str) and "\n" not in cell and "\t" not in cell:
            out.append(f"{run_start}{text_element(cell)}</w:r></w:p></w:tc>")
        else:
            runs = [Run(cell, bold=bold)] if isinstance(cell, str) else list(cell)
            xml = body.paragraph_xml(runs, body.styles.table_text)
            out.append(f"{xml_start}{cell.wrap(xml) if isinstance(cell, Anchored) else xml}</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _cell_starts(
    body: Body,
    widths: tuple[int, ...],
    role: Literal["header", "body", "keep"],
    whole: frozenset[int] = frozenset(),
) -> list[tuple[str, str]]:
    """Per column: the cell's opening XML, and that plus the opening of a one-run paragraph.

    Header cells and "keep" cells keep their row with the next one; header cells and those
    of the `whole` columns are not hyphenated. Computed once per table layout; a 1,200-row
    table would otherwise build them 12,000 times.
    """
    key = (widths, role, whole)
    cached = body.cell_starts.get(key)
    if cached is None:
        header = role == "header"
        # The header row's cells carry their widths: LibreOffice sizes the columns by the
        # first row's cells, not by the grid alone. Later rows leave them out, a fifth of
        # a plan's XML: LibreOffice renders the same pages (compared pixel by pixel over
        # the samples), and Word lays out a fixed table by its grid.
        shading = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
        bold = "<w:rPr><w:b/></w:rPr>" if header else ""
        keep = "<w:keepNext/>" if role != "body" else ""
        # Header words are measured to fit their column whole; hyphenation would still
        # split them where a line has room for half ("Stand heu-te").
        style = f'<w:p><w:pPr><w:pStyle w:val="{body.styles.table_text}"/>{keep}'
        paragraphs = [
            f"{style}<w:suppressAutoHyphens/></w:pPr><w:r>{bold}"
            if header or column in whole else f"{style}</w:pPr><w:r>{bold}"
            for column in range(len(widths))
        ]  # fmt: skip
        total = sum(widths)
        shares = [w * 5000 // total for w in widths]  # fiftieths of a percent
        shares[-1] += 5000 - sum(shares)
        # Rows after the header open all their cells alike: `_rows_as_is` relies on it.
        opening = [f'<w:tc><w:tcPr><w:tcW w:w="{share}" w:type="pct"/>{shading}</w:tcPr>'
                   if header else "<w:tc>" for share in shares]  # fmt: skip
        cached = [(start, start + paragraph)
                  for start, paragraph in zip(opening, paragraphs, strict=True)]  # fmt: skip
        body.cell_starts[key] = cached
    return cached
