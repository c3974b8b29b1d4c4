"""LibreOffice: PDF output, and the page numbers of the table of contents.

konzeptdoc writes the table of contents itself, with every heading as a link, so a document
is complete when it opens; only the page numbers need a layout engine. `finalize` lets
LibreOffice lay the document out once, reads on which page each heading landed, and writes
the numbers into the TOC's PAGEREF fields as their results. The document stays
konzeptdoc's own (not a LibreOffice re-save).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from konzeptdoc.documents.wordml import TOC_MARK, Body
from konzeptdoc.errors import OfficeError

TIMEOUT = 300


#: PDF export: tagged PDF/UA-1, the document's title shown instead of the file name. The
#: language (de-DE) comes from the document's styles. JSON filter options need LibreOffice 7.4.
EXPORT = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "boolean", "value": "true"}
     for name in ("UseTaggedPDF", "PDFUACompliance", "DisplayPDFDocumentTitle", "ExportBookmarks")},
    separators=(",", ":"),
)  # fmt: skip


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
        "Für --pdf und --finalize wird LibreOffice gebraucht, ist aber nicht installiert: "
        "LibreOffice installieren (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) "
        "oder diese Optionen weglassen"
    )


def to_pdf(docx: bytes) -> bytes:
    """The document converted to accessible PDF by LibreOffice (headless).

    Raises:
        OfficeError: LibreOffice is missing, failed or took too long.
    """
    with tempfile.TemporaryDirectory(prefix="konzeptdoc-office-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        pdfs = convert_many([source], Path(tmp))
        if source not in pdfs:
            raise OfficeError("LibreOffice konnte das Dokument nicht in PDF umwandeln")
        return pdfs[source].read_bytes()


def convert_many(documents: Sequence[Path], folder: Path) -> dict[Path, Path]:
    """Convert .docx files to accessible PDFs in `folder`, all in one LibreOffice process
    (each start costs seconds). Returns docx → pdf for those converted.

    Raises:
        OfficeError: LibreOffice is missing or took too long.
    """
    executable = soffice()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="konzeptdoc-office-") as tmp:
        command = [executable, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", EXPORT, "--outdir", str(folder),
                   *map(str, documents)]  # fmt: skip
        run_office(command)
    from konzeptdoc.documents.pdf import finish

    converted = {}
    for document in documents:
        target = folder / f"{document.stem}.pdf"
        if target.is_file():
            finish(target, *_descriptions(document))
            converted[document] = target
    return converted


def run_office(command: list[str]) -> None:
    """Run LibreOffice in a process group of its own, and end the whole group if it takes
    too long or konzeptdoc is interrupted (Ctrl-C): `soffice` starts `soffice.bin`, which
    would outlive a killed `soffice` and keep writing into the profile folder being removed
    (the interruption then read "user: Ordner ist nicht leer", and the folder stayed).

    Raises:
        OfficeError: LibreOffice took longer than `TIMEOUT`.
    """
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        _stop(process)
        raise OfficeError(
            f"LibreOffice ist nicht innerhalb von {TIMEOUT} s fertig geworden"
        ) from exc
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups (Windows), or already gone
        process.kill()
    process.wait()


def _descriptions(docx: Path) -> tuple[str | None, list[str]]:
    """The keywords of a Word document's core properties, and its drawings' descriptions."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(docx) as package:
            core = ElementTree.fromstring(package.read("docProps/core.xml"))
            body = package.read("word/document.xml").decode("utf-8")
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError, UnicodeDecodeError):
        return None, []
    found = core.find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"
    )
    keywords = found.text if found is not None and found.text else None
    from html import unescape

    drawings = [unescape(m) for m in re.findall(r'<wp:docPr [^>]*?descr="([^"]*)"', body)]
    return keywords, drawings


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
            "--finalize und --pdf brauchen pdftotext: poppler-utils installieren "
            "(apt-get install poppler-utils)"
        )
    result = subprocess.run([executable, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                            timeout=TIMEOUT, check=False)  # fmt: skip
    if result.returncode != 0:
        raise OfficeError(
            f"pdftotext ist gescheitert: {result.stderr.decode(errors='replace').strip()}"
        )
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
    contents = " ".join(texts[:page])
    for _, heading, anchor in entries:
        wanted = _normal(heading)
        for candidate in range(page, len(texts)):
            if wanted in texts[candidate]:
                page = candidate
                result[anchor] = candidate + 1
                break
        else:
            # Not in the body's text as written (a redline's renamed heading reads with its
            # deleted words): the number LibreOffice printed in the contents of this copy.
            printed = re.search(re.escape(wanted) + r" ?\.{2,} ?(\d+)", contents)
            if printed:
                result[anchor] = int(printed.group(1))
    return result


def finalize(
    data: bytes,
    body: Body,
    rerender: Callable[[dict[str, int] | None, bool], bytes],
    *,
    pdf: Path | None = None,
) -> bytes:
    """Fill the table of contents' page numbers (and write the PDF, if asked): one
    LibreOffice run.

    `rerender(pages, toc_field)` renders the document again. LibreOffice leaves the entries
    of a TOC field as they are, but computes PAGEREF fields outside one while laying the
    document out: the copy it converts has the entries without the TOC field around them,
    so its PDF shows the right page numbers, and the pages read from that PDF become the
    results of the .docx's fields (which keep the TOC field, for Word's "update table").
    """
    contents = TOC_MARK in body.parts
    laid_out = to_pdf(rerender(None, False) if contents else data)
    final = rerender(heading_pages(body, page_texts(laid_out)), True) if contents else data
    if pdf is not None:
        from konzeptdoc.files.save import write_atomically_bytes

        write_atomically_bytes(pdf, laid_out)
    return final
