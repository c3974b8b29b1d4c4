"""The repository layout on disk ⇄ the model.

Reading collects every problem of every file before giving up, so `validate` can print
them all at once. Parsing works on texts, not paths, so the store can feed it blobs
straight from git; `read_concept_dir` is the file-system front of the same code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError as PydanticValidationError

from konzeptdoc.errors import (
    KonzeptdocError,
    NotAConceptError,
    Problem,
    ProblemList,
    SchemaVersionError,
)
from konzeptdoc.files import yamlio
from konzeptdoc.files.bulk import paused_gc
from konzeptdoc.files.diagnostics import errors_of, field_path
from konzeptdoc.files.invisible import direction_controls
from konzeptdoc.files.numbers import thousands_separators
from konzeptdoc.files.paths import (
    CONCEPT_FILE,
    FIELDS_DIR,
    PARTICIPATION_FILE,
    SETTINGS_FILE,
    SUBMISSION_FILE,
    other_ending,
    symlink_message,
    symlink_problems,
)
from konzeptdoc.files.validate import Finding, Part
from konzeptdoc.german.glossary import quoted
from konzeptdoc.model import (
    SCHEMA_VERSION,
    Concept,
    ConceptFile,
    ConceptHeader,
    FieldOfAction,
    Model,
    Participation,
    Settings,
    Submission,
)

#: file kind → (model, schema file name)
KINDS: dict[str, tuple[type[Model], str]] = {
    "settings": (Settings, "konzeptdoc"),
    "concept": (ConceptFile, "concept"),
    "field": (FieldOfAction, "field"),
    "participation": (Participation, "participation"),
    "submission": (Submission, "submission"),
}
M = TypeVar("M", bound=Model)


def part_file(part: Part) -> str:
    """The file of a concept part, relative to the concept folder."""
    if part[0] == "field":
        return f"{FIELDS_DIR}/{part[1]}.yaml"
    return {"concept": CONCEPT_FILE, "participation": PARTICIPATION_FILE}.get(
        part[0], SUBMISSION_FILE
    )


@dataclass
class ConceptSource:
    """Where a concept was read from: its folder and the texts of its files (kept with the
    concept so that problems found later can still name file and line)."""

    folder: Path
    texts: dict[str, str] = field(default_factory=dict)
    _trees: dict[str, Any] = field(default_factory=dict)
    #: The parsed data of `texts` (files that validated): a save compares the new data with
    #: it and skips unchanged files without parsing them again. Read-only.
    data: dict[str, Any] = field(default_factory=dict)
    #: The commit the concept was read from (set by the store; saves check it has not moved).
    revision: str | None = None
    #: Per file: its entities at the last save (`tracking.FileMemo`); the stat that says it
    #: still holds its text in `texts` (`stamps.Stamp`).
    memos: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    stamps: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def unchanged_data(self, texts: Mapping[str, str]) -> dict[str, Any]:
        """`data` of the files whose text in `texts` is still the text it was parsed from."""
        return {k: v for k, v in self.data.items() if self.texts.get(k) == texts.get(k)}

    def reread(self, texts: dict[str, str], data: dict[str, Any]) -> None:
        """The files now hold `texts` (and, for files left as they were, `data`)."""
        self.texts = texts
        self._trees.clear()
        self.data = data

    def line(self, relative: str, location: tuple[str | int, ...]) -> int | None:
        """The line of `location` in a file, for a problem found after reading."""
        text = self.texts.get(relative)
        if text is None:
            return None
        if relative not in self._trees:  # once per file, however many problems it has
            self._trees[relative] = yamlio.positions(text)
        tree = self._trees[relative]
        return yamlio.line_of(tree, location) if tree is not None else None


Loader = Callable[[str, Path], Any]


def parse_file(
    text: str, kind: str, path: Path, problems: ProblemList, load: Loader = yamlio.load
) -> tuple[Model | None, Any]:
    """Parse and validate one file's text; problems go to `problems`.

    Returns the model (None when the file has errors) and the raw data. `load` turns text
    into data; the store passes one that caches by blob id.
    """
    model_class = KINDS[kind][0]
    try:
        data = load(text, path)
    except KonzeptdocError as exc:
        problems.add("error", path, "", exc.message, exc.line)
        return None, None
    if not isinstance(data, dict):
        what = "leer" if data is None else "keine Folge von Angaben „Schlüssel: Wert“"
        problems.add("error", path, "", f"Die Datei ist {what}", 1)
        return None, data
    version = data.get("schema_version")
    if version is None:
        problems.add(
            "error",
            path,
            "schema_version",
            "Pflichtangabe „Version des Dateiformats“ fehlt: die Datei mit "
            f"„schema_version: {SCHEMA_VERSION}“ beginnen",
            1,
        )
        return None, data
    if isinstance(version, int) and version > SCHEMA_VERSION:
        error = SchemaVersionError(
            f"Die Datei hat das Dateiformat {version}, diese konzeptdoc-Version liest nur "
            f"Format {SCHEMA_VERSION}: bitte konzeptdoc aktualisieren",
            path=path,
        )
        tree = yamlio.positions(text)
        line = yamlio.line_of(tree, ("schema_version",)) if tree is not None else None
        problems.add("error", path, "schema_version", error.message, line)
        return None, data
    # 12.000 for twelve thousand euros reads as 12.0 and validates: caught in the text.
    misread = thousands_separators(text)
    for where, at, message in misread:
        problems.add("error", path, field_path(where), message, at)
    try:
        model = model_class.from_data(data)
    except PydanticValidationError as exc:
        tree = yamlio.positions(text)
        for location, message in errors_of(exc, model_class):
            line = yamlio.line_of(tree, location) if tree is not None else None
            problems.add("error", path, field_path(location), message, line)
        return None, data
    return (None if misread else model), data


def concept_from_texts(
    folder: Path,
    texts: Mapping[str, str],
    *,
    settings: Settings | None = None,
    unreadable: Collection[str] = (),
    load: Loader = yamlio.load,
    warnings: bool = True,
) -> tuple[Concept | None, list[Problem]]:
    """Assemble a concept from its files' texts (paths relative to the concept folder).

    Returns the concept (None if any file has errors) and every problem found, with
    semantic checks included for the parts that could be read. `unreadable` names files
    that exist but could not be read (already reported by the caller). `warnings=False`
    skips the checks that can only warn, for callers that report none.
    """
    with paused_gc():  # hundreds of thousands of objects that all stay alive
        return _assemble(
            folder, texts, settings=settings, unreadable=unreadable, load=load, warnings=warnings
        )


def _assemble(
    folder: Path,
    texts: Mapping[str, str],
    *,
    settings: Settings | None,
    unreadable: Collection[str],
    load: Loader,
    warnings: bool,
) -> tuple[Concept | None, list[Problem]]:
    from konzeptdoc.files.validate import check

    problems = ProblemList()
    source = ConceptSource(folder, dict(texts))
    if CONCEPT_FILE not in texts:
        if CONCEPT_FILE not in unreadable:  # one that could not be read is reported as such
            problems.add("error", folder / CONCEPT_FILE, "", "Die Datei concept.yaml fehlt")
        return None, problems.items
    header, data = parse_file(texts[CONCEPT_FILE], "concept", folder / CONCEPT_FILE, problems, load)
    if header is not None:
        source.data[CONCEPT_FILE] = data
    field_texts = {
        Path(name).stem: name
        for name in sorted({*texts, *unreadable})
        if name.startswith(f"{FIELDS_DIR}/") and name.endswith(".yaml") and name.count("/") == 1
    }
    listed = list(field_texts)  # with a broken concept.yaml, still check every field file
    if isinstance(header, ConceptFile):
        _check_ids(header, folder, field_texts, source, problems)
        listed = list(dict.fromkeys(header.fields))  # one listed twice: read once, told once
    reader = _Reader(folder, texts, source, problems, load)
    fields = reader.fields(listed, field_texts)
    participation = reader.part(PARTICIPATION_FILE, "participation", Participation)
    submission = reader.part(SUBMISSION_FILE, "submission", Submission)
    if header is None:
        return None, problems.items
    assert isinstance(header, ConceptFile)
    complete = len(fields) == len([f for f in header.fields if f in field_texts])
    values = {name: getattr(header, name) for name in ConceptHeader.model_fields}
    concept = Concept.model_construct(
        _fields_set=header.model_fields_set | {"fields", "participation", "submission"},
        **values,
        fields=fields,
        participation=participation,
        submission=submission,
    )
    concept.origin = source
    findings = check(
        concept, settings=settings, complete=complete, field_ids=header.fields, warnings=warnings
    )
    problems.items += [locate(concept, finding) for finding in findings]
    problems.items += direction_controls(source) if warnings else []
    return (None if problems.has_errors else concept), problems.items


@dataclass
class _Reader:
    """What reading the files of one concept folder shares."""

    folder: Path
    texts: Mapping[str, str]
    source: ConceptSource
    problems: ProblemList
    load: Loader

    def fields(self, listed: list[str], field_texts: Mapping[str, str]) -> list[FieldOfAction]:
        """The listed fields that parse; each file's id must be its name."""
        fields: list[FieldOfAction] = []
        for field_id in listed:
            name = field_texts.get(field_id)
            if name is None or name not in self.texts:
                continue
            model = self.part(name, "field", FieldOfAction)
            if model is None:
                continue
            if not model.id:
                model.id = field_id
            elif model.id != field_id:
                self.problems.add(
                    "error",
                    self.folder / name,
                    "id",
                    f"Die Kennung {quoted(model.id)} weicht vom Dateinamen "
                    f"{quoted(field_id + '.yaml')} ab: beide gleich benennen",
                    self.source.line(name, ("id",)),
                )
            fields.append(model)
        return fields

    def part(self, name: str, kind: str, model_class: type[M]) -> M | None:
        """The model of one file, if it is there and parses."""
        if name not in self.texts:
            return None
        model, data = parse_file(
            self.texts[name], kind, self.folder / name, self.problems, self.load
        )
        if not isinstance(model, model_class):
            return None
        self.source.data[name] = data
        return model


def _check_ids(
    header: ConceptFile,
    folder: Path,
    field_texts: Mapping[str, str],
    source: ConceptSource,
    problems: ProblemList,
) -> None:
    if not header.id:
        header.id = folder.name
    elif header.id != folder.name and folder.name:
        problems.add(
            "error",
            folder / CONCEPT_FILE,
            "id",
            f"Die Kennung {quoted(header.id)} weicht vom Ordnernamen {quoted(folder.name)} "
            "ab: beide gleich benennen",
            source.line(CONCEPT_FILE, ("id",)),
        )
    seen: set[str] = set()
    for index, field_id in enumerate(header.fields):
        if field_id in seen or field_id not in field_texts:
            problems.add(
                "error",
                folder / CONCEPT_FILE,
                f"fields[{index}]",
                f"Das Handlungsfeld {quoted(field_id)} ist doppelt aufgeführt: einen der "
                "Einträge löschen"
                if field_id in seen
                else f"Das Handlungsfeld {quoted(field_id)} ist aufgeführt, aber die Datei "
                f"{FIELDS_DIR}/{field_id}.yaml fehlt{other_ending(folder, field_id)}",
                source.line(CONCEPT_FILE, ("fields", index)),
            )
        seen.add(field_id)
    for field_id, name in field_texts.items():
        if field_id not in header.fields:
            problems.add(
                "error",
                folder / name,
                "",
                f"Die Datei {name} ist in concept.yaml unter „fields“ nicht aufgeführt: "
                f"{quoted(field_id)} dort ergänzen oder die Datei löschen",
                1,
            )


def locate(concept: Concept, finding: Finding) -> Problem:
    """Tie a semantic finding to the file and line it is about."""
    source = concept.origin
    relative = part_file(finding.part)
    if isinstance(source, ConceptSource):
        return Problem(
            finding.severity,
            source.folder / relative,
            source.line(relative, finding.location),
            field_path(finding.location),
            finding.message,
        )
    return Problem(
        finding.severity, Path(relative), None, field_path(finding.location), finding.message
    )


def read_concept_dir(
    folder: str | os.PathLike[str], *, settings: Settings | None = None, warnings: bool = True
) -> tuple[Concept | None, list[Problem]]:
    """Read a concept folder from disk; see `concept_from_texts`."""
    folder = Path(folder)
    if not (folder / CONCEPT_FILE).is_file():
        raise NotAConceptError(
            f"Hier liegt keine Datei {CONCEPT_FILE}: bitte einen Konzeptordner angeben", path=folder
        )
    texts: dict[str, str] = {}
    problems = ProblemList()
    problems.items += symlink_problems(folder)
    unreadable = [p.file.relative_to(folder).as_posix() for p in problems.items if p.file]
    candidates = [folder / CONCEPT_FILE, folder / PARTICIPATION_FILE, folder / SUBMISSION_FILE]
    if not (folder / FIELDS_DIR).is_symlink():
        candidates += sorted((folder / FIELDS_DIR).glob("*.yaml"))
    for path in candidates:
        if path.is_file() and not path.is_symlink():
            try:
                texts[path.relative_to(folder).as_posix()] = yamlio.read_text(path)
            except (OSError, UnicodeDecodeError, KonzeptdocError) as exc:
                problems.add("error", path, "", yamlio.why_unreadable(exc))
                unreadable.append(path.relative_to(folder).as_posix())
    concept, found = concept_from_texts(
        folder, texts, settings=settings, unreadable=unreadable, warnings=warnings
    )
    return (None if problems.items else concept), problems.items + found


def read_settings(root: Path) -> tuple[Settings | None, list[Problem]]:
    """Read konzeptdoc.yaml of a repository root."""
    problems = ProblemList()
    path = root / SETTINGS_FILE
    if path.is_symlink():
        problems.add("error", path, "", symlink_message(path))
        return None, problems.items
    try:
        text = yamlio.read_text(path)
    except (OSError, UnicodeDecodeError, KonzeptdocError) as exc:
        problems.add("error", path, "", yamlio.why_unreadable(exc))
        return None, problems.items
    model, _ = parse_file(text, "settings", path, problems)
    return (model if isinstance(model, Settings) else None), problems.items
