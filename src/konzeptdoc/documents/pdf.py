"""The last step of a PDF: what LibreOffice's PDF/UA export leaves out.

LibreOffice (7.4) writes tagged PDF/UA-1 with `PDFUACompliance`, but two things a checker
(and a screen reader) needs come out wrong, so they are set here with pikepdf:

* pages with links lack `/Tabs /S` (tab through the links in structure order);
* the keywords: LibreOffice splits the Word document's keywords at every space ("Stadt
  Wolfsburg" becomes "Stadt, Wolfsburg"); the document's own list is written back, in the
  document information and in the XMP metadata, which must agree;
* a chart's alternative text (the Word drawing's description) is not exported: each Figure
  without /Alt gets the description of its drawing, in document order – where the numbers
  of figures and drawings agree, so no text lands on the wrong figure;
* a Word comment (a redline's reviewers' comments) becomes a note (/Text annotation) with a
  popup, neither in the structure tree: PDF/UA fails both. Each note gets an Annot structure
  element with its text as /Alt, after the document's content; the popups are dropped
  (a viewer opens a note's text without one).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from konzeptdoc.errors import OfficeError


def finish(path: Path, keywords: str | None = None, figures: Sequence[str] = ()) -> None:
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
        _describe_figures(pdf, figures)
        _tag_notes(pdf)
        if keywords:
            pdf.docinfo.Keywords = keywords
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["pdf:Keywords"] = keywords
        # A fixed ID: the same document gives the same PDF bytes apart from LibreOffice's dates.
        pdf.save(path, deterministic_id=True)


def _describe_figures(pdf: Any, texts: Sequence[str]) -> None:
    """Give Figure structure elements without alternative text their drawing's description."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None or not texts:
        return
    figures: list[Any] = []
    pending = [root]
    seen: set[tuple[int, int]] = set()
    while pending:  # depth first, in structure (reading) order
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/S") == pikepdf.Name.Figure:
            figures.append(node)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending.extend(reversed(list(kids)))
        elif isinstance(kids, pikepdf.Dictionary):
            pending.append(kids)
    if len(figures) != len(texts):
        return
    for figure, text in zip(figures, texts, strict=True):
        if "/Alt" not in figure and "/ActualText" not in figure and text:
            figure.Alt = pikepdf.String(text)


def _tag_notes(pdf: Any) -> None:
    """Put the notes LibreOffice left outside the structure tree into it (see above)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None or not isinstance(root.get("/K"), pikepdf.Array) or len(root.K) == 0:
        return
    document = root.K[0]
    nums = root.ParentTree.get("/Nums")
    if not isinstance(nums, pikepdf.Array) or not isinstance(document, pikepdf.Dictionary):
        return  # a parent tree with kids: not what LibreOffice writes; left as it is
    key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = [a for a in annotations if a.get("/Subtype") != pikepdf.Name.Popup]
        for note in kept:
            if note.get("/Subtype") != pikepdf.Name.Text or "/StructParent" in note:
                continue
            if "/Popup" in note:
                del note["/Popup"]
            reference = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=note, Pg=page.obj)
            element = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Annot, P=document,
                K=pikepdf.Array([reference]), Pg=page.obj,
                Alt=pikepdf.String(str(note.get("/Contents", "")) or "Kommentar"),
            ))  # fmt: skip
            if not isinstance(document.get("/K"), pikepdf.Array):
                document.K = pikepdf.Array([] if document.get("/K") is None else [document.K])
            document.K.append(element)
            note.StructParent = key
            nums.append(key)
            nums.append(element)
            key += 1
        if len(kept) != len(annotations):
            page.obj.Annots = pikepdf.Array(kept)
    root.ParentTreeNextKey = key
