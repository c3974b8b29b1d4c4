"""Hostile edits of a repository: release names git would misread, stale git lock files."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import AUTHOR, sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
CONCEPT = "integrationskonzept"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(tmp_path: Path) -> konzeptdoc.Repository:
    repository = sample_repository(tmp_path / "repo")
    git(repository.root, "branch", "entwurf")
    yield repository
    repository.close()


def _refs(root: Path) -> str:
    return git(root, "for-each-ref")


def test_release_names_git_would_misread_are_refused(
    repository: konzeptdoc.Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository.root
    short = git(root, "rev-parse", "--short=7", "HEAD").strip()
    before = _refs(root)
    for name in ("main", "entwurf", "HEAD", "head", short, "abcd", "refs/heads/x", "a b", "a..b"):
        with pytest.raises(konzeptdoc.ReleaseNameError) as caught:
            repository.release(name, body="Rat", date="2020-07-09")
        assert f"„{name}“" in str(caught.value) and "Namen" in str(caught.value)
    code = main(["-C", str(root), "release", "main", "--body", "Rat", "--date", "2020-07-09"])
    assert code == 2 and "Zweig" in capsys.readouterr().err
    assert _refs(root) == before
    repository.release("integrationskonzept/2020-07-09", body="Rat", date="2020-07-09")
    assert repository.resolve("main") == repository.head()  # 'main' still means the branch


@pytest.mark.parametrize("lock", [".git/refs/heads/main.lock", ".git/HEAD.lock"])
def test_stale_git_lock_names_the_file_and_commits_nothing(
    repository: konzeptdoc.Repository, lock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository.root
    head = repository.head()
    (root / lock).write_text("", encoding="utf-8")
    concept = repository.load(CONCEPT)
    concept.title += " (geändert)"
    with pytest.raises(konzeptdoc.RefLockError) as caught:
        repository.save(concept, message="Titel", author=AUTHOR)
    assert caught.value.path == root / lock
    assert lock.removeprefix(".git/") in str(caught.value) and "löschen" in str(caught.value)
    assert repository.head() == head
    folder = root / "concepts" / CONCEPT
    assert git(root, "status", "--porcelain", "--", str(folder)) == ""  # nothing half-written
    assert not (root / ".git" / "konzeptdoc-journal.json").exists()
    field = next((folder / "fields").glob("*.yaml"))
    field.write_text(field.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = io.StringIO()
    code = main(["-C", str(root), "commit", "-m", "Leerzeile", "--author", AUTHOR], stdout=out)
    assert code == 2
    assert lock.split("/")[-1] in capsys.readouterr().err
    assert repository.head() == head
    (root / lock).unlink()
    assert subprocess.run(["git", "fsck"], cwd=root, capture_output=True).returncode == 0
    args = ["-C", str(root), "commit", "-m", "Leerzeile", "--author", AUTHOR]
    assert main(args, stdout=out) == 0 and repository.head() != head  # works again


def test_stale_tag_lock_is_named_for_releases(repository: konzeptdoc.Repository) -> None:
    root = repository.root
    (root / ".git" / "refs" / "tags" / "integrationskonzept").mkdir(parents=True)
    lock = root / ".git" / "refs" / "tags" / "integrationskonzept" / "2020-07-09.lock"
    lock.write_text("", encoding="utf-8")
    with pytest.raises(konzeptdoc.RefLockError) as caught:
        repository.release("integrationskonzept/2020-07-09", body="Rat", date="2020-07-09")
    assert caught.value.path == lock and "2020-07-09.lock" in str(caught.value)


def _rebuilt(repository: konzeptdoc.Repository) -> konzeptdoc.Concept:
    """The concept as a tool rebuilds it from data: no load revision travels with it."""
    data = repository.load(CONCEPT).model_dump(mode="json", exclude_none=True)
    return konzeptdoc.Concept.model_validate(data)


def _first_measure(concept: konzeptdoc.Concept) -> konzeptdoc.Measure:
    return next(m for f in concept.fields for m in f.measures)


def test_saves_never_revert_a_change_they_have_not_seen(
    repository: konzeptdoc.Repository,
) -> None:
    root = repository.root
    other = konzeptdoc.Repository.open(root)  # a colleague's process on the same repository
    base = repository.head()
    in_place, rebuilt_with_base, rebuilt_blind = (
        repository.load(CONCEPT), _rebuilt(repository), _rebuilt(repository)
    )  # fmt: skip
    theirs = other.load(CONCEPT)
    theirs.fields[0].title += " (Kollegin)"
    their_commit = other.save(theirs, message="Kollegin", author=AUTHOR).sha
    for concept in (in_place, rebuilt_with_base, rebuilt_blind):
        _first_measure(concept).origin = "meine Änderung"
    with pytest.raises(konzeptdoc.ConflictError, match="neu laden"):
        repository.save(in_place, message="an Ort und Stelle", author=AUTHOR)
    with pytest.raises(konzeptdoc.ConflictError, match="neu laden"):
        repository.save(rebuilt_with_base, message="mit Basis", author=AUTHOR, base=base)
    with pytest.raises(konzeptdoc.ConflictError, match=r"base=") as caught:
        repository.save(rebuilt_blind, message="ohne Basis", author=AUTHOR)
    assert "Repository.load" in str(caught.value)
    assert repository.head() == their_commit  # nothing reverted, no partial commit
    assert git(root, "status", "--porcelain") == ""
    # Rebuilt again from the current revision, with it as base: saved, their change kept.
    base = repository.head()
    mine = _rebuilt(repository)
    _first_measure(mine).origin = "meine Änderung"
    repository.save(mine, message="mit neuer Basis", author=AUTHOR, base=base)
    now = repository.load(CONCEPT)
    assert now.fields[0].title.endswith("(Kollegin)")
    assert _first_measure(now).origin == "meine Änderung"
    new = _rebuilt(repository)  # a concept the branch does not have needs no base
    new.id = "neues-konzept"
    repository.save(new, message="neues Konzept", author=AUTHOR)
    assert "neues-konzept" in repository.concepts()
    other.close()


def test_concurrent_writers_rebuilding_from_data(repository: konzeptdoc.Repository) -> None:
    """Two writers rebuild from data with base= (retrying on conflict), a third without a
    base: every based save lands, every unbased one is refused, nothing is reverted."""
    import threading

    root = repository.root
    before = int(git(root, "rev-list", "--count", "HEAD"))
    refused: list[str] = []

    def based(number: int) -> None:
        with konzeptdoc.Repository.open(root) as mine:
            for save in range(2):
                while True:
                    base = mine.head()
                    concept = _rebuilt(mine)
                    measures = [m for f in concept.fields for m in f.measures]
                    measures[number].origin = f"Schreiber {number}, Speicherung {save}"
                    try:
                        mine.save(concept, message=f"{number}/{save}", author=AUTHOR, base=base)
                        break
                    except konzeptdoc.ConflictError:
                        continue

    def blind() -> None:
        with konzeptdoc.Repository.open(root) as mine:
            for _ in range(2):
                concept = _rebuilt(mine)
                concept.fields[-1].title += " (blind)"
                try:
                    mine.save(concept, message="ohne Basis", author=AUTHOR)
                except konzeptdoc.ConflictError as exc:
                    refused.append(str(exc))

    threads = [threading.Thread(target=based, args=(n,)) for n in range(2)]
    threads.append(threading.Thread(target=blind))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 2 and all("base=" in message for message in refused)
    assert int(git(root, "rev-list", "--count", "HEAD")) - before == 4
    now = repository.load(CONCEPT)
    measures = [m for f in now.fields for m in f.measures]
    assert [m.origin for m in measures[:2]] == [f"Schreiber {n}, Speicherung 1" for n in range(2)]
    assert "(blind)" not in now.fields[-1].title
    assert git(root, "status", "--porcelain") == ""
