"""The last step of a PDF: what LibreOffice's PDF/UA export leaves out.

LibreOffice (7.4) writes tagged PDF/UA-1 with `PDFUACompliance`, but two things a checker
(and a screen reader) needs come out wrong, so they are set here with pikepdf:

* pages with links lack `/Tabs /S` (tab through the links in structure order);
* the keywords: LibreOffice splits the Word document's keywords at every space ("Stadt
  Wolfsburg" becomes "Stadt, Wolfsburg"); the document's own list is written back, in the
  document information and in the XMP metadata, which must agree.
"""

from __future__ import annotations

from pathlib import Path

from konzeptdoc.errors import OfficeError


def finish(path: Path, keywords: str | None = None) -> None:
    """Make the PDF at `path` accessible where LibreOffice left gaps (rewritten in place).

    Raises:
        OfficeError: pikepdf cannot read the PDF LibreOffice wrote.
    """
    import pikepdf

    try:
        pdf = pikepdf.open(path, allow_overwriting_input=True)
    except pikepdf.PdfError as exc:
        raise OfficeError(f"LibreOffice hat ein unlesbares PDF geschrieben: {exc}") from exc
    with pdf:
        for page in pdf.pages:
            if "/Annots" in page.obj:
                page.obj.Tabs = pikepdf.Name.S
        if keywords:
            pdf.docinfo.Keywords = keywords
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["pdf:Keywords"] = keywords
        # A fixed ID: the same document gives the same PDF bytes apart from LibreOffice's dates.
        pdf.save(path, deterministic_id=True)
