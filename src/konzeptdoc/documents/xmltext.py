"""Text inside WordprocessingML: escaped by construction, never by convention."""

from __future__ import annotations

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
