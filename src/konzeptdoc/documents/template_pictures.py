"""Pictures in a template, bounded by their pixels before an office suite draws them.

The template's size caps (`template_guard`) bound the bytes of a part, not what a picture
inflates to when drawn: PNG compresses a plain area a thousandfold, so a few hundred KB
can declare 400 million pixels, drawn again in every page's header.
"""

from __future__ import annotations

from pathlib import Path

from konzeptdoc.errors import TemplateError

#: Pixels of one picture, read from its header: a 389 KB PNG of 20,000 × 20,000 pixels as
#: the header's logo kept LibreOffice drawing for over 4 minutes per `--pdf` (40 MP: 37 s
#: against 11 s). A 24-megapixel camera photo fits.
MAX_PIXELS = 25_000_000


def check_picture(data: bytes, name: str, shown: Path) -> None:
    """Refuse a PNG, GIF, JPEG or BMP picture of more than `MAX_PIXELS` (by its header)."""
    width, height = _dimensions(data)
    if width * height > MAX_PIXELS:
        raise TemplateError(
            f"das Bild {name} der Vorlage hat {_number(width)} × {_number(height)} Bildpunkte, "
            f"erlaubt sind {MAX_PIXELS // 1_000_000} Megapixel: ein so großes Bild hält LibreOffice und "
            "Word minutenlang auf – das Bild verkleinern",
            path=shown,
        )


def _dimensions(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a picture's header; (0, 0) for other data."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith((b"GIF87a", b"GIF89a")):
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = (int.from_bytes(data[o : o + 4], "little", signed=True) for o in (18, 22))
        return abs(width), abs(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_dimensions(data)
    return 0, 0


def _jpeg_dimensions(data: bytes) -> tuple[int, int]:
    # Marker segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            return int.from_bytes(data[at + 7 : at + 9], "big"), height
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return 0, 0


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")
