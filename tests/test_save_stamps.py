"""A save reads only the files whose stat changed since it last looked, and never misses an
edit made on disk: not one that keeps size and modification time, nor one made within the
clock tick in which the file was looked at ("racy", as git calls it)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.files import stamps, yamlio


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the files read, in order."""
    names: list[str] = []
    read = yamlio.read_text

    def counting(path: Path, *, bom: bool = False) -> str:
        names.append(path.name)
        return read(path, bom=bom)

    monkeypatch.setattr(yamlio, "read_text", counting)
    yield names


def _same_size_edit(path: Path, old: str, new: str) -> os.stat_result:
    """Replace `old` by `new` (as long) in place, the modification time set back."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    with path.open("r+", encoding="utf-8", newline="") as stream:
        stream.write(text.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    return before


def test_only_files_changed_since_the_last_look_are_read(
    concept_dir: Path, reads: list[str]
) -> None:
    time.sleep(0.02)  # the files are older than a clock tick when the save looks at them
    concept = konzeptdoc.load_concept(concept_dir)
    measure = concept.fields[0].measures[0]
    measure.status = "done"
    reads.clear()
    assert [p.name for p in konzeptdoc.save_concept(concept)] == ["bildung.yaml"]
    assert sorted(reads) == ["arbeit.yaml", "bildung.yaml", "concept.yaml"]  # the first look
    reads.clear()
    measure.status = "planned"
    konzeptdoc.save_concept(concept)
    assert reads == ["bildung.yaml"]  # written by the save before: looked at once more
    time.sleep(0.02)
    reads.clear()
    concept.fields[1].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    assert sorted(reads) == ["bildung.yaml"]  # arbeit.yaml was stamped; bildung.yaml now too
    time.sleep(0.02)
    reads.clear()
    assert konzeptdoc.save_concept(concept) == []
    assert reads == ["arbeit.yaml"]


def test_an_edit_keeping_size_and_modification_time_is_seen(
    concept_dir: Path, reads: list[str]
) -> None:
    time.sleep(0.02)
    concept = konzeptdoc.load_concept(concept_dir)
    konzeptdoc.save_concept(concept)  # every file stamped
    field = concept_dir / "fields" / "bildung.yaml"
    _same_size_edit(field, "# Kommentar am Ziel", "# Kommentar am ZIEL")
    reads.clear()
    concept.fields[0].measures[0].status = "done"
    assert [p.name for p in konzeptdoc.save_concept(concept)] == ["bildung.yaml"]
    assert reads == ["bildung.yaml"]  # its change time moved
    text = field.read_text(encoding="utf-8")
    assert "parent: lz-bildung   # Kommentar am ZIEL" in text  # the edit on disk survives
    assert "    status: done\n" in text


def test_an_edit_within_the_clock_tick_of_the_look_is_seen(
    concept_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A coarse clock: the save looks at the file in the very tick it was last changed in, and
    # an edit right after keeps every time the file had (faked here: the stat of the file
    # is the one from before the edit).
    field = concept_dir / "fields" / "bildung.yaml"
    concept = konzeptdoc.load_concept(concept_dir)
    ticked = field.stat()
    now = max(ticked.st_mtime_ns, ticked.st_ctime_ns)
    monkeypatch.setattr(stamps, "filesystem_now", lambda folder: now)
    konzeptdoc.save_concept(concept)
    assert "fields/bildung.yaml" not in concept.origin.stamps  # type: ignore[attr-defined]
    _same_size_edit(field, "# Kommentar am Ziel", "# Kommentar am ZIEL")
    real_status = stamps.opened_status

    def old_status(path: Path) -> os.stat_result:
        return ticked if path == field else real_status(path)

    monkeypatch.setattr(stamps, "opened_status", old_status)
    reads.clear()
    concept.fields[0].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    monkeypatch.undo()
    assert "bildung.yaml" in reads
    assert "# Kommentar am ZIEL" in field.read_text(encoding="utf-8")


def test_a_folder_where_no_file_can_be_made_is_read_whole(
    concept_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamps, "filesystem_now", lambda folder: None)
    concept = konzeptdoc.load_concept(concept_dir)
    konzeptdoc.save_concept(concept)
    reads.clear()
    assert konzeptdoc.save_concept(concept) == []
    assert sorted(reads) == ["arbeit.yaml", "bildung.yaml", "concept.yaml"]


def test_the_clock_file_is_gone_and_on_the_same_filesystem(concept_dir: Path) -> None:
    before = sorted(p.name for p in concept_dir.iterdir())
    now = stamps.filesystem_now(concept_dir)
    assert now is not None
    assert sorted(p.name for p in concept_dir.iterdir()) == before
    assert now >= (concept_dir / "concept.yaml").stat().st_ctime_ns
