"""Tracked changes that keep the text's formatting.

The redline compares paragraphs by their text; written back as w:ins / w:del they must still
look like their version: a new measure's bold title stays bold inside w:ins, a new goal keeps
its bold "Leitziel:", and the words of a changed paragraph keep the formatting they have in
the version they come from (a renamed measure's title stays bold).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

from konzeptdoc.diff.words import word_ops
from konzeptdoc.documents.wordml import run

#: (kind "ins"/"del") → the attributes of one tracked change (id, author, date).
Mark = Callable[[str], str]

_RUN = re.compile(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?(.*?)</w:r>", re.S)
_WHOLE_RUN = re.compile(r"<w:r>.*?</w:r>", re.S)
_T = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_BOOKMARK = re.compile(r"<w:bookmark(?:Start|End) [^>]*/>")
_LINK = re.compile(r"</?w:hyperlink(?: [^>]*)?>")


def _formats(xml: str) -> list[str]:
    """The run properties of each character of the paragraph's text (w:t only, as the
    redline reads a paragraph's text)."""
    out: list[str] = []
    for rpr, body in _RUN.findall(xml):
        out.extend([rpr] * len(unescape("".join(_T.findall(body)))))
    return out


def _runs(text: str, formats: list[str], *, deleted: bool = False) -> Iterator[str]:
    """`text` as runs, split where the formatting of its characters changes."""
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and formats[end] == formats[start]:
            end += 1
        plain = run(text[start:end], deleted=deleted)
        rpr = formats[start]
        yield f"<w:r><w:rPr>{rpr}</w:rPr>{plain[len('<w:r>') :]}" if rpr else plain
        start = end


def tracked_runs(old_xml: str, new_xml: str, old: str, new: str, mark: Mark) -> str:
    """The words of `old` → `new` (the two paragraphs' texts) as runs and tracked changes,
    each piece formatted as in its version's paragraph."""
    ops = word_ops(old, new)
    old_formats, new_formats = _formats(old_xml), _formats(new_xml)
    exact = sum(len(op.old) for op in ops) == len(old) == len(old_formats) and sum(
        len(op.new) for op in ops
    ) == len(new) == len(new_formats)
    if not exact:  # the pieces cannot be mapped to the runs: plain text
        old_formats = [""] * sum(len(op.old) for op in ops)
        new_formats = [""] * sum(len(op.new) for op in ops)
    out: list[str] = []
    at_old = at_new = 0
    for op in ops:
        if op.kind == "equal":
            out.extend(_runs(op.new, new_formats[at_new : at_new + len(op.new)]))
        else:
            if op.old:
                removed = "".join(
                    _runs(op.old, old_formats[at_old : at_old + len(op.old)], deleted=True)
                )
                out.append(f"<w:del {mark('del')}>{removed}</w:del>")
            if op.new:
                added = "".join(_runs(op.new, new_formats[at_new : at_new + len(op.new)]))
                out.append(f"<w:ins {mark('ins')}>{added}</w:ins>")
        at_old += len(op.old)
        at_new += len(op.new)
    return "".join(out)


def whole_content(xml: str, kind: str, mark: Mark) -> str:
    """A paragraph's content with each run inside w:ins (kind "ins") or w:del ("del": its
    text as w:delText, without the old version's bookmarks and links, whose targets the new
    document does not have)."""
    start = xml.find("</w:pPr>")
    inner = xml[start + len("</w:pPr>") if start >= 0 else len("<w:p>") : -len("</w:p>")]
    if kind == "del":
        inner = _LINK.sub("", _BOOKMARK.sub("", inner))
        inner = inner.replace("<w:t>", "<w:delText>").replace("<w:t ", "<w:delText ")
        inner = inner.replace("</w:t>", "</w:delText>")
    return _WHOLE_RUN.sub(lambda m: f"<w:{kind} {mark(kind)}>{m.group(0)}</w:{kind}>", inner)


__all__ = ["Mark", "tracked_runs", "whole_content"]
