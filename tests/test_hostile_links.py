"""Symbolic links in concept data are never followed: refused on read, validate and save."""

from __future__ import annotations

from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import snapshot


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A secret file outside the repository, written as a valid field file."""
    secret = tmp_path_factory.mktemp("outside") / "geheim.yaml"
    secret.write_text("schema_version: 1\nid: arbeit\ntitle: GEHEIM\n", encoding="utf-8")
    return secret


def test_field_file_linking_outside_is_refused_on_read_and_validate(
    concept_dir: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.unlink()
    field.symlink_to(outside)
    problems = [p for p in konzeptdoc.validate(concept_dir.parents[1]) if p.severity == "error"]
    assert [(p.file, p.line) for p in problems] == [(field, None)]
    assert "symbolischer Verweis" in problems[0].message and str(outside) in problems[0].message
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.load_concept(concept_dir)
    assert "GEHEIM" not in str(caught.value)
    assert main(["validate", str(concept_dir)]) == 1
    assert "arbeit.yaml: ist ein symbolischer Verweis" in capsys.readouterr().out


def test_links_inside_the_repository_and_linked_folders_are_refused_too(
    repo: Path, concept_dir: Path, outside: Path
) -> None:
    (concept_dir / "fields" / "arbeit.yaml").rename(repo / "arbeit.yaml")
    (concept_dir / "fields" / "arbeit.yaml").symlink_to(repo / "arbeit.yaml")
    (repo / "concepts" / "fremd").symlink_to(outside.parent, target_is_directory=True)
    files = {p.file for p in konzeptdoc.validate(repo) if "Verweis" in p.message}
    assert files == {concept_dir / "fields" / "arbeit.yaml", repo / "concepts" / "fremd"}


def test_settings_file_linking_outside_is_refused(repo: Path, outside: Path) -> None:
    (repo / "konzeptdoc.yaml").unlink()
    (repo / "konzeptdoc.yaml").symlink_to(outside)
    [problem] = [p for p in konzeptdoc.validate(repo) if p.file == repo / "konzeptdoc.yaml"]
    assert "symbolischer Verweis" in problem.message


def test_save_into_a_linked_fields_folder_writes_nothing(concept_dir: Path, outside: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    fields = concept_dir / "fields"
    target = outside.parent / "fields"
    fields.rename(target)
    fields.symlink_to(target, target_is_directory=True)
    concept.fields[0].title = "Geändert"
    before = snapshot(outside.parent)
    with pytest.raises(konzeptdoc.UnsafePathError) as caught:
        konzeptdoc.save_concept(concept)
    assert caught.value.path == fields
    assert snapshot(outside.parent) == before


def test_commit_refuses_a_link_anywhere_it_would_add(
    tmp_path: Path, outside: Path, isolated_git: None
) -> None:
    from tests.conftest import write_repo

    repository = konzeptdoc.Repository.init(tmp_path, municipality="Teststadt")
    folder = write_repo(tmp_path)
    repository.commit("Anfang")
    head = repository.head()
    (folder / "anhang").mkdir()
    (folder / "anhang" / "daten.yaml").symlink_to(outside)
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        repository.commit("Mit Verweis")
    assert [p.file for p in caught.value.problems] == [folder / "anhang" / "daten.yaml"]
    assert repository.head() == head
    assert main(["-C", str(tmp_path), "commit", "-m", "Mit Verweis"]) == 1
    assert repository.head() == head
