"""Concepts on disk: load, save and validate by path (a repository root or a concept folder)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from konzeptdoc.errors import (
    EditedOnDiskError,
    KonzeptdocError,
    NotAConceptError,
    Problem,
    TemplateError,
    ValidationError,
)
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import ConceptSource, locate, read_concept_dir, read_settings
from konzeptdoc.files.paths import (
    CONCEPT_FILE,
    FIELDS_DIR,
    PARTICIPATION_FILE,
    SETTINGS_FILE,
    SUBMISSION_FILE,
    concept_dirs,
    find_root,
    refuse_symlinks,
    symlink_message,
    unread_files,
)
from konzeptdoc.files.save import (
    apply_changes,
    render_files,
    schema_prefix_for,
    target_folder,
)
from konzeptdoc.files.splice import equal
from konzeptdoc.files.stamps import current_texts
from konzeptdoc.files.validate import check
from konzeptdoc.model import Concept, Settings


def _settings_for(folder: Path) -> Settings | None:
    root, _ = find_root(folder)
    if root is None:
        return None
    settings, _ = read_settings(root)
    return settings


def load_concept(path: str | os.PathLike[str]) -> Concept:
    """Read a concept from its folder (the one holding concept.yaml).

    Warnings do not stop loading; `validate` reports them.

    Raises:
        NotAConceptError: `path` holds no concept.yaml.
        ValidationError: The files have errors; `.problems` lists all of them.
    """
    folder = Path(path)
    concept, problems = read_concept_dir(folder, settings=_settings_for(folder), warnings=False)
    if concept is None:
        raise ValidationError(problems, path=folder)
    return concept


def save_concept(concept: Concept, path: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write a concept to its folder; return the files written or deleted.

    Existing files keep their comments, key order, quoting and blank lines; unchanged files
    are not touched. Entities without an id get one (derived from the title) first.

    Args:
        concept: The concept to write.
        path: The concept folder, or a repository root (then ``concepts/<id>/``). Defaults to
            the folder the concept was read from.

    Raises:
        ValidationError: The concept has errors; nothing was written.
        UnsafePathError: A file or folder of the concept is a symbolic link; nothing written.
        KonzeptdocError: No place to write to was given or known.
    """
    return write_concept(concept, path)


def write_concept(
    concept: Concept, path: str | os.PathLike[str] | None = None, *, also: Mapping[Path, str] = {}
) -> list[Path]:
    """`save_concept`, writing the files `also` maps to their texts in the same set: all of
    them or none (a review's comments go with the edits they belong to)."""
    folder = target_folder(concept, path)
    refuse_symlinks(folder)
    if not concept.id:
        concept.id = folder.name
    source = concept.origin
    known = source if isinstance(source, ConceptSource) and source.folder == folder else None
    # Every edit made on disk since is seen: a file is read unless its stat says it is the
    # text known (files/stamps.py).
    marked, stamps = current_texts(folder, *((known.texts, known.stamps) if known else ({}, {})))
    existing = {k: v.removeprefix(yamlio.BOM) for k, v in marked.items()}
    # Data parsed at load time stands for the files on disk as long as their text is the same.
    data = {} if known is None else known.unchanged_data(existing)
    checked: dict[str, Any] = {}
    memos: dict[str, Any] = {}
    changes = render_files(
        concept,
        marked,
        schema_prefix=schema_prefix_for(folder),
        existing_data=data,
        written_data=checked,
        memos=None if known is None else known.memos,
        after=memos,
    )
    if known is not None:
        _refuse_lost_edits(folder, known, existing, changes)
    written = apply_changes(folder, changes, also=also)
    # The files now hold what was there and what was just written: not read again (reading
    # every file of a large concept cost as much as the rest of a one-measure save).
    texts = {k: v for k, v in existing.items() if k not in changes}
    texts |= {k: v.removeprefix(yamlio.BOM) for k, v in changes.items() if v is not None}
    if known is not None:
        known.reread(texts, {k: v for k, v in data.items() if k not in changes} | checked)
    else:
        concept.origin = known = ConceptSource(folder, texts)
    known.memos = memos  # the next save dumps only the entities changed since
    known.stamps = {k: v for k, v in stamps.items() if k not in changes}  # written: read again
    return written


def _refuse_lost_edits(
    folder: Path, known: ConceptSource, existing: Mapping[str, str], changes: Mapping[str, Any]
) -> None:
    """Raise if a file to be written or deleted changed on disk since the concept was read or
    last saved, other than in comments and layout (those a save keeps).

    A file whose data changed on disk differs from the concept's data, so it is among the
    changes: its edit would be overwritten with the concept's (older) values.
    """
    for relative in changes:
        before, now = known.texts.get(relative), existing.get(relative)
        if before == now:
            continue
        if before is not None and now is not None:
            with contextlib.suppress(KonzeptdocError):
                data = known.data.get(relative)
                if equal(yamlio.load(before) if data is None else data, yamlio.load(now)):
                    continue  # only comments or layout: the save keeps them
        how = "gelöscht" if now is None else ("angelegt" if before is None else "geändert")
        raise EditedOnDiskError(
            f"Die Datei {relative} wurde {how}, seit das Konzept gelesen oder zuletzt "
            "gespeichert wurde; Speichern würde das rückgängig machen. Das Konzept neu laden "
            "(load_concept), die eigene Änderung darauf anwenden und erneut speichern",
            path=folder / relative,
        )


def existing_texts(folder: Path, *, bom: bool = False) -> dict[str, str]:
    """The current texts of a concept folder's files, relative to the folder (with `bom`, a
    byte order mark stays at the start of a text, for `render_files` to keep it)."""
    texts: dict[str, str] = {}
    if not folder.is_dir():
        return texts
    paths = [folder / CONCEPT_FILE, folder / PARTICIPATION_FILE, folder / SUBMISSION_FILE]
    paths += sorted((folder / FIELDS_DIR).glob("*.yaml"))
    for path in paths:
        if path.is_file():
            texts[path.relative_to(folder).as_posix()] = yamlio.read_text(path, bom=bom)
    return texts


def validate(
    target: str | os.PathLike[str] | Concept, *, settings: Settings | None = None
) -> list[Problem]:
    """Every problem of a repository, a concept folder, or a concept in memory.

    A path may be a repository root (all concepts and konzeptdoc.yaml are checked), a concept
    folder, or any folder inside one. Never raises for problems in the data: they are the result.

    Raises:
        NotAConceptError: The path is neither inside a repository nor a concept folder.
    """
    if isinstance(target, Concept):
        return [locate(target, finding) for finding in check(target, settings=settings)]
    path = Path(target)
    if not path.exists():
        raise NotAConceptError("Diese Datei oder dieser Ordner ist nicht vorhanden", path=path)
    if path.is_file():  # a file of a concept or the repository: check what it belongs to
        path = path.parent
    if (path / SETTINGS_FILE).is_file():
        return _validate_repository(path)
    root, folder = find_root(path)
    if folder is None:
        if root is not None:
            return _validate_repository(root)
        raise NotAConceptError(
            "Hier ist weder ein Konzept-Repository (konzeptdoc.yaml) noch ein Konzeptordner "
            "(concept.yaml): den Hauptordner des Repositorys oder einen Konzeptordner angeben "
            "oder mit „konzeptdoc init“ ein Repository anlegen",
            path=path.absolute(),  # "." would name nothing the reader recognises
        )
    display = _display_path(path, folder)
    if settings is None and root is not None:
        settings, _ = read_settings(root)
    _, problems = read_concept_dir(display, settings=settings)
    return problems + _unread(display)


def _unread(folder: Path) -> list[Problem]:
    return [Problem("warning", path, None, "", said) for path, said in unread_files(folder)]


def _display_path(given: Path, folder: Path) -> Path:
    # Keep paths as the user wrote them (relative stays relative) for readable messages.
    # The result ends in the folder's own name, which the concept's id is checked against:
    # from concepts/x/fields the folder is ../../x, not "..".
    if given.resolve() == folder.resolve():
        return given
    try:
        parent = os.path.relpath(folder.parent, given.resolve())
        return Path(os.path.normpath(given / parent / folder.name))
    except ValueError:
        return folder


def _validate_repository(root: Path) -> list[Problem]:
    settings, problems = read_settings(root)
    folders = concept_dirs(root)
    for folder in folders:
        if folder.is_symlink():
            problems.append(Problem("error", folder, None, "", symlink_message(folder)))
            continue
        if not (folder / "concept.yaml").is_file():
            problems.append(Problem("error", folder, None, "", "Konzeptordner ohne concept.yaml"))
            problems += _unread(folder)
            continue
        _, found = read_concept_dir(folder, settings=settings)
        problems += found + _unread(folder)
    reported = {p.file for p in problems}
    problems += [
        Problem("error", path, None, "", message)
        for path, message in _unsafe_below(root, ("concepts", "schemas"))
        if path not in reported
    ]
    return problems


#: Files git reads when `commit` adds the working tree, besides the folders it adds.
_GIT_READS = (".gitignore", ".gitattributes", ".git/info/exclude", ".git/info/attributes")
_NO_FILE = (
    "ist keine gewöhnliche Datei (etwa eine Pipe oder ein Gerät): git würde beim Lesen "
    "warten oder könnte sie nicht einchecken. Bitte durch eine gewöhnliche Datei ersetzen "
    "oder löschen"
)


def _unsafe_below(root: Path, names: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Every symbolic link under the folders `commit` adds (`git add` would commit them),
    and every pipe, socket or device there or among `_GIT_READS` (a ``.gitignore`` that is
    a pipe made `commit` wait forever), each with what to say about it."""
    found: list[tuple[Path, str]] = []
    for name in names:
        for directory, subdirectories, files in os.walk(root / name):  # follows no link
            here = Path(directory)
            for entry in sorted(subdirectories + files):
                path = here / entry
                if path.is_symlink():
                    found.append((path, symlink_message(path)))
                elif entry in files and not path.is_file():
                    found.append((path, _NO_FILE))
    for name in _GIT_READS:
        path = root / name
        if not path.is_symlink() and path.exists() and not path.is_file():
            found.append((path, _NO_FILE))
    return found


def settings_template(root: Path) -> Path | None:
    """The template named by ``template:`` in a repository's konzeptdoc.yaml, if any.

    It must lie inside the repository: the settings validate it is relative and has no
    ``..``; here a symbolic link leading out is refused as well. (``--template`` on the
    command line is the user's own choice and is not checked this way.)

    Raises:
        ValidationError: konzeptdoc.yaml has errors (a bad ``template:`` among them).
        TemplateError: The template path leads out of the repository through a link.
    """
    settings, problems = read_settings(root)
    if settings is None:
        raise ValidationError(problems, path=root / SETTINGS_FILE)
    if not settings.template:
        return None
    path = root / settings.template
    if not path.resolve().is_relative_to(root.resolve()):
        raise TemplateError(
            f"die Vorlage „{settings.template}“ führt über einen symbolischen Verweis aus dem "
            "Repository hinaus: die Datei selbst ins Repository legen",
            path=root / SETTINGS_FILE,
            field_path="template",
        )
    return path
