"""Writing a concept back to its files without disturbing what a person wrote.

Saving is planned before anything is written: every file's new text is computed (and the
data re-validated) first, so an error leaves the disk untouched. An existing file is
changed through its round-trip tree, which keeps comments, key order, quoting and blank
lines; a file whose data did not change is not rewritten at all. New files are written
in the canonical key order of the model.
"""

from __future__ import annotations

import os
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
from konzeptdoc.files.atomic import write_files
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
from konzeptdoc.files.tracking import FileMemo, Place, Tracked, model_data
from konzeptdoc.files.validate import CHECKED_KEYS, check, surely_clean
from konzeptdoc.model import SCHEMA_VERSION, Concept, FieldOfAction, Model
from konzeptdoc.model.ids import assign_missing_ids
from konzeptdoc.model.kinds import BY_CONTAINER, containers

_PART_KEYS = frozenset({"fields", "participation", "submission"})


def file_data(
    concept: Concept,
    memos: Mapping[str, FileMemo] | None = None,
    made: dict[str, Tracked] | None = None,
    base: Mapping[str, Any] | None = None,
) -> dict[str, tuple[str, dict[str, Any]]]:
    """relative path → (file kind, data) for every file the concept consists of.

    An entity whose signature is in `memos` (the last save's) unchanged takes the data kept
    with it instead of being dumped: a save of one measure dumps that measure. Without a
    memo, an entity that matches its place in `base` (files' validated data) takes that.
    `made` is filled with how each file's data was made (its memo for the next call).
    """
    before = memos or {}
    files: dict[str, tuple[str, dict[str, Any]]] = {}

    def tracked(relative: str, kind: str, model: BaseModel, **how: Any) -> None:
        result = model_data(
            model,
            how.pop("containers", ()),
            before.get(relative),
            watched=CHECKED_KEYS,
            base=(base or {}).get(relative),
            **how,
        )
        files[relative] = (kind, result.data)
        if made is not None:
            made[relative] = result

    def header(data: dict[str, Any]) -> dict[str, Any]:
        data["id"] = concept.id
        data["fields"] = [field.id for field in concept.fields]
        return _versioned(data)

    entities = tuple(c for c in containers("concept") if c not in _PART_KEYS)
    field_ids = tuple(field.id for field in concept.fields)
    tracked(CONCEPT_FILE, "concept", concept, containers=entities, finish=header,
            exclude=_PART_KEYS, extra=field_ids)  # fmt: skip
    for field in concept.fields:

        def identified(data: dict[str, Any], field: FieldOfAction = field) -> dict[str, Any]:
            data["id"] = field.id
            return _versioned(data)

        tracked(f"{FIELDS_DIR}/{field.id}.yaml", "field", field,
                containers=containers("field"), finish=identified)  # fmt: skip
    if concept.participation is not None:
        tracked(PARTICIPATION_FILE, "participation", concept.participation,
                containers=containers("participation"), finish=_versioned)  # fmt: skip
    if concept.submission is not None:
        tracked(SUBMISSION_FILE, "submission", concept.submission, finish=_versioned)
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
    memos: Mapping[str, FileMemo] | None = None,
    after: dict[str, FileMemo] | None = None,
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
        memos: The `after` of the previous save: entities unchanged since are not dumped.
        after: Filled with each file's memo (see `file_data`). Given, `existing_data` must be
            data that validated: entities that match it take it, and are not validated again.

    Raises:
        ValidationError: The concept has errors; nothing is to be written.
    """
    # A byte order mark (Windows editors write one) is kept, like "\r\n": a save changes
    # only the values that changed, not every line or the first byte of a file.
    marked = {relative for relative, text in existing.items() if text.startswith(yamlio.BOM)}
    existing = {relative: text.removeprefix(yamlio.BOM) for relative, text in existing.items()}
    made: dict[str, Tracked] = {}
    # Data that validated as read (a folder's, not a parse cache's) stands for its entities.
    base = existing_data if after is not None else None
    planned = file_data(concept, memos, made, base)
    # The last save found every id there and every reference resolving; if no entity came,
    # went or moved since and no changed one names another differently, so it still is.
    settled = bool(memos) and made.keys() == (memos or {}).keys()
    settled = settled and all(result.settled for result in made.values())
    if not settled and assign_missing_ids(concept):
        made.clear()
        planned = file_data(concept, memos, made, base)
    if after is not None:
        after.update((relative, result.memo) for relative, result in made.items())
    fresh = {relative: result.fresh for relative, result in made.items()}
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
    for relative in unchanged & (after or {}).keys():
        assert after is not None
        # The file's own data is equal: kept, the next save finds it by identity. Data
        # parsed here (the file was edited on disk) was not validated: no entity of it is
        # kept as validated, the next save dumps the file's entities afresh.
        adopted = after[relative].adopt(old_data[relative])
        if adopted is None or relative not in (existing_data or {}):
            del after[relative]
        else:
            after[relative] = adopted
    changed = {k: v for k, v in planned.items() if k not in unchanged}
    # Entities kept from the last save were validated then; a file whose data was parsed
    # anew (edited on disk) has no such entities, its own are all fresh.
    problems = _revalidate(concept, changed, fresh, settled)
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems)
    changes: dict[str, str | None] = {}
    for relative, (kind, data) in changed.items():
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
    concept: Concept,
    planned: Mapping[str, tuple[str, dict[str, Any]]],
    fresh: Mapping[str, list[Place]],
    settled: bool,
) -> list[Problem]:
    # Lists changed in place (measure.partners.append(...)) bypass pydantic's assignment
    # checks, so the data about to be written is validated once more, as it will be read.
    # Files that stay as they are need not be, nor entities kept from the last save; the
    # checks across files see the whole concept (warnings never stop a save, so they are
    # not looked for). Where the quick way finds anything, the whole file is validated
    # (and the whole concept checked) to say what and where.
    source = concept.origin
    folder = source.folder if isinstance(source, ConceptSource) else Path()
    problems: list[Problem] = []
    for relative, (kind, data) in planned.items():
        model_class = KINDS[kind][0]
        if _valid_quickly(model_class, data, fresh.get(relative)):
            continue
        try:
            model_class.from_data(data)
        except PydanticValidationError as exc:
            for location, message in errors_of(exc, model_class):
                problems.append(
                    Problem("error", folder / relative, None, field_path(location), message)
                )
    if not settled and not surely_clean(concept):
        problems += [locate(concept, finding) for finding in check(concept, warnings=False)]
    return problems


def _valid_quickly(
    model_class: type[Model], data: dict[str, Any], fresh: list[Place] | None
) -> bool:
    """Whether `data` validates, seen from its own keys and its `fresh` entities alone (the
    others validated before). False also where that cannot be told so: the file's model
    checks anything across its keys, or most entities are fresh (one call is quicker)."""
    lists = _entity_lists(model_class)
    if fresh is None or lists is None:
        return False
    if any(not isinstance(data.get(key, []), list) for key in lists):
        return False
    if 2 * len(fresh) > sum(len(data.get(key, [])) for key in lists):
        return False
    try:
        model_class.from_data({k: ([] if k in lists else v) for k, v in data.items()})
        for key, index in fresh:
            BY_CONTAINER[key].model.from_data(data[key][index])
    except PydanticValidationError:
        return False
    return True


def _entity_lists(model_class: type[BaseModel]) -> frozenset[str] | None:
    """The keys of a file's model that hold entities; None if its model has validators
    (they might look across entities, so the file is validated whole)."""
    decorators = model_class.__pydantic_decorators__
    if decorators.model_validators or decorators.field_validators:
        return None
    return frozenset(
        key
        for key, info in model_class.model_fields.items()
        if key in BY_CONTAINER and typing.get_args(info.annotation) == (BY_CONTAINER[key].model,)
    )


def apply_changes(
    folder: Path, changes: Mapping[str, str | None], *, also: Mapping[Path, str] = {}
) -> list[Path]:
    """Write (or delete) the planned files under `folder`, and the files `also` maps to
    their texts; return the paths touched. All of them or none: a full disk or Ctrl-C
    between two of them would leave a concept half saved."""
    files: dict[Path, bytes | None] = {
        folder / relative: None if text is None else text.encode("utf-8")
        for relative, text in changes.items()
    }
    files.update((path, text.encode("utf-8")) for path, text in also.items())
    write_files(files)
    return list(files)


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
