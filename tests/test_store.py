"""The git-backed repository: reading, saving, releases, errors (real git on tmp_path)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Repository
from tests.conftest import AUTHOR, WIESBADEN_2020

pytestmark = pytest.mark.usefixtures("isolated_git")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def store(tmp_path: Path) -> Repository:
    repository = Repository.init(
        tmp_path / "repo",
        municipality="Landeshauptstadt Wiesbaden",
        author=AUTHOR,
        date="2020-01-02T10:00:00+01:00",
    )
    shutil.copytree(WIESBADEN_2020, repository.root / "concepts" / "integrationskonzept")
    repository.commit("Integrationskonzept", author=AUTHOR, date="2020-07-09T20:00:00+02:00")
    yield repository
    repository.close()


def test_init_creates_a_valid_repository(tmp_path: Path) -> None:
    repository = Repository.init(tmp_path / "r", municipality="Stadt Wetzlar", state="Hessen")
    assert (repository.root / "konzeptdoc.yaml").read_text().startswith("# yaml-language-server")
    assert (repository.root / "schemas" / "concept.schema.json").is_file()
    assert [r.subject for r in repository.log()] == ["Konzept-Repository angelegt"]
    assert konzeptdoc.validate(repository.root) == []
    with pytest.raises(konzeptdoc.StoreError, match="schon vorhanden"):
        Repository.init(tmp_path / "r", municipality="X")


def test_save_commits_and_updates_the_working_tree(store: Repository) -> None:
    concept = store.load("integrationskonzept")
    concept.fields[0].measures[0].status = "done"
    revision = store.save(concept, message="Elternkurse umgesetzt", author=AUTHOR)
    assert store.head() == revision.sha and revision.author == "Amt 33"
    assert store.load("integrationskonzept").fields[0].measures[0].status == "done"
    assert git(store.root, "status", "--porcelain") == ""
    text = (store.root / "concepts/integrationskonzept/fields/bildung-sprache.yaml").read_text()
    assert "status: done" in text and text.startswith("# yaml-language-server")
    assert git(store.root, "fsck", "--no-dangling").strip() == ""


def test_save_without_changes_makes_no_commit(store: Repository) -> None:
    head = store.head()
    store.save(store.load("integrationskonzept"), message="nichts", author=AUTHOR)
    assert store.head() == head


def test_save_refuses_when_the_branch_moved(store: Repository) -> None:
    first = store.load("integrationskonzept")
    second = store.load("integrationskonzept")
    first.title = "Erste Änderung"
    store.save(first, message="eins", author=AUTHOR)
    second.title = "Zweite Änderung"
    with pytest.raises(konzeptdoc.ConflictError) as caught:
        store.save(second, message="zwei", author=AUTHOR)
    assert caught.value.actual == store.head() and caught.value.expected != store.head()
    assert store.load("integrationskonzept").title == "Erste Änderung"


def test_invalid_concept_is_never_committed(store: Repository) -> None:
    head = store.head()
    concept = store.load("integrationskonzept")
    concept.fields[0].measures[0].goals = ["gibt-es-nicht"]
    with pytest.raises(konzeptdoc.ValidationError):
        store.save(concept, message="kaputt", author=AUTHOR)
    assert store.head() == head and git(store.root, "status", "--porcelain") == ""


def test_commit_refuses_an_invalid_working_tree(store: Repository) -> None:
    path = store.root / "concepts/integrationskonzept/concept.yaml"
    path.write_text(path.read_text().replace("status: adopted", "status: fertig"))
    head = store.head()
    with pytest.raises(konzeptdoc.ValidationError):
        store.commit("kaputt", author=AUTHOR)
    assert store.head() == head


def test_reading_never_touches_the_working_tree(store: Repository) -> None:
    path = store.root / "concepts/integrationskonzept/concept.yaml"
    path.write_text(path.read_text().replace("Integrationskonzept 2021–2025", "Lokal geändert"))
    before = {p: p.stat().st_mtime_ns for p in store.root.rglob("*.yaml")}
    assert store.load("integrationskonzept").title == "Integrationskonzept 2021–2025"
    store.history("integrationskonzept", "m-sprachkitas")
    store.blame("integrationskonzept")
    assert {p: p.stat().st_mtime_ns for p in store.root.rglob("*.yaml")} == before
    concept = store.load("integrationskonzept")
    concept.title = "Gespeichert"
    with pytest.raises(konzeptdoc.DirtyWorkingTreeError, match=r"concept\.yaml"):
        store.save(concept, message="x", author=AUTHOR)


def test_releases_and_as_of(store: Repository) -> None:
    release = store.release(
        "integrationskonzept/2020-07-09",
        body="Stadtverordnetenversammlung",
        date="2020-07-09",
        number="0522",
        concept="integrationskonzept",
    )
    concept = store.load("integrationskonzept")
    concept.status = "superseded"
    store.save(concept, message="abgelöst", author=AUTHOR)
    [listed] = store.releases()
    assert (
        listed == release
        and listed.describe() == "Stadtverordnetenversammlung, 09.07.2020, Nr. 0522"
    )
    assert store.load("integrationskonzept", "integrationskonzept/2020-07-09").status == "adopted"
    assert store.load("integrationskonzept", as_of="2020-07-10").status == "adopted"
    assert store.log()[1].releases == ("integrationskonzept/2020-07-09",)
    with pytest.raises(konzeptdoc.UnknownRevisionError, match="keine Fassung"):
        store.load("integrationskonzept", as_of="2019-01-01")
    with pytest.raises(konzeptdoc.StoreError, match="gibt es schon"):
        store.release("integrationskonzept/2020-07-09", body="X", date="2020-07-09")


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda s: s.load("gibt-es-nicht"),
            konzeptdoc.UnknownConceptError,
            "(vorhanden: integrationskonzept)",
        ),
        (
            lambda s: s.load("integrationskonzept", "v9.9"),
            konzeptdoc.UnknownRevisionError,
            "Unbekannte Revision „v9.9“",
        ),
        (
            lambda s: s.history("integrationskonzept", "m-nix"),
            konzeptdoc.UnknownEntityError,
            "gibt es nichts mit der Kennung „m-nix“",
        ),
        (
            lambda s: s.release("x", body="Rat", date="gestern"),
            konzeptdoc.StoreError,
            "ist kein Datum",
        ),
        (
            lambda s: s.release("bad..tag", body="Rat", date="2020-01-01"),
            konzeptdoc.StoreError,
            "nicht möglich",
        ),
        (  # git would fail to lock the tag's file, and say so in English
            lambda s: s.release("ik/" + "b" * 201, body="Rat", date="2020-01-01"),
            konzeptdoc.ReleaseNameError,
            "ist als Name eines Beschlusses zu lang",
        ),
        (  # a library call has no --as-of option to name
            lambda s: s.load("integrationskonzept", as_of="gestern"),
            konzeptdoc.UnknownRevisionError,
            "Der Stichtag „gestern“ ist kein Datum",
        ),
    ],
    ids=["concept", "revision", "entity", "release-date", "tag-name", "tag-long", "as-of"],
)
def test_errors_say_what_to_do(store: Repository, call, error, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=re.escape(words)):
        call(store)


def test_detached_head_refuses_to_save(store: Repository) -> None:
    git(store.root, "checkout", "-q", "--detach")
    with pytest.raises(konzeptdoc.DetachedHeadError, match="git switch"):
        store.save(store.load("integrationskonzept"), message="x", author=AUTHOR)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(konzeptdoc.NotARepositoryError, match="konzeptdoc init"):
        Repository.open(tmp_path)
    git(tmp_path, "init", "-q")
    with pytest.raises(konzeptdoc.NotARepositoryError, match=r"ohne konzeptdoc\.yaml"):
        Repository.open(tmp_path)


def test_missing_git(store: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("GIT_PYTHON_GIT_EXECUTABLE", raising=False)
    with pytest.raises(konzeptdoc.GitNotFoundError, match="git installieren"):
        Repository.open(store.root)


def test_second_load_uses_the_parse_cache(store: Repository) -> None:
    import time

    fresh = Repository.open(store.root)
    start = time.perf_counter()
    fresh.load("integrationskonzept")
    first = time.perf_counter() - start
    assert len(fresh._cache.items) >= 6
    again = fresh.load("integrationskonzept")
    assert again is not fresh.load("integrationskonzept")  # fresh objects, never shared
    del first


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s: s.load("integrationskonzept", "--all"), konzeptdoc.UnknownRevisionError),
        (lambda s: s.release("-d", body="Rat", date="2020-01-01"), konzeptdoc.StoreError),
        (lambda s: s.push("--mirror"), konzeptdoc.RemoteError),
        (lambda s: s.pull("-h"), konzeptdoc.RemoteError),
    ],
    ids=["revision-option", "tag-option", "remote-option-push", "remote-option-pull"],
)
def test_arguments_that_look_like_git_options_are_refused(store: Repository, call, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        call(store)


def test_new_refuses_ids_that_would_leave_concepts(
    store: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from konzeptdoc.cli import main

    out = io.StringIO()
    assert main(["-C", str(store.root), "new", "../ausbruch", "--title", "X"], stdout=out) == 2
    assert not (store.root / "ausbruch").exists()
    assert "keine gültige Kennung" in capsys.readouterr().err


def test_a_revision_and_a_date_together_are_refused(store: Repository) -> None:
    """The library took the date and dropped the revision without a word (the command line
    refuses both)."""
    from konzeptdoc import StoreError

    with pytest.raises(StoreError) as caught:
        store.load("integrationskonzept", "main", as_of="2020-07-10")
    assert str(caught.value) == "Revision „main“ und Stichtag zugleich: nur eines angeben"
