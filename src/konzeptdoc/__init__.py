"""konzeptdoc: municipal policy concepts as validated data in git.

The public API. Everything not listed in ``__all__`` is internal. Importing this module
stays cheap: git, python-docx and jinja2 are loaded only when a function needs them.
"""

import pathlib as _pathlib
import typing as _typing

from konzeptdoc.diff.records import (
    Change,
    ConceptDiff,
    ParagraphDiff,
    Side,
    TextDiff,
    ValueChange,
    WordOp,
)
from konzeptdoc.errors import (
    ConceptFileError,
    ConflictError,
    DemoTargetError,
    DetachedHeadError,
    DirtyWorkingTreeError,
    DocumentError,
    GitNotFoundError,
    IdentityError,
    KonzeptdocError,
    LockTimeoutError,
    MergeConflict,
    MergeConflictError,
    MissingPartError,
    NotAConceptError,
    NotARepositoryError,
    OfficeError,
    Problem,
    RefLockError,
    ReleaseNameError,
    RemoteError,
    ReportPeriodError,
    ReviewError,
    SampleError,
    SchemaVersionError,
    StoreError,
    TemplateError,
    UnknownConceptError,
    UnknownEntityError,
    UnknownRevisionError,
    UnsafePathError,
    ValidationError,
    YamlSyntaxError,
)
from konzeptdoc.files.schema import write_schemas
from konzeptdoc.files.workspace import load_concept, save_concept, validate
from konzeptdoc.model import (
    SCHEMA_VERSION,
    Concept,
    Contribution,
    Decision,
    Event,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Participation,
    Principle,
    Settings,
    Submission,
    TargetGroup,
)
from konzeptdoc.store import BlameLine, HistoryEntry, KeyChange, Release, Repository, Revision

__version__ = "0.1.0"


def diff(old: Concept, new: Concept) -> ConceptDiff:
    """What changed from `old` to `new`: frozen change records (see `konzeptdoc.diff`)."""
    from konzeptdoc.diff import diff as compute

    return compute(old, new)


def build(concept: Concept, **options: _typing.Any) -> _pathlib.Path | bytes:
    """Build a Word document from a concept (see `konzeptdoc.documents.build`).

    Loads python-docx on first use, so ``import konzeptdoc`` stays cheap.
    """
    from konzeptdoc.documents import build as build_document

    return build_document(concept, **options)


def read_review(
    concept: str, files: _typing.Sequence[str | _pathlib.Path], **options: _typing.Any
) -> _typing.Any:
    """Read reviewed copies of a built document back: changes, comments, conflicts
    mapped to entity and key (see `konzeptdoc.review.read_review`)."""
    from konzeptdoc.review import read_review as read

    return read(concept, files, **options)


def status_report(
    repository: Repository, concept: str, *, since: str | None = None, as_of: str | None = None
) -> _typing.Any:
    """The Sachstandsbericht of a concept gathered from its history: a `StatusReport` to
    write with `konzeptdoc.documents.report_doc.build_report` or `reporting.html.to_html`
    (see `konzeptdoc.reporting.status_report`)."""
    from konzeptdoc.reporting import status_report as gather

    return gather(repository, concept, since=since, as_of=as_of)


def apply_review(review: _typing.Any, **options: _typing.Any) -> list[_pathlib.Path]:
    """Write a review's agreed changes into the working tree (see `konzeptdoc.review`)."""
    from konzeptdoc.review import apply_review as apply

    return apply(review, **options)


__all__ = [
    "SCHEMA_VERSION",
    "BlameLine",
    "Change",
    "Concept",
    "ConceptDiff",
    "ConceptFileError",
    "ConflictError",
    "Contribution",
    "Decision",
    "DemoTargetError",
    "DetachedHeadError",
    "DirtyWorkingTreeError",
    "DocumentError",
    "Event",
    "FieldOfAction",
    "GitNotFoundError",
    "Goal",
    "HistoryEntry",
    "IdentityError",
    "Indicator",
    "KeyChange",
    "KonzeptdocError",
    "LockTimeoutError",
    "Measure",
    "MergeConflict",
    "MergeConflictError",
    "MissingPartError",
    "NotAConceptError",
    "NotARepositoryError",
    "OfficeError",
    "ParagraphDiff",
    "Participation",
    "Principle",
    "Problem",
    "RefLockError",
    "Release",
    "ReleaseNameError",
    "RemoteError",
    "ReportPeriodError",
    "Repository",
    "ReviewError",
    "Revision",
    "SampleError",
    "SchemaVersionError",
    "Settings",
    "Side",
    "StoreError",
    "Submission",
    "TargetGroup",
    "TemplateError",
    "TextDiff",
    "UnknownConceptError",
    "UnknownEntityError",
    "UnknownRevisionError",
    "UnsafePathError",
    "ValidationError",
    "ValueChange",
    "WordOp",
    "YamlSyntaxError",
    "__version__",
    "apply_review",
    "build",
    "diff",
    "load_concept",
    "read_review",
    "save_concept",
    "status_report",
    "validate",
    "write_schemas",
]
