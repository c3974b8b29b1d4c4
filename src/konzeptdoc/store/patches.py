"""Reading a concept's history as patches, and finding entities in file text.

One ``git log -p -U0`` over the concept folder yields every change of every file in
first-parent order. Applying the patches rebuilds each file version without reading a
single blob, and a hunk tells exactly which lines changed: an entity whose lines no hunk
touches did not change, so its text is never parsed again. That is what keeps history and
blame close to the cost of git's own log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import yamlio
from ..errors import KonzeptdocError
from .gitcmd import Git

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass
class Hunk:
    """Lines `old_start`..+`old_count` replaced by `added` (old_count 0: insert after old_start)."""

    old_start: int
    old_count: int
    added: list[str] = field(default_factory=list)


@dataclass
class FilePatch:
    path: str
    deleted: bool = False
    hunks: list[Hunk] = field(default_factory=list)


@dataclass
class Commit:
    sha: str
    patches: list[FilePatch] = field(default_factory=list)


def log_patches(git: Git, rev: str, path: str) -> Iterator[Commit]:
    """Every first-parent commit that changed `path`, oldest first, with its patches."""
    out = git.run_bytes(
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "-m",
        "--reverse",
        "-p",
        "-U0",
        "--no-renames",
        "--no-color",
        "--no-ext-diff",
        "--format=%x1e%H",
        rev,
        "--",
        path,
    ).decode("utf-8", "replace")
    for record in out.split("\x1e")[1:]:
        lines = record.split("\n")
        commit = Commit(lines[0].strip())
        patch: FilePatch | None = None
        hunk: Hunk | None = None
        old_path = ""
        for line in lines[1:]:
            if line.startswith("diff --git "):
                patch, hunk = None, None
            elif hunk is None and line.startswith("--- "):
                old_path = line[6:] if line.startswith("--- a/") else line[4:]
            elif hunk is None and line.startswith("+++ "):
                if line == "+++ /dev/null":
                    patch = FilePatch(old_path, deleted=True)
                else:
                    patch = FilePatch(line[6:] if line.startswith("+++ b/") else line[4:])
                commit.patches.append(patch)
            elif line.startswith("@@") and patch is not None:
                match = _HUNK.match(line)
                if match:
                    count = match.group(2)
                    hunk = Hunk(int(match.group(1)), 1 if count is None else int(count))
                    patch.hunks.append(hunk)
            elif hunk is not None and line.startswith("+"):
                hunk.added.append(line[1:])
        yield commit


def apply(lines: list[str], hunks: list[Hunk]) -> list[str]:
    """The file after the hunks (hunks are in old-file order; applied last first)."""
    result = list(lines)
    for hunk in reversed(hunks):
        start = hunk.old_start if hunk.old_count == 0 else hunk.old_start - 1
        result[start : start + hunk.old_count] = hunk.added
    return result


def touches(hunks: list[Hunk], start: int, end: int) -> bool:
    """Whether any hunk changes lines start..end (inserting right after `end` counts too)."""
    for hunk in hunks:
        if hunk.old_count == 0:
            if start <= hunk.old_start <= end:
                return True
        elif hunk.old_start <= end and hunk.old_start + hunk.old_count - 1 >= start:
            return True
    return False


def shifted(hunks: list[Hunk], start: int, end: int) -> tuple[int, int]:
    """Where lines start..end are after hunks that do not touch them."""
    offset = 0
    for hunk in hunks:
        before = (
            hunk.old_start < start
            if hunk.old_count == 0
            else hunk.old_start + hunk.old_count <= start
        )
        if before:
            offset += len(hunk.added) - hunk.old_count
    return start + offset, end + offset


@lru_cache(maxsize=4096)
def _id_line(entity_id: str) -> re.Pattern[str]:
    quoted = re.escape(entity_id)
    return re.compile(
        rf"^(\s*)(-\s+)?id:\s*(['\"]?){quoted}\3\s*(#.*)?$|^(\s*)-\s+\{{.*\bid:\s*(['\"]?){quoted}\6\s*[,}}]"
    )


def locate(lines: list[str], entity_id: str) -> tuple[int, int] | None:
    """1-based first and last line of the list item whose id is `entity_id`, or None."""
    pattern = _id_line(entity_id)
    for number, line in enumerate(lines):
        if entity_id not in line:
            continue
        match = pattern.match(line)
        if match is None:
            continue
        if match.group(5) is not None:  # a one-line flow mapping: "- {id: x, …}"
            return number + 1, number + 1
        start = number
        if match.group(2) is None:  # "id:" is not the first key: find the item's dash
            indent = len(match.group(1))
            while start > 0 and not _is_dash_at_most(lines[start], indent - 2):
                start -= 1
        dash = len(lines[start]) - len(lines[start].lstrip())
        end = start
        for index in range(start + 1, len(lines)):
            text = lines[index]
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if len(text) - len(stripped) <= dash:
                break
            end = index
        return start + 1, end + 1
    return None


def _is_dash_at_most(line: str, indent: int) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("- ") and len(line) - len(stripped) <= max(indent, 0)


def item_data(lines: list[str], start: int, end: int) -> dict[str, Any] | None:
    """The mapping of the list item on lines start..end, or None if it does not parse."""
    block = lines[start - 1 : end]
    first = block[0]
    dash = len(first) - len(first.lstrip())
    block = [" " * (dash + 1) + first[dash + 1 :], *block[1:]]
    text = "\n".join(
        line[dash + 2 :] if line[: dash + 2].strip() == "" else line.lstrip() for line in block
    )
    try:
        data = yamlio.load(text)
    except KonzeptdocError:
        return None
    return data if isinstance(data, dict) else None


def file_data(lines: list[str]) -> dict[str, Any] | None:
    """A whole file's mapping (for a field's own keys), or None."""
    try:
        data = yamlio.load("\n".join(lines))
    except KonzeptdocError:
        return None
    return data if isinstance(data, dict) else None
