"""Writing a concept back to its files without disturbing what a person wrote.

Saving is planned before anything is written: every file's new text is computed (and the
data re-validated) first, so an error leaves the disk untouched. An existing file is
changed through its round-trip tree, which keeps comments, key order, quoting and blank
lines; a file whose data did not change is not rewritten at all. New files are written
in the canonical key order of the model.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from konzeptdoc.errors import KonzeptdocError, Problem, ValidationError
from konzeptdoc.files import yamlio

# Re-exported: callers that save concepts write other files through here too.
from konzeptdoc.files.atomic import write_atomically as write_atomically
from konzeptdoc.files.atomic import write_atomically_bytes as write_atomically_bytes
from konzeptdoc.files.diagnostics import errors_of, field_path
from konzeptdoc.files.layout import KINDS, ConceptSource, locate
from konzeptdoc.files.paths import (
    CONCEPT_FILE,
    CONCEPTS_DIR,
    FIELDS_DIR,
    PARTICIPATION_FILE,
    SETTINGS_FILE,
    SUBMISSION_FILE,
    find_root,
)
from konzeptdoc.files.splice import equal, splice
from konzeptdoc.files.validate import check
from konzeptdoc.model import SCHEMA_VERSION, Concept
from konzeptdoc.model.ids import assign_missing_ids

_PART_KEYS = {"fields", "participation", "submission"}


def dump(model: BaseModel, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A model as plain data: keys that were written or differ from their default.

    Not pydantic's ``exclude_unset``: that misses lists changed in place
    (``measure.partners.append(...)``), which never mark the key as set.
    """
    data: dict[str, Any] = {}
    written = model.model_fields_set
    values = model.__dict__  # the fields' values (getattr costs more, for thousands of entities)
    for name, default in _defaults(type(model)):
        value = values[name]
        if (name not in written and value == default) or name in exclude:
            continue
        kind = type(value)
        data[name] = value if kind in _SCALARS else _plain(value)
    return data


_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})
_DEFAULTS: dict[type[BaseModel], list[tuple[str, Any]]] = {}


def _defaults(model_class: type[BaseModel]) -> list[tuple[str, Any]]:
    """Each field's default, made once per class (pydantic inspects the factory's signature
    on every call; a save dumps thousands of entities). Only compared with, never handed out."""
    if model_class not in _DEFAULTS:
        _DEFAULTS[model_class] = [
            (name, info.get_default(call_default_factory=True))
            for name, info in model_class.model_fields.items()
        ]
    return _DEFAULTS[model_class]


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, BaseModel):
        return dump(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def signature(model: BaseModel) -> list[Any]:
    """Every object a model holds, depth first, with the lists and models holding them.

    Two signatures hold the same objects in the same places (compared by identity, so the
    signature keeps them alive and no id is reused) only if nothing was assigned or changed
    in place in between: the model dumps as it did then. Much cheaper than a dump.
    """
    found: list[Any] = [model]
    stack: list[Any] = [model]
    scalars = _SCALARS
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is list or kind is tuple:
            found.append(len(value))
            found.extend(value)
            stack.extend([item for item in value if type(item) not in scalars])
        elif isinstance(value, BaseModel):
            values = value.__dict__
            found.append(len(value.model_fields_set))  # an assigned default is dumped
            found.extend(values.values())
            for name in _nested(kind):  # only fields that can hold lists or models
                if type(values[name]) not in scalars:
                    stack.append(values[name])
        elif kind is dict:
            found.append(len(value))
            found.extend(value.keys())
            found.extend(value.values())
            stack.extend([v for v in value.values() if type(v) not in scalars])
        else:
            found.append(repr(value))  # anything else: compared by its text, never trusted
    return found


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested(model_class: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class whose type admits more than scalars (lists, models …)."""
    if model_class not in _NESTED:
        _NESTED[model_class] = tuple(
            name
            for name, info in model_class.model_fields.items()
            if not _scalar_type(info.annotation)
        )
    return _NESTED[model_class]


def _scalar_type(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return _scalar_type(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return all(_scalar_type(a) for a in typing.get_args(annotation))
    return annotation in _SCALARS or (
        isinstance(annotation, type) and issubclass(annotation, (str, int, float, enum.Enum))
    )


def same_signature(old: list[Any], new: list[Any]) -> bool:
    """Whether two signatures hold the same objects (or equal ones) in the same places.

    List equality tries identity first, in C: the same objects compare at once. An object
    replaced by an equal one (a string assigned anew) dumps the same, and what a list or
    model holds is compared in its own places of the signature.
    """
    return old == new


def file_data(
    concept: Concept,
    kept: Mapping[str, tuple[list[Any], dict[str, Any]]] | None = None,
    signatures: dict[str, tuple[list[Any], dict[str, Any]]] | None = None,
) -> dict[str, tuple[str, dict[str, Any]]]:
    """relative path → (file kind, data) for every file the concept consists of.

    A field whose signature is in `kept` unchanged takes the data kept with it instead of
    being dumped (a save of one measure need not dump the other fields); `signatures` is
    filled with each field's signature and data for the next call.
    """
    header = dump(concept, exclude=frozenset(_PART_KEYS))
    header["id"] = concept.id
    header["fields"] = [field.id for field in concept.fields]
    files = {CONCEPT_FILE: ("concept", _versioned(header))}
    for field in concept.fields:
        relative = f"{FIELDS_DIR}/{field.id}.yaml"
        now = signature(field)
        before = (kept or {}).get(relative)
        if before is not None and same_signature(before[0], now):
            data = before[1]
        else:
            data = dump(field)
            data["id"] = field.id
            data = _versioned(data)
        if signatures is not None:
            signatures[relative] = (now, data)
        files[relative] = ("field", data)
    if concept.participation is not None:
        data = dump(concept.participation)
        files[PARTICIPATION_FILE] = ("participation", _versioned(data))
    if concept.submission is not None:
        data = dump(concept.submission)
        files[SUBMISSION_FILE] = ("submission", _versioned(data))
    return files


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    version = data.pop("schema_version", SCHEMA_VERSION)
    return {"schema_version": version, **data}


def _canonical_order(kind: str) -> list[str]:
    names = list(KINDS[kind][0].model_fields)
    return ["schema_version", *[n for n in names if n != "schema_version"]]


def render_files(
    concept: Concept,
    existing: Mapping[str, str],
    *,
    schema_prefix: str | None = None,
    existing_data: Mapping[str, Any] | None = None,
    written_data: dict[str, Any] | None = None,
    kept: Mapping[str, tuple[list[Any], dict[str, Any]]] | None = None,
    signatures: dict[str, tuple[list[Any], dict[str, Any]]] | None = None,
) -> dict[str, str | None]:
    """The files to write for `concept`: relative path → new text, or None to delete.

    Assigns missing ids first (in `concept` itself) and validates everything; files whose
    data is unchanged are left out.

    Args:
        concept: The concept to save.
        existing: Current texts of the concept's files, relative to its folder (one that
            starts with a byte order mark keeps it).
        schema_prefix: Path from the concept folder to the repository's ``schemas/``, for
            the editor hint on the first line of new files.
        existing_data: The parsed data of `existing`, where known (`ConceptSource.data`); a
            file whose data equals the new data is skipped without parsing or validating it.
        written_data: Filled with the data of the files whose new text was checked to read
            back as it (the entity edits), for the next save's `existing_data`.
        kept: The `signatures` of the previous save: fields unchanged since are not dumped.
        signatures: Filled with each field's signature and data (see `file_data`).

    Raises:
        ValidationError: The concept has errors; nothing is to be written.
    """
    assign_missing_ids(concept)
    # A byte order mark (Windows editors write one) is kept, like "\r\n": a save changes
    # only the values that changed, not every line or the first byte of a file.
    marked = {relative for relative, text in existing.items() if text.startswith(yamlio.BOM)}
    existing = {relative: text.removeprefix(yamlio.BOM) for relative, text in existing.items()}
    planned = file_data(concept, kept, signatures)
    old_data = {
        relative: _parsed(existing[relative], (existing_data or {}).get(relative))
        for relative in planned
        if relative in existing
    }
    unchanged = {
        relative
        for relative, (_, data) in planned.items()
        if old_data.get(relative) is not None
        and (old_data[relative] is data or equal(old_data[relative], data))
    }
    for relative in unchanged & (signatures or {}).keys():
        assert signatures is not None
        # The file's own data is equal: kept, the next save finds it by identity.
        signatures[relative] = (signatures[relative][0], old_data[relative])
    problems = _revalidate(concept, {k: v for k, v in planned.items() if k not in unchanged})
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems)
    changes: dict[str, str | None] = {}
    for relative, (kind, data) in planned.items():
        if relative in unchanged:
            continue  # not even parsed for editing
        old_text = existing.get(relative)
        if old_text is None:
            changes[relative] = _new_file(kind, data, relative, schema_prefix)
            continue
        text, checked = _edited(kind, data, relative, old_text, old_data[relative], schema_prefix)
        if text is not None:
            changes[relative] = text
            if checked and written_data is not None:
                written_data[relative] = data
    for relative in existing:
        if relative not in planned and _is_concept_file(relative):
            changes[relative] = None
    return {
        relative: yamlio.BOM + text if text is not None and relative in marked else text
        for relative, text in changes.items()
    }


def _edited(
    kind: str, data: Any, relative: str, old_text: str, old_data: Any, schema_prefix: str | None
) -> tuple[str | None, bool]:
    """`old_text` with `data` edited in, keeping what a person wrote (None: nothing changed),
    and whether the new text was checked to read back as `data` (the entity edits are)."""
    if "\r\n" in old_text:  # from Windows: edited as "\n" (ruamel doubled a comment's "\r")
        plain = old_text.replace("\r\n", "\n")
        text, checked = _edited(kind, data, relative, plain, old_data, schema_prefix)
        return (text and text.replace("\n", "\r\n")), checked  # git sees no other line change
    spliced = splice(old_text, old_data, data)
    if spliced is not None:  # only the changed entities went through the round trip
        return (spliced if spliced != old_text else None), True
    tree = yamlio.load_roundtrip(old_text)
    if not isinstance(tree, dict):
        return _new_file(kind, data, relative, schema_prefix), False
    tree, changed = yamlio.merge(tree, data, _canonical_order(kind))
    if not changed:
        return None, False
    indent, nulls = yamlio.guess_indent(old_text), yamlio.null_word(old_text)
    return yamlio.dump_roundtrip(tree, indent, nulls=nulls), False


def _parsed(text: str, data: Any) -> Any:
    """The data of a file's text: `data` where already known, else parsed (None if broken)."""
    if data is not None:
        return data
    try:
        return yamlio.load(text)
    except KonzeptdocError:
        return None


def _is_concept_file(relative: str) -> bool:
    return relative in (CONCEPT_FILE, PARTICIPATION_FILE, SUBMISSION_FILE) or (
        relative.startswith(f"{FIELDS_DIR}/") and relative.endswith(".yaml")
    )


def _new_file(kind: str, data: dict[str, Any], relative: str, schema_prefix: str | None) -> str:
    text = yamlio.dump_roundtrip(yamlio.to_tree(data))
    if schema_prefix is None:
        return text
    depth = "../" * relative.count("/")
    schema = KINDS[kind][1]
    return f"# yaml-language-server: $schema={depth}{schema_prefix}/{schema}.schema.json\n{text}"


def _revalidate(
    concept: Concept, planned: Mapping[str, tuple[str, dict[str, Any]]]
) -> list[Problem]:
    # Lists changed in place (measure.partners.append(...)) bypass pydantic's assignment
    # checks, so the data about to be written is validated once more, as it will be read.
    # Files that stay as they are need not be; the checks across files see the whole concept
    # (warnings never stop a save, so they are not looked for).
    source = concept.origin
    folder = source.folder if isinstance(source, ConceptSource) else Path()
    problems: list[Problem] = []
    for relative, (kind, data) in planned.items():
        model_class: type[BaseModel] = KINDS[kind][0]
        try:
            model_class.model_validate(data)
        except PydanticValidationError as exc:
            for location, message in errors_of(exc, model_class):
                problems.append(
                    Problem("error", folder / relative, None, field_path(location), message)
                )
    problems += [locate(concept, finding) for finding in check(concept, warnings=False)]
    return problems


def apply_changes(folder: Path, changes: Mapping[str, str | None]) -> list[Path]:
    """Write (or delete) the planned files under `folder`; return the paths touched."""
    touched: list[Path] = []
    for relative, text in changes.items():
        path = folder / relative
        if text is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, text)
        touched.append(path)
    return touched


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


def target_folder(concept: Concept, path: str | os.PathLike[str] | None) -> Path:
    """Where `save_concept` writes: a concept folder, or concepts/<id>/ of a repository root."""
    if path is None:
        source = concept.origin
        if not isinstance(source, ConceptSource):
            raise KonzeptdocError(
                "Das Konzept wurde nicht aus Dateien gelesen: bitte angeben, wohin es gespeichert wird"
            )
        return source.folder
    folder = Path(path)
    if (folder / SETTINGS_FILE).is_file() and not (folder / CONCEPT_FILE).is_file():
        if not concept.id:
            raise KonzeptdocError(
                "Das Konzept hat keine Kennung: concept.id setzen, um es im Repository zu speichern"
            )
        return folder / CONCEPTS_DIR / concept.id
    return folder


def schema_prefix_for(folder: Path) -> str | None:
    """Relative path from a concept folder to its repository's ``schemas/``, if any."""
    root, _ = find_root(folder.parent if not folder.exists() else folder)
    if root is None or not (root / "schemas").is_dir():
        return None
    return os.path.relpath(root / "schemas", folder.resolve()).replace(os.sep, "/")
