"""Council-ready Word documents from a concept: concept, submission, measures, participation.

`build` opens the template (bundled or the city's), writes the body in bulk and returns the
finished package; it needs no repository.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Literal

from konzeptdoc.documents.package import Properties, compose, kept_keywords
from konzeptdoc.documents.wordml import Body
from konzeptdoc.errors import DocumentError, TemplateError
from konzeptdoc.model import Concept

Kind = Literal["concept", "submission", "measures", "participation"]
KINDS: tuple[Kind, ...] = ("concept", "submission", "measures", "participation")
_TITLES = {"concept": "{title}", "submission": "Beschlussvorlage: {title}", "measures": "Maßnahmenplan: {title}",
           "participation": "Beteiligungsbericht: {title}"}  # fmt: skip


_KIND_WORDS = {"concept": "Konzept", "submission": "Beschlussvorlage", "measures": "Maßnahmenplan",
               "participation": "Beteiligung"}  # fmt: skip


def keywords(concept: Concept, *extra: str) -> str:
    """The document's keywords: what it is, where, and its fields of action ("; " between
    them – a keyword may hold a comma or a space: "Stadt Wolfsburg"), whole keywords up to
    the 255 characters Word keeps."""
    words = [concept.kind, *extra, concept.municipality, *(f.title for f in concept.fields)]
    return kept_keywords("; ".join(w for w in words if w))


def render(
    concept: Concept,
    *,
    kind: Kind = "concept",
    template: str | os.PathLike[str] | None = None,
    date: dt.datetime | None = None,
    fields: Collection[str] = (),
    statuses: Collection[str] = (),
    with_authors: bool = False,
    pages: dict[str, int] | None = None,
    toc_field: bool = True,
    body_xml: Callable[[Body], str] | None = None,
    revision: str | None = None,
    anchors: bool | None = None,
) -> tuple[bytes, Body]:
    """The document as bytes, and the body that made it (its headings, for finalizing).

    `toc_field=False` writes the contents without the TOC field around its entries: the
    copy LibreOffice lays out, whose page numbers it then computes itself.
    Unless `body_xml` replaces the body (a redline), the document anchors every editable
    text and records the concept and `revision` it was built from (see `anchors`);
    `anchors=True` keeps the anchors in a replaced body too (a redline places comments).
    """
    from konzeptdoc.documents.concept_doc import concept_body
    from konzeptdoc.documents.measures_doc import measures_body
    from konzeptdoc.documents.other_docs import participation_body
    from konzeptdoc.documents.submission_doc import submission_body

    if kind not in KINDS:
        raise DocumentError(f"Unbekannte Dokumentart „{kind}“; möglich sind: {', '.join(KINDS)}")

    def fill(body: Body) -> None:
        if kind == "concept":
            concept_body(concept, body)
        elif kind == "submission":
            submission_body(concept, body)
        elif kind == "measures":
            measures_body(concept, body, fields=fields, statuses=statuses)
        else:
            participation_body(concept, body, with_authors=with_authors)

    return compose(
        Path(template) if template is not None else None,
        fill,
        wide=kind == "measures",
        header=concept.municipality,
        footer=concept.title,
        properties=_properties(concept, kind, date),
        body_xml=body_xml
        if body_xml is not None
        else (lambda body: body.xml_bytes(pages, toc_field)),
        custom=None
        if body_xml is not None
        else _recorded(concept, kind, revision, fields, statuses),
        anchors=anchors,
    )


def _properties(concept: Concept, kind: Kind, date: dt.datetime | None) -> Properties:
    """Title, subject, author, date, keywords and company of the document's properties."""
    return Properties(
        title=_TITLES[kind].format(title=concept.title),
        subject=f"{concept.kind}, {concept.municipality}",
        author=concept.lead,
        date=date or dt.datetime.combine(concept.as_of, dt.time(12, 0)),
        keywords=keywords(concept, _KIND_WORDS[kind]),
        company=concept.municipality,
    )


def _recorded(
    concept: Concept,
    kind: Kind,
    revision: str | None,
    fields: Collection[str] = (),
    statuses: Collection[str] = (),
) -> dict[str, str]:
    """The custom properties that let a reviewed copy be read back: concept, kind, revision
    (and a Maßnahmenplan's filters: the reader compares the anchors it finds with those
    the plan was sent out with)."""
    from konzeptdoc.documents.anchors import (
        PROPERTY_CONCEPT,
        PROPERTY_FIELDS,
        PROPERTY_KIND,
        PROPERTY_REVISION,
        PROPERTY_SCHEME,
        PROPERTY_STATUSES,
        SCHEME,
    )

    # A concept read from the repository knows its commit (the store sets it).
    revision = revision or getattr(concept.origin, "revision", None)
    recorded = {PROPERTY_CONCEPT: concept.id, PROPERTY_KIND: kind, PROPERTY_SCHEME: SCHEME}
    if kind == "measures":  # only a filtered plan: an unfiltered one stays as it was
        filters = ((PROPERTY_FIELDS, fields), (PROPERTY_STATUSES, statuses))
        recorded |= {name: ",".join(values) for name, values in filters if values}
    return recorded | ({PROPERTY_REVISION: revision} if revision else {})


def build(
    concept: Concept,
    *,
    kind: Kind = "concept",
    output: str | os.PathLike[str] | None = None,
    template: str | os.PathLike[str] | None = None,
    date: dt.datetime | None = None,
    fields: Collection[str] = (),
    statuses: Collection[str] = (),
    with_authors: bool = False,
    finalize: bool = False,
    pdf: str | os.PathLike[str] | None = None,
    revision: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path | bytes:
    """Build a Word document from a concept; write it to `output` or return its bytes.

    Args:
        concept: The concept (from a folder, a revision or built in code).
        kind: "concept", "submission", "measures" or "participation".
        output: Where to write the .docx; without it the bytes are returned.
        template: A city's .docx whose styles, page setup, header and footer to use.
        date: The document's date (core properties); default: the concept's "Stand".
        fields, statuses: Filters for the measures plan.
        with_authors: Name the authors of contributions (personal data; off by default).
        finalize: Fill in the table of contents' page numbers through LibreOffice.
        pdf: Also write a PDF here (through LibreOffice; implies finalize).
        revision: The revision (commit sha) the concept was read at; recorded in the
            document so that a reviewed copy can be read back (`konzeptdoc.read_review`).
        progress: Called with a German line before each long step (the LibreOffice pass).

    Raises:
        TemplateError: The template cannot be used (the message names a missing style).
        OfficeError: LibreOffice is needed for `finalize`/`pdf` and is missing or failed.
        DocumentError: Unknown kind, or a field or status filter that names nothing.
        MissingPartError: The concept lacks the part the kind is made from.
    """
    options: dict[str, Any] = {"kind": kind, "template": template, "date": date, "fields": fields, "statuses": statuses,
               "with_authors": with_authors, "revision": revision}  # fmt: skip
    data, body = render(concept, **options)
    if finalize or pdf is not None:
        from konzeptdoc.documents.office import finalize as run_finalize

        if progress is not None:
            progress("LibreOffice: Seitenzahlen" + (" und PDF" if pdf is not None else ""))

        data = run_finalize(
            data,
            body,
            lambda pages, field: render(concept, pages=pages, toc_field=field, **options)[0],
            pdf=Path(pdf) if pdf is not None else None,
        )
    if output is None:
        return data
    from konzeptdoc.files.save import write_atomically_bytes

    target = Path(output)
    write_atomically_bytes(target, data)
    return target


__all__ = ["KINDS", "Kind", "TemplateError", "build", "keywords", "render"]
