"""LibreOffice: PDF output, and the page numbers of the table of contents.

konzeptdoc writes the table of contents itself, with every heading as a link, so a document
is complete when it opens; only the page numbers need a layout engine. `finalize` lets
LibreOffice lay the document out once, reads on which page each heading landed, and writes
the numbers into the TOC's PAGEREF fields as their results. The document stays
konzeptdoc's own (not a LibreOffice re-save).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from konzeptdoc.documents.wordml import TOC_MARK, Body
from konzeptdoc.errors import OfficeError

TIMEOUT = 300


def soffice() -> str:
    """The LibreOffice executable.

    Raises:
        OfficeError: LibreOffice is not installed.
    """
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OfficeError(
        "LibreOffice is needed for --pdf and --finalize but is not installed: install it "
        "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or leave those options out"
    )


def to_pdf(docx: bytes) -> bytes:
    """The document converted to PDF by LibreOffice (headless).

    Raises:
        OfficeError: LibreOffice is missing, failed or took too long.
    """
    executable = soffice()
    with tempfile.TemporaryDirectory(prefix="konzeptdoc-office-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        command = [executable, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(f"LibreOffice did not finish within {TIMEOUT} s") from exc
        target = folder / "document.pdf"
        if result.returncode != 0 or not target.is_file():
            raise OfficeError(
                f"LibreOffice could not convert the document: {result.stderr.strip() or result.stdout.strip()}"
            )
        return target.read_bytes()


def convert_many(documents: list[Path], folder: Path) -> dict[Path, Path]:
    """Convert many .docx files to PDF in one LibreOffice start (it costs seconds)."""
    executable = soffice()
    with tempfile.TemporaryDirectory(prefix="konzeptdoc-office-") as tmp:
        command = [executable, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder),
                   *map(str, documents)]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(f"LibreOffice did not finish within {TIMEOUT} s") from exc
    return {
        doc: folder / f"{doc.stem}.pdf"
        for doc in documents
        if (folder / f"{doc.stem}.pdf").is_file()
    }


def page_count(pdf: bytes) -> int:
    """Pages of a PDF (counts the page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page (needs pdftotext from poppler-utils).

    Raises:
        OfficeError: pdftotext is missing or failed.
    """
    executable = shutil.which("pdftotext")
    if executable is None:
        raise OfficeError(
            "--finalize needs pdftotext: install poppler-utils (apt-get install poppler-utils)"
        )
    result = subprocess.run([executable, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                            timeout=TIMEOUT, check=False)  # fmt: skip
    if result.returncode != 0:
        raise OfficeError(f"pdftotext failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode("utf-8", "replace").split("\f")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def heading_pages(body: Body, pages: list[str]) -> dict[str, int]:
    """anchor → page number of each heading, found in reading order after the contents."""
    texts = [_normal(p) for p in pages]
    entries = body.toc_entries
    result: dict[str, int] = {}
    if not entries:
        return result
    first = _normal(entries[0][1])
    hits = [number for number, text in enumerate(texts) if first in text]
    page = hits[1] if len(hits) > 1 else (hits[0] if hits else 0)  # the first hit is the contents
    for _, heading, anchor in entries:
        wanted = _normal(heading)
        for candidate in range(page, len(texts)):
            if wanted in texts[candidate]:
                page = candidate
                result[anchor] = candidate + 1
                break
    return result


def finalize(
    data: bytes, body: Body, rerender: Callable[[dict[str, int]], bytes], *, pdf: Path | None = None
) -> bytes:
    """Fill the table of contents' page numbers (and write a PDF, if asked)."""
    first_pdf = to_pdf(data)
    final = data
    if TOC_MARK in body.parts:
        final = rerender(heading_pages(body, page_texts(first_pdf)))
    if pdf is not None:
        from konzeptdoc.files.save import write_atomically_bytes

        write_atomically_bytes(pdf, to_pdf(final) if final is not data else first_pdf)
    return final
