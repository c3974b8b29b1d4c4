"""A save never silently overwrites what was changed on disk since the concept was read or
last saved: an edit of values, a new file or a deleted one is refused by name, with nothing
written; comments and layout changed on disk are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import konzeptdoc
from tests.conftest import snapshot


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_value_changed_on_disk_is_not_overwritten(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    concept.fields[0].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    arbeit = concept_dir / "fields" / "arbeit.yaml"
    _edit(arbeit, "title: Arbeit\n", "title: Arbeit und Beruf\n")  # a colleague's edit
    before = snapshot(concept_dir)
    concept.fields[0].measures[0].status = "in_progress"  # in another file
    with pytest.raises(konzeptdoc.EditedOnDiskError) as raised:
        konzeptdoc.save_concept(concept)
    assert raised.value.path == arbeit
    assert "fields/arbeit.yaml wurde geändert" in raised.value.message
    assert snapshot(concept_dir) == before  # nothing written, the edit kept
    again = konzeptdoc.load_concept(concept_dir)  # what the message says to do
    again.fields[0].measures[0].status = "in_progress"
    konzeptdoc.save_concept(again)
    saved = konzeptdoc.load_concept(concept_dir)
    assert saved.fields[1].title == "Arbeit und Beruf"
    assert saved.fields[0].measures[0].status == "in_progress"


def test_a_file_made_or_removed_on_disk_is_not_undone(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    extra = concept_dir / "fields" / "neu.yaml"
    extra.write_text("schema_version: 1\nid: neu\ntitle: Neu\n", encoding="utf-8")
    with pytest.raises(konzeptdoc.EditedOnDiskError, match="angelegt"):
        konzeptdoc.save_concept(concept)  # it would delete the file nobody listed yet
    assert extra.is_file()
    extra.unlink()
    (concept_dir / "fields" / "arbeit.yaml").unlink()
    with pytest.raises(konzeptdoc.EditedOnDiskError, match="gelöscht"):
        konzeptdoc.save_concept(concept)  # it would write the file back
    assert not (concept_dir / "fields" / "arbeit.yaml").exists()


def test_comments_changed_on_disk_are_kept_and_saving_goes_on(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    bildung = concept_dir / "fields" / "bildung.yaml"
    _edit(bildung, "# Kommentar am Ziel", "# ein anderer Kommentar, länger als vorher")
    concept.fields[0].measures[0].status = "done"
    assert [p.name for p in konzeptdoc.save_concept(concept)] == ["bildung.yaml"]
    text = bildung.read_text(encoding="utf-8")
    assert "# ein anderer Kommentar, länger als vorher" in text
    assert "    status: done\n" in text


def test_a_save_elsewhere_is_the_look_the_next_save_keeps(repo: Path, concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    target = repo / "anderswo" / "test"  # named as its id
    konzeptdoc.save_concept(concept, target)  # from now on the concept belongs there
    _edit(target / "fields" / "arbeit.yaml", "title: Arbeit\n", "title: Anders\n")
    concept.title = "Neu"
    with pytest.raises(konzeptdoc.EditedOnDiskError):
        konzeptdoc.save_concept(concept)
    # A concept built in code has looked at nothing: saving it writes its data (as before).
    built = konzeptdoc.Concept.model_validate(concept.model_dump(exclude_unset=True))
    konzeptdoc.save_concept(built, target)
    assert konzeptdoc.load_concept(target).fields[1].title == "Arbeit"
