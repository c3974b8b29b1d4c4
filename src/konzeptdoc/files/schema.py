"""JSON Schemas of the six files, generated from the model.

Editors (VS Code with the YAML extension, JetBrains) read them through the
``# yaml-language-server: $schema=…`` first line and offer completion and German hover help.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from konzeptdoc.files.layout import KINDS
from konzeptdoc.files.save import write_atomically

_FILE_NAMES = {
    "settings": "konzeptdoc.yaml",
    "concept": "concept.yaml",
    "field": "fields/<id>.yaml",
    "participation": "participation.yaml",
    "submission": "submission.yaml",
    "review": "review.yaml",
}


def schemas() -> dict[str, dict[str, Any]]:
    """file name of each schema (``concept.schema.json`` …) → the schema."""
    from konzeptdoc.model.review import ReviewFile

    result: dict[str, dict[str, Any]] = {}
    # review.yaml holds reviewers' comments, not concept data: it is no part of KINDS.
    kinds: list[tuple[str, tuple[type[BaseModel], str]]] = [*KINDS.items()]
    kinds.append(("review", (ReviewFile, "review")))
    for kind, (model, name) in kinds:
        schema = model.model_json_schema()
        schema.pop("title", None)
        result[f"{name}.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"konzeptdoc: {_FILE_NAMES[kind]}",
            **schema,
        }
    return result


def schema_texts() -> dict[str, str]:
    """file name → the exact text `write_schemas` writes (stable, for the drift test)."""
    return {
        name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in schemas().items()
    }


def write_schemas(directory: str | os.PathLike[str] = "schemas") -> list[Path]:
    """Write the JSON Schemas of the six files into `directory`; return the paths."""
    target = Path(directory)
    written = []
    for name, text in schema_texts().items():
        write_atomically(target / name, text)
        written.append(target / name)
    return written
