"""The parts of a reviewed .docx, read as untrusted input.

Only the parts a review needs are read, each bounded in size and deflate ratio; XML is
parsed without DTDs, entity expansion or network access.
"""

from __future__ import annotations

import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from konzeptdoc.documents.anchors import CUSTOM_NS, VT_NS
from konzeptdoc.errors import ReviewError

#: Bounds for an untrusted package: one part, all parts read, and the deflate ratio.
MAX_PART = 64 * 1024 * 1024
MAX_TOTAL = 160 * 1024 * 1024
MAX_RATIO = 200
#: XML elements (counted as "<") in all parts read: each costs ~400 bytes once parsed, so a
#: 60 MB document.xml of empty paragraphs took 960 MB. The generated 1,200-measure concept
#: document has 352,000; four times that leaves room for what Word adds when it saves.
MAX_ELEMENTS = 1_500_000


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_parts(path: Path) -> dict[str, bytes]:
    """The parts a review needs, read with bounds; a damaged or foreign file is refused."""
    wanted = (
        "word/document.xml",
        "word/comments.xml",
        "word/commentsExtended.xml",
        "docProps/custom.xml",
        "word/footnotes.xml",  # notes a reviewer added (a built document has none)
        "word/endnotes.xml",
    )
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:  # missing, a folder, not readable: said as such
        from konzeptdoc.german.glossary import os_reason

        raise ReviewError(f"die Datei lässt sich nicht lesen: {os_reason(exc)}", path=path) from exc
    except zipfile.BadZipFile as exc:
        raise ReviewError(
            "keine Word-Datei (.docx) oder beschädigt: bitte die überarbeitete Fassung "
            "als .docx speichern",
            path=path,
        ) from exc
    parts: dict[str, bytes] = {}
    total = elements = 0
    with archive:
        counted = Counter(info.filename.lower() for info in archive.infolist())
        twice = min((name for name, n in counted.items() if n > 1), default=None)
        if twice is not None:  # which of them would Word show? (part names ignore case)
            raise ReviewError(
                f"der Teil „{twice}“ steht mehrmals in der Datei; die Datei wird aus "
                "Sicherheitsgründen nicht gelesen (in Word öffnen und neu speichern)",
                path=path,
            )
        for info in archive.infolist():
            name = info.filename
            if not (name in wanted or name.startswith(("word/header", "word/footer"))):
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            total += info.file_size
            if info.file_size > MAX_PART or total > MAX_TOTAL or ratio > MAX_RATIO:
                raise ReviewError(
                    f"der Teil „{name}“ ist zu groß oder ungewöhnlich stark gepackt; "
                    "die Datei wird aus Sicherheitsgründen nicht gelesen",
                    path=path,
                )
            if info.flag_bits & 0x1:
                raise ReviewError(
                    f"der Teil „{name}“ ist verschlüsselt: die Datei ohne Kennwort speichern",
                    path=path,
                )
            try:
                with archive.open(info) as stream:
                    data = stream.read(MAX_PART + 1)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, zlib.error) as exc:
                raise ReviewError(  # a damaged stream, a wrong CRC, an unknown method
                    f"der Teil „{name}“ ist beschädigt: die überarbeitete Fassung in Word "
                    "öffnen und neu speichern",
                    path=path,
                ) from exc
            if len(data) > MAX_PART:
                raise ReviewError(f"der Teil „{name}“ ist zu groß", path=path)
            elements += data.count(b"<")
            if elements > MAX_ELEMENTS:
                limit = f"{MAX_ELEMENTS:,}".replace(",", ".")
                raise ReviewError(
                    f"der Teil „{name}“ enthält zu viele XML-Elemente (zusammen über {limit}); "
                    "die Datei wird aus Sicherheitsgründen nicht gelesen",
                    path=path,
                )
            parts[name] = data
    if "word/document.xml" not in parts:
        raise ReviewError(  # e.g. an .odt from LibreOffice: a zip, but not Word's
            "keine Word-Datei (.docx), z. B. ein OpenDocument-Text (.odt): bitte die "
            "überarbeitete Fassung als Word-Dokument (.docx) speichern",
            path=path,
        )
    return parts


def parse_xml(data: bytes, path: Path, name: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ReviewError(f"der Teil „{name}“ ist kein gültiges XML", path=path) from exc


def custom_properties(data: bytes | None, path: Path) -> dict[str, str]:
    """The document's custom properties (name → text), where konzeptdoc records its source."""
    if not data:
        return {}
    root = parse_xml(data, path, "docProps/custom.xml")
    out: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        value = next(iter(prop), None)
        if value is not None and value.tag.startswith(f"{{{VT_NS}}}"):
            out[str(prop.get("name"))] = value.text or ""
    return out
