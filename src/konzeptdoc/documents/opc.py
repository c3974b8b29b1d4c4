"""Writing the package: the template's body swapped for ours, zipped once and reproducibly.

The generated body never enters python-docx's tree: the template keeps one marker paragraph,
and the body string replaces it when the parts are zipped. Moving thousands of parsed
elements into python-docx's tree costs seconds; splicing a string costs nothing.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import Any

from konzeptdoc.documents.wordml import R_NS, W_NS, attr

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


def splice_body(document_xml: bytes, body_xml: str | bytes) -> tuple[bytes, bytes, bytes]:
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
    # The body is megabytes: encoded once and deflated piece by piece, never concatenated.
    body = body_xml if isinstance(body_xml, bytes) else body_xml.encode("utf-8")
    return (text[:start].encode("utf-8"), body, text[end:].encode("utf-8"))


def deterministic_bytes(document: Any, body_xml: str | bytes) -> bytes:
    """The package, body spliced in, with fixed entry times and order: same input, same bytes.

    The parts are taken from python-docx's package and zipped once, here (saving through
    python-docx and re-zipping would deflate everything twice). The zip is written
    directly: parts a build leaves as the template had them (styles, theme, fonts) are
    deflated once per process, not once per document.
    """
    package = document.part.package
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))
    entries: dict[str, bytes | tuple[bytes, ...]] = {
        "[Content_Types].xml": _content_types(parts),
        "_rels/.rels": package.rels.xml,
    }
    body_part = document.part
    for part in parts:
        entries[part.partname.membername] = (
            splice_body(part.blob, body_xml) if part is body_part else part.blob
        )
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    order = ["[Content_Types].xml", *sorted(n for n in entries if n != "[Content_Types].xml")]
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in order:
        data = entries[name]
        pieces = data if isinstance(data, tuple) else (data,)
        crc, size, deflated = (
            _deflated_once(pieces[0])
            if len(pieces) == 1 and len(pieces[0]) <= _CACHED
            else _deflate(pieces)
        )
        encoded = name.encode("ascii")
        fields = (_VERSION, 0, _DEFLATE, 0, _DATE, crc, len(deflated), size, len(encoded))
        out += (struct.pack("<I5HIIIHH", _LOCAL, *fields, 0), encoded, deflated)
        directory += (
            struct.pack(
                "<IH5HIIIHHHHHII", _CENTRAL, _MADE_BY, *fields, 0, 0, 0, 0, _ATTRIBUTES, offset
            ),
            encoded,
        )
        offset += 30 + len(encoded) + len(deflated)
    central = b"".join(directory)
    end = struct.pack("<IHHHHIIH", _END, 0, 0, len(order), len(order), len(central), offset, 0)
    return b"".join((*out, central, end))


# Zip records (APPNOTE 4.3): signatures, version 2.0, deflate, 1980-01-01 00:00, rw-r--r--.
_LOCAL, _CENTRAL, _END = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION, _MADE_BY, _DEFLATE, _DATE = 20, (3 << 8) | 20, 8, (1 << 5) | 1
_ATTRIBUTES = 0o100644 << 16
_CACHED = 256 * 1024  # parts up to this size are kept deflated, keyed by their bytes


def _deflate(pieces: tuple[bytes, ...]) -> tuple[int, int, bytes]:
    """CRC-32, size and raw deflate (level 6, as zip tools use) of the concatenated pieces."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    crc, size, chunks = 0, 0, []
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        chunks.append(compressor.compress(piece))
    chunks.append(compressor.flush())
    return crc, size, b"".join(chunks)


@lru_cache(maxsize=64)
def _deflated_once(data: bytes) -> tuple[int, int, bytes]:
    return _deflate((data,))


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
