"""The redline: the new concept document with the changes as real tracked changes.

Both versions are rendered as concept documents (same layout as `build --kind concept`);
their parts (paragraphs and tables) are aligned by text, and every difference is written as
w:ins / w:del – words inside changed paragraphs, whole paragraphs, table rows and cells – so
a reviewer can accept or reject each in Word (Überprüfen → Annehmen/Ablehnen). Each change
carries the author and date of the commit that last changed its goal or measure (from
blame), or of the new revision.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Sequence
from html import unescape
from itertools import pairwise
from pathlib import Path

from konzeptdoc.diff import labels
from konzeptdoc.diff.comments import commented
from konzeptdoc.diff.records import Side
from konzeptdoc.diff.tracking import tracked_runs, whole_content
from konzeptdoc.documents import render
from konzeptdoc.documents.comments import Comment
from konzeptdoc.documents.concept_doc import TITLE_PAGE
from konzeptdoc.documents.wordml import TOC_MARK, Body, esc
from konzeptdoc.model import Concept
from konzeptdoc.model.text import Run

_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PPR = re.compile(r"^<w:p>(<w:pPr>.*?</w:pPr>)?")
_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
# A cell and its properties: header cells carry their widths, later rows' cells none.
_CELL = re.compile(r"(<w:tc>(?:<w:tcPr>.*?</w:tcPr>)?)(.*?)</w:tc>", re.S)

Stamp = Callable[[str | None], tuple[str, str]]


class _Ids:
    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        self.value += 1
        return self.value


def _text(xml: str) -> str:
    return unescape("".join(_TEXT.findall(xml)))


def _mark(tag: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    return f'w:id="{ids()}" w:author="{esc(stamp[0])}" w:date="{stamp[1]}"'


def _ppr(xml: str, extra: str = "") -> str:
    match = _PPR.match(xml)
    inner = match.group(1)[len("<w:pPr>") : -len("</w:pPr>")] if match and match.group(1) else ""
    return f"<w:pPr>{inner}{extra}</w:pPr>" if inner or extra else ""


def _whole_paragraph(xml: str, kind: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    mark = f"<w:rPr><w:{kind} {_mark(kind, ids, stamp)}/></w:rPr>"
    content = whole_content(xml, kind, lambda k: _mark(k, ids, stamp))  # formatting kept
    return f"<w:p>{_ppr(xml, mark)}{content}</w:p>"


def _deleted_paragraphs(parts: list[str], ids: _Ids, stamp: tuple[str, str]) -> str:
    """Consecutive deleted paragraphs as one, separated by deleted line breaks.

    Separate paragraphs holding only deleted text would read as empty spacing paragraphs
    to accessibility checkers; rejecting the deletion brings the text back as one
    paragraph with line breaks.
    """
    if len(parts) == 1:
        return _whole_paragraph(parts[0], "del", ids, stamp)
    mark = f"<w:rPr><w:del {_mark('del', ids, stamp)}/></w:rPr>"
    pieces = []
    for number, part in enumerate(parts):
        if number:  # a deleted line break between them, each change with its own id
            pieces.append(f"<w:del {_mark('del', ids, stamp)}><w:r><w:br/></w:r></w:del>")
        pieces.append(whole_content(part, "del", lambda k: _mark(k, ids, stamp)))
    return f"<w:p>{_ppr(parts[0], mark)}{''.join(pieces)}</w:p>"


def _changed_paragraph(old: str, new: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    runs = tracked_runs(old, new, _text(old), _text(new), lambda k: _mark(k, ids, stamp))
    return _with_bookmarks(new, f"<w:p>{_ppr(new)}{runs}</w:p>")


_BOOKMARK = re.compile(r"<w:bookmark(?:Start|End) [^>]*/>")


def _with_bookmarks(source: str, paragraph: str) -> str:
    """`paragraph` (rebuilt from text) with the bookmarks of the new version's `source`: a
    changed or new heading keeps the anchor its contents entry links to."""
    marks = _BOOKMARK.findall(source)
    if not marks:
        return paragraph
    starts = "".join(m for m in marks if m.startswith("<w:bookmarkStart"))
    ends = "".join(m for m in marks if m.startswith("<w:bookmarkEnd"))
    at = paragraph.find("</w:pPr>")
    at = at + len("</w:pPr>") if at >= 0 else len("<w:p>")
    return f"{paragraph[:at]}{starts}{paragraph[at : -len('</w:p>')]}{ends}</w:p>"


def _row_tracked(row: str, kind: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    mark = f"<w:{kind} {_mark(kind, ids, stamp)}/>"
    row = row.replace("</w:trPr>", mark + "</w:trPr>", 1)

    def cell(match: re.Match[str]) -> str:
        paragraphs = re.findall(r"<w:p>.*?</w:p>", match.group(2), re.S)
        return (
            match.group(1)
            + "".join(_whole_paragraph(p, kind, ids, stamp) for p in paragraphs)
            + "</w:tc>"
        )

    return _CELL.sub(cell, row)


def _row_changed(old: str, new: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    old_cells = _CELL.findall(old)
    new_cells = _CELL.findall(new)
    if len(old_cells) != len(new_cells):
        return _row_tracked(old, "del", ids, stamp) + _row_tracked(new, "ins", ids, stamp)
    out = [new[: new.index("<w:tc>")]]
    for (_, old_body), (tcpr, new_body) in zip(old_cells, new_cells, strict=True):
        if _text(old_body) == _text(new_body):
            out.append(f"{tcpr}{new_body}</w:tc>")
        elif max(old_body.count("<w:p>"), new_body.count("<w:p>")) > 1:
            out.append(f"{tcpr}{_cell_changed(old_body, new_body, ids, stamp)}</w:tc>")
        else:
            paragraph = re.search(r"<w:p>.*?</w:p>", new_body, re.S)
            ppr = _ppr(paragraph.group(0)) if paragraph else ""
            marked = tracked_runs(old_body, new_body, _text(old_body), _text(new_body),
                                  lambda k: _mark(k, ids, stamp))  # fmt: skip
            rebuilt = f"<w:p>{ppr}{marked}</w:p>"  # an anchor (for comments) is kept
            out.append(f"{tcpr}{_with_bookmarks(new_body, rebuilt)}</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _cell_changed(old: str, new: str, ids: _Ids, stamp: tuple[str, str]) -> str:
    """A cell of several paragraphs (a decision's numbered points) changed paragraph by
    paragraph, each keeping its list number: as one paragraph its texts ran together
    ("Konzept.Die Verwaltung")."""
    olds, news = (re.findall(r"<w:p>.*?</w:p>", body, re.S) for body in (old, new))
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, [_text(p) for p in olds], [_text(p) for p in news],
                                      autojunk=False)  # fmt: skip
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(news[j1:j2])
            continue
        pairs = min(i2 - i1, j2 - j1)
        out.extend(_changed_paragraph(o, n, ids, stamp)
                   for o, n in zip(olds[i1 : i1 + pairs], news[j1 : j1 + pairs], strict=True))  # fmt: skip
        out.extend(_whole_paragraph(p, "del", ids, stamp) for p in olds[i1 + pairs : i2])
        out.extend(_whole_paragraph(p, "ins", ids, stamp) for p in news[j1 + pairs : j2])
    return "".join(out)


def _table(old: str | None, new: str | None, ids: _Ids, stamp: tuple[str, str]) -> str:
    if old is None or new is None:
        source = new if new is not None else old
        assert source is not None
        kind = "ins" if new is not None else "del"
        head = source[: source.index("<w:tr>")]
        return (
            head
            + "".join(_row_tracked(r, kind, ids, stamp) for r in _ROW.findall(source))
            + "</w:tbl>"
        )
    old_rows, new_rows = _ROW.findall(old), _ROW.findall(new)
    out = [new[: new.index("<w:tr>")]]
    matcher = difflib.SequenceMatcher(
        None, [_text(r) for r in old_rows], [_text(r) for r in new_rows], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(new_rows[j1:j2])
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            out.append(_row_changed(old_rows[i1 + k], new_rows[j1 + k], ids, stamp))
        out.extend(_row_tracked(r, "del", ids, stamp) for r in old_rows[i1 + pairs : i2])
        out.extend(_row_tracked(r, "ins", ids, stamp) for r in new_rows[j1 + pairs : j2])
    out.append("</w:tbl>")
    return "".join(out)


_NUM_ID = re.compile(r'<w:numId w:val="(\d+)"/>')


def _lists_of(old: Body, new: Body) -> list[str]:
    """The old body's parts, its numbered lists given numbers of the new document.

    Both bodies number their lists from the same first id, so a deleted list would otherwise
    point at a list of the new text, or at none at all.
    """
    numbers = {str(old.lists.bullet_num): str(new.lists.bullet_num)}
    numbers.update(
        (str(number), str(new.lists.new_ordered(start))) for number, start in old.lists.ordered
    )
    return [
        _NUM_ID.sub(lambda m: f'<w:numId w:val="{numbers.get(m.group(1), m.group(1))}"/>', part)
        if "<w:numId " in part
        else part
        for part in old.parts
    ]


def _title_lines(body: Body, count: int) -> list[str | None]:
    """Per part: what a title-page line says ("…#period"), or None for the body's parts
    (one pass over the entity marks, not a search per part)."""
    lines: list[str | None] = [None] * count
    marks = [*body.entity_marks, (count, None)]
    for (start, entity), (end, _) in pairwise(marks):
        if entity is not None and TITLE_PAGE in entity:
            lines[start:end] = [entity] * (end - start)
    return lines


def tracked_body(old: Body, new: Body, stamp: Stamp) -> str:
    """The new body with every difference to the old as tracked changes."""
    old_parts, new_parts = _lists_of(old, new), new.parts
    # A title-page line is known by what it says (title, Laufzeit, Stand …): lines of the same
    # meaning pair up and are diffed word by word, whatever else the other version has.
    titled_old, titled_new = _title_lines(old, len(old_parts)), _title_lines(new, len(new_parts))
    keys_old = [(p[:6], t or _text(p)) for p, t in zip(old_parts, titled_old, strict=True)]
    keys_new = [(p[:6], t or _text(p)) for p, t in zip(new_parts, titled_new, strict=True)]
    tracker = _Tracker()
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            tracker.flush()
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                before, after = old_parts[i], new_parts[j]
                changed = titled_new[j] is not None and _text(before) != _text(after)
                tracker.out.append(
                    _changed_paragraph(before, after, tracker.ids, stamp(None))
                    if changed
                    else after
                )
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        while olds or news:
            entity = new.entity_of(news[0]) if news else old.entity_of(olds[0])
            o = old_parts[olds[0]] if olds else None
            n = new_parts[news[0]] if news else None
            if o is not None and n is not None and o[:6] == n[:6]:
                tracker.changed(o, n, stamp(entity))
                olds.pop(0)
                news.pop(0)
            elif o is not None and (n is None or len(olds) > len(news)):
                tracker.deleted(o, stamp(entity))
                olds.pop(0)
            else:
                assert n is not None
                tracker.inserted(n, stamp(entity))
                news.pop(0)
    tracker.flush()
    # Text after a table starts a line lower, as in the concept document.
    return "".join(new.spaced_after_tables(tracker.out))


class _Tracker:
    """The tracked body as it is written; deleted paragraphs in a row go out together."""

    def __init__(self) -> None:
        self.ids = _Ids()
        self.out: list[str] = []
        self.pending: list[str] = []
        self.pending_stamp: tuple[str, str] = ("", "")

    def flush(self) -> None:
        if self.pending:
            self.out.append(_deleted_paragraphs(self.pending, self.ids, self.pending_stamp))
            self.pending.clear()

    def changed(self, old: str, new: str, when: tuple[str, str]) -> None:
        """A part of the same kind on both sides (paragraph or table)."""
        self.flush()
        if old.startswith("<w:tbl>"):
            self.out.append(_table(old, new, self.ids, when))
        elif new == TOC_MARK:
            self.out.append(new)
        else:
            self.out.append(_changed_paragraph(old, new, self.ids, when))

    def deleted(self, old: str, when: tuple[str, str]) -> None:
        if old.startswith("<w:tbl>"):
            self.flush()
            self.out.append(_table(old, None, self.ids, when))
            return
        if not self.pending:
            self.pending_stamp = when
        self.pending.append(old)

    def inserted(self, new: str, when: tuple[str, str]) -> None:
        self.flush()
        if new.startswith("<w:tbl>"):
            self.out.append(_table(None, new, self.ids, when))
        else:
            self.out.append(_whole_paragraph(new, "ins", self.ids, when))


def redline_document(
    old: Concept,
    new: Concept,
    stamp: Stamp,
    *,
    template: str | os.PathLike[str] | None = None,
    date: dt.datetime | None = None,
    sides: tuple[Side, Side] | None = None,
    pages: dict[str, int] | None = None,
    toc_field: bool = True,
    finalize: bool = False,
    pdf: Path | None = None,
    comments: Sequence[Comment] = (),
) -> bytes:
    """The redline .docx of two concepts (no repository needed).

    `sides` name the two versions on the cover (title, date, decision); without them, their
    titles. The table of contents lists the new version's headings; their page numbers come
    from `pages` (anchor → page, as `build` measures them), or from one LibreOffice run with
    `finalize` or `pdf` (which also writes the PDF there). `toc_field=False` writes the
    entries without the TOC field, for LibreOffice to number. `comments` (reviewers' notes)
    become Word comments at their texts in the new version (see `diff.comments`).
    """
    _, old_body = render(old, kind="concept", template=template)
    before, after = sides or (Side(old.title), Side(new.title))

    def made(numbers: dict[str, int] | None, field: bool) -> tuple[bytes, Body]:
        def tracked(new_body: Body) -> str:
            # The new document is rendered once; its body is replaced by the tracked version.
            xml = tracked_body(old_body, new_body, stamp)
            if comments:
                xml = commented(xml, new_body, comments)
            return _covered(xml, new_body, before, after, numbers, field)

        return render(new, kind="concept", template=template, date=date, body_xml=tracked,
                      anchors=bool(comments))  # fmt: skip

    data, body = made(pages, toc_field)
    if finalize or pdf is not None:
        from konzeptdoc.documents.office import finalize as run_finalize

        data = run_finalize(data, body, lambda p, f: made(p, f)[0], pdf=pdf)
    return data


def _covered(
    xml: str,
    body: Body,
    before: Side,
    after: Side,
    pages: dict[str, int] | None = None,
    toc_field: bool = True,
) -> str:
    """The cover says "Änderungsfassung" and which two versions it compares; the table of
    contents is filled (the entries of the new version)."""
    styles = body.styles
    top = body.paragraph_xml([Run("Änderungsfassung")], styles.subtitle)
    compared = "".join(
        body.paragraph_xml([Run(f"{name}: ", bold=True), Run(labels.side(version))], styles.meta)
        for name, version in (("Bisherige Fassung", before), ("Neue Fassung", after))
    ) + body.paragraph_xml(
        [
            Run(
                "Änderungen gegenüber der bisherigen Fassung sind als nachverfolgte Änderungen "
                "markiert: Eingefügtes unterstrichen, Gestrichenes durchgestrichen."
            )
        ],
        styles.meta,
    )
    at = xml.find(TOC_MARK)
    if at < 0:
        return top + xml + compared
    heading = xml.rfind("<w:p>", 0, at)  # the contents' heading, on a page of its own
    return (
        top
        + xml[:heading]
        + compared
        + xml[heading:at]
        + body.toc_xml(pages, toc_field)
        + xml[at + len(TOC_MARK) :]
    )


__all__ = ["redline_document", "tracked_body"]
