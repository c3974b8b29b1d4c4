"""Anchors: bookmarks that tie each editable text of a document to its entity and data key.

A reviewed copy flows back into the data only if every text in it can be traced to where
it came from (ARCHITECTURE decision 8). Bookmarks carry that trace: Word and LibreOffice
keep them, with tracked changes inside, through any number of saves (content controls do
not: LibreOffice drops inline ones and turns block ones into fields). Word's dialog limits
bookmark names to 40 characters of letters, digits and "_", and ids are up to 64
characters with hyphens, so a name is ``kd_`` + a short code for the key + a hash of the
entity id: ``kd_d_4ofzvxnehdm3q`` is the description of one measure. The reader turns a
hash back into an id through the concept at the recorded revision; two entities with the
same text still have different names.

The document also records where it came from, in custom document properties (File →
Properties → Custom in Word): the concept's id, the revision it was built from, and the
anchor scheme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from konzeptdoc.documents.xmltext import Anchored, attr, esc

PREFIX = "kd_"
PLACEHOLDER = "–"  # what a table shows for an empty text
SCHEME = "1"  # the anchor scheme; a reader refuses documents of a scheme it does not know

#: Data key (relative to its entity, dotted for nested values) → its code in names.
CODES: dict[str, str] = {
    "title": "t",
    "name": "n",
    "description": "d",
    "text": "x",
    "situation": "s",
    "definition": "f",
    "lead": "l",
    "guidelines": "g",
    "response.text": "w",
    "costs.summary": "cs",
    "participation.process.title": "pt",
    "participation.process.guidelines": "pg",
    "submission.subject": "ss",
    "submission.reasoning": "sr",
    "submission.financial_impact.text": "sf",
}
KEYS: dict[str, str] = {code: key for key, code in CODES.items()}

#: Custom document properties a built document carries.
PROPERTY_CONCEPT = "konzeptdoc.concept"
PROPERTY_REVISION = "konzeptdoc.revision"
PROPERTY_KIND = "konzeptdoc.kind"
PROPERTY_SCHEME = "konzeptdoc.anchors"
#: A Maßnahmenplan built for some fields or statuses only records them (comma-separated),
#: so that a reader knows which anchors the copy had when it was sent out.
PROPERTY_FIELDS = "konzeptdoc.fields"
PROPERTY_STATUSES = "konzeptdoc.statuses"

_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def entity_hash(entity_id: str) -> str:
    """13 characters (a–z, 2–7) standing for an id; 64 bits, so a concept's thousands of
    entities do not collide (the reader still refuses a name two entities share).

    The lower-case RFC 4648 base32 of the 8-byte digest without padding, taken ten bits at
    a time from a table: base64.b32encode's pure-Python loop cost a large concept's build
    7 ms for its 2,600 anchors.
    """
    digest = hashlib.blake2b(entity_id.encode("utf-8"), digest_size=8).digest()
    bits = int.from_bytes(digest, "big") << 1  # 65 bits: 13 characters of 5 bits
    pairs = _PAIRS
    return (
        pairs[bits >> 55]
        + pairs[(bits >> 45) & 1023]
        + pairs[(bits >> 35) & 1023]
        + pairs[(bits >> 25) & 1023]
        + pairs[(bits >> 15) & 1023]
        + pairs[(bits >> 5) & 1023]
        + _BASE32[bits & 31]
    )


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_PAIRS = [first + second for first in _BASE32 for second in _BASE32]


def anchor_name(entity_id: str, key: str) -> str:
    """The bookmark name of `key` of the entity `entity_id` (at most 20 characters)."""
    return f"{PREFIX}{CODES[key]}_{entity_hash(entity_id)}"


def parse_name(name: str) -> tuple[str, str] | None:
    """(data key, entity hash) of an anchor name, or None for any other bookmark.

    LibreOffice and Word keep names as written; a copy pasted into another document may
    get a suffix, which is ignored.
    """
    if not name.startswith(PREFIX):
        return None
    code, _, rest = name[len(PREFIX) :].partition("_")
    key = KEYS.get(code)
    if key is None or len(rest) < 13:
        return None
    return key, rest[:13]


class Anchors:
    """Bookmark XML for one document: each (entity, key) once, ids above the headings'."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.names: list[str] = []
        self._used: set[str] = set()
        self._hashes: dict[str, str] = {}  # entity id → its hash, each hashed once

    def cells(self, texts: Sequence[str | None], entity_ids: Sequence[str], key: str) -> list[str]:
        """Table cells of plain text, each anchored as `key` of its entity.

        An empty text shows the table's dash, anchored: a reviewer fills in the empty text by
        replacing it (the reader takes an anchored dash of an empty value as no text). A plan
        anchors thousands of cells: each id is hashed once for all its columns and the
        bookmarks written in one loop (see `tables` for how a column is laid out).
        """
        if not self.enabled:
            return [text or PLACEHOLDER for text in texts]
        prefix = f"{PREFIX}{CODES[key]}_"
        hashes = self._hashes  # the next column of a table has the same ids
        hashes.update((i, entity_hash(i)) for i in entity_ids if i not in hashes)
        used, names = self._used, self.names
        out: list[str] = []
        for text, entity_id in zip(texts, entity_ids, strict=True):
            name = prefix + hashes[entity_id]
            if name in used:
                out.append(text or PLACEHOLDER)
                continue
            used.add(name)
            names.append(name)
            number = 900000 + len(names)
            out.append(Anchored(text or PLACEHOLDER, f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>',
                                f'<w:bookmarkEnd w:id="{number}"/>'))  # fmt: skip
        return out

    def cell(self, text: str | None, entity_id: str, key: str) -> str:
        """One table cell of `cells`, without building lists for it (a measure's lead); an
        empty text's dash is anchored too, for a reviewer to fill in."""
        if not self.enabled:
            return text or PLACEHOLDER
        start, end = self._marks(entity_id, key)
        return Anchored(text or PLACEHOLDER, start, end) if start else text or PLACEHOLDER

    def pair(self, entity_id: str | None, key: str) -> tuple[str, str]:
        """The bookmarkStart and bookmarkEnd around a text; ("", "") when off or repeated."""
        if not self.enabled or not entity_id:
            return "", ""
        return self._marks(entity_id, key)

    def _marks(self, entity_id: str, key: str) -> tuple[str, str]:
        hashed = self._hashes.get(entity_id)
        if hashed is None:
            hashed = self._hashes[entity_id] = entity_hash(entity_id)
        name = f"{PREFIX}{CODES[key]}_{hashed}"  # anchor_name's
        if name in self._used:
            return "", ""
        self._used.add(name)
        self.names.append(name)
        number = 900000 + len(self.names)  # apart from the headings' ids (1, 2, …)
        return (
            f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>',
            f'<w:bookmarkEnd w:id="{number}"/>',
        )


def custom_properties_xml(properties: dict[str, str], existing: bytes | None = None) -> bytes:
    """docProps/custom.xml with `properties` as text values, keeping a template's own."""
    from lxml import etree

    kept: list[Any] = []
    if existing:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(existing, parser)
            kept = [p for p in root if p.get("name") not in properties]
        except etree.XMLSyntaxError:
            kept = []
    out = []
    pid = 2  # 0 and 1 are reserved
    for element in kept:
        element.set("pid", str(pid))
        out.append(etree.tostring(element, encoding="unicode"))
        pid += 1
    for name, value in properties.items():
        out.append(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{attr(name)}">'
            f"<vt:lpwstr>{esc(value)}</vt:lpwstr></property>"
        )
        pid += 1
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{"".join(out)}</Properties>'
    ).encode()


def set_custom_properties(document: Any, properties: dict[str, str]) -> None:
    """Write our properties into the package's custom properties part (made if missing)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == CUSTOM_REL and not rel.is_external:
            part = rel.target_part
            part._blob = custom_properties_xml(properties, part.blob)
            return
    part = Part(
        PackURI("/docProps/custom.xml"), CUSTOM_TYPE, custom_properties_xml(properties), package
    )
    package.relate_to(part, CUSTOM_REL)
