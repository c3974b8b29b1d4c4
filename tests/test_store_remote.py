"""push / pull / sync with a bare repository on disk, and the semantic merge."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Repository
from konzeptdoc.cli import main
from konzeptdoc.store.merge import Resolution, merge_files
from tests.conftest import sample_repository

ID = "integrationskonzept"

pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Repository, Repository]:
    """Two clones (a, b) of one bare remote holding the Wiesbaden concept."""
    a = sample_repository(tmp_path / "a", author="A <a@x.de>")
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(a.root), str(tmp_path / "remote.git")], check=True
    )
    a.git.run("remote", "add", "origin", str(tmp_path / "remote.git"))
    b = Repository.clone(str(tmp_path / "remote.git"), tmp_path / "b")
    yield a, b
    a.close()
    b.close()


def edit(repository: Repository, change, message: str) -> None:  # type: ignore[no-untyped-def]
    concept = repository.load(ID)
    change(concept)
    repository.save(concept, message=message, author="T <t@x.de>")


def no_markers(root: Path) -> bool:
    return not any("<<<<<<<" in p.read_text() for p in root.rglob("*.yaml"))


def test_edits_to_different_entities_of_one_file_merge(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    edit(a, lambda c: setattr(c.fields[0].measures[0], "status", "done"), "A")
    edit(b, lambda c: c.fields[0].measures[1].partners.append("Neu e.V."), "B")
    a.push()
    with pytest.raises(konzeptdoc.RemoteError, match="pull"):
        b.push()
    assert "zusammengeführt" in b.pull()
    merged = b.load(ID).fields[0]
    assert merged.measures[0].status == "done" and merged.measures[1].partners[-1] == "Neu e.V."
    parents = b.git.run("log", "-1", "--format=%P").split()
    assert len(parents) == 2
    assert b.git.run("status", "--porcelain") == "" and no_markers(b.root)
    text = (b.root / f"concepts/{ID}/fields/bildung-sprache.yaml").read_text()
    assert text.startswith("# yaml-language-server") and "    status: done\n" in text
    assert b.push() == "übertragen nach „origin“"  # was git's porcelain ("To …", "Done")
    assert a.pull().startswith("auf den Stand von „origin“ gebracht")
    assert a.load(ID).fields[0].measures[1].partners[-1] == "Neu e.V."
    # was "bereits auf dem neuesten Stand; pushed to origin"
    assert (
        a.sync() == "von „origin“ gibt es nichts Neues; „origin“ ist schon auf dem neuesten Stand"
    )


def test_same_key_changed_differently_is_a_conflict(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    edit(a, lambda c: setattr(c.fields[0].measures[2], "status", "done"), "A")
    a.push()
    edit(b, lambda c: setattr(c.fields[0].measures[2], "status", "postponed"), "B")
    head = b.head()
    with pytest.raises(konzeptdoc.MergeConflictError) as caught:
        b.pull()
    [conflict] = caught.value.conflicts
    assert str(conflict) == (
        f"concepts/{ID}/fields/bildung-sprache.yaml: Maßnahme m-mentoring-ausbildung: "
        "Status: hier „zurückgestellt“, dort „umgesetzt“"
    )
    assert b.head() == head and b.git.run("status", "--porcelain") == "" and no_markers(b.root)
    b.pull(theirs=["m-mentoring-ausbildung"])
    assert b.load(ID).fields[0].measures[2].status == "done"


def test_resolve_with_ours(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    edit(a, lambda c: setattr(c.fields[1], "title", "Arbeit & Beruf"), "A")
    a.push()
    edit(b, lambda c: setattr(c.fields[1], "title", "Erwerbsarbeit"), "B")
    out = io.StringIO()
    assert main(["-C", str(b.root), "pull"], stdout=out) == 1
    assert "Handlungsfeld arbeit: Titel: hier „Erwerbsarbeit“, dort „Arbeit & Beruf“" in (
        out.getvalue()
    )
    assert "(--ours arbeit oder --theirs arbeit)" in out.getvalue()  # what to type
    assert main(["-C", str(b.root), "sync", "--ours", "arbeit"], stdout=io.StringIO()) == 0
    assert b.load(ID).fields[1].title == "Erwerbsarbeit"
    a.pull()
    assert a.load(ID).fields[1].title == "Erwerbsarbeit"


def test_a_conflict_in_concept_yaml_says_what_to_type(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    edit(a, lambda c: setattr(c, "title", "Konzept A"), "A")
    a.push()
    edit(b, lambda c: setattr(c, "title", "Konzept B"), "B")
    out = io.StringIO()
    # A name that matches no conflict is not silently ignored.
    assert main(["-C", str(b.root), "pull", "--theirs", "m-nix"], stdout=out) == 1
    assert (
        f"concepts/{ID}/concept.yaml: Konzept {ID}: Titel: hier „Konzept B“, dort „Konzept A“"
        in (out.getvalue())
    )
    assert f"(--ours {ID} oder --theirs {ID})" in out.getvalue()  # the concept, as people name it
    assert "--theirs m-nix: betrifft keinen dieser Konflikte" in out.getvalue()
    assert main(["-C", str(b.root), "pull", "--theirs", ID], stdout=io.StringIO()) == 0
    assert b.load(ID).title == "Konzept A"


def test_concept_still_resolves_a_conflict_in_concept_yaml(
    pair: tuple[Repository, Repository],
) -> None:
    a, b = pair
    edit(a, lambda c: setattr(c, "title", "Konzept A"), "A")
    a.push()
    edit(b, lambda c: setattr(c, "title", "Konzept B"), "B")
    assert main(["-C", str(b.root), "pull", "--ours", "concept"], stdout=io.StringIO()) == 0
    assert b.load(ID).title == "Konzept B"


def test_merge_that_breaks_a_reference_is_refused(pair: tuple[Repository, Repository]) -> None:
    a, b = pair

    def remove_goal(concept: konzeptdoc.Concept) -> None:
        field = concept.fields[3]  # sport: one action goal, referenced by both measures
        field.measures.clear()
        field.goals = [g for g in field.goals if g.id != "hz-vereine-oeffnen"]

    edit(a, remove_goal, "A: Ziel gestrichen")
    a.push()
    concept_b = b.load(ID)
    from konzeptdoc import Measure

    concept_b.fields[4].measures.append(
        Measure(id="m-neu", title="Neu", goals=["hz-vereine-oeffnen"])
    )
    b.save(concept_b, message="B: neue Maßnahme zum Ziel", author="B <b@x.de>")
    with pytest.raises(
        konzeptdoc.MergeConflictError,
        match="Es gibt kein Ziel mit der Kennung „hz-vereine-oeffnen“",
    ):
        b.pull()
    assert no_markers(b.root)


def test_merge_rules() -> None:
    base = {
        "f.yaml": {
            "id": "f",
            "measures": [{"id": "m1", "status": "planned"}, {"id": "m2", "title": "x"}],
        }
    }
    ours = {"f.yaml": {"id": "f", "measures": [{"id": "m1", "status": "done"}]}}  # m2 removed
    theirs = {
        "f.yaml": {
            "id": "f",
            "measures": [{"id": "m1", "status": "planned"}, {"id": "m2", "title": "y"}],
        }
    }
    merged, conflicts = merge_files(base, ours, theirs, Resolution())
    assert [str(c) for c in conflicts] == [
        "f: Maßnahme m2: (auf einer Seite gelöscht, auf der anderen geändert): "
        "hier (nichts), dort „Kennung: m2, Titel: y“"
    ]
    merged, conflicts = merge_files(base, ours, theirs, Resolution(ours=["m2"]))
    assert (
        merged == {"f.yaml": {"id": "f", "measures": [{"id": "m1", "status": "done"}]}}
        and not conflicts
    )


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("fatal: repository '/x' does not exist", "dort ist kein git-Repository"),
        (" ! [rejected] main -> main (fetch first)\nerror: failed to push", "abgelehnt, weil"),
        ("fatal: unable to access 'https://x/': Could not resolve host: x", "der Server ist nicht"),
        ("fatal: bad object HEAD", "git meldet einen Fehler (Meldung von git: fatal: bad"),
    ],
)
def test_git_failures_are_told_in_german(said: str, meant: str) -> None:
    from konzeptdoc.store.gitsays import meaning

    assert meaning(said).startswith(meant)


def test_push_and_pull_without_a_remote_say_how_to_set_one_up(tmp_path: Path) -> None:
    repository = Repository.init(tmp_path / "r", municipality="X", author="A <a@example.org>")
    with repository:
        for action in (repository.push, repository.pull):
            with pytest.raises(konzeptdoc.RemoteError, match="„origin“ ist nicht eingerichtet"):
                action()
