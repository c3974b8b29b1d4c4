"""Files from Windows editors: a byte order mark and CRLF line endings survive a save, so a
save changes only the changed value – in the working tree and in the committed blob."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from tests.conftest import write_repo

BOM = b"\xef\xbb\xbf"


def _windows(path: Path, *, crlf: bool) -> bytes:
    data = path.read_bytes()
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    path.write_bytes(BOM + data)
    return BOM + data


def _changed_lines(old: bytes, new: bytes) -> list[tuple[bytes, bytes]]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    return [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_save_concept_keeps_bom_and_line_endings(tmp_path: Path, crlf: bool) -> None:
    folder = write_repo(tmp_path)
    field = folder / "fields" / "bildung.yaml"
    before = _windows(field, crlf=crlf)
    header = _windows(folder / "concept.yaml", crlf=crlf)
    concept = konzeptdoc.load_concept(folder)
    concept.fields[0].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    after = field.read_bytes()
    assert after.startswith(BOM) and after.count(BOM) == 1
    ending = b"\r\n" if crlf else b"\n"
    assert _changed_lines(before, after) == [
        (b"    status: planned" + ending, b"    status: done" + ending)
    ]
    assert (folder / "concept.yaml").read_bytes() == header  # untouched
    assert konzeptdoc.load_concept(folder).fields[0].measures[0].status == "done"
    concept = konzeptdoc.load_concept(folder)  # a second save from a fresh load
    concept.title = "Neuer Titel"
    konzeptdoc.save_concept(concept)
    [(_, line)] = _changed_lines(header, (folder / "concept.yaml").read_bytes())
    assert b"Neuer Titel" in line and line.endswith(ending) and not line.startswith(BOM)


@pytest.mark.usefixtures("isolated_git")
def test_repository_save_keeps_bom_in_blob_and_file(tmp_path: Path) -> None:
    folder = write_repo(tmp_path)
    field = folder / "fields" / "bildung.yaml"
    before = _windows(field, crlf=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Windows"], cwd=tmp_path, check=True)
    repository = konzeptdoc.Repository.open(tmp_path)
    concept = repository.load("test")
    concept.fields[0].measures[0].status = "done"
    repository.save(concept, message="Status")
    blob = subprocess.run(
        ["git", "cat-file", "blob", "HEAD:concepts/test/fields/bildung.yaml"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    ).stdout
    assert blob == field.read_bytes()
    assert _changed_lines(before, blob) == [(b"    status: planned\r\n", b"    status: done\r\n")]
    diff = subprocess.run(
        ["git", "diff", "--numstat", "HEAD~1", "HEAD"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert diff.split() == ["1", "1", "concepts/test/fields/bildung.yaml"]
