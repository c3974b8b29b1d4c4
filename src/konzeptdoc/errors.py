"""Every error konzeptdoc raises, and the `Problem` record validation reports.

A caller catches `KonzeptdocError` and nothing else; third-party errors (pydantic,
ruamel.yaml, GitPython, lxml) are wrapped once, where they cross into konzeptdoc.

    KonzeptdocError                 .path .line .field_path .problems
    ├── ConceptFileError            a file cannot be read as concept data
    │   ├── YamlSyntaxError         not YAML at all (line and column), or YAML aliases
    │   ├── SchemaVersionError      written by a newer konzeptdoc
    │   ├── FileTooLargeError       larger than the cap for one data file (never read)
    │   └── UnsafePathError         a symbolic link in the concept data (never followed)
    ├── ValidationError             data read, but it has errors (.problems lists all)
    ├── NotAConceptError            a path holds neither konzeptdoc.yaml nor concept.yaml
    ├── EditedOnDiskError           a concept file changed on disk: a save would overwrite it
    ├── SampleError                 the bundled samples are missing or the demo cannot run
    ├── DemoTargetError             the demo directory exists and is not empty
    ├── DocumentError               a Word document cannot be made
    │   ├── TemplateError           the template is unusable or lacks a style (named)
    │   ├── MissingPartError        the concept lacks the part a document is made from
    │   ├── OfficeError             LibreOffice (for --pdf/--finalize) is missing or failed
    │   └── ReviewError             a reviewed copy cannot be read back (not ours, other concept)
    └── StoreError                  the git-backed repository
        ├── GitNotFoundError        no git executable
        ├── IdentityError           no git identity (user.name/user.email) to record a change
        ├── NotARepositoryError     the path is not a concept repository
        ├── UnknownRevisionError    a revision, tag or date that does not resolve
        │   └── ReportPeriodError   a report's --since/--as-of name no release or run backwards
        ├── UnknownConceptError     no such concept at that revision
        ├── UnknownEntityError      no such field, goal, measure … in the history
        ├── DirtyWorkingTreeError   uncommitted changes would be overwritten
        ├── DetachedHeadError       HEAD is not on a branch
        ├── ConflictError           the branch moved since the caller's revision (retry)
        ├── LockTimeoutError        another save holds the repository lock too long
        ├── RefLockError            git's own lock file (main.lock, HEAD.lock) is in the way
        ├── ReleaseNameError        a release name git would misread (a branch, HEAD, a sha)
        ├── MergeConflictError      both sides changed the same key (.conflicts lists them)
        └── RemoteError             push, pull or fetch failed
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of validation: where it is and what is wrong.

    Attributes:
        severity: "error" fails validation; "warning" is reported but passes.
        file: The file the problem is in, as the caller named it, or None for a concept
            held only in memory.
        line: 1-based line in `file`, where known.
        field_path: Where in the file, e.g. ``measures[3].status``; empty for the file as a whole.
        message: What is wrong and, where possible, what to do.
    """

    severity: Severity
    file: Path | None
    line: int | None
    field_path: str
    message: str

    def __str__(self) -> str:
        where = str(self.file) if self.file is not None else "(Konzept im Speicher)"
        if self.line is not None:
            where += f":{self.line}"
        label = "" if self.severity == "error" else "Warnung: "
        if self.field_path:
            return f"{where}: {self.field_path}: {label}{self.message}"
        return f"{where}: {label}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data (used by ``validate --format json``)."""
        return {
            "severity": self.severity,
            "file": None if self.file is None else self.file.as_posix(),
            "line": self.line,
            "field_path": self.field_path,
            "message": self.message,
        }


class KonzeptdocError(Exception):
    """Root of every error konzeptdoc raises.

    Attributes:
        path: The file or directory concerned, if any.
        line: 1-based line in `path`, if known.
        field_path: Where in the file (``measures[3].status``), if known.
        problems: All problems found, for errors that collect several.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        field_path: str = "",
        problems: Sequence[Problem] = (),
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field_path = field_path
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.message = message
        super().__init__(self._where() + message)

    def _where(self) -> str:
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.field_path:
            where += f": {self.field_path}"
        return where + ": "


class ConceptFileError(KonzeptdocError):
    """A file cannot be read as concept data."""


class YamlSyntaxError(ConceptFileError):
    """A file is not valid YAML; `line` (and the message) say where."""


class SchemaVersionError(ConceptFileError):
    """A file declares a `schema_version` newer than this konzeptdoc understands."""


class FileTooLargeError(ConceptFileError):
    """A concept data file (working tree or committed blob) is larger than konzeptdoc reads.

    Checked from the file's size before a byte is read, so a hostile file costs no memory.
    `path` names the file.
    """


class UnsafePathError(ConceptFileError):
    """A file or folder of the concept data is a symbolic link: konzeptdoc follows none.

    A link can lead outside the repository (reading or overwriting a file there) and is
    committed as a link, which a colleague's clone cannot resolve.
    """


class ValidationError(KonzeptdocError):
    """Concept data has errors; `problems` lists every one of them."""

    def __init__(self, problems: Sequence[Problem], *, path: str | os.PathLike[str] | None = None):
        errors = [p for p in problems if p.severity == "error"]
        shown = "\n".join(f"  {p}" for p in errors[:20])
        more = f"\n  … und {len(errors) - 20} weitere" if len(errors) > 20 else ""
        # "Fehler" is singular and plural alike (the glossary's term "error").
        super().__init__(
            f"{len(errors)} Fehler in den Konzeptdaten:\n{shown}{more}",
            problems=problems,
        )
        self.path = Path(path) if path is not None else None


class NotAConceptError(KonzeptdocError):
    """A path is neither a concept repository nor a concept folder."""


class EditedOnDiskError(KonzeptdocError):
    """A file of a concept changed on disk since the concept was read or last saved, and
    saving would overwrite that change. `path` names the file."""


class SampleError(KonzeptdocError):
    """The bundled sample concepts cannot be found or replayed."""


class DemoTargetError(KonzeptdocError):
    """The demo's target directory already holds files."""


class DocumentError(KonzeptdocError):
    """A Word document cannot be made."""


class TemplateError(DocumentError):
    """A Word template cannot be used (missing, unreadable, or lacking a needed style)."""


class MissingPartError(DocumentError):
    """The concept lacks the part a document kind is made from (e.g. no submission.yaml)."""


class OfficeError(DocumentError):
    """LibreOffice, needed for PDF output and finalizing, is missing or failed."""


class ReviewError(DocumentError):
    """A reviewed .docx cannot be read back: not a konzeptdoc document, another concept,
    a revision that no longer exists, or a damaged file."""


class StoreError(KonzeptdocError):
    """Something about the git-backed concept repository."""


class GitNotFoundError(StoreError):
    """The git executable is missing."""


class IdentityError(StoreError):
    """git knows no name and e-mail for the person making a commit or a release."""


class NotARepositoryError(StoreError):
    """A path is not (inside) a concept repository."""


class UnknownRevisionError(StoreError):
    """A revision (sha, tag, branch or date) does not resolve."""


class ReportPeriodError(UnknownRevisionError):
    """A status report's period is wrong: no release to compare with, or a start after its end.

    A usage error: the command line exits with status 2.
    """


class UnknownConceptError(StoreError):
    """No concept with that id exists at the revision."""


class UnknownEntityError(StoreError):
    """No field, goal, measure or other entity with that id exists in the history."""


class DirtyWorkingTreeError(StoreError):
    """The working tree has uncommitted changes that an operation would overwrite."""


class DetachedHeadError(StoreError):
    """HEAD is detached: saving needs a branch."""


class ConflictError(StoreError):
    """The branch moved since the revision the caller started from.

    Attributes:
        expected: The revision the caller started from.
        actual: Where the branch points now.
    """

    def __init__(self, message: str, *, expected: str, actual: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class LockTimeoutError(StoreError):
    """The repository lock could not be taken in time."""


class RefLockError(StoreError):
    """A lock file of git (``.git/refs/heads/main.lock``, ``.git/HEAD.lock``) blocks a commit.

    Left behind by a git command that crashed or was killed, or held by one still running.
    `path` names the lock file.
    """


class ReleaseNameError(StoreError):
    """A release name git would read as something else, or not accept as a tag name."""


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """One key of one entity changed differently on both sides of a merge."""

    file: str
    entity: str
    key: str
    ours: object
    theirs: object

    def __str__(self) -> str:
        if not self.key:  # not two values but a finding: the merged data does not validate
            return f"{self.file}: {self.entity}: {self.ours}"
        return (
            f"{self.file}: {self.entity}: {self.key}: hier {_shown(self.ours)}, "
            f"dort {_shown(self.theirs)}"
        )


class MergeConflictError(StoreError):
    """A semantic merge found keys changed differently on both sides.

    Attributes:
        conflicts: Every conflicting key; resolve with ours/theirs per entity.
    """

    def __init__(self, conflicts: Sequence[MergeConflict]) -> None:
        self.conflicts = tuple(conflicts)
        listed = "\n".join(f"  {c}{_resolved_by(c)}" for c in self.conflicts)
        number = len(self.conflicts)
        # Plural as in the glossary's term "conflict" (errors sit below the german layer).
        word = "Konflikt" if number == 1 else "Konflikte"
        super().__init__(
            f"{number} {word}; nichts wurde zusammengeführt. Je Eintrag mit --ours KENNUNG "
            f"oder --theirs KENNUNG auflösen:\n{listed}"
        )


def _resolved_by(conflict: MergeConflict) -> str:
    """The KENNUNG that --ours/--theirs take for this conflict (the entity label's last
    word; for concept.yaml it is "concept", which no one would guess)."""
    name, _, identifier = conflict.entity.rpartition(" ")
    if not conflict.key or not name:  # a finding after merging, or a whole file: no choice
        return ""
    return f" (--ours {identifier} oder --theirs {identifier})"


def _shown(value: object) -> str:
    """A conflicting value as a person reads it (no Python repr)."""
    if value is None:
        return "(nichts)"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str):
        return f"„{value if len(value) <= 60 else value[:57] + '…'}“"
    if isinstance(value, dict | list):
        return "(geänderte Angaben)" if value else "(leer)"
    return str(value)


class RemoteError(StoreError):
    """Talking to the remote failed."""


@dataclass(slots=True)
class ProblemList:
    """Collects problems while reading or checking, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        file: Path | None,
        field_path: str,
        message: str,
        line: int | None = None,
    ) -> None:
        self.items.append(Problem(severity, file, line, field_path, message))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)
