"""Writing the package: the template's body swapped for ours, zipped once and reproducibly.

The generated body never enters python-docx's tree: the template keeps one marker paragraph,
and the body string replaces it when the parts are zipped. Moving thousands of parsed
elements into python-docx's tree costs seconds; splicing a string costs nothing.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .wordml import R_NS, W_NS, attr

MARKER = "KONZEPTDOC-BODY-7f3c"


def mark_body(document: Any) -> None:
    """Empty the template's body but for one marker paragraph, before the section properties."""
    from lxml import etree

    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)  # the template's own sample paragraphs, if any
    marker = etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>{MARKER}</w:t></w:r></w:p>')
    body.insert(0, marker)


def splice_body(document_xml: bytes, body_xml: str) -> bytes:
    """document.xml with the marker paragraph replaced by the body (and r: declared)."""
    text = document_xml.decode("utf-8")
    start = text.rfind("<w:p>", 0, text.index(MARKER))
    end = text.index("</w:p>", start) + len("</w:p>")
    root_end = text.index(">", text.index("<w:document"))
    root = text[:root_end]
    if f'xmlns:r="{R_NS}"' not in root:  # hyperlinks need the r: prefix on the root
        text = text[:root_end] + f' xmlns:r="{R_NS}"' + text[root_end:]
        shift = len(f' xmlns:r="{R_NS}"')
        start, end = start + shift, end + shift
    # The body is megabytes: encode it once and join, rather than build one more str.
    return b"".join(
        (text[:start].encode("utf-8"), body_xml.encode("utf-8"), text[end:].encode("utf-8"))
    )


def deterministic_bytes(document: Any, body_xml: str) -> bytes:
    """The package, body spliced in, with fixed entry times and order: same input, same bytes.

    The parts are taken from python-docx's package and zipped once, here; saving through
    python-docx and re-zipping would deflate everything twice.
    """
    package = document.part.package
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))
    entries: dict[str, bytes] = {
        "[Content_Types].xml": _content_types(parts),
        "_rels/.rels": package.rels.xml,
    }
    body_part = document.part
    for part in parts:
        blob = part.blob
        if part is body_part:
            blob = splice_body(blob, body_xml)
        entries[part.partname.membername] = blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    order = ["[Content_Types].xml", *sorted(n for n in entries if n != "[Content_Types].xml")]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DEFAULTS = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
}


def _content_types(parts: list[Any]) -> bytes:
    """[Content_Types].xml: the two defaults every package has, and one override per part."""
    defaults = "".join(
        f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in _DEFAULTS.items()
    )
    overrides = "".join(
        f'<Override PartName="{attr(str(part.partname))}" ContentType="{attr(part.content_type)}"/>'
        for part in parts
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Types xmlns="{_CT_NS}">{defaults}{overrides}</Types>'
    ).encode()
