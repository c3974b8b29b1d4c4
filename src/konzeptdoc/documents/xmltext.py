"""Text inside WordprocessingML: escaped by construction, never by convention."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def text_element(text: str) -> str:
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


#: A web address as written in running text; a final full stop or bracket is the sentence's.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"„“”‚‘’]*[^\s<>\"„“”‚‘’.,;:!?)]")


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    strike: bool = False,
    underline: bool = False,
    deleted: bool = False,
    urls: bool = False,
    language: str | None = None,
) -> str:
    """One run; tabs and line breaks become w:tab and w:br (w:delText inside deletions).

    With `urls`, a web address in the text gets a run of its own in no language ("zxx"):
    hyphenation would add hyphens to it ("integrati-on/"), a different address; it breaks
    at its slashes instead.
    """
    if not (style or strike or underline or deleted or language) and not (
        "\n" in text or "\t" in text or (urls and ("://" in text or "www." in text))
    ):
        # Most runs of a document: plain, bold or italic text of one line.
        rpr = _RPR[bold, italic]
        if not text:
            return f"<w:r>{rpr}</w:r>"
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
    if urls and ("://" in text or "www." in text):

        def piece(part: str, language: str | None = None) -> str:
            return run(part, bold=bold, italic=italic, style=style, strike=strike,
                       underline=underline, deleted=deleted, language=language)  # fmt: skip

        out, last = [], 0
        for found in _URL.finditer(text):
            if found.start() > last:
                out.append(piece(text[last : found.start()]))
            out.append(piece(found.group(0), "zxx"))
            last = found.end()
        if last < len(text):
            out.append(piece(text[last:]))
        return "".join(out)
    rpr = (
        (f'<w:rStyle w:val="{style}"/>' if style else "")
        + ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + ("<w:strike/>" if strike else "")
        + ('<w:u w:val="single"/>' if underline else "")
        + (f'<w:lang w:val="{language}"/>' if language else "")
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


#: The run properties of plain, bold, italic, bold italic text, as `run` writes them.
_RPR = {
    (False, False): "",
    (True, False): "<w:rPr><w:b/></w:rPr>",
    (False, True): "<w:rPr><w:i/></w:rPr>",
    (True, True): "<w:rPr><w:b/><w:i/></w:rPr>",
}


class Anchored(str):
    """A table cell's plain text inside an anchor's bookmark (see `anchors`).

    It is laid out and measured as its text (a column of them is sized like one of plain
    text, so an anchored plan has the layout of one without anchors); only writing the cell
    puts the bookmark's start and end around its run.
    """

    start: str
    end: str

    def __new__(cls, text: str, start: str, end: str) -> Anchored:
        cell = super().__new__(cls, text)
        cell.start, cell.end = start, end
        return cell

    def wrap(self, paragraph: str) -> str:
        """A cell paragraph (`<w:p><w:pPr>…</w:pPr><w:r>…</w:p>`) with the bookmark around its
        runs."""
        at = paragraph.index("</w:pPr>") + len("</w:pPr>")
        return f"{paragraph[:at]}{self.start}{paragraph[at : -len('</w:p>')]}{self.end}</w:p>"
